/* SPDX-License-Identifier: GPL-2.0 */
/* Controls and counters of the userspace shim under the pool engine. */
#ifndef RTKM_UNIT_SHIM_H
#define RTKM_UNIT_SHIM_H

#include <stddef.h>

/* Fail the Nth next page-block (or kmalloc) request; 0 disables. */
void shim_fail_pages_after(long n);
void shim_fail_kmalloc_after(long n);

long shim_live_page_blocks(void);
/* Run the calling thread as that CPU from now on (main thread: 0). */
void shim_set_cpu(int cpu);
long shim_live_kmalloc_bytes(void);

#endif
