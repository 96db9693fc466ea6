// SPDX-License-Identifier: GPL-2.0
/*
 * Cost of one alloc+free pair for each allocator and order, from one CPU
 * and from several at once, next to a small and a large live set.
 *
 * One kthread per CPU, bound before it runs; they warm up, wait for each
 * other at a spinning barrier and then time the same loop, so the CPUs
 * really compete. The loop's own cost (an empty get/put through the same
 * kind of call) is measured the same way and subtracted.
 *
 * Output, one line per measurement (see tests/bench/report):
 *   rtkm_bench: pair kind=K order=O live=L cpus=C loops=N runs=R ns=X.Y cycles=Z wall=W.V fail=F
 * ns and cycles: per pair and CPU, in the fastest of R runs of N pairs per
 * CPU; wall: that run's time from the first CPU's start to the last one's
 * end over N (so C CPUs did C pairs per wall "pair").
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timex.h>
#include <linux/timekeeping.h>

#include "rtkm_bench.h"

#define BENCH_MAX_THREADS	8

struct bench_thread {
	struct bench_run *run;
	u64 start;
	u64 ns;
	u64 cycles;
	unsigned long fails;
};

struct bench_run {
	struct bench_alloc *ba;		/* NULL: the empty loop */
	unsigned int nr;
	unsigned int loops;
	atomic_t arrived;
	struct bench_thread th[BENCH_MAX_THREADS];
	struct completion exited[BENCH_MAX_THREADS];
};

/* What one pair costs at the least: two calls that do nothing. */
static noinline void *bench_nop_get(struct bench_alloc *ba)
{
	barrier();
	return ba;
}

static noinline void bench_nop_put(struct bench_alloc *ba, void *p)
{
	barrier();
}

static unsigned long bench_loop(struct bench_alloc *ba, unsigned int loops)
{
	unsigned long fails = 0;
	unsigned int i;
	void *p;

	for (i = 0; i < loops; i++) {
		if (!ba) {
			p = bench_nop_get(ba);
			bench_nop_put(ba, p);
			continue;
		}
		p = bench_get(ba);
		if (!p) {
			fails++;
			continue;
		}
		bench_put(ba, p);
	}
	return fails;
}

static int bench_thread_fn(void *arg)
{
	struct bench_thread *t = arg;
	struct bench_run *r = t->run;
	unsigned int me = t - r->th;
	cycles_t c0;
	u64 t0;

	bench_loop(r->ba, r->loops / 10 + 1);
	/* Released together: the last thread to arrive frees them all. */
	atomic_inc(&r->arrived);
	while (atomic_read(&r->arrived) < r->nr)
		cpu_relax();

	t0 = ktime_get_ns();
	c0 = get_cycles();
	t->fails = bench_loop(r->ba, r->loops);
	t->cycles = get_cycles() - c0;
	t->ns = ktime_get_ns() - t0;
	t->start = t0;
	kthread_complete_and_exit(&r->exited[me], 0);
}

/* Runs the loop on CPUs 0..@nr-1 at once; fills r->th[]. */
static int bench_run_threads(struct bench_run *r, struct bench_alloc *ba,
			     unsigned int nr, unsigned int loops)
{
	struct task_struct *task[BENCH_MAX_THREADS];
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->ba = ba;
	r->nr = nr;
	r->loops = loops;
	atomic_set(&r->arrived, 0);
	for (i = 0; i < nr; i++) {
		r->th[i].run = r;
		init_completion(&r->exited[i]);
		task[i] = kthread_create(bench_thread_fn, &r->th[i],
					 "rtkm_bench/%u", i);
		if (IS_ERR(task[i])) {
			/* Threads not started yet are stopped before they run. */
			while (i--)
				kthread_stop(task[i]);
			return -ENOMEM;
		}
		kthread_bind(task[i], i);
	}
	for (i = 0; i < nr; i++)
		wake_up_process(task[i]);
	for (i = 0; i < nr; i++)
		wait_for_completion(&r->exited[i]);
	return 0;
}

