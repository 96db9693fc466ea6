/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page services every rtkm_core_free() calls, inline for the kernel
 * build (see rtkm_pages.c for how blocks use their pages); the unit tests
 * provide their own.
 */
#ifndef RTKM_PAGES_H
#define RTKM_PAGES_H

#include <linux/mm.h>

/* The allocation's reference and the pool's pin. */
#define RTKM_BLOCK_REFS		2

static inline bool rtkm_pages_intact(const void *addr)
{
	return page_ref_count(virt_to_page(addr)) == RTKM_BLOCK_REFS;
}

static inline unsigned long rtkm_pages_tag(const void *addr)
{
	/* Anything outside the linear map (vmalloc, stack, junk) is foreign. */
	if (!PAGE_ALIGNED(addr) || !virt_addr_valid(addr))
		return 0;
	return READ_ONCE(virt_to_page(addr)->private);
}

#endif /* RTKM_PAGES_H */
