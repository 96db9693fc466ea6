// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: the mistakes buggy drivers make with RTKM, each followed by
 * a check that memory is still intact. Every function is out of line so
 * that RTKM's reports name it as the caller.
 *
 *   badfree KIND [SIZE]  rtkm_kfree() of memory RTKM must refuse
 *   stray KIND           a pool block freed with kfree(), free_pages()
 *                        or put_page() instead of rtkm_kfree()
 *   uaf                  a write to a pool block after rtkm_kfree()
 *   zone                 a pool-sized request with __GFP_DMA32
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "rtkm.h"
#include "rtkm_test.h"

#define RTKM_TEST_BLOCK	(2 * PAGE_SIZE)	/* an order-1 pool block */
#define RTKM_TEST_ORDER	1
/* Fresh pages asked for after a stray free: a page freed to the system comes back among them. */
#define RTKM_TEST_TRIES	64

static u8 rtkm_module_data[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Kbuild.inc sets this where kfree() refuses a non-kmalloc page itself. */
#ifdef RTKM_TEST_KFREE_CHECKS_PAGES
static const bool rtkm_kernel_refuses_kfree = true;
#else
static const bool rtkm_kernel_refuses_kfree;
#endif

static bool rtkm_filled_with(const u8 *p, size_t size, u8 fill)
{
	return p[0] == fill && !memcmp(p, p + 1, size - 1);
}

/* rtkm_kfree() of @p must leave its @size bytes of @fill untouched. */
static noinline bool rtkm_refused(u8 *p, size_t size, u8 fill)
{
	memset(p, fill, size);
	rtkm_kfree(p, size);
	return rtkm_filled_with(p, size, fill);
}

/*
 * A page of the page allocator whose ->private holds @tag: rtkm_kfree()
 * finds a plausible tag there and must still refuse it.
 */
static noinline bool rtkm_refused_tagged(unsigned long tag, gfp_t gfp)
{
	struct page *page = alloc_pages(GFP_KERNEL | gfp, RTKM_TEST_ORDER);
	bool intact;

	if (!page)
		return false;
	set_page_private(page, tag);
	intact = rtkm_refused(page_address(page), RTKM_TEST_BLOCK, 0x6d);
	set_page_private(page, 0);
	__free_pages(page, RTKM_TEST_ORDER);
	return intact;
}

/* A block of the pool and the tag RTKM keeps in its first page. */
static noinline u8 *rtkm_block_and_tag(unsigned long *tag)
{
	u8 *p = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);

	if (p)
		*tag = page_private(virt_to_page(p));
	return p;
}

static noinline int rtkm_badfree_double(bool *intact)
{
	u8 *p = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL), *a, *b;

	if (!p)
		return -ENOMEM;
	rtkm_kfree(p, RTKM_TEST_BLOCK);
	rtkm_kfree(p, RTKM_TEST_BLOCK);
	/* Freed twice into a cache, the block would now be handed out twice. */
	a = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);
	b = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);
	*intact = a && b && a != b;
	rtkm_kfree(a, RTKM_TEST_BLOCK);
	rtkm_kfree(b, RTKM_TEST_BLOCK);
	return 0;
}

static noinline int rtkm_badfree_slab(unsigned int size, bool *intact)
{
	u8 *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	*intact = rtkm_refused(p, size, 0x5c);
	/* Its owner frees it: with RTKM's kfree() before, a double free. */
	kfree(p);
	return 0;
}

