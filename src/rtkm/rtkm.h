/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTKM: pre-allocated page-order memory pools for Wi-Fi drivers.
 *
 * Memory above PAGE_SIZE is served from per-order pools that are filled
 * when RTKM starts, so high-order requests keep succeeding after memory
 * has fragmented. The names and signatures below are the ones vendor
 * drivers built with CONFIG_RTKM already call.
 */
#ifndef RTKM_H
#define RTKM_H

#include <linux/types.h>

/**
 * rtkm_kmalloc - allocate memory, from a pool when the size calls for it
 * @size: bytes wanted
 * @flags: GFP flags
 *
 * Sizes above PAGE_SIZE are served from the pool of order get_order(@size)
 * (orders 1..8); a pool block is a compound page that only rtkm_kfree()
 * gives back. Sizes of at most PAGE_SIZE are kmalloc(@size, @flags), as in
 * the vendor's RTKM, so they may also be freed with kfree(). Sizes above
 * order 8 are refused, and so are pool-sized requests with __GFP_DMA or
 * __GFP_DMA32: pool blocks come from any zone.
 *
 * When the pool is empty and the rtkm_mem_exp parameter is set, the pool
 * grows by one block with @flags' reclaim, reserve and warning bits (never
 * __GFP_ACCOUNT: the block stays in the pool for good).
 *
 * Context: any context, including hard-IRQ and with spinlocks (raw or not)
 * held, given @flags that fit it (GFP_ATOMIC where sleeping is not allowed).
 * In hard-IRQ context, and in any atomic context on PREEMPT_RT, a pool-sized
 * request never enters the page or slab allocator: it gets a pool block or
 * NULL, and an empty pool is grown from a workqueue afterwards. Requests up
 * to PAGE_SIZE are kmalloc() and follow its rules.
 *
 * Return: the block, or NULL when the pool is empty and cannot grow.
 */
void *rtkm_kmalloc(size_t size, gfp_t flags);

/**
 * rtkm_kzalloc - like rtkm_kmalloc(), and the first @size bytes are zeroed
 * @size: bytes wanted
 * @flags: GFP flags
 *
 * Context: as rtkm_kmalloc().
 *
 * Return: the zeroed block, or NULL.
 */
void *rtkm_kzalloc(size_t size, gfp_t flags);

/**
 * rtkm_kfree - give back memory from rtkm_kmalloc() or rtkm_kzalloc()
 * @objp: the pointer that was returned; NULL is ignored
 * @size: the size that was asked for; kept for API compatibility only
 *
 * The owning pool is found from @objp itself. Reported with the caller and
 * otherwise ignored: a second free of a block; a pointer into a block; a
 * slab object larger than PAGE_SIZE; memory from the page allocator,
 * vmalloc, a module or a stack. A slab object of at most PAGE_SIZE is
 * passed to kfree(): RTKM cannot tell its own small kmalloc() memory from
 * other small slab objects, because vendor drivers free some of theirs with
 * kfree() directly, which would leave any record RTKM kept of them stale.
 *
 * A block that was also freed with kfree(), free_pages() or put_page() is
 * reported and taken out of service for good: RTKM's own page reference
 * kept it from going back to the system. A second free that comes after
 * the block was handed out again looks like its new owner's free and
 * cannot be detected.
 *
 * Context: any context, as rtkm_kmalloc(); a pool block's free never
 * allocates and takes only RTKM's raw spinlocks.
 */
void rtkm_kfree(const void *objp, size_t size);

/**
 * rtkm_prealloc_init - fill the pools from the mpool parameter
 *
 * A driver that links RTKM in (CONFIG_RTKM=y) calls this before anything
 * else. With rtkm.ko (CONFIG_RTKM=m) the module does it at load and a
 * call here returns 0.
 *
 * Context: process context; may sleep.
 *
 * Return: 0, -EINVAL for a bad mpool value, -ENOMEM when a pool cannot be
 * filled (nothing is kept in that case).
 */
int rtkm_prealloc_init(void);

/**
 * rtkm_prealloc_destroy - report leaks and give the pools back
 *
 * Prints the usage table, reports every block still in use with the
 * function that allocated it, and frees every other block. Leaked blocks
 * stay allocated because their user may still write to them. A driver
 * with CONFIG_RTKM=y calls this last; with rtkm.ko it runs at unload.
 * No other rtkm call may be running or start once it is called: a leaked
 * block must not be freed afterwards either, since the pool that would
 * check the pointer is gone. Blocks taken out of service stay allocated.
 *
 * Context: process context; may sleep.
 */
void rtkm_prealloc_destroy(void);

/**
 * rtkm_dump_mstatus - print the usage table
 * @sel: a struct seq_file * to print into, or NULL for the kernel log
 *
 * Context: any context with @sel NULL; a seq_file's show context otherwise.
 * It visits every possible CPU's cache of every pool.
 */
void rtkm_dump_mstatus(void *sel);

/**
 * rtkm_set_trace - choose the orders whose allocations are traced
 * @mask: bit n traces order n; bits above order 8 are ignored
 *
 * Context: any context.
 */
void rtkm_set_trace(unsigned int mask);

/* Beyond the vendor's API: shared by every /proc file that takes the mask. */

/**
 * rtkm_write_trace - carry out a root write to an RTKM /proc file
 * @ubuf: the user's buffer: a hex order mask such as "0x8\n" (the trace
 *        mask), "reset-peak" (every order's peak becomes its use now), or
 *        "reserve ORDER BLOCKS" (that pool grows to at least BLOCKS blocks
 *        now; pools never shrink while RTKM is loaded)
 * @count: its length; nothing past it is read
 *
 * For the write handler of rtkm.ko's /proc/net/rtkm and of a driver's
 * /proc/net/<driver>/rtkm, so that every such file accepts the same input.
 * A refused reserve says why in the kernel log.
 *
 * Context: process context (a /proc write handler); may sleep.
 *
 * Return: @count, -EPERM without CAP_SYS_ADMIN, -EFAULT, -EINVAL for any
 * other text or a reserve of order 0 or above 65408 blocks, -EBUSY for a
 * reserve below the blocks the pool owns, -ENOMEM when the memory is not
 * there and -EINTR when the writer was killed (blocks a partial reserve
 * got stay in the pool), -ENODEV before the pools are set up.
 */
ssize_t rtkm_write_trace(const char __user *ubuf, size_t count);

#endif /* RTKM_H */
