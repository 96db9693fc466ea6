/* SPDX-License-Identifier: GPL-2.0 */
/* Lock assertions are the kernel's business (lockdep); TSan checks races. */
#ifndef SHIM_LINUX_LOCKDEP_H
#define SHIM_LINUX_LOCKDEP_H

#define lockdep_assert_held(l)	((void)(l))

#endif
