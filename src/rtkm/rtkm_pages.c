// SPDX-License-Identifier: GPL-2.0
/*
 * The page services of the pool engine, on the kernel's page allocator.
 *
 * Blocks are compound pages, so the head page's ->private belongs to us
 * and holds the block's tag; any other page may hold anything there, and
 * the engine validates the tag before trusting it.
 *
 * Each block carries one page reference more than its allocation, the
 * pool's pin. A driver that frees a block with kfree() (it expected
 * kmalloc memory), free_pages() or put_page() drops a reference, not the
 * block: compound pages are only given back when the last reference goes.
 * The pool then sees one reference missing when the block comes back, and
 * takes it out of service instead of handing it out again.
 *
 * The two checks every free makes, rtkm_pages_tag() and
 * rtkm_pages_intact(), are inline in rtkm_pages.h.
 */
#include <linux/mm.h>

#include "rtkm_core.h"

void *rtkm_pages_alloc(unsigned int order, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp | __GFP_COMP, order);

	if (!page)
		return NULL;
	get_page(page);
	return page_address(page);
}

void rtkm_pages_free(void *addr, unsigned int order)
{
	struct page *page = virt_to_page(addr);

	/* The pin first: the page goes back with the allocation's reference. */
	put_page(page);
	__free_pages(page, order);
}

void rtkm_pages_set_tag(void *addr, unsigned long tag)
{
	set_page_private(virt_to_page(addr), tag);
}
