// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pool engine (rtkm_core.c) and the table and mask
 * parser (rtkm_table.c), built in userspace under ASan and UBSan.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "rtkm_core.h"
#include "shim.h"
#include "tap.h"

#define GFP	0u

static struct rtkm rk;

static const struct rtkm_owner owner_a = { .caller = 0xa11c, .size = 8192 };

/* Without a snapshot, which would take the CPU caches' blocks back. */
static void *take(unsigned int order, bool grow)
{
	return rtkm_core_alloc(&rk, order, grow, GFP, &owner_a, NULL);
}

static struct rtkm_usage usage_of(unsigned int order)
{
	struct rtkm_usage u;

	rtkm_core_usage(&rk, order, &u);
	return u;
}

static int give(const void *p)
{
	struct rtkm_freed f;

	return rtkm_core_free(&rk, p, &f);
}

static void destroy_all(void)
{
	unsigned int order;

	for (order = 0; order < RTKM_NR_ORDERS; order++)
		rtkm_core_destroy_pool(&rk, order, NULL, NULL);
}

/* The table collected into one string. */
static char table[2048];

static void collect(void *ctx, const char *line)
{
	(void)ctx;
	strcat(table, line);
	strcat(table, "\n");
}

static void fill_table(bool growth)
{
	table[0] = '\0';
	rtkm_table_emit(&rk, growth, collect, NULL);
}

/*
 * The guide's pools and the table users read, with the size column for the
 * page size this test is built for: orders are page orders, so a block of
 * order n is PAGE_SIZE << n bytes (the guide's figures are for 4 KiB).
 */
#if PAGE_SHIFT == 12
#define GUIDE_ROWS							\
	"     1          0          0      12292  100696064\n"		\
	"     2          0          0          1      16384\n"		\
	"     3          0          0        132    4325376\n"		\
	"     7          0          0          3    1572864\n"		\
	"   sum          0          0      12428  106610688\n"
#define GUIDE_BYTES	106610688L
#elif PAGE_SHIFT == 14
#define GUIDE_ROWS							\
	"     1          0          0      12292  402784256\n"		\
	"     2          0          0          1      65536\n"		\
	"     3          0          0        132   17301504\n"		\
	"     7          0          0          3    6291456\n"		\
	"   sum          0          0      12428  426442752\n"
#define GUIDE_BYTES	426442752L
#elif PAGE_SHIFT == 16
#define GUIDE_ROWS							\
	"     1          0          0      12292 1611137024\n"		\
	"     2          0          0          1     262144\n"		\
	"     3          0          0        132   69206016\n"		\
	"     7          0          0          3   25165824\n"		\
	"   sum          0          0      12428 1705771008\n"
#define GUIDE_BYTES	1705771008L
#else
#error "the guide's table is written out for 4, 16 and 64 KiB pages only"
#endif

static void test_guide_table(void)
{
	static const int guide[RTKM_NR_ORDERS] = { 0, 12292, 1, 132, 0, 0, 0, 3, 0 };
	static const char expect[] =
		"====================== RTKM ======================\n"
		" order        use       peak     alloc+       size\n"
		"--------------------------------------------------\n"
		GUIDE_ROWS;
	unsigned int order, filled;
	long meta;
	int ret = 0;

	rtkm_core_init(&rk);
	for (order = 0; order < RTKM_NR_ORDERS; order++)
		ret |= rtkm_core_fill(&rk, order, guide[order], GFP, &filled);
	ok(!ret, "filling the guide's pools succeeds");
	fill_table(true);
	ok(!strcmp(table, expect), "table matches the guide's sizes");
	if (strcmp(table, expect))
		printf("# got:\n%s", table);
	is_long(shim_live_page_blocks(), 12428, "12428 page blocks taken");

	/* Bookkeeping stays far below 1.5% of the pooled bytes. */
	meta = shim_live_kmalloc_bytes();
	ok(meta * 1000 < GUIDE_BYTES * 15, "bookkeeping %ld bytes is %.2f%% of pooled bytes",
	   meta, meta * 100.0 / GUIDE_BYTES);
	destroy_all();
	is_long(shim_live_page_blocks(), 0, "destroy returns every block");
	is_long(shim_live_kmalloc_bytes(), 0, "destroy frees all bookkeeping");
}

/* The same pools on a machine with 64 possible CPUs, caches counted. */
#define CACHE_FILL	16

