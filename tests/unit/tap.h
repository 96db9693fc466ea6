/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP output for the unit tests; prove reads it. */
#ifndef RTKM_UNIT_TAP_H
#define RTKM_UNIT_TAP_H

#include <stdio.h>

static int tap_count, tap_failed;

#define ok(cond, ...)							\
	do {								\
		int ok_ = !!(cond);					\
		printf("%sok %d - ", ok_ ? "" : "not ", ++tap_count);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		if (!ok_) {						\
			tap_failed++;					\
			printf("#   failed at %s:%d: %s\n", __FILE__,	\
			       __LINE__, #cond);			\
		}							\
	} while (0)

#define is_long(got, want, ...)						\
	do {								\
		long got_ = (long)(got), want_ = (long)(want);		\
		ok(got_ == want_, __VA_ARGS__);				\
		if (got_ != want_)					\
			printf("#   got %ld, want %ld\n", got_, want_);	\
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
