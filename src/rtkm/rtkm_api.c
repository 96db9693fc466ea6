// SPDX-License-Identifier: GPL-2.0
/*
 * The allocation API drivers call: routing by size between kmalloc and the
 * pools, tracing, and the reports for frees RTKM must refuse.
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rtkm.h"
#include "rtkm_glue.h"

#define RTKM_MAX_BYTES	(PAGE_SIZE << RTKM_MAX_ORDER)

/*
 * Flags that make sense for a whole block and its bookkeeping: zeroing is
 * done here for the requested bytes only, highmem blocks would have no
 * address, and the block must not be a compound page (the first page's
 * ->private carries our tag).
 */
#define RTKM_GFP_DROP	(__GFP_ZERO | __GFP_HIGHMEM | __GFP_COMP | __GFP_MOVABLE)

static bool rtkm_wants_pool(size_t size)
{
	if (size > PAGE_SIZE)
		return true;
	/*
	 * The order-0 pool serves what would waste at least half a page in
	 * it anyway, and only when the user reserved blocks there.
	 */
	return size > PAGE_SIZE / 2 && rtkm_order0_pooled();
}

static void *rtkm_alloc(size_t size, gfp_t flags, unsigned long caller)
{
	struct rtkm_owner owner = { .caller = caller, .size = size };
	struct rtkm_usage usage;
	unsigned int order;
	bool traced;
	void *addr;

	if (!rtkm_wants_pool(size))
		return kmalloc(size, flags);
	if (unlikely(size > RTKM_MAX_BYTES)) {
		pr_warn_once("%zu bytes from %pS is above the largest pool (order %u); returning NULL\n",
			     size, (void *)caller, RTKM_MAX_ORDER);
		return NULL;
	}
	if (unlikely(!rtkm_is_ready())) {
		pr_warn_ratelimited("%zu bytes from %pS before rtkm_prealloc_init(); returning NULL\n",
				    size, (void *)caller);
		return NULL;
	}

	order = get_order(size);
	flags = (flags & ~RTKM_GFP_DROP) | __GFP_NOWARN;
	traced = rtkm_order_traced(order);
	if (traced)
		owner.trace = rtkm_trace_capture(flags, caller);

	/* A usage snapshot visits every CPU: only taken when printed. */
	addr = rtkm_core_alloc(&rtkm_pools, order, READ_ONCE(rtkm_mem_exp),
			       flags, &owner, traced ? &usage : NULL);
	if (traced)
		rtkm_trace_alloc(addr, size, order, &usage, owner.trace);
	if (!addr) {
		if (!traced)
			rtkm_core_usage(&rtkm_pools, order, &usage);
		rtkm_trace_put(owner.trace);
		pr_warn_ratelimited("order %u pool exhausted (%lu/%lu in use, %lu failed) for %zu bytes from %pS\n",
				    order, usage.use, usage.owned,
				    usage.failed, size, (void *)caller);
	}
	return addr;
}

void *rtkm_kmalloc(size_t size, gfp_t flags)
{
	return rtkm_alloc(size, flags, _RET_IP_);
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_kmalloc);

void *rtkm_kzalloc(size_t size, gfp_t flags)
{
	void *addr = rtkm_alloc(size, flags | __GFP_ZERO, _RET_IP_);

	/* kmalloc() honoured __GFP_ZERO itself; pool blocks need it here. */
	if (addr && rtkm_wants_pool(size))
		memset(addr, 0, size);
	return addr;
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_kzalloc);

static bool rtkm_is_slab_object(const void *objp)
{
	return virt_addr_valid(objp) && PageSlab(virt_to_head_page(objp));
}

void rtkm_kfree(const void *objp, size_t size)
{
	unsigned long caller = _RET_IP_;
	struct rtkm_freed freed;
	int ret;

	if (ZERO_OR_NULL_PTR(objp))
		return;

	ret = rtkm_core_free(&rtkm_pools, objp, &freed);
	if (!ret) {
		if (rtkm_order_traced(freed.order)) {
			rtkm_core_usage(&rtkm_pools, freed.order, &freed.usage);
			rtkm_trace_release(objp, &freed, caller);
		}
		rtkm_trace_put(freed.owner.trace);
		return;
	}
	if (ret == -EALREADY) {
		pr_err_ratelimited("%s: double free of %p (size %zu) by %pS; ignored\n",
				   __func__, objp, size, (void *)caller);
		return;
	}
	/* Small requests went to kmalloc(); anything else is not ours. */
	if (rtkm_is_slab_object(objp)) {
		kfree(objp);
		return;
	}
	pr_err_ratelimited("%s: %p (size %zu) by %pS was not allocated by rtkm; ignored\n",
			   __func__, objp, size, (void *)caller);
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_kfree);

static void rtkm_emit_seq(void *ctx, const char *line)
{
	seq_printf(ctx, "%s\n", line);
}

static void rtkm_emit_log(void *ctx, const char *line)
{
	pr_info("%s\n", line);
}

/* The table into the kernel log, whether or not the pools are in use. */
void rtkm_log_table(void)
{
	rtkm_table_emit(&rtkm_pools, READ_ONCE(rtkm_mem_exp), rtkm_emit_log,
			NULL);
}

void rtkm_dump_mstatus(void *sel)
{
	rtkm_emit_fn emit = sel ? rtkm_emit_seq : rtkm_emit_log;

	if (!rtkm_is_ready()) {
		emit(sel, "RTKM pools are not set up");
		return;
	}
	rtkm_table_emit(&rtkm_pools, READ_ONCE(rtkm_mem_exp), emit, sel);
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_dump_mstatus);