/*
 * Mean over the threads, per pair, in tenths of a ns and in cycles; and
 * the wall time from the first thread's start to the last one's end, per
 * pair of one thread, which counts the time the threads did not overlap.
 */
static void bench_mean(const struct bench_run *r, u64 *ns10, u64 *cycles,
		       u64 *wall10)
{
	u64 ns = 0, cyc = 0, first = U64_MAX, last = 0;
	const struct bench_thread *t;
	unsigned int i;

	for (i = 0; i < r->nr; i++) {
		t = &r->th[i];
		ns += t->ns;
		cyc += t->cycles;
		first = min(first, t->start);
		last = max(last, t->start + t->ns);
	}
	*ns10 = div64_u64(ns * 10, (u64)r->nr * r->loops);
	*cycles = div64_u64(cyc, (u64)r->nr * r->loops);
	*wall10 = div64_u64((last - first) * 10, r->loops);
}

struct bench_baseline {
	u64 ns10[BENCH_MAX_THREADS + 1];
	u64 cycles[BENCH_MAX_THREADS + 1];
};

/* The fastest run of a measurement, and what all its runs add up to. */
struct bench_best {
	u64 ns10;
	u64 cycles;
	u64 wall10;
	unsigned int runs;
	unsigned long fails;
};

/* A measurement gets more runs while they take less than this in all. */
#define BENCH_BUDGET_NS		(50 * NSEC_PER_MSEC)
#define BENCH_MAX_RUNS		50

/*
 * The fastest of at least bench_repeat runs, and of more (up to 50) while
 * the runs so far took under 50 ms together: a vCPU thread that the busy
 * host preempts for a few ms in a run of a millisecond would otherwise
 * decide the figure, and cheap runs need more tries to meet one that was
 * not preempted. The rule is the same for every allocator; the slow ones
 * simply stop at bench_repeat.
 */
static int bench_best_of(struct bench_run *r, struct bench_alloc *ba,
			 unsigned int nr, unsigned int loops,
			 struct bench_best *best)
{
	u64 n, c, w, spent = 0;
	unsigned int i;
	int ret;

	memset(best, 0, sizeof(*best));
	best->ns10 = U64_MAX;
	while (best->runs < bench_repeat ||
	       (spent < BENCH_BUDGET_NS && best->runs < BENCH_MAX_RUNS)) {
		ret = bench_run_threads(r, ba, nr, loops);
		if (ret)
			return ret;
		best->runs++;
		bench_mean(r, &n, &c, &w);
		if (n < best->ns10) {
			best->ns10 = n;
			best->cycles = c;
			best->wall10 = w;
		}
		for (i = 0; i < nr; i++) {
			best->fails += r->th[i].fails;
			spent += r->th[i].ns;
		}
	}
	return 0;
}

/*
 * One measurement with 1 up to @maxnr CPUs at once, printed as
 * "@what kind=K order=O @livename=L cpus=C ...".
 */
static int bench_measure(struct bench_run *r, struct bench_alloc *ba,
			 const struct bench_baseline *base,
			 enum bench_kind kind, unsigned int order,
			 const char *what, const char *livename,
			 unsigned int live, unsigned int maxnr)
{
	/*
	 * The page allocators clear each block (Debian's init_on_alloc) and
	 * take milliseconds per pair at orders 5 and up under TCG: fewer
	 * pairs there keep a full run within minutes. rtkm takes well under
	 * a microsecond and keeps the full count, as does kmalloc(64).
	 */
	unsigned int loops = order >= 5 && kind != BENCH_RTKM &&
			     kind != BENCH_KMALLOC64 ?
			     max(bench_loops / 8, 10U) : bench_loops;
	struct bench_best b;
	u64 ns10, cycles, wall10;
	unsigned int nr;
	int ret;

	for (nr = 1; nr <= maxnr; nr++) {
		ret = bench_best_of(r, ba, nr, loops, &b);
		if (ret)
			return ret;
		ns10 = b.ns10 > base->ns10[nr] ? b.ns10 - base->ns10[nr] : 0;
		cycles = b.cycles > base->cycles[nr] ? b.cycles - base->cycles[nr] : 0;
		wall10 = b.wall10 > base->ns10[nr] ? b.wall10 - base->ns10[nr] : 0;
		pr_info("%s kind=%s order=%u %s=%u cpus=%u loops=%u runs=%u ns=%llu.%llu cycles=%llu wall=%llu.%llu fail=%lu\n",
			what, bench_kind_name(kind), order, livename, live, nr,
			loops, b.runs, ns10 / 10, ns10 % 10, cycles,
			wall10 / 10, wall10 % 10, b.fails);
	}
	return 0;
}

