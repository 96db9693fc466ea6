// SPDX-License-Identifier: GPL-2.0
/*
 * RTKM pool engine: per-order pools of page blocks with O(1) alloc and free.
 *
 * Fast path: each CPU has a small cache of free block indices per order,
 * guarded by its own raw spinlock, which only that CPU takes on the fast
 * path (so the lock stays in that CPU's cache) and which others take only
 * while they also hold the pool lock. Alloc and free run with interrupts
 * disabled and touch the local cache and the block's descriptor, no
 * shared pool field; the pool lock is taken to refill or flush a batch,
 * and to take blocks back from a CPU cache when the pool runs dry or
 * reaches its peak. No alloc or free visits every CPU: the CPUs whose
 * caches hold blocks, and only those, are on a list under the pool lock,
 * and a pool that runs dry or reaches its peak takes back the blocks of
 * the first one, so a pool never fails while a CPU cache still holds one
 * of its blocks, and the cost does not grow with the number of CPUs.
 * Only destroy visits every possible CPU.
 *
 * Use and peak stay exact without a shared counter: blocks in CPU caches
 * count against the peak as if in use, so the caches hold only blocks
 * below the peak, and the peak rises only while no cache holds a block.
 * The peak is the most blocks in use at once since the pool was filled or
 * its peak reset, a block counting from the moment it leaves the chain or
 * a cache until it is back or out of service (so a block that is found
 * overwritten as it is taken counts: a snapshot then would have seen it).
 * A snapshot (usage, reset-peak) takes back the blocks of every cache that
 * holds some, so it visits those CPUs: the API asks for one on a /proc
 * read, for a failure report, and on every operation of a traced order or
 * while an rtkm event is enabled.
 *
 * Lock order: pool lock, then at most one CPU cache lock. A CPU that holds
 * its pool lock with interrupts disabled owns its own cache without taking
 * the cache lock: everybody else needs the pool lock to touch it.
 *
 * Nothing allocates, sleeps or prints under a lock: growth allocates the
 * block, descriptor storage and CPU caches with the caller's gfp first and
 * only then takes the lock to publish them.
 *
 * Finding a block from a pointer: each block's first page carries a tag
 * (its order and descriptor index, through rtkm_pages_set_tag()). A free
 * reads the tag, checks the index against the pool and the descriptor's
 * address against the pointer, all without the lock: descriptors are
 * published before the block count that makes them visible, and chunk
 * tables replaced by a bigger one stay allocated until the pool is
 * destroyed. The free then flips the descriptor from in use to free with
 * one cmpxchg, so of two frees of one block, even on two CPUs at once,
 * exactly one wins and the other is reported as a double free. A second
 * free that comes after the block was handed out again cannot be told
 * from a free by its new owner: the caches are LIFO, so that window is
 * short, and the block's new owner then loses it (a limit of any
 * allocator without per-allocation handles).
 *
 * Blocks taken out of service: a block whose pages were freed behind the
 * pool's back (found at its rtkm_core_free() or at destroy), or whose
 * poison was overwritten while it was free, is marked lost. It is neither
 * free nor in use, is never handed out or given back to the system again,
 * and is counted in @lost.
 */
#include <asm/barrier.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "rtkm_core.h"

/*
 * A descriptor chunk fills one page, and so does the largest chunk table:
 * a table of 2^k - 1 slots plus the link to the table it replaced is 2^k
 * pointers, an exact kmalloc size, so growing never needs order > 0.
 */
#define RTKM_CHUNK_BYTES	4096
#define RTKM_CHUNK_BLOCKS	(RTKM_CHUNK_BYTES / sizeof(struct rtkm_block))
#define RTKM_MIN_SLOTS		3U
#define RTKM_MAX_SLOTS		(RTKM_CHUNK_BYTES / sizeof(void *) - 1)

/* Descriptor states in ->next besides the index of the next free block. */
#define RTKM_NO_BLOCK		U32_MAX
#define RTKM_IN_USE		(U32_MAX - 1)
#define RTKM_LOST		(U32_MAX - 2)

#define RTKM_TAG_ORDER_BITS	4
#define RTKM_TAG_ORDER_MASK	((1UL << RTKM_TAG_ORDER_BITS) - 1)

/*
 * A CPU cache holds up to RTKM_PCP_SLOTS free blocks and moves
 * RTKM_PCP_BATCH of them at a time to or from the pool: enough to make
 * the locked path rare in a steady alloc/free pattern, few enough that a
 * small pool is not scattered over the CPUs (and pools smaller than
 * RTKM_PCP_MIN_BLOCKS have none).
 */
#define RTKM_PCP_SLOTS		16
#define RTKM_PCP_BATCH		8

