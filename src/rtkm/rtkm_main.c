// SPDX-License-Identifier: GPL-2.0
/*
 * Life cycle of the pools: the mpool and rtkm_mem_exp parameters, filling
 * at start, the leak report and release at the end, and the module entry
 * points when RTKM is built as rtkm.ko.
 *
 * With CONFIG_RTKM=y these objects are linked into a driver, so the
 * parameters become that driver's and the driver calls
 * rtkm_prealloc_init() and rtkm_prealloc_destroy() itself.
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>

#include "rtkm.h"
#include "rtkm_defaults.h"
#include "rtkm_glue.h"

/* Leaks listed block by block per order; the rest are only counted. */
#define RTKM_LEAKS_LISTED	32

static int mpool[RTKM_NR_ORDERS] = {
	RTKM_MPOOL_0, RTKM_MPOOL_1, RTKM_MPOOL_2, RTKM_MPOOL_3, RTKM_MPOOL_4,
	RTKM_MPOOL_5, RTKM_MPOOL_6, RTKM_MPOOL_7, RTKM_MPOOL_8,
};
module_param_array(mpool, int, NULL, 0444);
MODULE_PARM_DESC(mpool, "pre-allocated memory pool (array of int): blocks of order 0..8");

bool rtkm_mem_exp = true;
module_param(rtkm_mem_exp, bool, 0644);
MODULE_PARM_DESC(rtkm_mem_exp, "grow an empty pool by one block on demand (bool, default Y)");

static bool rtkm_poison;
module_param(rtkm_poison, bool, 0444);
MODULE_PARM_DESC(rtkm_poison, "poison free pool blocks and check them when handed out again, to catch writes after free (bool; also on with init_on_free=1 or page_poison=1)");

struct rtkm rtkm_pools;

static DEFINE_MUTEX(rtkm_setup_lock);
bool rtkm_ready;
static bool rtkm_pools_initialised;

/*
 * Blocks to reserve for @order. Requests up to PAGE_SIZE go to kmalloc(),
 * so order-0 blocks would never be used: mpool[0] is accepted, as vendor
 * configurations set it, and ignored.
 */
static unsigned int rtkm_blocks_wanted(unsigned int order)
{
	return order ? mpool[order] : 0;
}

/*
 * Free blocks are filled with a poison and checked when handed out again
 * when the kernel itself poisons or zeroes freed memory, or when asked.
 */
static int rtkm_poison_byte(void)
{
	if (want_init_on_free())
		return 0;
	if (rtkm_poison || page_poisoning_enabled_static())
		return PAGE_POISON;
	return -1;
}

/* Refuse bad or impossible requests before taking a single page. */
static int rtkm_check_request(void)
{
	unsigned long avail = si_mem_available();
	unsigned int order;
	u64 pages = 0;

	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		if (mpool[order] < 0) {
			pr_err("mpool[%u]=%d: a block count cannot be negative\n",
			       order, mpool[order]);
			return -EINVAL;
		}
		if (mpool[order] > RTKM_POOL_MAX_BLOCKS) {
			pr_err("mpool[%u]=%d: a pool holds at most %u blocks\n",
			       order, mpool[order], RTKM_POOL_MAX_BLOCKS);
			return -EINVAL;
		}
		pages += (u64)rtkm_blocks_wanted(order) << order;
	}
	if (mpool[0] > 0)
		pr_notice("mpool[0]=%d ignored: requests up to %lu bytes go to kmalloc(), so order-0 blocks would never be used\n",
			  mpool[0], PAGE_SIZE);
	if (pages > avail) {
		pr_err("mpool asks for %llu MiB but only %lu MiB is available; nothing allocated\n",
		       pages >> (20 - PAGE_SHIFT), avail >> (20 - PAGE_SHIFT));
		return -ENOMEM;
	}
	return 0;
}

static void rtkm_report_leak(void *ctx, unsigned int order, const void *addr,
			     const struct rtkm_owner *owner,
			     enum rtkm_block_state state)
{
	unsigned long *listed = ctx;

	if (state == RTKM_BLOCK_LOST) {
		pr_err("rtkm_prealloc_destroy: order-%u block %p (last allocated by %pS) is out of service: kept, never given back\n",
		       order, addr, (void *)owner->caller);
		return;
	}
	if (++*listed <= RTKM_LEAKS_LISTED) {
		pr_err("rtkm_prealloc_destroy: memory leak! (%p, %u) allocated by %pS\n",
		       addr, owner->size, (void *)owner->caller);
		rtkm_trace_print_stack(owner->trace);
	}
	rtkm_trace_put(owner->trace);
}