static void test_guide_bookkeeping_64_cpus(void)
{
	static const int guide[RTKM_NR_ORDERS] = { 0, 12292, 1, 132, 0, 0, 0, 3, 0 };
	unsigned int order, filled, i;
	void *p[CACHE_FILL];
	long meta;
	int cpu;

	shim_set_possible_cpus(64);
	rtkm_core_init(&rk);
	for (order = 0; order < RTKM_NR_ORDERS; order++)
		rtkm_core_fill(&rk, order, guide[order], GFP, &filled);
	/* Every CPU uses the two cached pools, so every cache is filled. */
	for (cpu = 0; cpu < 64; cpu++) {
		shim_set_cpu(cpu);
		for (order = 1; order <= 3; order += 2) {
			for (i = 0; i < CACHE_FILL; i++)
				p[i] = take(order, false);
			for (i = 0; i < CACHE_FILL; i++)
				give(p[i]);
		}
	}
	shim_set_cpu(0);
	meta = shim_live_kmalloc_bytes();
	ok(meta * 1000 < GUIDE_BYTES * 15,
	   "64 CPUs: bookkeeping with CPU caches %ld bytes is %.2f%% of pooled bytes",
	   meta, meta * 100.0 / GUIDE_BYTES);
	destroy_all();
	is_long(shim_live_kmalloc_bytes(), 0, "destroy frees every CPU cache");
	shim_set_possible_cpus(16);
}

static void test_order0_overhead(void)
{
	unsigned int filled;
	long meta;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 0, 10000, GFP, &filled);
	meta = shim_live_kmalloc_bytes();
	ok(meta * 1000 < 10000L * (long)PAGE_SIZE * 15,
	   "order-0 bookkeeping %.2f%% of pooled bytes (< 1.5%%)",
	   meta * 100.0 / (10000.0 * PAGE_SIZE));
	destroy_all();
}

static void test_counters(void)
{
	unsigned int filled;
	void *p[6];
	int i;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 1, 4, GFP, &filled);
	for (i = 0; i < 4; i++)
		p[i] = take(1, false);
	is_long(usage_of(1).use, 4, "use after 4 allocs");
	ok(!take(1, false), "empty pool without growth gives NULL");
	is_long(usage_of(1).failed, 1, "the failure is counted");
	is_long(usage_of(1).owned, 4, "no growth when it is off");
	give(p[3]);
	give(p[2]);
	is_long(usage_of(1).use, 2, "use after 2 frees");
	is_long(usage_of(1).peak, 4, "peak remembers 4");
	ok(take(1, false) == p[2], "the last freed block comes back first");
	p[4] = take(1, true);
	p[5] = take(1, true);
	ok(p[4] == p[3] && p[5] && p[5] != p[3], "a pool grows only when empty");
	is_long(usage_of(1).owned, 5, "growth adds one block for good");
	is_long(shim_grown(1), 1, "... and is reported once");
	is_long(usage_of(1).peak, 5, "peak follows growth");
	give(p[5]);
	give(p[4]);
	rtkm_core_reset_peak(&rk, 1);
	is_long(usage_of(1).peak, 3, "a reset peak starts at the use (3)");
	is_long(usage_of(1).use, 3, "... and leaves the use alone");
	p[4] = take(1, false);
	is_long(usage_of(1).peak, 4, "... and rises again from there");
	give(p[4]);
	is_long(usage_of(1).peak, 4, "... and holds after a free");
	for (i = 0; i < 3; i++)
		give(p[i]);
	is_long(usage_of(1).use, 0, "everything back");
	rtkm_core_reset_peak(&rk, 1);
	is_long(usage_of(1).peak, 0, "a reset with nothing in use gives peak 0");
	is_long(usage_of(1).owned, 5, "grown block stays");
	is_long(shim_grown(1), 1, "no growth reported without one");
	fill_table(false);
	ok(strstr(table, "      alloc       size\n") != NULL, "header says alloc without growth");
	ok(strstr(table, "failed allocations: 1\n") != NULL, "failures listed");
	ok(!strstr(table, "\n     0 "), "no row for an order without blocks");
	destroy_all();
}

static void test_growth_failures(void)
{
	long blocks, meta;

	rtkm_core_init(&rk);
	shim_fail_pages_after(1);
	ok(!take(2, true), "growth fails when the page allocator fails");
	is_long(usage_of(2).failed, 1, "... and is counted");
	is_long(usage_of(2).owned, 0, "... and adds nothing");

	/*
	 * The very first block of a pool needs a descriptor chunk (first
	 * kmalloc) and a chunk table (second); small pools have no CPU caches.
	 */
	blocks = shim_live_page_blocks();
	meta = shim_live_kmalloc_bytes();
	shim_fail_kmalloc_after(1);
	ok(!take(2, true), "growth fails when bookkeeping cannot be allocated");
	is_long(shim_live_page_blocks(), blocks, "... and the block goes back");
	is_long(shim_live_kmalloc_bytes(), meta, "... and no bookkeeping leaks");
	shim_fail_kmalloc_after(2);
	ok(!take(2, true), "growth fails when the chunk table cannot be allocated");
	is_long(shim_live_page_blocks(), blocks, "... and the block goes back");
	is_long(shim_live_kmalloc_bytes(), meta, "... and the chunk is freed");
	is_long(usage_of(2).failed, 3, "every failure counted");
	is_long(shim_grown(2), 0, "no failed growth is reported as growth");
	destroy_all();
}

