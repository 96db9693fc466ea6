/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_SMP_H
#define SHIM_LINUX_SMP_H

#include <linux/percpu.h>

#define smp_processor_id()	shim_this_cpu()

#endif
