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
 */
#include <linux/mm.h>

#include "rtkm_core.h"

/* The allocation's reference and the pool's pin. */
#define RTKM_BLOCK_REFS		2

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

bool rtkm_pages_intact(const void *addr)
{
	return page_ref_count(virt_to_page(addr)) == RTKM_BLOCK_REFS;
}

unsigned long rtkm_pages_tag(const void *addr)
{
	/* Anything outside the linear map (vmalloc, stack, junk) is foreign. */
	if (!PAGE_ALIGNED(addr) || !virt_addr_valid(addr))
		return 0;
	return READ_ONCE(virt_to_page(addr)->private);
}

void rtkm_pages_set_tag(void *addr, unsigned long tag)
{
	set_page_private(virt_to_page(addr), tag);
}
