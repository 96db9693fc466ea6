/* SPDX-License-Identifier: GPL-2.0 */
/* Controls and counters of the userspace shim under the pool engine. */
#ifndef RTKM_UNIT_SHIM_H
#define RTKM_UNIT_SHIM_H

#include <stddef.h>

#include <linux/types.h>

/* Fail the Nth next page-block (or kmalloc) request; 0 disables. */
void shim_fail_pages_after(long n);
void shim_fail_kmalloc_after(long n);

long shim_live_page_blocks(void);
/* Run the calling thread as that CPU from now on (main thread: 0). */
void shim_set_cpu(int cpu);
/* How many CPUs are possible; only while no pool exists (default 16). */
void shim_set_possible_cpus(int n);
/* Spinlock acquisitions since the program started. */
long shim_locks_taken(void);
/* Acquisitions of the one lock shim_watch_lock() names. */
void shim_watch_lock(const void *lock);
long shim_watched_lock_taken(void);
long shim_live_kmalloc_bytes(void);

/* A stray put_page() of the block at @addr, behind the engine's back. */
void shim_stray_put(void *addr);
/* Free the block at @addr whatever its references (lost blocks, at the end). */
void shim_forget_pages(void *addr);
/* Blocks the engine reported as overwritten while free, and the last one. */
struct shim_overwrite {
	long count;
	const void *addr;
	size_t offset;
	unsigned long last_caller;
};
struct shim_overwrite shim_overwrites(void);
/* Blocks rtkm_core_alloc() added to a pool on demand, per order. */
long shim_grown(unsigned int order);
/* The largest kmalloc() and every gfp bit passed to one, since the reset. */
void shim_kmalloc_stats_reset(void);
size_t shim_kmalloc_max_size(void);
gfp_t shim_kmalloc_gfp_seen(void);

#endif
