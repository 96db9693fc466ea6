// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress: one kthread per online CPU, a softirq timer and a
 * hardirq irq_work all take and give back blocks of one size at once.
 * Every holder stamps its blocks with an identity it alone uses and checks
 * the stamp before freeing, so a block handed to two holders at the same
 * time, or a free that corrupted a neighbour, shows up as an error.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "rtkm.h"
#include "rtkm_test.h"

#define RTKM_STRESS_HELD	8
#define RTKM_STRESS_IRQ_HELD	2

static size_t rtkm_stress_size;
static bool rtkm_stress_stop;
static atomic_long_t rtkm_stress_ops, rtkm_stress_soft, rtkm_stress_hard;
static atomic_long_t rtkm_stress_null, rtkm_stress_null_hard, rtkm_stress_errors;
static atomic_long_t rtkm_stress_stamp_seq;

static unsigned long rtkm_stamp_word(const void *p, unsigned long id)
{
	return (unsigned long)p ^ id;
}

static void rtkm_stamp(void *p, unsigned long id)
{
	unsigned long *first = p;
	unsigned long *last = p + rtkm_stress_size - sizeof(*last);

	*first = rtkm_stamp_word(p, id);
	*last = rtkm_stamp_word(p, ~id);
}

static void rtkm_check_stamp(void *p, unsigned long id)
{
	unsigned long *first = p;
	unsigned long *last = p + rtkm_stress_size - sizeof(*last);

	if (*first != rtkm_stamp_word(p, id) ||
	    *last != rtkm_stamp_word(p, ~id))
		atomic_long_inc(&rtkm_stress_errors);
}

/*
 * Take @n blocks, stamp them, check them and give them back; count the
 * allocations that got NULL in @nulls.
 */
static void rtkm_stress_round(unsigned int n, gfp_t gfp, atomic_long_t *nulls)
{
	void *held[RTKM_STRESS_HELD];
	unsigned long id[RTKM_STRESS_HELD];
	unsigned int i;

	for (i = 0; i < n; i++) {
		held[i] = rtkm_kmalloc(rtkm_stress_size, gfp);
		id[i] = atomic_long_inc_return(&rtkm_stress_stamp_seq);
		if (held[i])
			rtkm_stamp(held[i], id[i]);
		else
			atomic_long_inc(nulls);
	}
	for (i = 0; i < n; i++) {
		if (!held[i])
			continue;
		rtkm_check_stamp(held[i], id[i]);
		rtkm_kfree(held[i], rtkm_stress_size);
	}
	atomic_long_inc(&rtkm_stress_ops);
}

static void rtkm_stress_hardirq(struct irq_work *unused)
{
	/* An empty pool does not grow here: NULL is the documented answer. */
	rtkm_stress_round(RTKM_STRESS_IRQ_HELD, GFP_ATOMIC,
			  &rtkm_stress_null_hard);
	atomic_long_inc(&rtkm_stress_hard);
}

static struct irq_work rtkm_stress_work =
	IRQ_WORK_INIT_HARD(rtkm_stress_hardirq);

static void rtkm_stress_softirq(struct timer_list *timer)
{
	rtkm_stress_round(RTKM_STRESS_IRQ_HELD, GFP_ATOMIC, &rtkm_stress_null);
	atomic_long_inc(&rtkm_stress_soft);
	if (!READ_ONCE(rtkm_stress_stop))
		mod_timer(timer, jiffies + 1);
}

static DEFINE_TIMER(rtkm_stress_timer, rtkm_stress_softirq);

static int rtkm_stress_thread(void *unused)
{
	unsigned long rounds = 0;

	while (!kthread_should_stop()) {
		rtkm_stress_round(RTKM_STRESS_HELD, GFP_KERNEL, &rtkm_stress_null);
		if (!(++rounds % 16))
			irq_work_queue(&rtkm_stress_work);
		cond_resched();
	}
	return 0;
}

int rtkm_test_stress(size_t size, unsigned int seconds,
		     struct rtkm_stress_result *res)
{
	struct task_struct **threads;
	unsigned int cpu, n = 0;
	int ret = 0;

	if (size < 2 * sizeof(unsigned long))
		return -EINVAL;
	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;

	rtkm_stress_size = size;
	WRITE_ONCE(rtkm_stress_stop, false);
	atomic_long_set(&rtkm_stress_ops, 0);
	atomic_long_set(&rtkm_stress_soft, 0);
	atomic_long_set(&rtkm_stress_hard, 0);
	atomic_long_set(&rtkm_stress_null, 0);
	atomic_long_set(&rtkm_stress_null_hard, 0);
	atomic_long_set(&rtkm_stress_errors, 0);

	for_each_online_cpu(cpu) {
		threads[n] = kthread_create(rtkm_stress_thread, NULL,
					    "rtkm_stress/%u", cpu);
		if (IS_ERR(threads[n])) {
			ret = PTR_ERR(threads[n]);
			break;
		}
		kthread_bind(threads[n], cpu);
		wake_up_process(threads[n]);
		n++;
	}
	mod_timer(&rtkm_stress_timer, jiffies + 1);
	if (!ret)
		msleep(seconds * 1000);

	while (n--)
		kthread_stop(threads[n]);
	WRITE_ONCE(rtkm_stress_stop, true);
	timer_delete_sync(&rtkm_stress_timer);
	irq_work_sync(&rtkm_stress_work);
	kfree(threads);

	res->ops = atomic_long_read(&rtkm_stress_ops);
	res->softirq_ops = atomic_long_read(&rtkm_stress_soft);
	res->hardirq_ops = atomic_long_read(&rtkm_stress_hard);
	res->null_allocs = atomic_long_read(&rtkm_stress_null);
	res->null_hardirq = atomic_long_read(&rtkm_stress_null_hard);
	res->errors = atomic_long_read(&rtkm_stress_errors);
	return ret;
}
