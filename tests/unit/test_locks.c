// SPDX-License-Identifier: GPL-2.0
/*
 * How many spinlocks an alloc+free pair of the pool engine takes, in each
 * usage pattern a Wi-Fi driver produces, with 2, 16 and 256 possible CPUs.
 * One thread plays every CPU in turn (shim_set_cpu()), so the counts are
 * exact and the same on every run: unlike a time, they can be asserted.
 * The bound is 2.5 locks per pair in every pattern at every CPU count, so
 * no pattern may visit the CPUs one by one; and no single allocation may
 * take more than MAX_LOCKS_ONE, even after every CPU's cache ran empty.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "rtkm_core.h"
#include "shim.h"
#include "tap.h"

#define GFP		0u
#define ORDER		1
#define MAX_LOCKS	2.5
#define MAX_LOCKS_ONE	3
#define RING		256

static struct rtkm rk;
static const struct rtkm_owner owner = { .caller = 0x10c, .size = 8192 };
static void *ring[RING + 1];

static void *take(void)
{
	return rtkm_core_alloc(&rk, ORDER, false, GFP, &owner, NULL);
}

static void give(void *p)
{
	struct rtkm_freed f;

	if (rtkm_core_free(&rk, p, &f))
		abort();
}

static void pool_of(unsigned int blocks)
{
	unsigned int filled;

	shim_set_cpu(0);
	rtkm_core_init(&rk);
	if (rtkm_core_fill(&rk, ORDER, blocks, GFP, &filled))
		abort();
}

static void pool_done(void)
{
	struct rtkm_usage u;

	rtkm_core_usage(&rk, ORDER, &u);
	if (u.use)
		abort();
	shim_set_cpu(0);
	rtkm_core_destroy_pool(&rk, ORDER, NULL, NULL);
}

/* Each CPU in turn runs @pairs alloc+free pairs on its own. */
static long same_cpu(int cpus, unsigned int pairs)
{
	unsigned int i;
	int cpu;

	for (cpu = 0; cpu < cpus; cpu++) {
		shim_set_cpu(cpu);
		for (i = 0; i < pairs; i++)
			give(take());
	}
	return (long)cpus * pairs;
}

/*
 * A receive ring: CPU 0 allocates, the last CPU frees the oldest block,
 * RING blocks in flight all the time (the pool's peak).
 */
static long rx_ring(int cpus, unsigned int pairs)
{
	unsigned int i, head = 0;

	shim_set_cpu(0);
	for (i = 0; i < RING; i++)
		ring[i] = take();
	for (i = 0; i < pairs; i++) {
		shim_set_cpu(cpus - 1);
		give(ring[head]);
		shim_set_cpu(0);
		ring[head] = take();
		if (!ring[head])
			abort();
		head = (head + 1) % RING;
	}
	shim_set_cpu(cpus - 1);
	for (i = 0; i < RING; i++)
		give(ring[i]);
	return pairs;
}

/* Every CPU in turn takes all @blocks of the pool and gives them back. */
static long every_cpu_all_blocks(int cpus, unsigned int blocks,
				 unsigned int rounds)
{
	unsigned int r, i;
	int cpu;

	for (r = 0; r < rounds; r++) {
		for (cpu = 0; cpu < cpus; cpu++) {
			shim_set_cpu(cpu);
			for (i = 0; i < blocks; i++) {
				ring[i] = take();
				if (!ring[i])
					abort();
			}
			for (i = 0; i < blocks; i++)
				give(ring[i]);
		}
	}
	return (long)rounds * cpus * blocks;
}

/* Every CPU in turn runs one pair, round after round. */
static long every_cpu_one_pair(int cpus, unsigned int rounds)
{
	unsigned int r;
	int cpu;

	for (r = 0; r < rounds; r++) {
		for (cpu = 0; cpu < cpus; cpu++) {
			shim_set_cpu(cpu);
			give(take());
		}
	}
	return (long)rounds * cpus;
}

