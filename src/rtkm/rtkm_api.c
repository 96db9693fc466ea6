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
#include "rtkm_events.h"
#include "rtkm_glue.h"

#define RTKM_MAX_BYTES	(PAGE_SIZE << RTKM_MAX_ORDER)

/*
 * The caller's gfp bits that still mean something for a pool block: how
 * hard to try, reserves, and warnings. Zeroing is done here for the bytes
 * asked for; the block must be a compound page (see rtkm_pages.c) in the
 * normal zone; and a block lives in the pool for good, so neither the
 * caller's cgroup (__GFP_ACCOUNT) nor __GFP_NOFAIL applies to it.
 */
#define RTKM_BLOCK_GFP_KEEP	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HIGH | \
				 __GFP_NOWARN | __GFP_NORETRY | __GFP_RETRY_MAYFAIL | \
				 __GFP_MEMALLOC | __GFP_NOMEMALLOC)

/* Pool blocks come from any zone; one in a given zone cannot be promised. */
#define RTKM_GFP_ZONES		(__GFP_DMA | __GFP_DMA32)

/*
 * Requests up to a page are plain kmalloc() memory, as in the vendor's
 * RTKM: vendor code frees some of them with kfree() or krealloc(), which
 * must keep working. Larger ones come from the pools.
 */
static bool rtkm_wants_pool(size_t size)
{
	return size > PAGE_SIZE;
}

/* Out of line: the allocation path stays short enough to inline. */
static noinline void rtkm_alloc_failed(unsigned int order, size_t size,
				       bool atomic_only, unsigned long caller)
{
	struct rtkm_usage usage;

	rtkm_core_usage(&rtkm_pools, order, &usage);
	trace_rtkm_fail(order, size, NULL, caller, &usage);
	if (atomic_only && READ_ONCE(rtkm_mem_exp)) {
		rtkm_defer_growth(order);
		pr_warn_ratelimited("order %u pool empty (%lu/%lu in use) for %zu bytes from %pS in a context that cannot allocate pages; growing it from a workqueue\n",
				    order, usage.use, usage.owned, size,
				    (void *)caller);
	} else {
		pr_warn_ratelimited("order %u pool exhausted (%lu/%lu in use, %lu failed) for %zu bytes from %pS\n",
				    order, usage.use, usage.owned,
				    usage.failed, size, (void *)caller);
	}
}

/*
 * What an allocation reports when its order is traced or the rtkm_alloc
 * event is on, out of line, with the pool's state read here rather than
 * by the engine: with both off, the fast path pays one static branch (a
 * no-op instruction) and no call, and is laid out as in a build without
 * tracepoints (when the engine filled a snapshot for the events, the
 * return from it took an extra jump). The bench measured 8% on the
 * same-CPU pair under TCG when the events were called inline.
 */
static noinline void rtkm_report_alloc(void *addr, size_t size,
				       unsigned int order, unsigned long caller,
				       bool traced,
				       const struct rtkm_trace_rec *trace)
{
	struct rtkm_usage usage;

	rtkm_core_usage(&rtkm_pools, order, &usage);
	if (traced)
		rtkm_trace_alloc(addr, size, order, &usage, trace);
	if (addr)
		trace_rtkm_alloc(order, size, addr, caller, &usage);
}

