// SPDX-License-Identifier: GPL-2.0
/*
 * Work that the caller's context could not do. Hard-IRQ context, and any
 * atomic context on PREEMPT_RT, must not enter the page or slab allocator
 * (their locks sleep on RT), so an empty pool there fails the request and
 * asks this work to grow the pool, and trace records freed there are
 * freed here. The work runs in process context on the system workqueue.
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "rtkm_glue.h"

/* Blocks added per order and run: the pool was sized too small anyway. */
#define RTKM_DEFER_GROW_MAX	64

static atomic_t rtkm_grow_wanted[RTKM_NR_ORDERS];
static LLIST_HEAD(rtkm_free_later);

static void rtkm_defer_fn(struct work_struct *work)
{
	struct llist_node *node, *next;
	unsigned int order, filled;
	int want, ret;

	llist_for_each_safe(node, next, llist_del_all(&rtkm_free_later))
		kfree(node);

	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		want = atomic_xchg(&rtkm_grow_wanted[order], 0);
		if (want <= 0 || !rtkm_is_ready() || !READ_ONCE(rtkm_mem_exp))
			continue;
		want = min(want, RTKM_DEFER_GROW_MAX);
		ret = rtkm_core_fill(&rtkm_pools, order, want, RTKM_FILL_GFP,
				     &filled);
		rtkm_report_batch_grown(order, filled, _THIS_IP_);
		if (ret)
			pr_warn_ratelimited("order %u: grown by %u of %d blocks asked for where pages could not be allocated\n",
					    order, filled, want);
	}
}

static DECLARE_WORK(rtkm_defer_work, rtkm_defer_fn);

void rtkm_defer_growth(unsigned int order)
{
	atomic_inc(&rtkm_grow_wanted[order]);
	schedule_work(&rtkm_defer_work);
}

/*
 * @obj is a kmalloc()ed object that nobody reads any more: its first
 * bytes become the list link.
 */
void rtkm_defer_kfree(void *obj)
{
	llist_add(obj, &rtkm_free_later);
	schedule_work(&rtkm_defer_work);
}

/* Before the pools go: no growth may run on them, and nothing stays queued. */
void rtkm_defer_stop(void)
{
	struct llist_node *node, *next;
	unsigned int order;

	cancel_work_sync(&rtkm_defer_work);
	llist_for_each_safe(node, next, llist_del_all(&rtkm_free_later))
		kfree(node);
	for (order = 0; order < RTKM_NR_ORDERS; order++)
		atomic_set(&rtkm_grow_wanted[order], 0);
}
