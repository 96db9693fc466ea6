/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RTKM pool engine, shared by the kernel module and the userspace unit
 * tests. Nothing in here prints, traces or knows about module parameters:
 * the caller (rtkm_api.c in the kernel, the test shim in userspace) does.
 */
#ifndef RTKM_CORE_H
#define RTKM_CORE_H

#include <linux/cache.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define RTKM_MAX_ORDER		8
#define RTKM_NR_ORDERS		(RTKM_MAX_ORDER + 1)
#define RTKM_ORDER_MASK		((1U << RTKM_NR_ORDERS) - 1)

/*
 * Most blocks one pool can own: its descriptor chunk table must fit one
 * page (511 chunks of 128 descriptors), so that growing the pool, which
 * may run under GFP_ATOMIC, never needs more than an order-0 allocation.
 */
#define RTKM_POOL_MAX_BLOCKS	65408U

/*
 * Pools smaller than this have no CPU caches: shared by several CPUs, a
 * handful of blocks would move from cache to cache on nearly every
 * allocation, which costs more than the pool lock alone.
 */
#define RTKM_PCP_MIN_BLOCKS	64U

/*
 * The gfp bits that mean something for pool bookkeeping, which lives as
 * long as the pool: how hard to try, and whether to warn. Zone modifiers
 * and __GFP_ACCOUNT of whichever caller made a pool grow do not apply.
 */
#define RTKM_META_GFP_KEEP	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_NOWARN)

struct rtkm_block;
struct rtkm_pcp;

/*
 * One pool per page order. Block descriptors live in fixed-size chunks
 * reached through @chunks, so the pool grows without moving descriptors and
 * a block is found from its index in O(1). Free blocks are indices: a few
 * in the caches of the CPUs that use the pool (@pcp, once the pool has
 * RTKM_PCP_MIN_BLOCKS blocks), the rest in a LIFO chain through their
 * descriptors under @lock. The blocks' own memory is never written by the
 * pool, so a driver scribbling on a freed block cannot corrupt it.
 *
 * @holders heads a list, under @lock, of the CPUs whose cache holds
 * blocks, the last listed first: a pool that runs dry or reaches its
 * peak, or a CPU that found no room below the peak for a batch of
 * allocations, takes back the blocks of the first one instead of visiting
 * every CPU.
 *
 * @peak is the most blocks in use at once since the pool was filled or its
 * peak reset, exact without any count kept per allocation: blocks out of
 * the chain (in use, or in a CPU cache) never outnumber it, so caches only
 * hold blocks below the peak, and it rises only when no cache holds a
 * block, when every block out of the chain is in use. Use is then those
 * blocks less the cached ones; a snapshot takes the cached blocks back
 * first. No allocation or free on a CPU cache writes a pool field.
 */
struct rtkm_pool {
	struct rtkm_block **chunks;
	struct rtkm_pcp __percpu *pcp;
	unsigned int nr_blocks;
	raw_spinlock_t lock ____cacheline_aligned_in_smp;
	unsigned int nr_chunks;
	unsigned int chunk_slots;
	unsigned int free_head;
	unsigned int nr_chained;
	int holders;
	unsigned long peak;
	unsigned long failed;
	unsigned long lost;
};

/*
 * @poison: the byte every free block is filled with, checked when the
 * block is handed out again (so a write after free is seen), or -1 for
 * none. Set before the pools are filled, never changed while in use.
 */
struct rtkm {
	struct rtkm_pool pools[RTKM_NR_ORDERS];
	int poison;
};

/* A consistent snapshot of one pool's counters. */
struct rtkm_usage {
	unsigned long use;
	unsigned long peak;
	unsigned long owned;
	unsigned long failed;
	unsigned long lost;
};

/* What is recorded with a block while it is handed out. */
struct rtkm_owner {
	unsigned long caller;
	void *trace;		/* opaque to the core; owned by the caller */
	u32 size;
};

/*
 * What rtkm_core_free() found out about the block it took back. @usage is
 * left for the caller to fill with rtkm_core_usage() when it needs it: a
 * snapshot takes the pool lock, which the free's fast path never does.
 */
struct rtkm_freed {
	unsigned int order;
	struct rtkm_owner owner;
	struct rtkm_usage usage;
};

