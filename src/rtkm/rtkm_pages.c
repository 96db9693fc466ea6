// SPDX-License-Identifier: GPL-2.0
/*
 * The page services of the pool engine, on the kernel's page allocator.
 *
 * Blocks are plain (non-compound) high-order allocations, so the first
 * page's ->private belongs to us and holds the block's tag. Any other page
 * may hold anything there; the engine validates the tag before trusting it.
 */
#include <linux/mm.h>

#include "rtkm_core.h"

void *rtkm_pages_alloc(unsigned int order, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? page_address(page) : NULL;
}

void rtkm_pages_free(void *addr, unsigned int order)
{
	__free_pages(virt_to_page(addr), order);
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
