/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_CTYPE_H
#define SHIM_LINUX_CTYPE_H

/* The kernel's isdigit() takes any char; libc's is undefined below -1. */
static inline int shim_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

#define isdigit(c) shim_isdigit(c)

#endif
