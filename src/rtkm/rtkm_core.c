// SPDX-License-Identifier: GPL-2.0
/*
 * RTKM pool engine: per-order pools of page blocks with O(1) alloc and free.
 *
 * Locking: each pool has one raw spinlock taken with interrupts disabled,
 * so every entry point is safe from process, softirq and hardirq context,
 * PREEMPT_RT included; the sections it guards are a few loads and stores.
 * Nothing allocates, sleeps or prints while holding it: growth allocates
 * the block and any descriptor storage first and only then takes the lock
 * to publish them.
 *
 * Finding a block from a pointer: each block's first page carries a tag
 * (its order and descriptor index, through rtkm_pages_set_tag()). A free
 * reads the tag, checks the index against the pool and the descriptor's
 * address against the pointer, so foreign pointers, pointers into the
 * middle of a block and double frees are recognised without trusting the
 * size the caller passes and without a search.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rtkm_core.h"

/* A descriptor chunk fills one page, so growing never needs order > 0. */
#define RTKM_CHUNK_BYTES	4096
#define RTKM_CHUNK_BLOCKS	(RTKM_CHUNK_BYTES / sizeof(struct rtkm_block))
#define RTKM_MIN_SLOTS		4U

#define RTKM_NO_BLOCK		U32_MAX
#define RTKM_IN_USE		(U32_MAX - 1)
#define RTKM_MAX_BLOCKS		(U32_MAX - 2)

#define RTKM_TAG_ORDER_BITS	4
#define RTKM_TAG_ORDER_MASK	((1UL << RTKM_TAG_ORDER_BITS) - 1)

struct rtkm_block {
	void *addr;
	unsigned long caller;
	void *trace;
	u32 size;
	u32 next;		/* next free index, or RTKM_IN_USE */
};

static unsigned long rtkm_tag(unsigned int order, unsigned int idx)
{
	return (((unsigned long)idx + 1) << RTKM_TAG_ORDER_BITS) | order;
}

static struct rtkm_block *rtkm_pool_block(struct rtkm_pool *pool,
					  unsigned int idx)
{
	return &pool->chunks[idx / RTKM_CHUNK_BLOCKS][idx % RTKM_CHUNK_BLOCKS];
}

static void rtkm_pool_snapshot(const struct rtkm_pool *pool,
			       struct rtkm_usage *usage)
{
	usage->use = pool->use;
	usage->peak = pool->peak;
	usage->owned = pool->nr_blocks;
	usage->failed = pool->failed;
}

static void rtkm_block_hand_out(struct rtkm_pool *pool, struct rtkm_block *b,
				const struct rtkm_owner *owner)
{
	b->next = RTKM_IN_USE;
	b->caller = owner->caller;
	b->trace = owner->trace;
	b->size = owner->size;
	pool->use++;
	if (pool->use > pool->peak)
		pool->peak = pool->use;
}

void rtkm_core_init(struct rtkm *rk)
{
	unsigned int order;

	memset(rk, 0, sizeof(*rk));
	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		raw_spin_lock_init(&rk->pools[order].lock);
		rk->pools[order].free_head = RTKM_NO_BLOCK;
	}
}

/*
 * Storage that rtkm_pool_add() allocated outside the lock and may hand to
 * the pool. Whatever the pool did not take is freed after the unlock.
 */
struct rtkm_spare {
	struct rtkm_block *chunk;
	struct rtkm_block **slots;
	unsigned int nr_slots;
	struct rtkm_block **retired;
};

