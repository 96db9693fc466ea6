// SPDX-License-Identifier: GPL-2.0
/*
 * Wi-Fi driver bring-up and tear-down on fragmented memory: a replay of
 * what rtwsim allocates at probe and interface creation (see
 * src/rtwsim/README.md and mem.c), through rtkm as CONFIG_RTKM=m builds
 * it and through kzalloc as CONFIG_RTKM=n does, in process context and
 * with GFP_ATOMIC with bottom halves off. Every failed allocation counts.
 *
 * The plain process-context run asks GFP_KERNEL | __GFP_RETRY_MAYFAIL:
 * the page allocator tries just as hard (reclaim, compaction) but returns
 * NULL instead of calling the OOM killer, which in the test VM would kill
 * the test itself rather than report the failure.
 *
 * Output: rtkm_bench: bringup kind=K ctx=C cycles=N of=M allocs=A fail=F
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/bottom_half.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "rtkm.h"
#include "rtkm_bench.h"

/* Sizes and counts of rtwsim's defaults; the orders follow from them. */
static const struct {
	size_t size;
	unsigned int count;
} bench_probe[] = {
	{ 416 * SZ_1K, 1 },	/* firmware image, order 7 */
	{ 20 * SZ_1K, 16 },	/* xmit bus buffers, order 3 */
	{ 32 * SZ_1K, 8 },	/* recv bus buffers, order 3 */
	{ 8 * SZ_1K, 4 },	/* tx rings of the one interface, order 1 */
};

#define BENCH_PROBE_BLOCKS	29
/* A run that takes longer than this under TCG stops and says so. */
#define BENCH_BRINGUP_MAX_SECS	150

struct bench_block {
	void *addr;
	size_t size;
};

static void *bench_bringup_get(bool use_rtkm, size_t size, gfp_t gfp)
{
	return use_rtkm ? rtkm_kzalloc(size, gfp) : kzalloc(size, gfp);
}

static void bench_bringup_put(bool use_rtkm, void *addr, size_t size)
{
	if (use_rtkm)
		rtkm_kfree(addr, size);
	else
		kfree(addr);
}

/* One probe then remove: returns the number of failed allocations. */
static unsigned int bench_bringup_cycle(bool use_rtkm, bool atomic,
					struct bench_block *blocks)
{
	gfp_t gfp = atomic ? GFP_ATOMIC | __GFP_NOWARN :
		    GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
	unsigned int i, j, n = 0, fails = 0;

	if (atomic)
		local_bh_disable();
	for (i = 0; i < ARRAY_SIZE(bench_probe); i++) {
		for (j = 0; j < bench_probe[i].count; j++) {
			blocks[n].size = bench_probe[i].size;
			blocks[n].addr = bench_bringup_get(use_rtkm,
							   blocks[n].size, gfp);
			if (!blocks[n].addr)
				fails++;
			n++;
		}
	}
	while (n--) {
		if (blocks[n].addr)
			bench_bringup_put(use_rtkm, blocks[n].addr,
					  blocks[n].size);
	}
	if (atomic)
		local_bh_enable();
	return fails;
}

static void bench_bringup_one(bool use_rtkm, bool atomic,
			      struct bench_block *blocks)
{
	unsigned long deadline = jiffies + BENCH_BRINGUP_MAX_SECS * HZ;
	unsigned long fails = 0;
	unsigned int cycle;

	for (cycle = 0; cycle < bench_cycles; cycle++) {
		if (time_after(jiffies, deadline))
			break;
		fails += bench_bringup_cycle(use_rtkm, atomic, blocks);
		cond_resched();
	}
	pr_info("bringup kind=%s ctx=%s frag=%u cycles=%u of=%u allocs=%lu fail=%lu\n",
		use_rtkm ? "rtkm" : "plain", atomic ? "atomic" : "process",
		bench_frag, cycle, bench_cycles,
		(unsigned long)cycle * BENCH_PROBE_BLOCKS, fails);
}

int bench_bringup_run(void)
{
	struct bench_block *blocks;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(bench_probe); i++)
		n += bench_probe[i].count;
	if (WARN_ON(n != BENCH_PROBE_BLOCKS))
		return -EINVAL;
	blocks = kcalloc(n, sizeof(*blocks), GFP_KERNEL);
	if (!blocks)
		return -ENOMEM;
	bench_bringup_one(true, false, blocks);
	bench_bringup_one(true, true, blocks);
	bench_bringup_one(false, false, blocks);
	bench_bringup_one(false, true, blocks);
	kfree(blocks);
	return 0;
}