/*
 * A pool gets CPU caches when it reaches RTKM_PCP_MIN_BLOCKS blocks.
 * Without memory for them it still works, on its lock alone.
 */
static void test_no_cpu_caches(void)
{
	void *held[RTKM_PCP_MIN_BLOCKS], *p[4];
	unsigned int filled, i;
	long meta;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 4, RTKM_PCP_MIN_BLOCKS - 4, GFP, &filled);
	for (i = 0; i < RTKM_PCP_MIN_BLOCKS - 4; i++)
		held[i] = take(4, false);
	meta = shim_live_kmalloc_bytes();
	p[0] = take(4, true);
	is_long(shim_live_kmalloc_bytes(), meta, "below %u blocks a pool has no CPU caches",
		RTKM_PCP_MIN_BLOCKS);
	shim_fail_kmalloc_after(1);
	p[1] = take(4, true);
	ok(p[1] != NULL, "growth succeeds when the CPU caches cannot be allocated");
	shim_fail_kmalloc_after(1);
	p[2] = take(4, true);
	ok(p[2] != NULL, "... and again");
	is_long(shim_live_kmalloc_bytes(), meta, "no CPU caches were made");
	is_long(usage_of(4).use, RTKM_PCP_MIN_BLOCKS - 1, "use counts blocks in use");
	for (i = 0; i < 3; i++)
		is_long(give(p[i]), 0, "block %u freed", i);
	is_long(give(p[1]), -EALREADY, "a double free is still caught");
	p[0] = take(4, false);
	ok(p[0] != NULL, "a freed block is handed out again");
	is_long(usage_of(4).use, RTKM_PCP_MIN_BLOCKS - 3, "use follows");
	is_long(usage_of(4).peak, RTKM_PCP_MIN_BLOCKS - 1, "peak kept");
	is_long(give(p[0]), 0, "and freed");
	shim_fail_kmalloc_after(0);
	for (i = 0; i < 4; i++)
		p[i] = take(4, true);
	ok(shim_live_kmalloc_bytes() > meta, "the next growth makes the CPU caches");
	for (i = 0; i < 4; i++)
		give(p[i]);
	for (i = 0; i < RTKM_PCP_MIN_BLOCKS - 4; i++)
		give(held[i]);
	is_long(usage_of(4).use, 0, "all given back");
	destroy_all();
	is_long(shim_live_kmalloc_bytes(), 0, "destroy leaves no bookkeeping");
}

static void test_fill_failure(void)
{
	unsigned int filled;
	int ret;

	rtkm_core_init(&rk);
	shim_fail_pages_after(101);
	ret = rtkm_core_fill(&rk, 3, 500, GFP, &filled);
	is_long(ret, -ENOMEM, "fill reports -ENOMEM when pages run out");
	is_long(filled, 100, "... saying how many blocks it got");
	destroy_all();
	is_long(shim_live_page_blocks(), 0, "destroy returns the partial fill");
	is_long(shim_live_kmalloc_bytes(), 0, "... and its bookkeeping");
	shim_fail_pages_after(0);

	/* chunk, table, CPU caches (optional), then the second chunk */
	rtkm_core_init(&rk);
	shim_fail_kmalloc_after(4);
	ret = rtkm_core_fill(&rk, 1, 1000, GFP, &filled);
	is_long(ret, -ENOMEM, "fill reports -ENOMEM when bookkeeping runs out");
	destroy_all();
	is_long(shim_live_page_blocks(), 0, "no page block kept");
	is_long(shim_live_kmalloc_bytes(), 0, "no bookkeeping kept");
	shim_fail_kmalloc_after(0);
}

static void test_bad_frees(void)
{
	unsigned int filled;
	char *p, *q, *stack_buf;
	void *heap, *foreign;
	struct rtkm_usage before;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 1, 2, GFP, &filled);
	rtkm_core_fill(&rk, 3, 1, GFP, &filled);
	p = take(1, false);
	q = take(3, false);
	before = usage_of(1);
	is_long(give(p), 0, "a block in use is freed");
	is_long(give(p), -EALREADY, "freeing it again is refused as a double free");
	is_long(usage_of(1).use, before.use - 1, "the double free changed nothing");
	is_long(give(q + PAGE_SIZE), -ENOENT, "a pointer into a block is foreign");
	heap = malloc(64);
	is_long(give(heap), -ENOENT, "a heap pointer is foreign");
	free(heap);
	stack_buf = (char *)&filled;
	is_long(give(stack_buf), -ENOENT, "a stack pointer is foreign");
	is_long(give((void *)(uintptr_t)0x1000), -ENOENT, "junk is foreign");
	/* Foreign pages that carry a live block's tag, or one past any index. */
	foreign = rtkm_pages_alloc(3, GFP);
	rtkm_pages_set_tag(foreign, rtkm_pages_tag(q));
	is_long(give(foreign), -ENOENT, "a foreign page carrying a live block's tag is foreign");
	rtkm_pages_set_tag(foreign, rtkm_pages_tag(q) + (1000UL << 4));
	is_long(give(foreign), -ENOENT, "a tag with an index beyond the pool is foreign");
	rtkm_pages_set_tag(foreign, rtkm_pages_tag(q) | 0xf);
	is_long(give(foreign), -ENOENT, "a tag with an order beyond 8 is foreign");
	rtkm_pages_set_tag(foreign, 0);
	rtkm_pages_free(foreign, 3);
	is_long(usage_of(3).use, 1, "order 3 block still in use after foreign frees");
	is_long(give(q), 0, "the order-3 block is found from its pointer alone");
	destroy_all();
}

