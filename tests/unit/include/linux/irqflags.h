/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_IRQFLAGS_H
#define SHIM_LINUX_IRQFLAGS_H

/*
 * No interrupts in userspace: each thread is its own "CPU" (linux/percpu.h),
 * so nothing else can run on it while it is in a section.
 */
#define local_irq_save(f)	do { (f) = 0; } while (0)
#define local_irq_restore(f)	do { (void)(f); } while (0)

#endif