struct rtkm_block {
	void *addr;
	unsigned long caller;
	void *trace;
	u32 size;
	u32 next;		/* next free index, or RTKM_IN_USE */
};

/*
 * @listed: on the pool's list of holders (@next_holder, @prev_holder: CPU
 * numbers, -1 at the ends). A cache is listed exactly when it holds
 * blocks, so a pool that runs dry or reaches its peak takes blocks back
 * from the first cache it pops (and the peak may rise only with none):
 * the fast path never takes a cache's last block, the locked path does and
 * unlists the cache if it stays empty. Changed only under the pool lock
 * (and this cache's lock, unless by its own CPU). @starved: allocations
 * that found no room below the peak to refill this cache, under the pool
 * lock on this CPU.
 */
struct rtkm_pcp {
	raw_spinlock_t lock;
	unsigned int count;
	unsigned int starved;
	bool listed;
	int next_holder;
	int prev_holder;
	u32 idx[RTKM_PCP_SLOTS];
};

static_assert(sizeof(struct rtkm_block) == 32);
static_assert(RTKM_MAX_SLOTS * RTKM_CHUNK_BLOCKS == RTKM_POOL_MAX_BLOCKS);
static_assert(RTKM_PCP_MIN_BLOCKS >= 4 * RTKM_PCP_SLOTS);

static unsigned long rtkm_tag(unsigned int order, unsigned int idx)
{
	return (((unsigned long)idx + 1) << RTKM_TAG_ORDER_BITS) | order;
}

static struct rtkm_block *rtkm_chunk_block(struct rtkm_block **chunks,
					   unsigned int idx)
{
	return &chunks[idx / RTKM_CHUNK_BLOCKS][idx % RTKM_CHUNK_BLOCKS];
}

static struct rtkm_block *rtkm_pool_block(struct rtkm_pool *pool,
					  unsigned int idx)
{
	lockdep_assert_held(&pool->lock);
	return rtkm_chunk_block(pool->chunks, idx);
}

/* Under the pool lock: put one free block on the chain. */
static void rtkm_pool_push(struct rtkm_pool *pool, unsigned int idx)
{
	WRITE_ONCE(rtkm_pool_block(pool, idx)->next, pool->free_head);
	pool->free_head = idx;
	pool->nr_chained++;
}

/* Under the pool lock: take one free block off the chain. */
static unsigned int rtkm_pool_pop(struct rtkm_pool *pool)
{
	unsigned int idx = pool->free_head;

	if (idx != RTKM_NO_BLOCK) {
		pool->free_head = rtkm_pool_block(pool, idx)->next;
		pool->nr_chained--;
	}
	return idx;
}

/*
 * Under the pool lock, from @c's own CPU: @c is about to hold blocks, so
 * put it on the list of caches a pool takes blocks back from, first.
 */
static void rtkm_pool_list(struct rtkm_pool *pool, struct rtkm_pcp *c)
{
	lockdep_assert_held(&pool->lock);
	if (c->listed)
		return;
	c->next_holder = pool->holders;
	c->prev_holder = -1;
	if (pool->holders >= 0)
		per_cpu_ptr(pool->pcp, pool->holders)->prev_holder = smp_processor_id();
	pool->holders = smp_processor_id();
	WRITE_ONCE(c->listed, true);
}

/*
 * Under the pool lock, and @c's lock unless on @c's own CPU: take @c off
 * the holders list, wherever it is on it.
 */
static void rtkm_pool_unlist(struct rtkm_pool *pool, struct rtkm_pcp *c)
{
	if (!c->listed)
		return;
	if (c->prev_holder >= 0)
		per_cpu_ptr(pool->pcp, c->prev_holder)->next_holder = c->next_holder;
	else
		pool->holders = c->next_holder;
	if (c->next_holder >= 0)
		per_cpu_ptr(pool->pcp, c->next_holder)->prev_holder = c->prev_holder;
	WRITE_ONCE(c->listed, false);
}

/* Under the pool lock: move every block of @c to the chain and unlist it. */
static void rtkm_pool_reclaim_cache(struct rtkm_pool *pool,
				    struct rtkm_pcp *c)
{
	unsigned int count;

	raw_spin_lock(&c->lock);
	for (count = c->count; count; count--)
		rtkm_pool_push(pool, c->idx[count - 1]);
	WRITE_ONCE(c->count, 0);
	rtkm_pool_unlist(pool, c);
	raw_spin_unlock(&c->lock);
}

/*
 * Under the pool lock, with a cache on the holders list: take back the
 * blocks of the first one. A listed cache holds at least one block, so one
 * cache lock frees room and blocks, however many CPUs there are.
 */