static unsigned long leaks_seen, lost_seen;
static unsigned long leak_caller;

static void on_leak(void *ctx, unsigned int order, const void *addr,
		    const struct rtkm_owner *owner, enum rtkm_block_state state)
{
	(void)ctx;
	(void)addr;
	if (state == RTKM_BLOCK_LOST)
		lost_seen++;
	else if (order == 1 && owner->size == 8192)
		leaks_seen++;
	leak_caller = owner->caller;
}

static void test_leaks(void)
{
	unsigned int filled;
	unsigned long leaked;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 1, 8, GFP, &filled);
	take(1, false);
	take(1, false);
	leaked = rtkm_core_destroy_pool(&rk, 1, on_leak, NULL);
	is_long(leaked, 2, "destroy counts 2 leaked blocks");
	is_long(leaks_seen, 2, "each leak is reported with its size");
	is_long(leak_caller, 0xa11c, "... and its caller");
	is_long(shim_live_page_blocks(), 2, "leaked blocks stay allocated, the rest are freed");
	is_long(usage_of(1).owned, 0, "the pool is empty afterwards");
	ok(!take(1, false), "and hands out nothing");
}

/* Pages freed behind the pool's back: never handed out or freed again. */
static void test_stray_frees(void)
{
	unsigned int filled;
	char *p, *q, *held3[3];
	struct rtkm_usage u;
	int i, again = 0;

	long live = shim_live_page_blocks();

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 1, 4, GFP, &filled);
	p = take(1, false);
	q = take(1, false);
	shim_stray_put(p);
	is_long(give(p), -ESTALE, "a block kfree()d behind our back is refused at its rtkm free");
	u = usage_of(1);
	is_long(u.use, 1, "... it no longer counts as in use");
	is_long(u.lost, 1, "... it is counted as lost");
	is_long(give(p), -EALREADY, "... and freeing it again is a double free");
	is_long(give(q), 0, "the other block frees normally");
	for (i = 0; i < 3; i++) {
		held3[i] = take(1, false);
		again |= held3[i] == p;
	}
	ok(!again && held3[2], "a lost block is never handed out again");
	for (i = 0; i < 3; i++)
		give(held3[i]);
	shim_stray_put(q);
	lost_seen = 0;
	is_long(rtkm_core_destroy_pool(&rk, 1, on_leak, NULL), 0,
		"destroy: no block in use");
	is_long(lost_seen, 2, "destroy: the lost block and a free one put behind our back are lost");
	/* The shim aborts if a block is freed with references not the pool's. */
	is_long(shim_live_page_blocks() - live, 2, "destroy freed the other two, and neither of them");
}

/* A write after free is caught when the block is handed out again. */
static void test_poison(void)
{
	static const struct rtkm_owner owner_b = { .caller = 0xb0b, .size = 9000 };
	unsigned int filled;
	struct shim_overwrite o;
	struct rtkm_freed f;
	u8 *p, *q, *r;

	rtkm_core_init(&rk);
	rtkm_core_set_poison(&rk, 0x6b);
	rtkm_core_fill(&rk, 2, 2, GFP, &filled);
	p = rtkm_core_alloc(&rk, 2, false, GFP, &owner_b, NULL);
	ok(p && p[0] == 0x6b && p[4 * PAGE_SIZE - 1] == 0x6b, "filled blocks are poisoned");
	memset(p, 0, 4 * PAGE_SIZE);
	is_long(rtkm_core_free(&rk, p, &f), 0, "freed");
	ok(p[100] == 0x6b, "a freed block is poisoned again");
	p[5000] = 1;
	o = shim_overwrites();
	q = take(2, false);
	ok(q && q != p, "the overwritten block is not handed out; another one is");
	is_long(shim_overwrites().count - o.count, 1, "the write after free is reported once");
	ok(shim_overwrites().addr == p, "... naming the block");
	is_long(shim_overwrites().offset, 5000, "... the first changed offset");
	is_long(shim_overwrites().last_caller, 0xb0b, "... and its last owner");
	is_long(usage_of(2).lost, 1, "... and the block is out of service");
	is_long(usage_of(2).use, 1, "use counts only the block handed out");
	ok(!take(2, false), "the pool has no third block to give");
	is_long(usage_of(2).peak, 1, "peak 1: the overwritten block never counted");
	destroy_all();

	/*
	 * At the peak: a block counts in use from the moment it leaves the
	 * chain, so the one found overwritten raised the peak (a snapshot
	 * taken during the check would have counted it), and the peak never
	 * goes back below a use that was there.
	 */
	rtkm_core_init(&rk);
	rtkm_core_set_poison(&rk, 0x6b);
	rtkm_core_fill(&rk, 2, 3, GFP, &filled);
	p = take(2, false);
	q = take(2, false);
	r = take(2, false);
	is_long(rtkm_core_free(&rk, r, &f), 0, "3 taken, the third freed");
	r[77] = 0;
	rtkm_core_reset_peak(&rk, 2);
	ok(!take(2, false), "at the peak (2), the only free block is overwritten: NULL");
	is_long(usage_of(2).peak, 3, "... the peak counted it while it was taken (3)");
	is_long(usage_of(2).use, 2, "... use 2");
	is_long(usage_of(2).lost, 1, "... the block out of service");
	give(p);
	give(q);
	destroy_all();
	rtkm_core_init(&rk);
}

