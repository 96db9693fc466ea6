// SPDX-License-Identifier: GPL-2.0
/*
 * The allocators under test behind one get/put interface, so the timing
 * loops are the same code for all of them. Page allocators hand back the
 * struct page itself: converting it to an address is not part of their
 * cost. The "page" variants and the mempool get the order; rtkm, kmalloc
 * and vmalloc get the same size in bytes, as a driver would ask.
 * kmalloc64 asks for 64 bytes whatever the order: SLUB's per-CPU fast
 * path, the least any allocator can cost in the same guest.
 */
#include <linux/gfp.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "rtkm.h"
#include "rtkm_bench.h"

struct bench_alloc {
	enum bench_kind kind;
	unsigned int order;
	size_t size;
	mempool_t *mempool;
};

static const char *const bench_kind_names[BENCH_NR_KINDS] = {
	[BENCH_RTKM] = "rtkm",
	[BENCH_PAGES_KERNEL] = "pages_kernel",
	[BENCH_PAGES_ATOMIC] = "pages_atomic",
	[BENCH_KMALLOC] = "kmalloc",
	[BENCH_MEMPOOL] = "mempool",
	[BENCH_VMALLOC] = "vmalloc",
	[BENCH_KMALLOC64] = "kmalloc64",
};

const char *bench_kind_name(enum bench_kind kind)
{
	return bench_kind_names[kind];
}

/*
 * @reserve is the mempool's min_nr: the same number of blocks rtkm keeps
 * in that order's pool, so both start with the same memory set aside.
 */
struct bench_alloc *bench_alloc_create(enum bench_kind kind,
				       unsigned int order,
				       unsigned int reserve)
{
	struct bench_alloc *ba = kzalloc(sizeof(*ba), GFP_KERNEL);

	if (!ba)
		return NULL;
	ba->kind = kind;
	ba->order = order;
	ba->size = PAGE_SIZE << order;
	if (kind == BENCH_MEMPOOL) {
		ba->mempool = mempool_create_page_pool(reserve, order);
		if (!ba->mempool) {
			kfree(ba);
			return NULL;
		}
	}
	return ba;
}

void bench_alloc_destroy(struct bench_alloc *ba)
{
	if (!ba)
		return;
	mempool_destroy(ba->mempool);
	kfree(ba);
}

void *bench_get(struct bench_alloc *ba)
{
	switch (ba->kind) {
	case BENCH_RTKM:
		return rtkm_kmalloc(ba->size, GFP_KERNEL);
	case BENCH_PAGES_KERNEL:
		return alloc_pages(GFP_KERNEL | __GFP_NOWARN, ba->order);
	case BENCH_PAGES_ATOMIC:
		return alloc_pages(GFP_ATOMIC | __GFP_NOWARN, ba->order);
	case BENCH_KMALLOC:
		return kmalloc(ba->size, GFP_KERNEL | __GFP_NOWARN);
	case BENCH_MEMPOOL:
		return mempool_alloc(ba->mempool, GFP_KERNEL);
	case BENCH_VMALLOC:
		return vmalloc(ba->size);
	case BENCH_KMALLOC64:
		return kmalloc(64, GFP_KERNEL);
	default:
		return NULL;
	}
}

void *bench_get_atomic(struct bench_alloc *ba)
{
	switch (ba->kind) {
	case BENCH_RTKM:
		return rtkm_kmalloc(ba->size, GFP_ATOMIC);
	case BENCH_PAGES_KERNEL:
	case BENCH_PAGES_ATOMIC:
		return alloc_pages(GFP_ATOMIC | __GFP_NOWARN, ba->order);
	case BENCH_KMALLOC:
		return kmalloc(ba->size, GFP_ATOMIC | __GFP_NOWARN);
	case BENCH_MEMPOOL:
		return mempool_alloc(ba->mempool, GFP_ATOMIC);
	case BENCH_KMALLOC64:
		return kmalloc(64, GFP_ATOMIC);
	default:
		return NULL;	/* vmalloc may sleep */
	}
}

void bench_put(struct bench_alloc *ba, void *p)
{
	switch (ba->kind) {
	case BENCH_RTKM:
		rtkm_kfree(p, ba->size);
		break;
	case BENCH_PAGES_KERNEL:
	case BENCH_PAGES_ATOMIC:
		__free_pages(p, ba->order);
		break;
	case BENCH_KMALLOC:
	case BENCH_KMALLOC64:
		kfree(p);
		break;
	case BENCH_MEMPOOL:
		mempool_free(p, ba->mempool);
		break;
	case BENCH_VMALLOC:
		vfree(p);
		break;
	default:
		break;
	}
}
