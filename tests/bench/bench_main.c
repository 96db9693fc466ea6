// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: the RTKM benchmark module. Loading it runs one scenario,
 * prints parseable lines, then fails the load with -EAGAIN on purpose (as
 * lib/test_vmalloc.c does) so it is gone again without an rmmod; a
 * scenario that could not run fails the load with its own error instead.
 *
 *   insmod rtkm_bench.ko run=pairs [loops= repeat= tests= orders= threads= live= reserve=]
 *   insmod rtkm_bench.ko run=bringup [cycles= frag= scatter=]
 *   insmod rtkm_bench.ko run=pkt [pkt_ms= frag= scatter=]
 *   insmod rtkm_bench.ko run=ring [ring_blocks= repeat= tests= reserve=]
 *   insmod rtkm_bench.ko run=small [loops= repeat=]
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/errno.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "rtkm_bench.h"

static char *run = "pairs";
module_param(run, charp, 0444);
MODULE_PARM_DESC(run, "scenario: pairs, bringup, pkt, ring or small");

unsigned int bench_loops = 2000;
module_param_named(loops, bench_loops, uint, 0444);
MODULE_PARM_DESC(loops, "timed alloc+free pairs per thread and run (an eighth for the page allocators at orders 5 and up; a tenth more to warm up)");

unsigned int bench_repeat = 5;
module_param_named(repeat, bench_repeat, uint, 0444);
MODULE_PARM_DESC(repeat, "least runs of each measurement (more, up to 50, while they took under 50 ms); the fastest is reported");

unsigned int bench_tests = GENMASK(BENCH_NR_KINDS - 1, 0);
module_param_named(tests, bench_tests, uint, 0444);
MODULE_PARM_DESC(tests, "allocators, bits: 0 rtkm, 1 pages GFP_KERNEL, 2 pages GFP_ATOMIC, 3 kmalloc, 4 mempool, 5 vmalloc, 6 kmalloc(64) (ring: 0, 2, 4 and 6 only)");

unsigned int bench_orders = BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(5) | BIT(7) | BIT(8);
module_param_named(orders, bench_orders, uint, 0444);
MODULE_PARM_DESC(orders, "page orders to measure, bit N for order N (0..8)");

unsigned int bench_threads = 2;
module_param_named(threads, bench_threads, uint, 0444);
MODULE_PARM_DESC(threads, "measure with 1 up to this many CPUs at once, one pinned kthread each");

unsigned int bench_live = 12292;
module_param_named(live, bench_live, uint, 0444);
MODULE_PARM_DESC(live, "large live set: order-1 blocks held during a second round (0 or 1: none)");

unsigned int bench_reserve = 8;
module_param_named(reserve, bench_reserve, uint, 0444);
MODULE_PARM_DESC(reserve, "blocks rtkm's pool of each measured order holds beyond the live set (mempool min_nr)");

unsigned int bench_cycles = 1000;
module_param_named(cycles, bench_cycles, uint, 0444);
MODULE_PARM_DESC(cycles, "bringup: driver probe/remove cycles per allocator and context");

unsigned int bench_pkt_ms = 3000;
module_param_named(pkt_ms, bench_pkt_ms, uint, 0444);
MODULE_PARM_DESC(pkt_ms, "pkt: how long the 30 streams run, per allocator");

unsigned int bench_frag;
module_param_named(frag, bench_frag, uint, 0444);
MODULE_PARM_DESC(frag, "label for the output: 1 when rtkm_frag.ko fragmented memory first");

unsigned int bench_scatter;
module_param_named(scatter, bench_scatter, uint, 0444);
MODULE_PARM_DESC(scatter, "bringup, pkt: first split every free block of order 1 and up GFP_ATOMIC can get (1) or not (0)");

unsigned int bench_ring_blocks = 4000;
module_param_named(ring_blocks, bench_ring_blocks, uint, 0444);
MODULE_PARM_DESC(ring_blocks, "ring: blocks each run passes through the ring (at least 256); repeat= runs per allocator and order");

static int __init bench_init(void)
{
	int ret;

	if (!bench_loops || bench_loops > 100000000 || !bench_repeat ||
	    bench_repeat > 100 || bench_orders & ~0x1ffU) {
		pr_err("loops must be 1..100000000, repeat 1..100 and orders a mask of bits 0..8\n");
		return -EINVAL;
	}
	if (!strcmp(run, "pairs")) {
		ret = bench_pairs_run();
	} else if (!strcmp(run, "ring")) {
		ret = bench_ring_run();
	} else if (!strcmp(run, "small")) {
		ret = bench_small_run();
	} else if (!strcmp(run, "bringup") || !strcmp(run, "pkt")) {
		if (bench_scatter)
			bench_scatter_take();
		if (!strcmp(run, "pkt"))
			ret = bench_pkt_run();
		else
			ret = bench_bringup_run();
		if (bench_scatter)
			bench_scatter_release();
	} else {
		pr_err("run=%s: must be pairs, bringup, pkt, ring or small\n", run);
		return -EINVAL;
	}
	if (ret) {
		pr_err("run=%s failed: %d\n", run, ret);
		return ret;
	}
	pr_info("done run=%s\n", run);
	return -EAGAIN;
}
module_init(bench_init);

MODULE_DESCRIPTION("Test-only benchmark of RTKM against the kernel's allocators");
MODULE_LICENSE("GPL");
