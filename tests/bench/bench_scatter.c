// SPDX-License-Identifier: GPL-2.0
/*
 * A second fragmentation step after rtkm_frag.ko, for the scenarios run
 * with scatter=1. rtkm_frag asks GFP_KERNEL and so stops at the min
 * watermark, leaving the free memory below it in large blocks that the
 * page allocator splits happily for a driver. Here every block of order
 * 1 and up that GFP_ATOMIC can still get is split into single pages and
 * every other page given back, the way rtkm_frag treats the rest: what
 * stays free is scattered single pages, as on a machine where long uptime
 * and reloads have left no large block anywhere.
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "rtkm_bench.h"

/* The largest buddy order: MAX_PAGE_ORDER since 6.8, MAX_ORDER - 1 in 6.1. */
#ifdef MAX_PAGE_ORDER
#define BENCH_TOP_ORDER		MAX_PAGE_ORDER
#else
#define BENCH_TOP_ORDER		(MAX_ORDER - 1)
#endif

static LIST_HEAD(bench_scattered);
static unsigned long bench_nr_scattered;

void bench_scatter_take(void)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN;
	unsigned long blocks = 0;
	struct page *page;
	unsigned int order, i;

	for (order = BENCH_TOP_ORDER; order >= 1; order--) {
		while ((page = alloc_pages(gfp, order))) {
			/* Each page of the block becomes a page of its own. */
			split_page(page, order);
			for (i = 0; i < (1U << order); i++) {
				if (i & 1) {
					list_add(&page[i].lru, &bench_scattered);
					bench_nr_scattered++;
				} else {
					__free_page(&page[i]);
				}
			}
			/* Taking a block clears it (init_on_alloc): slow under TCG. */
			blocks++;
			cond_resched();
		}
	}
	pr_info("scatter: split %lu blocks of order 1 and up, keeping %lu pages\n",
		blocks, bench_nr_scattered);
}

void bench_scatter_release(void)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &bench_scattered, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	bench_nr_scattered = 0;
}
