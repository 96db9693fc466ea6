/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/types.h (unit tests only). */
#ifndef SHIM_LINUX_TYPES_H
#define SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef unsigned int gfp_t;

#define U32_MAX		UINT32_MAX

/* Address-space and gfp markers the engine uses; no meaning here. */
#define __percpu
#define __GFP_ZERO	0x100u
#define __GFP_IO	0x40u
#define __GFP_FS	0x80u
#define __GFP_NOWARN	0x2000u
#define __GFP_RECLAIM	0xc00u
#define __GFP_ACCOUNT	0x400000u

#endif