static void rtkm_pool_reclaim_first(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	rtkm_pool_reclaim_cache(pool, per_cpu_ptr(pool->pcp, pool->holders));
}

/* Under the pool lock, with the chain empty: blocks from the first holder. */
static void rtkm_pool_reclaim(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	while (pool->free_head == RTKM_NO_BLOCK && pool->holders >= 0)
		rtkm_pool_reclaim_first(pool);
}

/* Under the pool lock, for destroy: every CPU cache back to the chain. */
static void rtkm_pool_drain_all(struct rtkm_pool *pool)
{
	int cpu;

	lockdep_assert_held(&pool->lock);
	if (!pool->pcp)
		return;
	for_each_possible_cpu(cpu)
		rtkm_pool_reclaim_cache(pool, per_cpu_ptr(pool->pcp, cpu));
}

/*
 * Under the pool lock: the blocks out of the chain that are not lost,
 * which are in use (or on their way out or back) or in a CPU cache. The
 * peak is never below it.
 */
static unsigned long rtkm_pool_reserved(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	return pool->nr_blocks - pool->lost - pool->nr_chained;
}

/*
 * Under the pool lock: whether CPU caches may take blocks from the chain.
 * Cached blocks count against the peak, so only with a batch of room below
 * it (a refill takes at most a batch): with less, a block cached here
 * would soon be taken back by the next CPU that reaches the peak, a cache
 * lock more than leaving it on the chain.
 */
static bool rtkm_pool_roomy(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	return pool->peak >= rtkm_pool_reserved(pool) + RTKM_PCP_BATCH;
}

/*
 * Under the pool lock, before one more block is handed out from the chain
 * or from growth: keep the blocks out of the chain within the peak. At
 * the peak the first cache on the holders list gives its blocks back (one
 * cache lock; it holds at least one); with no cache holding any, every
 * block out of the chain is in use, and this one raises the peak. So the
 * peak is exactly the most blocks that were in use at once.
 */
static void rtkm_pool_charge(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	if (rtkm_pool_reserved(pool) < pool->peak)
		return;
	if (pool->holders >= 0)
		rtkm_pool_reclaim_first(pool);
	else
		pool->peak++;
}

/*
 * Under the pool lock: every cached block back to the chain, so that the
 * blocks out of the chain are exactly those in use; they stay so while
 * the lock is held, as a CPU whose cache is not listed allocates and
 * frees under it. Visits the holders, not every CPU.
 */
static void rtkm_pool_settle(struct rtkm_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	while (pool->holders >= 0)
		rtkm_pool_reclaim_first(pool);
}

/* Under the pool lock: an exact snapshot, at the price of the caches. */
static void rtkm_pool_snapshot(struct rtkm_pool *pool,
			       struct rtkm_usage *usage)
{
	rtkm_pool_settle(pool);
	usage->use = rtkm_pool_reserved(pool);
	usage->peak = pool->peak;
	usage->owned = pool->nr_blocks;
	usage->failed = pool->failed;
	usage->lost = pool->lost;
}

/*
 * The descriptor is ours alone here: taken off a cache or the chain.
 * rtkm_core_walk_in_use() may read the owner at any time, hence the
 * single-copy stores.
 */
static void *rtkm_block_hand_out(struct rtkm_block *b,
				 const struct rtkm_owner *owner)
{
	WRITE_ONCE(b->caller, owner->caller);
	b->trace = owner->trace;
	WRITE_ONCE(b->size, owner->size);
	WRITE_ONCE(b->next, RTKM_IN_USE);
	return b->addr;
}

/* The owner recorded with a block that is ours alone. */
static void rtkm_block_owner(const struct rtkm_block *b,
			     struct rtkm_owner *owner)
{
	owner->caller = b->caller;
	owner->trace = b->trace;
	owner->size = b->size;
}

/*
 * Take a block that is ours alone (just taken back from its owner, or just
 * taken off a cache and not handed out) out of service for good. Counted
 * out of the chain until now, it leaves use as it joins @lost, under the
 * lock: a snapshot never sees it as both.
 */
static void rtkm_pool_retire(struct rtkm_pool *pool, struct rtkm_block *b)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&pool->lock, flags);
	WRITE_ONCE(b->next, RTKM_LOST);
	pool->lost++;
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/* The offset of the first byte of @b that is not the poison, or -1. */
static long rtkm_block_overwritten(const struct rtkm *rk,
				   const struct rtkm_block *b,
				   unsigned int order)
{
	const u8 *bad = memchr_inv(b->addr, rk->poison, PAGE_SIZE << order);

	return bad ? bad - (const u8 *)b->addr : -1;
}