/*
 * Bursts that empty the pool: each CPU in turn allocates until it gets
 * NULL, then frees everything. The failed allocation counts as the cost
 * of its burst.
 */
static long bursts(int cpus, unsigned int blocks, unsigned int rounds)
{
	unsigned int r, n;
	int cpu;

	for (r = 0; r < rounds; r++) {
		for (cpu = 0; cpu < cpus; cpu++) {
			shim_set_cpu(cpu);
			for (n = 0; n <= blocks && (ring[n] = take()); n++)
				;
			if (n != blocks)
				abort();
			while (n)
				give(ring[--n]);
		}
	}
	return (long)rounds * cpus * blocks;
}

/*
 * Blocks allocated on one CPU and freed on another, all CPUs at once in
 * a rotating pattern: CPU k frees what CPU k - 1 allocated.
 */
static long cross_cpu(int cpus, unsigned int rounds)
{
	unsigned int r;
	int cpu, n = cpus < RING ? cpus : RING;

	for (r = 0; r < rounds; r++) {
		for (cpu = 0; cpu < n; cpu++) {
			shim_set_cpu(cpu);
			ring[cpu] = take();
		}
		for (cpu = 0; cpu < n; cpu++) {
			shim_set_cpu((cpu + 1) % n);
			give(ring[cpu]);
		}
	}
	return (long)rounds * n;
}

enum pattern {
	SAME_CPU,
	RX_RING_ROOMY,
	RX_RING_TIGHT,
	SMALL_1,
	SMALL_3,
	SMALL_8,
	CACHED_IN_TURN,
	BURSTS,
	CROSS_CPU,
	NR_PATTERNS
};

static const char *const names[NR_PATTERNS] = {
	[SAME_CPU] = "same CPU, 1,000 pairs per CPU in turn",
	[RX_RING_ROOMY] = "RX ring, 256 in flight, pool of 1,024",
	[RX_RING_TIGHT] = "RX ring, 256 in flight, pool of 257 (no slack)",
	[SMALL_1] = "pool of 1 block, every CPU in turn",
	[SMALL_3] = "pool of 3 blocks, every CPU in turn",
	[SMALL_8] = "pool of 8 blocks, every CPU in turn",
	[CACHED_IN_TURN] = "smallest cached pool, one pair per CPU in turn",
	[BURSTS] = "bursts that empty a pool of 256, every CPU in turn",
	[CROSS_CPU] = "freed on the next CPU, all CPUs",
};

static double locks_per_pair(enum pattern p, int cpus)
{
	long before, pairs;

	switch (p) {
	case SAME_CPU:
		pool_of(1024);
		break;
	case RX_RING_ROOMY:
		pool_of(1024);
		break;
	case RX_RING_TIGHT:
		pool_of(RING + 1);
		break;
	case SMALL_1:
		pool_of(1);
		break;
	case SMALL_3:
		pool_of(3);
		break;
	case SMALL_8:
		pool_of(8);
		break;
	case CACHED_IN_TURN:
		pool_of(RTKM_PCP_MIN_BLOCKS);
		break;
	case BURSTS:
		pool_of(RING);
		break;
	default:
		pool_of(1024);
		break;
	}
	before = shim_locks_taken();
	switch (p) {
	case SAME_CPU:
		pairs = same_cpu(cpus, 1000);
		break;
	case RX_RING_ROOMY:
	case RX_RING_TIGHT:
		pairs = rx_ring(cpus, 20000);
		break;
	case SMALL_1:
		pairs = every_cpu_all_blocks(cpus, 1, 20);
		break;
	case SMALL_3:
		pairs = every_cpu_all_blocks(cpus, 3, 20);
		break;
	case SMALL_8:
		pairs = every_cpu_all_blocks(cpus, 8, 20);
		break;
	case CACHED_IN_TURN:
		pairs = every_cpu_one_pair(cpus, 100);
		break;
	case BURSTS:
		pairs = bursts(cpus, RING, 4);
		break;
	default:
		pairs = cross_cpu(cpus, 100);
		break;
	}
	pool_done();
	return (double)(shim_locks_taken() - before) / pairs;
}

