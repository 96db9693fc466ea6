/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_BUILD_BUG_H
#define SHIM_LINUX_BUILD_BUG_H

/* The kernel's static_assert takes an optional message; C11's wants one. */
#undef static_assert
#define static_assert(expr, ...)	_Static_assert(expr, #expr)

#endif