int rtkm_test_badfree(char *kind, char *arg, bool *intact)
{
	unsigned long tag;
	unsigned int size;
	u8 local[64], *p;
	int ret = 0;

	if (!strcmp(kind, "double"))
		return rtkm_badfree_double(intact);
	if (!strcmp(kind, "slab")) {
		if (!arg || kstrtouint(arg, 0, &size) || !size)
			return -EINVAL;
		return rtkm_badfree_slab(size, intact);
	}
	if (!strcmp(kind, "interior") || !strcmp(kind, "tagged") ||
	    !strcmp(kind, "badindex") || !strcmp(kind, "compound")) {
		/* A live block whose tag the foreign pointer carries. */
		p = rtkm_block_and_tag(&tag);
		if (!p)
			return -ENOMEM;
		memset(p, 0x3c, RTKM_TEST_BLOCK);
		*intact = true;
		if (!strcmp(kind, "interior"))
			*intact = rtkm_refused(p + PAGE_SIZE, PAGE_SIZE, 0x3c);
		else if (!strcmp(kind, "tagged"))
			*intact = rtkm_refused_tagged(tag, 0);
		else if (!strcmp(kind, "compound"))
			*intact = rtkm_refused_tagged(tag, __GFP_COMP);
		else
			*intact = rtkm_refused_tagged(tag | (0xfffffUL << 8), 0);
		/* The real block must still be its owner's. */
		*intact = *intact && rtkm_filled_with(p, RTKM_TEST_BLOCK, 0x3c);
		rtkm_kfree(p, RTKM_TEST_BLOCK);
		return 0;
	}
	if (!strcmp(kind, "page")) {
		*intact = rtkm_refused_tagged(0xdead0, 0);
	} else if (!strcmp(kind, "vmalloc")) {
		p = vmalloc(RTKM_TEST_BLOCK);
		if (!p)
			return -ENOMEM;
		*intact = rtkm_refused(p, RTKM_TEST_BLOCK, 0x2d);
		vfree(p);
	} else if (!strcmp(kind, "module")) {
		*intact = rtkm_refused(rtkm_module_data, PAGE_SIZE, 0x4d);
	} else if (!strcmp(kind, "stack")) {
		*intact = rtkm_refused(local, sizeof(local), 0x11);
	} else {
		ret = -EINVAL;
	}
	return ret;
}

/*
 * Whether @p came back from the page allocator among fresh blocks of its
 * order: a page freed to it is handed out again first, from the per-CPU
 * lists, so a stray free that really freed the block shows here.
 */
static noinline bool rtkm_reclaimed_by_system(const u8 *p)
{
	struct page *pages[RTKM_TEST_TRIES];
	bool seen = false;
	int i;

	for (i = 0; i < RTKM_TEST_TRIES; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, RTKM_TEST_ORDER);
		if (pages[i] && page_address(pages[i]) == p)
			seen = true;
	}
	for (i = 0; i < RTKM_TEST_TRIES; i++)
		if (pages[i])
			__free_pages(pages[i], RTKM_TEST_ORDER);
	return seen;
}

int rtkm_test_stray(char *kind, char *result, size_t len)
{
	bool kept, intact;
	u8 *p;
	int refs;

	if (rtkm_kernel_refuses_kfree && !strcmp(kind, "kfree")) {
		snprintf(result, len, "stray=kfree skip=the kernel refuses it\n");
		return 0;
	}
	p = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memset(p, 0x7e, RTKM_TEST_BLOCK);
	if (!strcmp(kind, "kfree"))
		kfree(p);
	else if (!strcmp(kind, "free_pages"))
		free_pages((unsigned long)p, RTKM_TEST_ORDER);
	else if (!strcmp(kind, "put_page"))
		put_page(virt_to_page(p));
	else
		return -EINVAL;
	kept = !rtkm_reclaimed_by_system(p);
	refs = page_ref_count(virt_to_page(p));
	intact = kept && rtkm_filled_with(p, RTKM_TEST_BLOCK, 0x7e);
	/* Now the driver frees it the right way too. */
	rtkm_kfree(p, RTKM_TEST_BLOCK);
	snprintf(result, len, "stray=%s kept=%d intact=%d refs=%d\n", kind,
		 kept, intact, refs);
	return 0;
}

int rtkm_test_uaf(char *result, size_t len)
{
	u8 *p, *q;

	p = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	rtkm_kfree(p, RTKM_TEST_BLOCK);
	/* The write after free: the block is still the pool's memory. */
	p[1234] = 0x5a;
	q = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL);
	snprintf(result, len, "uaf got_same=%d got=%d\n", q == p, !!q);
	rtkm_kfree(q, RTKM_TEST_BLOCK);
	return 0;
}

int rtkm_test_zone(char *result, size_t len)
{
	void *p = rtkm_kmalloc(RTKM_TEST_BLOCK, GFP_KERNEL | GFP_DMA32);

	snprintf(result, len, "zone_null=%d\n", !p);
	rtkm_kfree(p, RTKM_TEST_BLOCK);
	return 0;
}