/*
 * What rtkm_core_destroy_pool() and rtkm_core_walk_in_use() found: a block
 * still handed out, or one taken out of service because its pages were
 * freed behind RTKM's back or it was written to after it was freed. Both
 * stay allocated for good.
 */
enum rtkm_block_state {
	RTKM_BLOCK_IN_USE,
	RTKM_BLOCK_LOST,
};

typedef void (*rtkm_leak_fn)(void *ctx, unsigned int order, const void *addr,
			     const struct rtkm_owner *owner,
			     enum rtkm_block_state state);
typedef void (*rtkm_emit_fn)(void *ctx, const char *line);

/*
 * Page-level services the core needs from its host. In the kernel they sit
 * on alloc_pages() and struct page; the unit tests provide their own.
 * rtkm_pages_tag() must return 0 for any address it cannot vouch for, and
 * must be safe to call with any pointer at all.
 *
 * A block is pinned while the pool owns it, so that a stray kfree(),
 * free_pages() or put_page() of it cannot give it back to the system;
 * rtkm_pages_intact() says whether the pin is still all that holds it
 * besides the allocation itself, and rtkm_pages_free() undoes both.
 */
void *rtkm_pages_alloc(unsigned int order, gfp_t gfp);
void rtkm_pages_free(void *addr, unsigned int order);
void rtkm_pages_set_tag(void *addr, unsigned long tag);
#ifdef __KERNEL__
/* Every free runs these two: inline, they cost no call. */
#include "rtkm_pages.h"
#else
bool rtkm_pages_intact(const void *addr);
unsigned long rtkm_pages_tag(const void *addr);
#endif

/*
 * Called by the engine, outside its locks, for a free block whose poison
 * was changed at @offset: written to after rtkm_core_free(). @last is the
 * owner it had then. The block is taken out of service.
 */
void rtkm_report_overwritten(unsigned int order, const void *addr,
			     size_t offset, const struct rtkm_owner *last);

/*
 * Called by the engine, outside its locks, when rtkm_core_alloc() grew the
 * pool of @order by the block @addr, handed out at once to @owner.
 */
void rtkm_report_grown(unsigned int order, const void *addr,
		       const struct rtkm_owner *owner);

void rtkm_core_init(struct rtkm *rk);
void rtkm_core_set_poison(struct rtkm *rk, int poison);
int rtkm_core_fill(struct rtkm *rk, unsigned int order, unsigned int count,
		   gfp_t gfp, unsigned int *filled);
void *rtkm_core_alloc(struct rtkm *rk, unsigned int order, bool grow,
		      gfp_t gfp, const struct rtkm_owner *owner,
		      struct rtkm_usage *usage);
int rtkm_core_free(struct rtkm *rk, const void *addr,
		   struct rtkm_freed *freed);
void rtkm_core_usage(struct rtkm *rk, unsigned int order,
		     struct rtkm_usage *usage);
void rtkm_core_reset_peak(struct rtkm *rk, unsigned int order);
unsigned long rtkm_core_destroy_pool(struct rtkm *rk, unsigned int order,
				     rtkm_leak_fn leak, void *ctx);
void rtkm_core_walk_in_use(struct rtkm *rk, unsigned int order,
			   rtkm_leak_fn fn, void *ctx);

/* rtkm_table.c */
#define RTKM_TABLE_LINE_MAX	64
/* "reserve 8 65408\n" is 16 bytes; room for a little more, not for abuse. */
#define RTKM_COMMAND_INPUT_MAX	32

enum rtkm_command_kind {
	RTKM_CMD_TRACE,		/* set the trace mask to @mask */
	RTKM_CMD_RESET_PEAK,	/* every order's peak back to its use */
	RTKM_CMD_RESERVE,	/* pool of @order owns at least @blocks */
};

struct rtkm_command {
	enum rtkm_command_kind kind;
	unsigned int mask;
	unsigned int order;
	unsigned int blocks;
};

void rtkm_table_emit(struct rtkm *rk, bool growth, rtkm_emit_fn emit,
		     void *ctx);
int rtkm_parse_command(const char *buf, size_t len, struct rtkm_command *cmd);

#endif /* RTKM_CORE_H */
