/* SPDX-License-Identifier: GPL-2.0 */
/* glibc's own errno headers include this name too, so defer to the system. */
#include_next <linux/errno.h>
