/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_ATOMIC_H
#define SHIM_LINUX_ATOMIC_H

#include <stdbool.h>

/* Returns the value found, like the kernel's fully ordered cmpxchg(). */
#define cmpxchg(p, old, new) ({						\
	__typeof__(*(p)) __seen = (old);				\
	__atomic_compare_exchange_n((p), &__seen, (new), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__seen;								\
})

#endif
