/* SPDX-License-Identifier: GPL-2.0 */
/* Test-only client of RTKM; never shipped. */
#ifndef RTKM_TEST_H
#define RTKM_TEST_H

#include <linux/irq_work.h>
#include <linux/preempt.h>
#include <linux/types.h>
#include <linux/version.h>

/*
 * 5.10 has neither in_hardirq() (5.11's name for in_irq()) nor
 * IRQ_WORK_INIT_HARD() (5.11): an irq_work that runs in hard-IRQ context
 * even on PREEMPT_RT.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#ifndef in_hardirq
#define in_hardirq()	(hardirq_count())
#endif
#define IRQ_WORK_INIT_HARD(_func) {					\
	.flags = ATOMIC_INIT(IRQ_WORK_HARD_IRQ),			\
	.func = (_func),						\
}
#endif

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