/*
 * Every CPU takes one block (its cache gets a batch of 8, which uses up
 * the chain), then 8 more, the last of them through the locked path,
 * which finds nothing left to refill with: every cache has run empty and
 * every block is in use. CPU 0 frees one. One more allocation, on the
 * last CPU, must find it without visiting the caches that ran empty.
 */
static void one_alloc_after_every_cache_ran_dry(int cpus)
{
	unsigned int per_cpu = 1 + 8, i, n = 0;
	void **held = calloc((size_t)cpus * per_cpu, sizeof(*held));
	long before, locks;
	void *p;
	int cpu;

	if (!held)
		abort();
	pool_of(cpus * per_cpu);
	for (cpu = 0; cpu < cpus; cpu++) {
		shim_set_cpu(cpu);
		held[n++] = take();
	}
	for (cpu = 0; cpu < cpus; cpu++) {
		shim_set_cpu(cpu);
		for (i = 1; i < per_cpu; i++)
			held[n++] = take();
	}
	for (i = 0; i < n; i++)
		if (!held[i])
			abort();
	shim_set_cpu(0);
	give(held[0]);
	shim_set_cpu(cpus - 1);
	before = shim_locks_taken();
	p = take();
	locks = shim_locks_taken() - before;
	ok(p == held[0] && locks <= MAX_LOCKS_ONE,
	   "%3d CPUs, one alloc finds the last free block after every cache ran dry: %ld locks",
	   cpus, locks);
	held[0] = p;
	for (i = 0; i < n; i++)
		give(held[i]);
	pool_done();
	free(held);
}

/*
 * Below the peak, pairs on a CPU's own cache should not take the pool lock
 * at all: that lock is the line CPUs would share. The peak is raised once
 * (every block of the pool in use, as a driver filling its rings at open),
 * then every CPU in turn runs 1,000 pairs. Each CPU's first allocation
 * takes the pool lock to fill its cache; when the room below the peak sits
 * in idle CPUs' caches, a CPU runs a batch of pairs on the pool lock and
 * then takes one of them back: at most about 2 batches of pool locks per
 * CPU (0.016 per pair), whatever the number of CPUs. Without that, every
 * CPU after the first few would take it on every allocation and free.
 */
#define MAX_POOL_LOCKS_PER_PAIR	0.02

static void same_cpu_below_the_peak(int cpus)
{
	long before, pairs;
	unsigned int i;
	double cost;

	pool_of(RING);
	for (i = 0; i < RING; i++)
		ring[i] = take();
	for (i = 0; i < RING; i++)
		give(ring[i]);
	shim_watch_lock(&rk.pools[ORDER].lock);
	before = shim_watched_lock_taken();
	pairs = same_cpu(cpus, 1000);
	cost = (double)(shim_watched_lock_taken() - before) / pairs;
	ok(cost <= MAX_POOL_LOCKS_PER_PAIR,
	   "%3d CPUs, same CPU below the peak: %.4f pool locks per pair",
	   cpus, cost);
	shim_watch_lock(NULL);
	pool_done();
}

int main(void)
{
	static const int cpu_counts[] = { 2, 16, 256 };
	double cost;
	unsigned int i;
	int p;

	for (i = 0; i < sizeof(cpu_counts) / sizeof(cpu_counts[0]); i++) {
		shim_set_possible_cpus(cpu_counts[i]);
		for (p = 0; p < NR_PATTERNS; p++) {
			cost = locks_per_pair(p, cpu_counts[i]);
			ok(cost <= MAX_LOCKS, "%3d CPUs, %s: %.3f locks per pair",
			   cpu_counts[i], names[p], cost);
		}
		one_alloc_after_every_cache_ran_dry(cpu_counts[i]);
		same_cpu_below_the_peak(cpu_counts[i]);
	}
	return tap_done();
}