void rtkm_core_init(struct rtkm *rk)
{
	unsigned int order;

	memset(rk, 0, sizeof(*rk));
	rk->poison = -1;
	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		raw_spin_lock_init(&rk->pools[order].lock);
		rk->pools[order].free_head = RTKM_NO_BLOCK;
		rk->pools[order].holders = -1;
	}
}

/*
 * Poison free blocks with @poison (a byte value, or -1 for none). Only
 * before the first rtkm_core_fill(): blocks that were free before it
 * would fail the check when handed out.
 */
void rtkm_core_set_poison(struct rtkm *rk, int poison)
{
	rk->poison = poison;
}

/*
 * Storage that rtkm_pool_add() allocated outside the lock and may hand to
 * the pool. Whatever the pool did not take is freed after the unlock.
 */
struct rtkm_spare {
	struct rtkm_block *chunk;
	struct rtkm_block **slots;
	unsigned int nr_slots;
	struct rtkm_pcp __percpu *pcp;
};

/*
 * A chunk table has one slot more than it can index: it links the table it
 * replaced, which lock-free readers may still be using, until destroy.
 */
static struct rtkm_block ***rtkm_table_link(struct rtkm_block **slots,
					    unsigned int nr_slots)
{
	return (struct rtkm_block ***)&slots[nr_slots];
}

static void rtkm_tables_free(struct rtkm_block **slots, unsigned int nr_slots)
{
	struct rtkm_block **older;

	while (slots) {
		older = *rtkm_table_link(slots, nr_slots);
		kfree(slots);
		slots = older;
		nr_slots /= 2;
	}
}

/* The next chunk table's size: 2^k - 1 slots, so the table is 2^k pointers. */
static unsigned int rtkm_next_slots(unsigned int slots)
{
	return slots ? slots * 2 + 1 : RTKM_MIN_SLOTS;
}

/* Under the pool lock: make room for one more descriptor, if @spare allows. */
static bool rtkm_pool_make_room(struct rtkm_pool *pool,
				struct rtkm_spare *spare)
{
	lockdep_assert_held(&pool->lock);
	if (pool->nr_blocks < pool->nr_chunks * RTKM_CHUNK_BLOCKS)
		return true;
	if (!spare->chunk)
		return false;
	if (pool->nr_chunks == pool->chunk_slots) {
		if (!spare->slots ||
		    spare->nr_slots != rtkm_next_slots(pool->chunk_slots))
			return false;
		if (pool->nr_chunks)
			memcpy(spare->slots, pool->chunks,
			       pool->nr_chunks * sizeof(*pool->chunks));
		*rtkm_table_link(spare->slots, spare->nr_slots) = pool->chunks;
		/* Readers see the copied entries before the new table. */
		smp_store_release(&pool->chunks, spare->slots);
		pool->chunk_slots = spare->nr_slots;
		spare->slots = NULL;
	}
	pool->chunks[pool->nr_chunks++] = spare->chunk;
	spare->chunk = NULL;
	return true;
}

/* Called unlocked: allocate what the last look at the pool said it lacks. */
static int rtkm_spare_fill(struct rtkm_spare *spare, unsigned int want_slots,
			   gfp_t gfp)
{
	if (!spare->chunk) {
		spare->chunk = kmalloc(RTKM_CHUNK_BYTES, gfp);
		if (!spare->chunk)
			return -ENOMEM;
	}
	if (want_slots && want_slots != spare->nr_slots) {
		kfree(spare->slots);
		spare->nr_slots = 0;
		spare->slots = kmalloc_array(want_slots + 1,
					     sizeof(*spare->slots), gfp);
		if (!spare->slots)
			return -ENOMEM;
		spare->nr_slots = want_slots;
	}
	return 0;
}

/*
 * Called unlocked: CPU caches for a pool that has none yet and is about
 * to be big enough for them. Without them (no memory with this gfp) the
 * pool still works, on its lock, and tries again at its next growth.
 */
static void rtkm_spare_fill_pcp(struct rtkm_pool *pool,
				struct rtkm_spare *spare, gfp_t gfp)
{
	int cpu;

	if (READ_ONCE(pool->pcp) || spare->pcp ||
	    READ_ONCE(pool->nr_blocks) + 1 < RTKM_PCP_MIN_BLOCKS)
		return;
	spare->pcp = alloc_percpu_gfp(struct rtkm_pcp, gfp);
	if (!spare->pcp)
		return;
	for_each_possible_cpu(cpu) {
		raw_spin_lock_init(&per_cpu_ptr(spare->pcp, cpu)->lock);
		per_cpu_ptr(spare->pcp, cpu)->next_holder = -1;
		per_cpu_ptr(spare->pcp, cpu)->prev_holder = -1;
	}
}

