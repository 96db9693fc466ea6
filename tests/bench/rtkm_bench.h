/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only benchmark of RTKM against the kernel's allocators. Never
 * shipped: tests/bench/run builds it next to rtkm.ko and reads its lines.
 */
#ifndef RTKM_BENCH_H
#define RTKM_BENCH_H

#include <linux/types.h>
#include <linux/version.h>

/* 5.17 renamed complete_and_exit(), which 5.10 has. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 17, 0)
#define kthread_complete_and_exit(comp, code)	complete_and_exit(comp, code)
#endif

/* The allocators compared; bit N of the "tests" parameter selects N. */
enum bench_kind {
	BENCH_RTKM,
	BENCH_PAGES_KERNEL,
	BENCH_PAGES_ATOMIC,
	BENCH_KMALLOC,
	BENCH_MEMPOOL,
	BENCH_VMALLOC,
	BENCH_KMALLOC64,	/* kmalloc(64) whatever the order: the floor */
	BENCH_NR_KINDS,
};

struct bench_alloc;

/* bench_alloc.c: one allocator at one order, behind one interface. */
const char *bench_kind_name(enum bench_kind kind);
struct bench_alloc *bench_alloc_create(enum bench_kind kind,
				       unsigned int order,
				       unsigned int reserve);
void bench_alloc_destroy(struct bench_alloc *ba);
void *bench_get(struct bench_alloc *ba);
void bench_put(struct bench_alloc *ba, void *p);
/* The same allocation for a caller that cannot sleep (softirq). */
void *bench_get_atomic(struct bench_alloc *ba);

/* The module parameters the scenarios read (bench_main.c). */
extern unsigned int bench_loops;
extern unsigned int bench_repeat;
extern unsigned int bench_tests;
extern unsigned int bench_orders;
extern unsigned int bench_threads;
extern unsigned int bench_live;
extern unsigned int bench_reserve;
extern unsigned int bench_cycles;
extern unsigned int bench_pkt_ms;
extern unsigned int bench_frag;
extern unsigned int bench_scatter;
extern unsigned int bench_ring_blocks;

/* bench_scatter.c: split what large free blocks are left, then give back. */
void bench_scatter_take(void);
void bench_scatter_release(void);

/* The scenarios; each returns 0 or a negative errno for a setup failure. */
int bench_pairs_run(void);
int bench_bringup_run(void);
int bench_pkt_run(void);
int bench_ring_run(void);
int bench_small_run(void);

#endif /* RTKM_BENCH_H */