/* Called locked: make room for one more descriptor, if @spare allows. */
static bool rtkm_pool_make_room(struct rtkm_pool *pool,
				struct rtkm_spare *spare)
{
	if (pool->nr_blocks < pool->nr_chunks * RTKM_CHUNK_BLOCKS)
		return true;
	if (!spare->chunk)
		return false;
	if (pool->nr_chunks == pool->chunk_slots) {
		if (!spare->slots || spare->nr_slots <= pool->chunk_slots)
			return false;
		if (pool->nr_chunks)
			memcpy(spare->slots, pool->chunks,
			       pool->nr_chunks * sizeof(*pool->chunks));
		spare->retired = pool->chunks;
		pool->chunks = spare->slots;
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
	if (want_slots > spare->nr_slots) {
		kfree(spare->slots);
		spare->nr_slots = 0;
		spare->slots = kmalloc_array(want_slots, sizeof(*spare->slots),
					     gfp);
		if (!spare->slots)
			return -ENOMEM;
		spare->nr_slots = want_slots;
	}
	return 0;
}

/*
 * Give @addr a descriptor in @pool. With @owner the block is handed out
 * at once (growth on demand); without it the block joins the free chain
 * (filling at init).
 */
static int rtkm_pool_add(struct rtkm_pool *pool, unsigned int order,
			 void *addr, gfp_t gfp,
			 const struct rtkm_owner *owner,
			 struct rtkm_usage *usage)
{
	struct rtkm_spare spare = { };
	struct rtkm_block *b;
	unsigned long flags;
	unsigned int idx, want_slots;
	int ret = 0;

	for (;;) {
		raw_spin_lock_irqsave(&pool->lock, flags);
		if (pool->nr_blocks >= RTKM_MAX_BLOCKS) {
			raw_spin_unlock_irqrestore(&pool->lock, flags);
			ret = -ENOSPC;
			goto out;
		}
		if (rtkm_pool_make_room(pool, &spare))
			break;
		want_slots = 0;
		if (pool->nr_chunks == pool->chunk_slots)
			want_slots = max(pool->chunk_slots * 2, RTKM_MIN_SLOTS);
		raw_spin_unlock_irqrestore(&pool->lock, flags);

		ret = rtkm_spare_fill(&spare, want_slots, gfp);
		if (ret)
			goto out;
	}

	idx = pool->nr_blocks++;
	b = rtkm_pool_block(pool, idx);
	b->addr = addr;
	b->caller = 0;
	b->trace = NULL;
	b->size = 0;
	rtkm_pages_set_tag(addr, rtkm_tag(order, idx));
	if (owner) {
		rtkm_block_hand_out(pool, b, owner);
	} else {
		b->next = pool->free_head;
		pool->free_head = idx;
	}
	if (usage)
		rtkm_pool_snapshot(pool, usage);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
out:
	kfree(spare.chunk);
	kfree(spare.slots);
	kfree(spare.retired);
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
	struct rtkm_pool *pool = &rk->pools[order];
	unsigned int i;
	void *addr;
	int ret = 0;

	for (i = 0; i < count; i++) {
		addr = rtkm_pages_alloc(order, gfp);
		if (!addr) {
			ret = -ENOMEM;
			break;
		}
		ret = rtkm_pool_add(pool, order, addr, gfp, NULL, NULL);
		if (ret) {
			rtkm_pages_free(addr, order);
			break;
		}
		cond_resched();
	}
	*filled = i;
	return ret;
}

static void rtkm_pool_count_failure(struct rtkm_pool *pool,
				    struct rtkm_usage *usage)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&pool->lock, flags);
	pool->failed++;
	rtkm_pool_snapshot(pool, usage);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/*
 * Take a block of @order. When the pool is empty and @grow is set, one more
 * block is obtained with @gfp (outside the lock) and stays in the pool for
 * good. Returns the block or NULL; *@usage is the pool's state right after.
 */
void *rtkm_core_alloc(struct rtkm *rk, unsigned int order, bool grow,
		      gfp_t gfp, const struct rtkm_owner *owner,
		      struct rtkm_usage *usage)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_block *b;
	unsigned long flags;
	void *addr;

	raw_spin_lock_irqsave(&pool->lock, flags);
	if (pool->free_head != RTKM_NO_BLOCK) {
		b = rtkm_pool_block(pool, pool->free_head);
		pool->free_head = b->next;
		rtkm_block_hand_out(pool, b, owner);
		rtkm_pool_snapshot(pool, usage);
		addr = b->addr;
		raw_spin_unlock_irqrestore(&pool->lock, flags);
		return addr;
	}
	if (!grow) {
		pool->failed++;
		rtkm_pool_snapshot(pool, usage);
		raw_spin_unlock_irqrestore(&pool->lock, flags);
		return NULL;
	}
	raw_spin_unlock_irqrestore(&pool->lock, flags);

	addr = rtkm_pages_alloc(order, gfp);
	if (!addr)
		goto fail;
	if (rtkm_pool_add(pool, order, addr, gfp, owner, usage)) {
		rtkm_pages_free(addr, order);
		goto fail;
	}
	return addr;