/* Blocks held while the pairs run: the live set. */
struct bench_held {
	struct bench_alloc *ba;
	void **blocks;
	unsigned int nr;
};

static int bench_hold(struct bench_held *h, enum bench_kind kind,
		      unsigned int order, unsigned int count,
		      unsigned int reserve)
{
	h->nr = 0;
	h->blocks = kvmalloc_array(count, sizeof(*h->blocks), GFP_KERNEL);
	h->ba = bench_alloc_create(kind, order, reserve);
	if (!h->blocks || !h->ba)
		goto fail;
	for (h->nr = 0; h->nr < count; h->nr++) {
		h->blocks[h->nr] = bench_get(h->ba);
		if (!h->blocks[h->nr])
			goto fail;
		if (!(h->nr % 1024))
			cond_resched();
	}
	return 0;
fail:
	pr_err("setup kind=%s order=%u: could not hold %u blocks (got %u)\n",
	       bench_kind_name(kind), order, count, h->nr);
	return -ENOMEM;
}

static void bench_release(struct bench_held *h)
{
	while (h->nr) {
		bench_put(h->ba, h->blocks[--h->nr]);
		if (!(h->nr % 1024))
			cond_resched();
	}
	bench_alloc_destroy(h->ba);
	kvfree(h->blocks);
	h->ba = NULL;
	h->blocks = NULL;
}

/* The mempool keeps as many blocks in reserve as rtkm's pool of that order. */
static unsigned int bench_reserve_of(unsigned int order)
{
	return order == 1 ? bench_live + bench_reserve : bench_reserve;
}

/*
 * RTKM counts the blocks in its CPU caches against the pool's peak, which
 * keeps the peak exact without a shared counter: a pool whose peak was
 * never above what a measurement holds runs on its lock, and its caches
 * fill only below the peak. A driver's pools have that peak behind them
 * once its rings were filled at open; so before timing, every block of
 * each measured rtkm pool is taken once, as that does.
 */
static int bench_prime_peaks(enum bench_kind kind)
{
	struct bench_held h = { };
	unsigned int order;
	int ret = 0;

	if (kind != BENCH_RTKM)
		return 0;
	for (order = 0; order <= 8 && !ret; order++) {
		if (!(bench_orders & BIT(order)))
			continue;
		ret = bench_hold(&h, kind, order, bench_reserve_of(order),
				 bench_reserve_of(order));
		bench_release(&h);
	}
	return ret;
}

static int bench_kind_run(struct bench_run *r, const struct bench_baseline *base,
			  enum bench_kind kind, unsigned int live)
{
	struct bench_held big = { }, one = { };
	struct bench_alloc *ba;
	unsigned int order;
	int ret;

	ret = bench_prime_peaks(kind);
	if (ret)
		goto out;
	/* The guide's large live set: order-1 blocks held by the same allocator. */
	if (live > 1) {
		ret = bench_hold(&big, kind, 1, live, bench_reserve_of(1));
		if (ret)
			goto out;
	}
	for (order = 0; order <= 8 && !ret; order++) {
		if (!(bench_orders & BIT(order)))
			continue;
		if (live == 1) {
			ret = bench_hold(&one, kind, order, 1, bench_reserve_of(order));
			if (ret) {
				bench_release(&one);
				break;
			}
			ba = one.ba;
		} else {
			ba = bench_alloc_create(kind, order, bench_reserve_of(order));
			if (!ba) {
				ret = -ENOMEM;
				break;
			}
		}
		ret = bench_measure(r, ba, base, kind, order, "pair", "live",
				    live, bench_threads);
		if (live == 1)
			bench_release(&one);
		else
			bench_alloc_destroy(ba);
	}
out:
	bench_release(&big);
	return ret;
}

