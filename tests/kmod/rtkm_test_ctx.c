// SPDX-License-Identifier: GPL-2.0
/*
 * Running a function in softirq (timer) or hardirq (hard irq_work)
 * context and waiting for it, so the same test code drives RTKM from every
 * context a Wi-Fi driver uses.
 */
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/preempt.h>
#include <linux/timer.h>

#include "rtkm_test.h"

struct rtkm_ctx_call {
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static struct rtkm_ctx_call *rtkm_pending;

static void rtkm_ctx_softirq(struct timer_list *unused)
{
	struct rtkm_ctx_call *call = READ_ONCE(rtkm_pending);

	call->fn(call->arg);
	complete(&call->done);
}

static void rtkm_ctx_hardirq(struct irq_work *unused)
{
	struct rtkm_ctx_call *call = READ_ONCE(rtkm_pending);

	call->fn(call->arg);
	complete(&call->done);
}

static DEFINE_TIMER(rtkm_ctx_timer, rtkm_ctx_softirq);
static struct irq_work rtkm_ctx_work = IRQ_WORK_INIT_HARD(rtkm_ctx_hardirq);

bool rtkm_test_in_ctx(enum rtkm_test_ctx ctx)
{
	switch (ctx) {
	case RTKM_CTX_SOFTIRQ:
		return in_serving_softirq();
	case RTKM_CTX_HARDIRQ:
		return in_hardirq();
	default:
		return !in_interrupt();
	}
}

/* Callers are serialised by the debugfs command lock. */
int rtkm_test_run_in(enum rtkm_test_ctx ctx, void (*fn)(void *arg), void *arg)
{
	struct rtkm_ctx_call call = { .fn = fn, .arg = arg };

	if (ctx == RTKM_CTX_PROCESS) {
		fn(arg);
		return 0;
	}
	init_completion(&call.done);
	WRITE_ONCE(rtkm_pending, &call);
	if (ctx == RTKM_CTX_SOFTIRQ)
		mod_timer(&rtkm_ctx_timer, jiffies);
	else
		irq_work_queue(&rtkm_ctx_work);
	if (!wait_for_completion_timeout(&call.done, 30 * HZ)) {
		/* Never return while the callback may still use @call. */
		timer_delete_sync(&rtkm_ctx_timer);
		irq_work_sync(&rtkm_ctx_work);
		return -ETIMEDOUT;
	}
	return 0;
}