static unsigned long walked, walked_callers;

static void on_walk(void *ctx, unsigned int order, const void *addr,
		    const struct rtkm_owner *owner, enum rtkm_block_state state)
{
	(void)ctx;
	(void)addr;
	if (order == 3 && state == RTKM_BLOCK_IN_USE) {
		walked++;
		walked_callers += owner->caller;
	}
}

static void test_walk(void)
{
	static const struct rtkm_owner o1 = { .caller = 1000, .size = 20000 };
	static const struct rtkm_owner o2 = { .caller = 20, .size = 20000 };
	unsigned int filled;
	struct rtkm_freed f;
	void *a;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 3, 4, GFP, &filled);
	a = rtkm_core_alloc(&rk, 3, false, GFP, &o1, NULL);
	rtkm_core_alloc(&rk, 3, false, GFP, &o2, NULL);
	rtkm_core_alloc(&rk, 3, false, GFP, &o2, NULL);
	walked = walked_callers = 0;
	rtkm_core_walk_in_use(&rk, 3, on_walk, NULL);
	is_long(walked, 3, "the walk sees every block in use");
	is_long(walked_callers, 1040, "... with its owner");
	rtkm_core_free(&rk, a, &f);
	walked = walked_callers = 0;
	rtkm_core_walk_in_use(&rk, 3, on_walk, NULL);
	is_long(walked_callers, 40, "a freed block is no longer walked");
	destroy_all();
}

/* Growth needs only order-0 bookkeeping and only the caller's reclaim bits. */
static void test_growth_bookkeeping(void)
{
	const gfp_t zone_and_account = 0x4u | __GFP_ACCOUNT;
	long live = shim_live_page_blocks();
	unsigned int filled;
	int ret;

	rtkm_core_init(&rk);
	shim_kmalloc_stats_reset();
	ret = rtkm_core_fill(&rk, 0, RTKM_POOL_MAX_BLOCKS,
			     __GFP_RECLAIM | __GFP_IO | zone_and_account, &filled);
	is_long(ret, 0, "a pool of RTKM_POOL_MAX_BLOCKS blocks fills");
	ok(shim_kmalloc_max_size() <= PAGE_SIZE,
	   "no bookkeeping allocation above a page (largest %zu bytes)",
	   shim_kmalloc_max_size());
	ok(!(shim_kmalloc_gfp_seen() & zone_and_account),
	   "zone modifiers and __GFP_ACCOUNT never reach bookkeeping (seen %#x)",
	   shim_kmalloc_gfp_seen());
	ok(shim_kmalloc_gfp_seen() & __GFP_RECLAIM, "the caller's reclaim bits do");
	is_long(rtkm_core_fill(&rk, 0, 1, GFP, &filled), -ENOSPC,
		"a full pool does not grow past its limit");
	is_long(usage_of(0).owned, RTKM_POOL_MAX_BLOCKS, "... and stays at it");
	destroy_all();
	is_long(shim_live_page_blocks(), live, "all freed");
}

static void test_many_chunks(void)
{
	enum { N = 3000 };
	static void *held[N];
	unsigned int filled, i;
	int bad = 0;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 0, 100, GFP, &filled);
	for (i = 0; i < N; i++)
		held[i] = take(0, true);
	is_long(usage_of(0).owned, N, "growth across many descriptor chunks");
	for (i = 0; i < N; i += 2)
		bad |= give(held[i]);
	for (i = 1; i < N; i += 2)
		bad |= give(held[i]);
	ok(!bad, "every block found again after the chunk table moved");
	is_long(usage_of(0).use, 0, "all back");
	destroy_all();
	is_long(shim_live_kmalloc_bytes(), 0, "bookkeeping freed");
}