/*
 * Give @addr a descriptor in @pool. With @owner the block is handed out
 * at once (growth on demand); without it the block joins the free chain
 * (filling at init), poisoned if the pools are. Bookkeeping is allocated
 * with @gfp's reclaim bits only: it lives as long as the pool.
 */
static int rtkm_pool_add(struct rtkm *rk, unsigned int order, void *addr,
			 gfp_t gfp, const struct rtkm_owner *owner,
			 struct rtkm_usage *usage)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_spare spare = { };
	struct rtkm_block *b;
	unsigned long flags;
	unsigned int idx, want_slots;
	int ret = 0;

	gfp = (gfp & RTKM_META_GFP_KEEP) | __GFP_NOWARN;
	if (!owner && rk->poison >= 0)
		memset(addr, rk->poison, PAGE_SIZE << order);
	rtkm_spare_fill_pcp(pool, &spare, gfp);
	for (;;) {
		raw_spin_lock_irqsave(&pool->lock, flags);
		if (pool->nr_blocks >= RTKM_POOL_MAX_BLOCKS) {
			raw_spin_unlock_irqrestore(&pool->lock, flags);
			ret = -ENOSPC;
			goto out;
		}
		if (rtkm_pool_make_room(pool, &spare))
			break;
		want_slots = 0;
		if (pool->nr_chunks == pool->chunk_slots)
			want_slots = rtkm_next_slots(pool->chunk_slots);
		raw_spin_unlock_irqrestore(&pool->lock, flags);

		ret = rtkm_spare_fill(&spare, want_slots, gfp);
		if (ret)
			goto out;
	}

	if (!pool->pcp && spare.pcp) {
		/* lock-free readers must see the caches initialised */
		smp_store_release(&pool->pcp, spare.pcp);
		spare.pcp = NULL;
	}
	idx = pool->nr_blocks;
	b = rtkm_pool_block(pool, idx);
	b->addr = addr;
	b->caller = 0;
	b->trace = NULL;
	b->size = 0;
	b->next = RTKM_NO_BLOCK;
	rtkm_pages_set_tag(addr, rtkm_tag(order, idx));
	if (owner) {
		rtkm_pool_charge(pool);
		rtkm_block_hand_out(b, owner);
	} else {
		rtkm_pool_push(pool, idx);
	}
	/* Lock-free frees trust an index only below this count. */
	smp_store_release(&pool->nr_blocks, idx + 1);
	if (usage)
		rtkm_pool_snapshot(pool, usage);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
out:
	kfree(spare.chunk);
	kfree(spare.slots);
	free_percpu(spare.pcp);
	return ret;
}

/*
 * Add @count fresh blocks to the pool of @order. On failure the blocks
 * obtained so far stay in the pool (rtkm_core_destroy_pool() returns them)
 * and *@filled says how many there were.
 */
int rtkm_core_fill(struct rtkm *rk, unsigned int order, unsigned int count,
		   gfp_t gfp, unsigned int *filled)
{
	unsigned int i;
	void *addr;
	int ret = 0;

	for (i = 0; i < count; i++) {
		addr = rtkm_pages_alloc(order, gfp);
		if (!addr) {
			ret = -ENOMEM;
			break;
		}
		ret = rtkm_pool_add(rk, order, addr, gfp, NULL, NULL);
		if (ret) {
			rtkm_pages_free(addr, order);
			break;
		}
		cond_resched();
	}
	*filled = i;
	return ret;
}

/*
 * Under the pool lock, on @c's own CPU: fill @c up to a batch if the pool
 * is roomy. The room below the peak may sit in other CPUs' caches (cached
 * blocks count against the peak): after a batch of allocations that found
 * none, this CPU takes back the first holder's blocks, so the room moves
 * to a CPU that keeps allocating, at one cache lock per batch. A CPU that
 * allocates once in a while leaves the others' caches alone.
 */
static void rtkm_pool_refill(struct rtkm_pool *pool, struct rtkm_pcp *c)
{
	lockdep_assert_held(&pool->lock);
	if (!rtkm_pool_roomy(pool) && pool->holders >= 0 &&
	    ++c->starved >= RTKM_PCP_BATCH) {
		c->starved = 0;
		rtkm_pool_reclaim_first(pool);
	}
	if (!rtkm_pool_roomy(pool))
		return;
	c->starved = 0;
	while (c->count < RTKM_PCP_BATCH && pool->free_head != RTKM_NO_BLOCK)
		c->idx[c->count++] = rtkm_pool_pop(pool);
	if (c->count)
		rtkm_pool_list(pool, c);
}

