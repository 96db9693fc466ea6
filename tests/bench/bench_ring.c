// SPDX-License-Identifier: GPL-2.0
/*
 * The receive-ring pattern of a Wi-Fi driver: buffers are allocated in
 * softirq on one CPU (a USB completion or NAPI poll) and freed in process
 * context on another (the network stack), with the number in flight
 * steady at its peak.
 *
 * Producer: a soft hrtimer pinned to CPU 0 (started there through
 * work_on_cpu()) that, every RING_PERIOD_NS, allocates GFP_ATOMIC until
 * RING_SLOTS blocks are in flight. Consumer: a kthread bound to CPU 1
 * that waits until all RING_SLOTS are in flight and then frees the
 * oldest RING_BATCH, so the allocator always works between
 * RING_SLOTS - RING_BATCH and RING_SLOTS blocks in use.
 *
 * Time is taken around each batch of allocations and each batch of frees
 * (two clock reads per batch, not per call: under TCG a clock read costs
 * about as much as an rtkm call). Each allocator and order runs
 * bench_repeat times; the run with the least time per block is printed
 * (runs=), as for the pairs: a vCPU that the busy host preempts inside a
 * batch would otherwise decide the figure.
 *
 * Output, one line per allocator and order:
 *   rtkm_bench: ring kind=K order=O runs=R slots=S blocks=N produced=P consumed=C
 *     fail=F ns=X alloc_ns=A free_ns=B wall=W peak=M ticks=T
 *     prod_cpu=0 cons_cpu=1 softirq=1 stopped=0
 * ns: time inside alloc plus inside free, per block consumed; wall: the
 * whole run over the blocks consumed.
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#include "rtkm_bench.h"

#define RING_SLOTS		256	/* blocks in flight at the peak */
#define RING_BATCH		32	/* blocks the consumer frees at a time */
#define RING_PERIOD_NS		(20 * NSEC_PER_USEC)
#define RING_PROD_CPU		0
#define RING_CONS_CPU		1
/* A run that takes longer than this stops and says so (stopped=1). */
#define RING_DEADLINE_NS	(300ULL * NSEC_PER_SEC)

struct ring_state {
	struct bench_alloc *ba;
	struct hrtimer timer;
	void *slot[RING_SLOTS];
	unsigned int head;	/* blocks allocated; written by the producer */
	unsigned int tail;	/* blocks freed; written by the consumer */
	unsigned int total;
	bool stop;
	/* producer's own */
	u64 alloc_ns;
	unsigned long fails, ticks, wrong_cpu, not_softirq;
	/* consumer's own */
	u64 free_ns, end;
	unsigned int peak;
	bool stopped;
	struct completion done;
};

static enum hrtimer_restart ring_tick(struct hrtimer *timer)
{
	struct ring_state *rs = container_of(timer, struct ring_state, timer);
	unsigned int head = rs->head;
	/* Pairs with the consumer's release: its frees of those slots are done. */
	unsigned int tail = smp_load_acquire(&rs->tail);
	unsigned int want = min(RING_SLOTS - (head - tail), rs->total - head);
	unsigned int i;
	void *p;
	u64 t0;

	rs->ticks++;
	if (smp_processor_id() != RING_PROD_CPU)
		rs->wrong_cpu++;
	if (!in_serving_softirq())
		rs->not_softirq++;
	t0 = ktime_get_ns();
	for (i = 0; i < want; i++) {
		p = bench_get_atomic(rs->ba);
		if (!p) {
			rs->fails++;
			break;
		}
		rs->slot[(head + i) % RING_SLOTS] = p;
	}
	rs->alloc_ns += ktime_get_ns() - t0;
	/* Publishes the slots just filled to the consumer's acquire. */
	smp_store_release(&rs->head, head + i);
	if (head + i == rs->total || READ_ONCE(rs->stop))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(timer, ns_to_ktime(RING_PERIOD_NS));
	return HRTIMER_RESTART;
}

static long ring_start_timer(void *arg)
{
	struct ring_state *rs = arg;

	hrtimer_start(&rs->timer, ns_to_ktime(RING_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_SOFT);
	return 0;
}

static int ring_consumer(void *arg)
{
	struct ring_state *rs = arg;
	u64 deadline = ktime_get_ns() + RING_DEADLINE_NS;
	unsigned int tail = 0, head, n, i;
	unsigned long spins = 0;
	u64 t0;

	while (tail < rs->total) {
		/* Pairs with the producer's release: slots up to head are filled. */
		head = smp_load_acquire(&rs->head);
		n = head - tail;
		rs->peak = max(rs->peak, n);
		/* Free only at the peak, and whatever is left at the end. */
		if (!n || (n < RING_SLOTS && head < rs->total)) {
			cpu_relax();
			if (!(++spins % 256)) {
				cond_resched();
				if (ktime_get_ns() > deadline) {
					rs->stopped = true;
					break;
				}
			}
			continue;
		}
		n = min_t(unsigned int, n, RING_BATCH);
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			bench_put(rs->ba, rs->slot[(tail + i) % RING_SLOTS]);
		rs->free_ns += ktime_get_ns() - t0;
		tail += n;
		/* Hands the freed slots back to the producer's acquire. */
		smp_store_release(&rs->tail, tail);
	}
	rs->end = ktime_get_ns();
	kthread_complete_and_exit(&rs->done, 0);
}

static void ring_timer_init(struct ring_state *rs)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(&rs->timer, ring_tick, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_PINNED_SOFT);
#else
	hrtimer_init(&rs->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_SOFT);
	rs->timer.function = ring_tick;
#endif
}