static __always_inline void *rtkm_alloc(size_t size, gfp_t flags,
					unsigned long caller)
{
	struct rtkm_owner owner = { .caller = caller, .size = size };
	bool traced, may_grow, atomic_only;
	unsigned int order;
	void *addr;

	if (!rtkm_wants_pool(size))
		return kmalloc(size, flags);
	if (unlikely(size > RTKM_MAX_BYTES)) {
		pr_warn_once("%zu bytes from %pS is above the largest pool (order %u); returning NULL\n",
			     size, (void *)caller, RTKM_MAX_ORDER);
		return NULL;
	}
	if (unlikely(flags & RTKM_GFP_ZONES)) {
		pr_warn_ratelimited("%zu bytes from %pS with a DMA zone flag (gfp %pGg): pool blocks are not zone-restricted; returning NULL\n",
				    size, (void *)caller, &flags);
		return NULL;
	}
	if (unlikely(!rtkm_is_ready())) {
		pr_warn_ratelimited("%zu bytes from %pS before rtkm_prealloc_init(); returning NULL\n",
				    size, (void *)caller);
		return NULL;
	}

	order = get_order(size);
	flags = (flags & RTKM_BLOCK_GFP_KEEP) | __GFP_NOWARN;
	/* Hard-IRQ context, and atomic context on PREEMPT_RT: pool or NULL. */
	atomic_only = !rtkm_may_allocate();
	may_grow = READ_ONCE(rtkm_mem_exp) && !atomic_only;
	traced = rtkm_order_traced(order);
	if (traced && !atomic_only)
		owner.trace = rtkm_trace_capture(flags, caller);

	addr = rtkm_core_alloc(&rtkm_pools, order, may_grow, flags, &owner,
			       NULL);
	if (unlikely(traced || trace_rtkm_alloc_enabled()))
		rtkm_report_alloc(addr, size, order, caller, traced,
				  owner.trace);
	if (likely(addr))
		return addr;

	rtkm_trace_put(owner.trace);
	rtkm_alloc_failed(order, size, atomic_only, caller);
	return NULL;
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

/*
 * Whether @objp may be memory that rtkm_alloc() got from kmalloc(): a slab
 * object of at most a page. Which small slab objects are ours cannot be
 * known without a record of each, and vendor code frees some of them with
 * kfree() directly, which would leave such a record stale; so every small
 * slab object is taken for ours. Anything else (a larger slab object, a
 * page from the page allocator, vmalloc, module or stack memory) is not.
 */
static bool rtkm_maybe_kmalloced(const void *objp)
{
	if (!virt_addr_valid(objp) || !PageSlab(virt_to_head_page(objp)))
		return false;
	return ksize(objp) <= PAGE_SIZE;
}

/* The free-side twin of rtkm_report_alloc(), out of line for the same reason. */
static noinline void rtkm_report_free(const void *objp,
				      struct rtkm_freed *freed,
				      unsigned long caller, bool traced)
{
	rtkm_core_usage(&rtkm_pools, freed->order, &freed->usage);
	trace_rtkm_free(freed->order, freed->owner.size, objp, caller,
			&freed->usage);
	if (traced)
		rtkm_trace_release(objp, freed, caller);
}

void rtkm_kfree(const void *objp, size_t size)
{
	unsigned long caller = _RET_IP_;
	struct rtkm_freed freed;
	bool traced;
	int ret;

	if (ZERO_OR_NULL_PTR(objp))
		return;

	ret = rtkm_core_free(&rtkm_pools, objp, &freed);
	switch (ret) {
	case 0:
		traced = rtkm_order_traced(freed.order);
		if (unlikely(traced || trace_rtkm_free_enabled()))
			rtkm_report_free(objp, &freed, caller, traced);
		rtkm_trace_put(freed.owner.trace);
		return;
	case -EALREADY:
		pr_err_ratelimited("%s: double free of %p (size %zu) by %pS; ignored\n",
				   __func__, objp, size, (void *)caller);
		return;
	case -ESTALE:
		rtkm_trace_put(freed.owner.trace);
		pr_err_ratelimited("%s: order-%u block %p (allocated by %pS) was also freed with kfree(), free_pages() or put_page(), or is still held by get_page() (%d page references, RTKM expects 2); freed by %pS, taken out of service\n",
				   __func__, freed.order, objp,
				   (void *)freed.owner.caller,
				   page_ref_count(virt_to_page(objp)),
				   (void *)caller);
		return;
	}
	if (rtkm_maybe_kmalloced(objp)) {
		kfree(objp);
		return;
	}
	pr_err_ratelimited("%s: %p (size %zu) by %pS was not allocated by rtkm; ignored\n",
			   __func__, objp, size, (void *)caller);
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_kfree);

/* The rtkm_grow event, with the pool snapshot only taken when it is on. */
static void rtkm_trace_grow(unsigned int order, unsigned int blocks,
			    size_t size, const void *block,
			    unsigned long caller)
{
	struct rtkm_usage usage;

	if (!blocks || !trace_rtkm_grow_enabled())
		return;
	rtkm_core_usage(&rtkm_pools, order, &usage);
	trace_rtkm_grow(order, blocks, size, block, caller, &usage);
}

void rtkm_report_grown(unsigned int order, const void *addr,
		       const struct rtkm_owner *owner)
{
	rtkm_trace_grow(order, 1, owner->size, addr, owner->caller);
}

/* Growth by a batch: from the workqueue, or a reserve written to /proc. */
void rtkm_report_batch_grown(unsigned int order, unsigned int blocks,
			     unsigned long caller)
{
	rtkm_trace_grow(order, blocks, 0, NULL, caller);
}

void rtkm_report_overwritten(unsigned int order, const void *addr,
			     size_t offset, const struct rtkm_owner *last)
{
	pr_err("use after free: order-%u block %p was written at offset %zu after it was freed (last allocated by %pS, %u bytes); taken out of service\n",
	       order, addr, offset, (void *)last->caller, last->size);
}

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