fail:
	rtkm_pool_count_failure(pool, usage);
	return NULL;
}

/*
 * Take back @addr. Returns 0 when it was a block in use, -ENOENT when no
 * pool owns a block starting at @addr, -EALREADY when the block is already
 * free. Nothing is changed on error.
 */
int rtkm_core_free(struct rtkm *rk, const void *addr, struct rtkm_freed *freed)
{
	unsigned long tag = rtkm_pages_tag(addr);
	unsigned long idx = (tag >> RTKM_TAG_ORDER_BITS) - 1;
	unsigned int order = tag & RTKM_TAG_ORDER_MASK;
	struct rtkm_pool *pool;
	struct rtkm_block *b;
	unsigned long flags;

	if (!tag || order > RTKM_MAX_ORDER)
		return -ENOENT;
	pool = &rk->pools[order];

	raw_spin_lock_irqsave(&pool->lock, flags);
	if (idx >= pool->nr_blocks)
		goto not_ours;
	b = rtkm_pool_block(pool, idx);
	if (b->addr != addr)
		goto not_ours;
	if (b->next != RTKM_IN_USE) {
		raw_spin_unlock_irqrestore(&pool->lock, flags);
		return -EALREADY;
	}
	freed->order = order;
	freed->owner.caller = b->caller;
	freed->owner.trace = b->trace;
	freed->owner.size = b->size;
	b->trace = NULL;
	b->next = pool->free_head;
	pool->free_head = idx;
	pool->use--;
	rtkm_pool_snapshot(pool, &freed->usage);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	return 0;

not_ours:
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	return -ENOENT;
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

/*
 * Empty the pool of @order: free blocks go back to the page allocator,
 * blocks still in use are passed to @leak, which takes over their trace
 * record, and stay allocated (their user may still write to them).
 * Returns the number of leaked blocks. The pool is left empty and usable.
 */
unsigned long rtkm_core_destroy_pool(struct rtkm *rk, unsigned int order,
				     rtkm_leak_fn leak, void *ctx)
{
	struct rtkm_pool *pool = &rk->pools[order];
	struct rtkm_block **chunks;
	struct rtkm_owner owner;
	unsigned int nr_blocks, nr_chunks, idx;
	unsigned long flags, leaked = 0;
	struct rtkm_block *b;

	/* Detach everything first so that the slow walk runs unlocked. */
	raw_spin_lock_irqsave(&pool->lock, flags);
	chunks = pool->chunks;
	nr_chunks = pool->nr_chunks;
	nr_blocks = pool->nr_blocks;
	pool->chunks = NULL;
	pool->nr_chunks = 0;
	pool->chunk_slots = 0;
	pool->nr_blocks = 0;
	pool->free_head = RTKM_NO_BLOCK;
	pool->use = 0;
	pool->peak = 0;
	pool->failed = 0;
	raw_spin_unlock_irqrestore(&pool->lock, flags);

	for (idx = 0; idx < nr_blocks; idx++) {
		b = &chunks[idx / RTKM_CHUNK_BLOCKS][idx % RTKM_CHUNK_BLOCKS];
		rtkm_pages_set_tag(b->addr, 0);
		if (b->next == RTKM_IN_USE) {
			leaked++;
			owner.caller = b->caller;
			owner.trace = b->trace;
			owner.size = b->size;
			if (leak)
				leak(ctx, order, b->addr, &owner);
		} else {
			rtkm_pages_free(b->addr, order);
		}
		if (!(idx % RTKM_CHUNK_BLOCKS))
			cond_resched();
	}
	for (idx = 0; idx < nr_chunks; idx++)
		kfree(chunks[idx]);
	kfree(chunks);
	return leaked;
}