static void test_command_parser(void)
{
#define TRACE(m)	{ .kind = RTKM_CMD_TRACE, .mask = (m) }
#define RESET_PEAK	{ .kind = RTKM_CMD_RESET_PEAK }
#define RESERVE(o, n)	{ .kind = RTKM_CMD_RESERVE, .order = (o), .blocks = (n) }
#define REFUSED		{ .kind = RTKM_CMD_TRACE }
	static const struct {
		const char *in;
		long len;
		int ret;
		struct rtkm_command cmd;
	} cases[] = {
		{ "0x8", -1, 0, TRACE(0x8) },
		{ "0x8\n", -1, 0, TRACE(0x8) },
		{ "1ff", -1, 0, TRACE(0x1ff) },
		{ "0", -1, 0, TRACE(0) },
		{ "0X10", -1, 0, TRACE(0x10) },
		{ "", 0, -EINVAL, REFUSED },
		{ "\n", -1, -EINVAL, REFUSED },
		{ "zz", -1, -EINVAL, REFUSED },
		{ "0x", -1, -EINVAL, REFUSED },
		{ "0x200", -1, -EINVAL, REFUSED },
		{ "-1", -1, -EINVAL, REFUSED },
		{ "0x8 junk", -1, -EINVAL, REFUSED },
		{ "0x8\n\n", -1, -EINVAL, REFUSED },
		{ "0x0000000000000000000000000000001", -1, -EINVAL, REFUSED },
		{ "0x8\0", 4, -EINVAL, REFUSED },
		{ "0x8zzzz", 3, 0, TRACE(0x8) },
		{ "reset-peak", -1, 0, RESET_PEAK },
		{ "reset-peak\n", -1, 0, RESET_PEAK },
		{ "reset-peak ", -1, -EINVAL, REFUSED },
		{ "reset-peak 3", -1, -EINVAL, REFUSED },
		{ "reset-peakzz", 10, 0, RESET_PEAK },
		{ "reset", -1, -EINVAL, REFUSED },
		{ "RESET-PEAK", -1, -EINVAL, REFUSED },
		{ "reserve 3 200", -1, 0, RESERVE(3, 200) },
		{ "reserve 8 65408\n", -1, 0, RESERVE(8, 65408) },
		{ "reserve 0 0", -1, 0, RESERVE(0, 0) },
		{ "reserve 9 1", -1, -EINVAL, REFUSED },
		{ "reserve 3", -1, -EINVAL, REFUSED },
		{ "reserve 3 ", -1, -EINVAL, REFUSED },
		{ "reserve  3 200", -1, -EINVAL, REFUSED },
		{ "reserve 3  200", -1, -EINVAL, REFUSED },
		{ "reserve 3 +200", -1, -EINVAL, REFUSED },
		{ "reserve +3 200", -1, -EINVAL, REFUSED },
		{ "reserve 3 -1", -1, -EINVAL, REFUSED },
		{ "reserve 3 0x10", -1, -EINVAL, REFUSED },
		{ "reserve 3 200 1", -1, -EINVAL, REFUSED },
		{ "reserve 3 4294967296", -1, -EINVAL, REFUSED },
		{ "reserve 3 200\n\n", -1, -EINVAL, REFUSED },
		{ "reserve\t3 200", -1, -EINVAL, REFUSED },
		{ "reserve 3 20\0", 13, -EINVAL, REFUSED },
	};
	static const struct rtkm_command untouched = {
		.kind = RTKM_CMD_RESERVE, .mask = 0xdead, .order = 77,
		.blocks = 0xbeef,
	};
	struct rtkm_command cmd;
	unsigned int i;
	size_t len;
	char *copy;
	int ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len < 0 ? strlen(cases[i].in) : (size_t)cases[i].len;
		/* Exactly len bytes on the heap: ASan catches any read past them. */
		copy = malloc(len ? len : 1);
		memcpy(copy, cases[i].in, len);
		cmd = untouched;
		ret = rtkm_parse_command(copy, len, &cmd);
		free(copy);
		if (cases[i].ret) {
			ok(ret == cases[i].ret &&
			   !memcmp(&cmd, &untouched, sizeof(cmd)),
			   "input #%u (%ld bytes) refused, command untouched",
			   i, (long)len);
			continue;
		}
		ok(!ret && cmd.kind == cases[i].cmd.kind &&
		   cmd.mask == cases[i].cmd.mask &&
		   cmd.order == cases[i].cmd.order &&
		   cmd.blocks == cases[i].cmd.blocks,
		   "input #%u (%ld bytes) -> kind %d mask %#x order %u blocks %u",
		   i, (long)len, cases[i].cmd.kind, cases[i].cmd.mask,
		   cases[i].cmd.order, cases[i].cmd.blocks);
	}
#undef TRACE
#undef RESET_PEAK
#undef RESERVE
#undef REFUSED
}

/*
 * A single thread moving between CPUs: blocks left in one CPU's cache are
 * found by another when the pool runs dry, and use and peak stay exact.
 */