/*
 * The locked path of an allocation, interrupts disabled, @c the local
 * cache (or NULL when the pool has no caches): take a block from the local
 * cache, the chain or, failing both, the caches on the holders list; then
 * refill the local cache with a batch while the pool is roomy. Returns
 * the block's index or RTKM_NO_BLOCK, which is counted as a failure when
 * @count_failure is set.
 */
static unsigned int rtkm_alloc_locked(struct rtkm_pool *pool,
				      struct rtkm_pcp *c, bool count_failure)
{
	unsigned int idx;

	raw_spin_lock(&pool->lock);
	if (c && c->count) {
		idx = c->idx[--c->count];
		goto refill;
	}
	if (pool->free_head == RTKM_NO_BLOCK && pool->pcp)
		rtkm_pool_reclaim(pool);
	if (pool->free_head == RTKM_NO_BLOCK) {
		if (count_failure)
			pool->failed++;
		idx = RTKM_NO_BLOCK;
		goto out;
	}
	rtkm_pool_charge(pool);
	idx = rtkm_pool_pop(pool);
refill:
	if (c) {
		/* A listed cache always holds a block: a dry pool pops one cache. */
		if (!c->count)
			rtkm_pool_unlist(pool, c);
		rtkm_pool_refill(pool, c);
	}
out:
	raw_spin_unlock(&pool->lock);
	return idx;
}

/*
 * A block's index from the local cache or, failing that, the pool; the
 * block is ours alone, and counted in use from here (it is out of the
 * chain and of every cache). RTKM_NO_BLOCK when the pool has none left.
 */
static unsigned int rtkm_take(struct rtkm_pool *pool, bool count_failure)
{
	struct rtkm_pcp __percpu *pcp;
	struct rtkm_pcp *c = NULL;
	unsigned long flags;
	unsigned int idx = RTKM_NO_BLOCK;

	local_irq_save(flags);
	/* pairs with rtkm_pool_add(): the caches are set up before seen */
	pcp = smp_load_acquire(&pool->pcp);
	if (pcp) {
		c = this_cpu_ptr(pcp);
		/* The last block is taken under the pool lock, which unlists. */
		if (READ_ONCE(c->count) > 1) {
			raw_spin_lock(&c->lock);
			if (likely(c->count > 1)) {
				idx = c->idx[c->count - 1];
				WRITE_ONCE(c->count, c->count - 1);
			}
			raw_spin_unlock(&c->lock);
		}
	}
	if (idx == RTKM_NO_BLOCK)
		idx = rtkm_alloc_locked(pool, c, count_failure);
	local_irq_restore(flags);
	return idx;
}

/* Count a failed growth. */
static void rtkm_pool_count_failure(struct rtkm_pool *pool)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&pool->lock, flags);
	pool->failed++;
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/*
 * Take a block of @order. When the pool is empty and @grow is set, one more
 * block is obtained with @gfp (outside the lock) and stays in the pool for
 * good. Returns the block or NULL. With @usage, *@usage is the pool's state
 * right after; that costs a pool lock and takes back the blocks of the
 * CPU caches, so the hot path passes NULL.
 *
 * With poisoned pools, a block whose poison changed while it was free is
 * reported through rtkm_report_overwritten(), taken out of service, and
 * another block is taken instead. The check runs with interrupts enabled:
 * the block is ours alone once it is off the cache.
 */
void *rtkm_core_alloc(struct rtkm *rk, unsigned int order, bool grow,
		      gfp_t gfp, const struct rtkm_owner *owner,
		      struct rtkm_usage *usage)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_owner last;
	struct rtkm_block *b;
	unsigned int idx;
	long offset;
	void *addr;

	for (;;) {
		idx = rtkm_take(pool, !grow);
		if (idx == RTKM_NO_BLOCK)
			break;
		/* pairs with rtkm_pool_make_room(): the table holds @idx */
		b = rtkm_chunk_block(smp_load_acquire(&pool->chunks), idx);
		offset = rk->poison >= 0 ? rtkm_block_overwritten(rk, b, order) : -1;
		if (likely(offset < 0)) {
			addr = rtkm_block_hand_out(b, owner);
			goto out;
		}
		/* A free block's trace record went with its free. */
		rtkm_block_owner(b, &last);
		rtkm_report_overwritten(order, b->addr, offset, &last);
		rtkm_pool_retire(pool, b);
	}
	addr = NULL;
	if (!grow)
		goto out;

	addr = rtkm_pages_alloc(order, gfp);
	if (addr && !rtkm_pool_add(rk, order, addr, gfp, owner, usage)) {
		rtkm_report_grown(order, addr, owner);
		return addr;
	}
	if (addr)
		rtkm_pages_free(addr, order);
	addr = NULL;
	rtkm_pool_count_failure(pool);
out:
	if (usage)
		rtkm_core_usage(rk, order, usage);
	return addr;
}

