// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing of chosen orders: the rtkm_trace mask, stack records kept with
 * traced blocks, and the rate limit that keeps a busy traced order from
 * flooding the log (every event logs a line plus a stack).
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/llist.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "rtkm.h"
#include "rtkm_glue.h"

#define RTKM_STACK_DEPTH	16
#define RTKM_TRACE_BURST	20

struct rtkm_trace_rec {
	unsigned int nr;
	unsigned long entries[RTKM_STACK_DEPTH];
};

/* rtkm_defer_kfree() reuses a dead record's first bytes as a list link. */
static_assert(sizeof(struct rtkm_trace_rec) >= sizeof(struct llist_node));

unsigned int rtkm_trace_mask;

static struct ratelimit_state rtkm_trace_rs =
	RATELIMIT_STATE_INIT_FLAGS(rtkm_trace_rs, 5 * HZ, RTKM_TRACE_BURST,
				   RATELIMIT_MSG_ON_RELEASE);
static atomic_long_t rtkm_trace_missed = ATOMIC_LONG_INIT(0);

static int rtkm_trace_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int mask;
	int ret;

	ret = kstrtouint(val, 0, &mask);
	if (ret)
		return ret;
	if (mask & ~RTKM_ORDER_MASK) {
		pr_err("rtkm_trace=%#x: only orders 0..%u exist (mask %#x)\n",
		       mask, RTKM_MAX_ORDER, RTKM_ORDER_MASK);
		return -EINVAL;
	}
	WRITE_ONCE(rtkm_trace_mask, mask);
	return 0;
}

static int rtkm_trace_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%#x\n", READ_ONCE(rtkm_trace_mask));
}

static const struct kernel_param_ops rtkm_trace_param_ops = {
	.set = rtkm_trace_param_set,
	.get = rtkm_trace_param_get,
};

module_param_cb(rtkm_trace, &rtkm_trace_param_ops, &rtkm_trace_mask, 0644);
MODULE_PARM_DESC(rtkm_trace, "Trace memory pool (uint): bit n traces order n");

void rtkm_set_trace(unsigned int mask)
{
	if (mask & ~RTKM_ORDER_MASK)
		pr_warn("%s(%#x): bits above order %u ignored\n", __func__,
			mask, RTKM_MAX_ORDER);
	WRITE_ONCE(rtkm_trace_mask, mask & RTKM_ORDER_MASK);
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_set_trace);

/* Whether this trace event may print, and the count of those that could not. */
static bool rtkm_trace_admit(void)
{
	long missed;

	if (!__ratelimit(&rtkm_trace_rs)) {
		atomic_long_inc(&rtkm_trace_missed);
		return false;
	}
	missed = atomic_long_xchg(&rtkm_trace_missed, 0);
	if (missed)
		pr_info("trace: %ld events suppressed by the rate limit\n",
			missed);
	return true;
}

struct rtkm_trace_rec *rtkm_trace_capture(gfp_t gfp, unsigned long caller)
{
	struct rtkm_trace_rec *rec = kmalloc(sizeof(*rec), gfp);
	unsigned int first;

	if (!rec)
		return NULL;
	rec->nr = stack_trace_save(rec->entries, RTKM_STACK_DEPTH, 0);
	/* Start at the driver's frame: RTKM's own frames tell a user nothing. */
	for (first = 0; first < rec->nr; first++)
		if (rec->entries[first] == caller)
			break;
	if (first < rec->nr) {
		rec->nr -= first;
		memmove(rec->entries, rec->entries + first,
			rec->nr * sizeof(rec->entries[0]));
	}
	return rec;
}

void rtkm_trace_print_stack(const struct rtkm_trace_rec *rec)
{
	if (rec)
		stack_trace_print(rec->entries, rec->nr, 1);
}

void rtkm_trace_free(struct rtkm_trace_rec *rec)
{
	if (rtkm_may_allocate())
		kfree(rec);
	else
		rtkm_defer_kfree(rec);
}

void rtkm_trace_alloc(const void *addr, size_t size, unsigned int order,
		      const struct rtkm_usage *usage,
		      const struct rtkm_trace_rec *rec)
{
	if (!rtkm_trace_admit())
		return;
	pr_info("_kmalloc: require(%p, %zu) usage(%u %lu/%lu)%s\n", addr,
		size, order, usage->use, usage->owned, addr ? "" : " failed");
	rtkm_trace_print_stack(rec);
}

void rtkm_trace_release(const void *addr, const struct rtkm_freed *freed,
			unsigned long caller)
{
	if (!rtkm_trace_admit())
		return;
	pr_info("_kfree: release(%p, %u) usage(%u %lu/%lu) by %pS\n", addr,
		freed->owner.size, freed->order, freed->usage.use,
		freed->usage.owned, (void *)caller);
}
