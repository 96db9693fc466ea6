/* SPDX-License-Identifier: GPL-2.0 */
/* Test-only client of RTKM; never shipped. */
#ifndef RTKM_TEST_H
#define RTKM_TEST_H

#include <linux/types.h>

enum rtkm_test_ctx {
	RTKM_CTX_PROCESS,
	RTKM_CTX_SOFTIRQ,
	RTKM_CTX_HARDIRQ,
};

/* Runs @fn(@arg) in the given context and waits for it. */
int rtkm_test_run_in(enum rtkm_test_ctx ctx, void (*fn)(void *arg),
		     void *arg);
bool rtkm_test_in_ctx(enum rtkm_test_ctx ctx);

struct rtkm_stress_result {
	unsigned long ops;
	unsigned long softirq_ops;
	unsigned long hardirq_ops;
	unsigned long null_allocs;	/* process and softirq */
	unsigned long null_hardirq;
	unsigned long errors;
};

int rtkm_test_stress(size_t size, unsigned int seconds,
		     struct rtkm_stress_result *res);

/* rtkm_test_misuse.c */
int rtkm_test_badfree(char *kind, char *arg, bool *intact);
int rtkm_test_stray(char *kind, char *result, size_t len);
int rtkm_test_uaf(char *result, size_t len);
int rtkm_test_zone(char *result, size_t len);

#endif /* RTKM_TEST_H */
