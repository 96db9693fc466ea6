// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: fragments memory the way long uptimes do. At load it takes
 * unmovable order-0 pages until little memory is free, then gives back
 * every other one, so plenty of memory is free but almost none of it as
 * blocks of order 1 or more. Unloading gives everything back.
 */
#define pr_fmt(fmt) "rtkm_frag: " fmt

#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>

static unsigned int leave_mb = 32;
module_param(leave_mb, uint, 0444);
MODULE_PARM_DESC(leave_mb, "stop taking pages when this much memory is free");

static LIST_HEAD(held_pages);
static unsigned long nr_held;

static unsigned long free_mb(void)
{
	struct sysinfo si;

	si_meminfo(&si);
	return (si.freeram * si.mem_unit) >> 20;
}

static void rtkm_frag_release(void)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &held_pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	nr_held = 0;
}

static int __init rtkm_frag_init(void)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN;
	struct page *page, *next;
	unsigned long taken = 0;

	while (free_mb() > leave_mb) {
		page = alloc_page(gfp);
		if (!page)
			break;
		list_add_tail(&page->lru, &held_pages);
		if (!(++taken % 4096))
			cond_resched();
	}
	/*
	 * Give back the pages with an even frame number: the buddy of each
	 * is odd and stays taken, so none of them can merge into order 1.
	 */
	list_for_each_entry_safe(page, next, &held_pages, lru) {
		if (page_to_pfn(page) & 1) {
			nr_held++;
			continue;
		}
		list_del(&page->lru);
		__free_page(page);
	}
	pr_info("took %lu pages, kept %lu; %lu MiB free in scattered pages\n",
		taken, nr_held, free_mb());
	return 0;
}
module_init(rtkm_frag_init);

static void __exit rtkm_frag_exit(void)
{
	rtkm_frag_release();
}
module_exit(rtkm_frag_exit);

MODULE_DESCRIPTION("Test-only memory fragmenter");
MODULE_LICENSE("GPL");