/* Threads are pinned to CPUs 0..@nr-1: all of them must be online. */
static int bench_check_cpus(unsigned int nr)
{
	unsigned int i;

	if (nr < 1 || nr > BENCH_MAX_THREADS || nr > num_online_cpus()) {
		pr_err("threads=%u: must be 1..%u and at most the %u online CPUs\n",
		       nr, BENCH_MAX_THREADS, num_online_cpus());
		return -EINVAL;
	}
	for (i = 0; i < nr; i++) {
		if (!cpu_online(i)) {
			pr_err("CPU %u is offline; threads are pinned to CPUs 0..%u\n",
			       i, nr - 1);
			return -EINVAL;
		}
	}
	return 0;
}

/* The empty loop on 1 up to @maxnr CPUs at once, to subtract. */
static int bench_baseline_fill(struct bench_run *r, struct bench_baseline *base,
			       unsigned int maxnr)
{
	struct bench_best b;
	unsigned int nr;
	int ret;

	for (nr = 1; nr <= maxnr; nr++) {
		ret = bench_best_of(r, NULL, nr, bench_loops, &b);
		if (ret)
			return ret;
		base->ns10[nr] = b.ns10;
		base->cycles[nr] = b.cycles;
		pr_info("baseline cpus=%u loops=%u ns=%llu.%llu cycles=%llu\n",
			nr, bench_loops, base->ns10[nr] / 10, base->ns10[nr] % 10,
			base->cycles[nr]);
	}
	return 0;
}

int bench_pairs_run(void)
{
	struct bench_baseline base = { };
	struct bench_run *r;
	unsigned int kind;
	int ret;

	ret = bench_check_cpus(bench_threads);
	if (ret)
		return ret;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ret = bench_baseline_fill(r, &base, bench_threads);
	for (kind = 0; kind < BENCH_NR_KINDS && !ret; kind++) {
		if (!(bench_tests & BIT(kind)))
			continue;
		ret = bench_kind_run(r, &base, kind, 1);
		if (!ret && bench_live > 1)
			ret = bench_kind_run(r, &base, kind, bench_live);
	}
	kfree(r);
	return ret;
}

/*
 * Small pools shared by every online CPU: the guide's order-2 pool of
 * 1 block and order-7 pool of 3, and an order-5 pool of 8; tests/bench/
 * guest.sh loads rtkm with exactly these (growth off). Nothing is held:
 * each CPU takes a block and gives it back, so with more CPUs than
 * blocks some allocations find the pool empty and fail, counted.
 *
 * Output: rtkm_bench: small kind=rtkm order=O blocks=B cpus=C ... fail=F
 */
static const struct {
	unsigned int order;
	unsigned int blocks;
} bench_small_pools[] = {
	{ 2, 1 },
	{ 7, 3 },
	{ 5, 8 },
};

int bench_small_run(void)
{
	unsigned int nr = min_t(unsigned int, num_online_cpus(), BENCH_MAX_THREADS);
	struct bench_baseline base = { };
	struct bench_alloc *ba;
	struct bench_run *r;
	unsigned int i;
	int ret;

	ret = bench_check_cpus(nr);
	if (ret)
		return ret;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ret = bench_baseline_fill(r, &base, nr);
	for (i = 0; i < ARRAY_SIZE(bench_small_pools) && !ret; i++) {
		ba = bench_alloc_create(BENCH_RTKM, bench_small_pools[i].order, 0);
		if (!ba) {
			ret = -ENOMEM;
			break;
		}
		ret = bench_measure(r, ba, &base, BENCH_RTKM,
				    bench_small_pools[i].order, "small", "blocks",
				    bench_small_pools[i].blocks, nr);
		bench_alloc_destroy(ba);
	}
	kfree(r);
	return ret;
}