/*
 * The locked path of a free, interrupts disabled, @c the local cache or
 * NULL. A full cache hands its older half to the chain. A cache that is
 * not listed (empty, or its blocks were taken back) gets the block, and
 * goes on the holders list, only while the pool is roomy; otherwise the
 * block goes to the chain, where the CPU that ran dry or reached the peak
 * finds it with one lock.
 */
static void rtkm_free_locked(struct rtkm_pool *pool, struct rtkm_pcp *c,
			     unsigned int idx)
{
	unsigned int i;

	raw_spin_lock(&pool->lock);
	if (!c || (!c->listed && !rtkm_pool_roomy(pool))) {
		rtkm_pool_push(pool, idx);
		raw_spin_unlock(&pool->lock);
		return;
	}
	/* Another CPU may have taken the blocks since we found it full. */
	if (c->count == RTKM_PCP_SLOTS) {
		for (i = 0; i < RTKM_PCP_BATCH; i++)
			rtkm_pool_push(pool, c->idx[i]);
		memmove(c->idx, c->idx + RTKM_PCP_BATCH,
			(c->count - RTKM_PCP_BATCH) * sizeof(c->idx[0]));
		c->count -= RTKM_PCP_BATCH;
	}
	c->idx[c->count++] = idx;
	rtkm_pool_list(pool, c);
	raw_spin_unlock(&pool->lock);
}

/*
 * Take back @addr. Returns 0 when it was a block in use, -ENOENT when no
 * pool owns a block starting at @addr, -EALREADY when the block is already
 * free (or out of service), and -ESTALE when the block was in use but its
 * pages were also freed with kfree(), free_pages() or put_page(): it is
 * then taken out of service, and @freed tells its owner. Nothing is
 * changed on the other errors. @freed->usage is not filled.
 *
 * Must not race with rtkm_core_destroy_pool() of the same order.
 */
int rtkm_core_free(struct rtkm *rk, const void *addr, struct rtkm_freed *freed)
{
	unsigned long tag = rtkm_pages_tag(addr);
	unsigned long idx = (tag >> RTKM_TAG_ORDER_BITS) - 1;
	unsigned int order = tag & RTKM_TAG_ORDER_MASK;
	struct rtkm_pcp __percpu *pcp;
	struct rtkm_block **chunks;
	struct rtkm_pool *pool;
	struct rtkm_block *b;
	struct rtkm_pcp *c = NULL;
	unsigned long flags;
	bool cached = false;

	if (!tag || order > RTKM_MAX_ORDER)
		return -ENOENT;
	pool = &rk->pools[order];

	/* Pairs with rtkm_pool_add(): every descriptor below it is set. */
	if (idx >= smp_load_acquire(&pool->nr_blocks))
		return -ENOENT;
	/* Pairs with rtkm_pool_make_room(): a new table holds the old entries. */
	chunks = smp_load_acquire(&pool->chunks);
	b = rtkm_chunk_block(chunks, idx);
	if (READ_ONCE(b->addr) != addr)
		return -ENOENT;
	if (cmpxchg(&b->next, RTKM_IN_USE, RTKM_NO_BLOCK) != RTKM_IN_USE)
		return -EALREADY;

	/* The block is ours now: nobody can hand it out until it is cached. */
	freed->order = order;
	rtkm_block_owner(b, &freed->owner);
	b->trace = NULL;

	/* Freed behind our back too: never trust these pages again. */
	if (!rtkm_pages_intact(addr)) {
		rtkm_pool_retire(pool, b);
		return -ESTALE;
	}
	if (rk->poison >= 0)
		memset(b->addr, rk->poison, PAGE_SIZE << order);

	local_irq_save(flags);
	/* pairs with rtkm_pool_add(): the caches are set up before seen */
	pcp = smp_load_acquire(&pool->pcp);
	if (pcp) {
		c = this_cpu_ptr(pcp);
		/* Only this CPU lists its cache: unlisted stays unlisted. */
		if (READ_ONCE(c->listed)) {
			raw_spin_lock(&c->lock);
			if (likely(c->listed && c->count < RTKM_PCP_SLOTS)) {
				c->idx[c->count] = idx;
				WRITE_ONCE(c->count, c->count + 1);
				cached = true;
			}
			raw_spin_unlock(&c->lock);
		}
	}
	if (!cached)
		rtkm_free_locked(pool, c, idx);
	local_irq_restore(flags);
	return 0;
}

void rtkm_core_usage(struct rtkm *rk, unsigned int order,
		     struct rtkm_usage *usage)
{
	struct rtkm_pool *pool = &rk->pools[order];
	unsigned long flags;