/* Returns every block that is not in use; reports and keeps the others. */
static void rtkm_release_pools(void)
{
	unsigned long listed, leaked;
	struct rtkm_usage usage;
	unsigned int order;

	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		rtkm_core_usage(&rtkm_pools, order, &usage);
		if (usage.use)
			pr_err("rtkm_prealloc_destroy: memory leak! order=%u num=%lu\n",
			       order, usage.use);
		listed = 0;
		leaked = rtkm_core_destroy_pool(&rtkm_pools, order,
						rtkm_report_leak, &listed);
		if (leaked > RTKM_LEAKS_LISTED)
			pr_err("rtkm_prealloc_destroy: %lu more leaked blocks of order %u not listed\n",
			       leaked - RTKM_LEAKS_LISTED, order);
	}
}

static int rtkm_fill_pools(void)
{
	unsigned int order, filled;
	int ret;

	/* Highest order first: those blocks are the hardest to find. */
	for (order = RTKM_NR_ORDERS; order-- > 0;) {
		ret = rtkm_core_fill(&rtkm_pools, order,
				     rtkm_blocks_wanted(order), RTKM_FILL_GFP,
				     &filled);
		if (ret) {
			pr_err("order %u: only %u of %u blocks could be allocated\n",
			       order, filled, rtkm_blocks_wanted(order));
			return ret;
		}
	}
	return 0;
}

int rtkm_setup(void)
{
	struct rtkm_usage usage;
	unsigned long blocks = 0, kib = 0;
	unsigned int order;
	int ret;

	mutex_lock(&rtkm_setup_lock);
	ret = 0;
	if (rtkm_ready)
		goto out;
	if (!rtkm_pools_initialised) {
		rtkm_core_init(&rtkm_pools);
		rtkm_pools_initialised = true;
	}
	ret = rtkm_check_request();
	if (ret)
		goto out;
	rtkm_core_set_poison(&rtkm_pools, rtkm_poison_byte());
	ret = rtkm_fill_pools();
	if (ret) {
		rtkm_release_pools();
		goto out;
	}
	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		rtkm_core_usage(&rtkm_pools, order, &usage);
		blocks += usage.owned;
		kib += (usage.owned << order) * (PAGE_SIZE / 1024);
	}
	/* Publish the filled pools before anyone may allocate from them. */
	smp_store_release(&rtkm_ready, true);
	pr_info("pools ready: %lu blocks, %lu KiB%s\n", blocks, kib,
		rtkm_pools.poison >= 0 ? ", free blocks poisoned" : "");
out:
	mutex_unlock(&rtkm_setup_lock);
	return ret;
}

void rtkm_teardown(void)
{
	mutex_lock(&rtkm_setup_lock);
	if (rtkm_ready) {
		WRITE_ONCE(rtkm_ready, false);
		rtkm_defer_stop();
		pr_info("rtkm_prealloc_destroy\n");
		rtkm_log_table();
		rtkm_release_pools();
		pr_info("rtkm_prealloc_destroy: done\n");
	}
	mutex_unlock(&rtkm_setup_lock);
}

int rtkm_reset_peaks(void)
{
	unsigned int order;
	int ret = 0;

	mutex_lock(&rtkm_setup_lock);
	if (!rtkm_ready) {
		pr_err("reset-peak: the pools are not set up\n");
		ret = -ENODEV;
		goto out;
	}
	for (order = 0; order < RTKM_NR_ORDERS; order++)
		rtkm_core_reset_peak(&rtkm_pools, order);
	pr_info("peaks reset to the blocks in use now\n");
out:
	mutex_unlock(&rtkm_setup_lock);
	return ret;
}

/*
 * Fill in batches, so that a large reserve can be stopped with a signal
 * (the writer is a root process that may be killed). *@filled: blocks
 * added, on success and on failure alike.
 */
static int rtkm_reserve_fill(unsigned int order, unsigned int more,
			     unsigned int *filled)
{
	unsigned int batch, got;
	int ret = 0;

	*filled = 0;
	while (*filled < more) {
		if (fatal_signal_pending(current))
			return -EINTR;
		batch = min(more - *filled, 64U);
		ret = rtkm_core_fill(&rtkm_pools, order, batch, RTKM_FILL_GFP,
				     &got);
		*filled += got;
		if (ret)
			break;
	}
	return ret;
}

