/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_PERCPU_H
#define SHIM_LINUX_PERCPU_H

#include <linux/slab.h>
#include <linux/types.h>

/*
 * Per-CPU data for userspace: an array with one element per possible
 * "CPU" (16 unless a test sets another number with
 * shim_set_possible_cpus(), up to SHIM_MAX_CPUS). Every thread gets a CPU
 * number of its own when it first asks (shim.c), so per-CPU data is never
 * shared by two running threads, as in the kernel with interrupts off.
 * Single-threaded tests move the main thread to another CPU with
 * shim_set_cpu().
 */
#define SHIM_MAX_CPUS	256

extern int shim_possible_cpus;
int shim_this_cpu(void);

#define alloc_percpu_gfp(type, gfp)					\
	((type *)kmalloc_array(shim_possible_cpus, sizeof(type), (gfp) | __GFP_ZERO))
#define free_percpu(p)			kfree(p)
#define per_cpu_ptr(p, cpu)		(&(p)[cpu])
#define this_cpu_ptr(p)			(&(p)[shim_this_cpu()])
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < shim_possible_cpus; (cpu)++)

#endif
