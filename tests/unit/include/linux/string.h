/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_STRING_H
#define SHIM_LINUX_STRING_H

#include <string.h>

/* The kernel's: the first byte of @start that is not @c, or NULL (shim.c). */
void *memchr_inv(const void *start, int c, size_t bytes);

#endif
