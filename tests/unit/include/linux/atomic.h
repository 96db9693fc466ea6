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

typedef struct {
	long counter;
} atomic_long_t;

#define atomic_long_read(v)	__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_long_set(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_long_dec(v)	((void)__atomic_fetch_sub(&(v)->counter, 1, __ATOMIC_SEQ_CST))
/* Like the kernel's: on failure *@old is what was found. */
#define atomic_long_try_cmpxchg(v, old, new)				\
	__atomic_compare_exchange_n(&(v)->counter, (old), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

#endif