/*
 * Make the pool of @order own at least @blocks blocks now, so a new size
 * takes effect without unloading the driver. Pools never shrink while
 * RTKM is loaded: a smaller size is refused, saying so. The new size
 * becomes the order's mpool value, so the parameter reads the size asked
 * for and blocks beyond it are growth on demand.
 */
int rtkm_reserve(unsigned int order, unsigned int blocks)
{
	unsigned long avail = si_mem_available();
	struct rtkm_usage usage;
	unsigned int more, filled;
	int ret;

	if (!order) {
		pr_err("reserve 0 %u: requests up to %lu bytes go to kmalloc(), so there is no order-0 pool\n",
		       blocks, PAGE_SIZE);
		return -EINVAL;
	}
	if (blocks > RTKM_POOL_MAX_BLOCKS) {
		pr_err("reserve %u %u: a pool holds at most %u blocks\n",
		       order, blocks, RTKM_POOL_MAX_BLOCKS);
		return -EINVAL;
	}

	mutex_lock(&rtkm_setup_lock);
	if (!rtkm_ready) {
		pr_err("reserve %u %u: the pools are not set up\n", order,
		       blocks);
		ret = -ENODEV;
		goto out;
	}
	rtkm_core_usage(&rtkm_pools, order, &usage);
	if (blocks < usage.owned) {
		pr_err("reserve %u %u: the order-%u pool owns %lu blocks (%lu in use) and pools do not shrink while loaded; reload rtkm for a smaller pool\n",
		       order, blocks, order, usage.owned, usage.use);
		ret = -EBUSY;
		goto out;
	}
	more = blocks - usage.owned;
	if (((u64)more << order) > avail) {
		pr_err("reserve %u %u: %u more blocks need %llu MiB but only %lu MiB is available; nothing allocated\n",
		       order, blocks, more,
		       ((u64)more << order) >> (20 - PAGE_SHIFT),
		       avail >> (20 - PAGE_SHIFT));
		ret = -ENOMEM;
		goto out;
	}
	ret = rtkm_reserve_fill(order, more, &filled);
	rtkm_report_batch_grown(order, filled, _THIS_IP_);
	/*
	 * Growth on demand may have added blocks meanwhile: what counts is
	 * whether the pool now owns what was asked for.
	 */
	rtkm_core_usage(&rtkm_pools, order, &usage);
	if (usage.owned >= blocks) {
		ret = 0;
	} else if (ret == -EINTR) {
		pr_err("reserve %u %u: interrupted after %u of %u more blocks; the pool keeps them\n",
		       order, blocks, filled, more);
		goto out;
	} else {
		pr_err("reserve %u %u: only %u of %u more blocks could be allocated; the pool keeps them\n",
		       order, blocks, filled, more);
		ret = -ENOMEM;
		goto out;
	}
	kernel_param_lock(THIS_MODULE);
	mpool[order] = blocks;
	kernel_param_unlock(THIS_MODULE);
	pr_info("order %u pool reserved to %u blocks (%u added)\n", order,
		blocks, filled);
out:
	mutex_unlock(&rtkm_setup_lock);
	return ret;
}

int rtkm_prealloc_init(void)
{
	return rtkm_setup();
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_prealloc_init);

void rtkm_prealloc_destroy(void)
{
#ifdef RTKM_STANDALONE
	pr_info("%s: rtkm.ko keeps its pools until it is unloaded\n",
		__func__);
#else
	rtkm_teardown();
#endif
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_prealloc_destroy);

#ifdef RTKM_STANDALONE
static int __init rtkm_module_init(void)
{
	int ret;

	ret = rtkm_setup();
	if (ret)
		return ret;
	ret = rtkm_proc_register();
	if (ret)
		goto err_teardown;
	ret = rtkm_modgone_register();
	if (ret)
		goto err_proc;
	return 0;
err_proc:
	rtkm_proc_unregister();
err_teardown:
	rtkm_teardown();
	return ret;
}
module_init(rtkm_module_init);

static void __exit rtkm_module_exit(void)
{
	rtkm_modgone_unregister();
	rtkm_proc_unregister();
	rtkm_teardown();
}
module_exit(rtkm_module_exit);

MODULE_DESCRIPTION("RTKM: pre-allocated page-order memory pools for Wi-Fi drivers");
MODULE_LICENSE("GPL");
#endif