static void test_cpu_caches(void)
{
	long base = shim_live_page_blocks();
	void *p[12];
	unsigned int filled, i;

	void *held[RTKM_PCP_MIN_BLOCKS];

	/* A pool just big enough for caches, all but 3 blocks in use. */
	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 7, RTKM_PCP_MIN_BLOCKS, GFP, &filled);
	shim_set_cpu(5);
	for (i = 0; i < RTKM_PCP_MIN_BLOCKS - 3; i++)
		held[i] = take(7, false);
	shim_set_cpu(0);
	for (i = 0; i < 3; i++)
		p[i] = take(7, false);
	for (i = 0; i < 3; i++)
		give(p[i]);
	shim_set_cpu(1);
	for (i = 0; i < 3; i++)
		p[i] = take(7, false);
	ok(p[0] && p[1] && p[2], "CPU 1 gets the 3 blocks CPU 0 cached");
	ok(!take(7, false), "a 4th fails");
	is_long(usage_of(7).use, RTKM_PCP_MIN_BLOCKS, "use: every block");
	is_long(usage_of(7).failed, 1, "1 failure");
	shim_set_cpu(5);
	for (i = 0; i < RTKM_PCP_MIN_BLOCKS - 3; i++)
		give(held[i]);
	shim_set_cpu(2);
	is_long(give(p[0]), 0, "CPU 2 frees a block CPU 1 took");
	shim_set_cpu(3);
	is_long(give(p[0]), -EALREADY, "CPU 3 freeing it again is a double free");
	give(p[1]);
	give(p[2]);
	is_long(usage_of(7).use, 0, "use 0");
	is_long(usage_of(7).peak, RTKM_PCP_MIN_BLOCKS, "peak: every block");

	rtkm_core_fill(&rk, 1, 12, GFP, &filled);
	shim_set_cpu(0);
	for (i = 0; i < 10; i++)
		p[i] = take(1, false);
	shim_set_cpu(1);
	for (i = 0; i < 10; i++)
		give(p[i]);
	shim_set_cpu(2);
	p[0] = take(1, false);
	is_long(usage_of(1).use, 1, "10 taken on CPU 0, freed on CPU 1, 1 taken on CPU 2: use 1");
	is_long(usage_of(1).peak, 10, "... peak 10");
	for (i = 1; i < 12; i++)
		p[i] = take(1, false);
	ok(p[11] != NULL, "all 12 blocks can be taken on one CPU");
	is_long(usage_of(1).peak, 12, "... peak 12");
	for (i = 0; i < 12; i++)
		give(p[i]);
	is_long(usage_of(1).use, 0, "use back to 0");
	shim_set_cpu(0);
	destroy_all();
	is_long(shim_live_page_blocks(), base, "destroy frees blocks from every CPU cache");
	is_long(shim_live_kmalloc_bytes(), 0, "... and the caches");
}

/*
 * Blocks in CPU caches count against the peak: a CPU whose allocations
 * stay below the peak takes the other caches' blocks back rather than
 * raising it, so the peak is exact however the blocks are spread; and
 * below the peak an allocation and a free on a CPU cache write no pool
 * field at all (the old per-allocation counter did: a test that fails
 * with it).
 */
static void test_peak_with_cached_blocks(void)
{
	struct rtkm_pool before;
	void *p[100];
	unsigned int filled, i;
	int cpu;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 1, 1024, GFP, &filled);
	/* take() asks for no snapshot, which would take the cached blocks back. */
	for (cpu = 0; cpu < 8; cpu++) {
		shim_set_cpu(cpu);
		for (i = 0; i < 100; i++)
			p[i] = take(1, false);
		for (i = 0; i < 100; i++)
			give(p[i]);
	}
	is_long(usage_of(1).peak, 100, "8 CPUs in turn held 100 blocks each, caches filled between: peak 100");
	is_long(usage_of(1).use, 0, "... use 0");

	shim_set_cpu(3);
	for (i = 0; i < 100; i++)
		p[i] = take(1, false);
	shim_set_cpu(4);
	give(p[99]);
	p[99] = take(1, false);
	is_long(usage_of(1).peak, 100, "a block freed to CPU 4's cache and taken again: peak still 100");
	shim_set_cpu(3);
	give(take(1, false));
	is_long(usage_of(1).peak, 101, "one more in use on CPU 3: peak 101");

	/* Well below the peak, on a cache that holds a batch. */
	for (i = 0; i < 100; i++)
		give(p[i]);
	shim_set_cpu(5);
	for (i = 0; i < 20; i++)
		p[i] = take(1, false);
	for (i = 0; i < 20; i++)
		give(p[i]);
	memcpy(&before, &rk.pools[1], sizeof(before));
	p[0] = take(1, false);
	ok(!memcmp(&before, &rk.pools[1], sizeof(before)),
	   "an allocation from a CPU cache below the peak writes no pool field");
	give(p[0]);
	ok(!memcmp(&before, &rk.pools[1], sizeof(before)),
	   "... nor does its free");
	is_long(usage_of(1).use, 0, "use 0");
	is_long(usage_of(1).peak, 101, "peak 101");
	shim_set_cpu(0);
	destroy_all();
}