	raw_spin_lock_irqsave(&pool->lock, flags);
	rtkm_pool_snapshot(pool, usage);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/* Start a new peak at the current use, to measure a workload's own. */
void rtkm_core_reset_peak(struct rtkm *rk, unsigned int order)
{
	struct rtkm_pool *pool = &rk->pools[order];
	unsigned long flags;

	raw_spin_lock_irqsave(&pool->lock, flags);
	rtkm_pool_settle(pool);
	pool->peak = rtkm_pool_reserved(pool);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/*
 * Empty the pool of @order: free blocks, in the chain or in any CPU's
 * cache, go back to the page allocator. Blocks still in use are passed to
 * @leak, which takes over their trace record, and stay allocated (their
 * user may still write to them); so do blocks out of service, and free
 * blocks whose pages were freed behind the pool's back, which are passed
 * as lost and never touched again. Returns the number of blocks in use.
 * The pool is left empty and usable. Nobody may allocate or free in this
 * order while it runs.
 */
unsigned long rtkm_core_destroy_pool(struct rtkm *rk, unsigned int order,
				     rtkm_leak_fn leak, void *ctx)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_pcp __percpu *pcp;
	struct rtkm_block **chunks;
	struct rtkm_owner owner;
	unsigned int nr_blocks, nr_chunks, chunk_slots, idx;
	unsigned long flags, leaked = 0;
	enum rtkm_block_state state;
	struct rtkm_block *b;

	/* Detach everything first so that the slow walk runs unlocked. */
	raw_spin_lock_irqsave(&pool->lock, flags);
	rtkm_pool_drain_all(pool);
	pcp = pool->pcp;
	chunks = pool->chunks;
	nr_chunks = pool->nr_chunks;
	chunk_slots = pool->chunk_slots;
	nr_blocks = pool->nr_blocks;
	pool->pcp = NULL;
	pool->chunks = NULL;
	pool->nr_chunks = 0;
	pool->chunk_slots = 0;
	WRITE_ONCE(pool->nr_blocks, 0);
	pool->free_head = RTKM_NO_BLOCK;
	pool->nr_chained = 0;
	pool->peak = 0;
	pool->failed = 0;
	pool->lost = 0;
	raw_spin_unlock_irqrestore(&pool->lock, flags);

	for (idx = 0; idx < nr_blocks; idx++) {
		b = rtkm_chunk_block(chunks, idx);
		if (b->next == RTKM_IN_USE) {
			state = RTKM_BLOCK_IN_USE;
			leaked++;
			rtkm_pages_set_tag(b->addr, 0);
		} else if (b->next == RTKM_LOST || !rtkm_pages_intact(b->addr)) {
			/* Perhaps somebody else's page by now: hands off. */
			state = RTKM_BLOCK_LOST;
		} else {
			rtkm_pages_set_tag(b->addr, 0);
			rtkm_pages_free(b->addr, order);
			goto next;
		}
		rtkm_block_owner(b, &owner);
		if (leak)
			leak(ctx, order, b->addr, &owner, state);
next:
		if (!(idx % RTKM_CHUNK_BLOCKS))
			cond_resched();
	}
	for (idx = 0; idx < nr_chunks; idx++)
		kfree(chunks[idx]);
	rtkm_tables_free(chunks, chunk_slots);
	free_percpu(pcp);
	return leaked;
}

/*
 * Pass every block of @order that is handed out now to @fn, without its
 * trace record (which its owner may free meanwhile). Runs lock-free beside
 * allocations and frees, like rtkm_core_free() finding a block: a block
 * handed out or freed meanwhile may or may not be seen, and @fn may run
 * concurrently with that owner. Process context: it may sleep between
 * chunks. Not while rtkm_core_destroy_pool() runs on @order.
 */
void rtkm_core_walk_in_use(struct rtkm *rk, unsigned int order,
			   rtkm_leak_fn fn, void *ctx)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_block **chunks;
	struct rtkm_owner owner = { };
	unsigned int nr_blocks, idx;
	struct rtkm_block *b;

	/* Same pairings as rtkm_core_free(): descriptors below the count, */
	nr_blocks = smp_load_acquire(&pool->nr_blocks);
	/* ... and a table that holds them. */
	chunks = smp_load_acquire(&pool->chunks);
	for (idx = 0; idx < nr_blocks; idx++) {
		b = rtkm_chunk_block(chunks, idx);
		if (READ_ONCE(b->next) == RTKM_IN_USE) {
			owner.caller = READ_ONCE(b->caller);
			owner.size = READ_ONCE(b->size);
			fn(ctx, order, b->addr, &owner, RTKM_BLOCK_IN_USE);
		}
		if (!((idx + 1) % RTKM_CHUNK_BLOCKS))
			cond_resched();
	}
}