/* One run; the consumer's and producer's counts are left in @rs. */
static int ring_run_once(struct ring_state *rs, enum bench_kind kind,
			 unsigned int order)
{
	struct task_struct *task;
	unsigned int left;
	u64 start;

	memset(rs, 0, sizeof(*rs));
	/* The mempool keeps the reserve rtkm's pool has beyond the ring. */
	rs->ba = bench_alloc_create(kind, order, RING_SLOTS + bench_reserve);
	if (!rs->ba)
		return -ENOMEM;
	rs->total = bench_ring_blocks;
	init_completion(&rs->done);
	ring_timer_init(rs);
	task = kthread_create(ring_consumer, rs, "rtkm_bench/ring");
	if (IS_ERR(task)) {
		bench_alloc_destroy(rs->ba);
		return PTR_ERR(task);
	}
	kthread_bind(task, RING_CONS_CPU);
	start = ktime_get_ns();
	wake_up_process(task);
	work_on_cpu(RING_PROD_CPU, ring_start_timer, rs);
	wait_for_completion(&rs->done);
	WRITE_ONCE(rs->stop, true);
	hrtimer_cancel(&rs->timer);
	/* Only after a stopped run: what is still in flight goes back. */
	for (left = rs->tail; left != rs->head; left++)
		bench_put(rs->ba, rs->slot[left % RING_SLOTS]);
	bench_alloc_destroy(rs->ba);
	rs->ba = NULL;
	rs->end -= start;	/* now the run's wall time */
	return 0;
}

static int ring_run_one(struct ring_state *rs, struct ring_state *best,
			enum bench_kind kind, unsigned int order)
{
	unsigned long fails = 0, wrong_cpu = 0, not_softirq = 0;
	unsigned int run, produced = 0, consumed = 0;
	bool stopped = false;
	u64 blocks, ns, best_ns = U64_MAX;
	int ret;

	for (run = 0; run < bench_repeat; run++) {
		ret = ring_run_once(rs, kind, order);
		if (ret)
			return ret;
		/* Counts add up over the runs; times are the fastest run's. */
		produced += rs->head;
		consumed += rs->tail;
		fails += rs->fails;
		wrong_cpu += rs->wrong_cpu;
		not_softirq += rs->not_softirq;
		stopped |= rs->stopped;
		ns = div64_u64(rs->alloc_ns + rs->free_ns, max(rs->tail, 1U));
		if (ns < best_ns) {
			best_ns = ns;
			memcpy(best, rs, sizeof(*best));
		}
	}
	blocks = max(best->tail, 1U);
	pr_info("ring kind=%s order=%u runs=%u slots=%u blocks=%u produced=%u consumed=%u fail=%lu ns=%llu alloc_ns=%llu free_ns=%llu wall=%llu peak=%u ticks=%lu prod_cpu=%s cons_cpu=%u softirq=%s stopped=%d\n",
		bench_kind_name(kind), order, bench_repeat, RING_SLOTS,
		rs->total, produced, consumed, fails, best_ns,
		div64_u64(best->alloc_ns, blocks), div64_u64(best->free_ns, blocks),
		div64_u64(best->end, blocks), best->peak, best->ticks,
		wrong_cpu ? "other" : "0", RING_CONS_CPU,
		not_softirq ? "no" : "yes", stopped);
	return 0;
}

/* Allocators in the ring: bit N of "tests" selects kind N, as for pairs. */
static const enum bench_kind ring_kinds[] = {
	BENCH_RTKM, BENCH_PAGES_ATOMIC, BENCH_MEMPOOL, BENCH_KMALLOC64,
};

int bench_ring_run(void)
{
	static const unsigned int orders[] = { 1, 3 };
	struct ring_state *rs, *best;
	unsigned int k, o;
	int ret = 0;

	if (!cpu_online(RING_PROD_CPU) || !cpu_online(RING_CONS_CPU)) {
		pr_err("ring: CPUs %u and %u must be online\n", RING_PROD_CPU,
		       RING_CONS_CPU);
		return -EINVAL;
	}
	if (bench_ring_blocks < RING_SLOTS) {
		pr_err("ring: ring_blocks must be at least %u\n", RING_SLOTS);
		return -EINVAL;
	}
	rs = kzalloc(sizeof(*rs), GFP_KERNEL);
	best = kzalloc(sizeof(*best), GFP_KERNEL);
	for (o = 0; o < ARRAY_SIZE(orders) && !ret && rs && best; o++) {
		for (k = 0; k < ARRAY_SIZE(ring_kinds) && !ret; k++) {
			if (bench_tests & BIT(ring_kinds[k]))
				ret = ring_run_one(rs, best, ring_kinds[k], orders[o]);
		}
	}
	if (!rs || !best)
		ret = -ENOMEM;
	kfree(best);
	kfree(rs);
	return ret;
}