/* Two threads freeing the same block at once: exactly one may win. */
#define RACE_ROUNDS	1000

static void *volatile race_block;
static pthread_barrier_t race_start, race_end;
static int race_result[2][RACE_ROUNDS];

static void *race_run(void *arg)
{
	int *results = arg;
	unsigned int round;

	for (round = 0; round < RACE_ROUNDS; round++) {
		pthread_barrier_wait(&race_start);
		results[round] = give(race_block);
		pthread_barrier_wait(&race_end);
	}
	return NULL;
}

static void test_double_free_race(void)
{
	long base = shim_live_page_blocks();
	pthread_t t[2];
	unsigned int filled, round, i;
	int bad = 0;

	rtkm_core_init(&rk);
	rtkm_core_fill(&rk, 2, 40, GFP, &filled);
	pthread_barrier_init(&race_start, NULL, 3);
	pthread_barrier_init(&race_end, NULL, 3);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, race_run, race_result[i]);
	for (round = 0; round < RACE_ROUNDS; round++) {
		race_block = take(2, false);
		pthread_barrier_wait(&race_start);
		pthread_barrier_wait(&race_end);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (round = 0; round < RACE_ROUNDS; round++) {
		int a = race_result[0][round], b = race_result[1][round];

		if (!((a == 0 && b == -EALREADY) || (a == -EALREADY && b == 0)))
			bad++;
	}
	is_long(bad, 0, "%d racing double frees: one wins, one is refused", RACE_ROUNDS);
	is_long(usage_of(2).use, 0, "use 0 afterwards");
	is_long(usage_of(2).owned, 40, "no block lost or duplicated");
	pthread_barrier_destroy(&race_start);
	pthread_barrier_destroy(&race_end);
	destroy_all();
	is_long(shim_live_page_blocks(), base, "all blocks back");
}

/* Threads taking and giving blocks while checking nobody else holds them. */
struct hammer {
	pthread_t thread;
	unsigned int id;
	long errors;
};

static unsigned int hammer_hold = 8;

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	unsigned long *held[32];
	unsigned int round, i;

	for (round = 0; round < 160000 / hammer_hold; round++) {
		for (i = 0; i < hammer_hold; i++) {
			held[i] = take(2, true);
			if (!held[i]) {
				h->errors++;
				continue;
			}
			held[i][0] = h->id * 1000003UL + round * 8 + i;
		}
		for (i = 0; i < hammer_hold; i++) {
			if (!held[i])
				continue;
			if (held[i][0] != h->id * 1000003UL + round * 8 + i)
				h->errors++;
			if (give(held[i]))
				h->errors++;
		}
	}
	return NULL;
}

/*
 * Each of 4 threads holds @hold blocks at a time. @prefill 0 with @hold
 * 24: the pool starts empty and gets its CPU caches while the threads
 * already run, at its 64th block. @prefill 256: caches from the start.
 */
static void test_threads(unsigned int prefill, unsigned int hold)
{
	struct hammer h[4] = { };
	unsigned int filled, i;
	long errors = 0;

	hammer_hold = hold;
	rtkm_core_init(&rk);
	if (prefill)
		rtkm_core_fill(&rk, 2, prefill, GFP, &filled);
	for (i = 0; i < 4; i++) {
		h[i].id = i + 1;
		pthread_create(&h[i].thread, NULL, hammer_run, &h[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(h[i].thread, NULL);
		errors += h[i].errors;
	}
	is_long(errors, 0, "4 threads holding %u, pool of %u growing: no block shared, no failure",
		hold, prefill);
	is_long(usage_of(2).use, 0, "use back to 0");
	ok(usage_of(2).peak >= hold && usage_of(2).peak <= 4 * hold,
	   "peak %lu: at least one thread's %u, at most all four's",
	   usage_of(2).peak, hold);
	ok(usage_of(2).owned <= (prefill > 4 * hold + 4 ? prefill : 4 * hold + 4),
	   "growth bounded by what was held at once (%lu)", usage_of(2).owned);
	destroy_all();
}

int main(void)
{
	test_guide_table();
	test_guide_bookkeeping_64_cpus();
	test_order0_overhead();
	test_counters();
	test_growth_failures();
	test_no_cpu_caches();
	test_fill_failure();
	test_bad_frees();
	test_leaks();
	test_stray_frees();
	test_poison();
	test_walk();
	test_growth_bookkeeping();
	test_many_chunks();
	test_command_parser();
	test_cpu_caches();
	test_peak_with_cached_blocks();
	test_threads(4, 8);
	test_threads(0, 8);
	test_threads(0, 24);
	test_threads(256, 24);
	test_double_free_race();
	return tap_done();
}
