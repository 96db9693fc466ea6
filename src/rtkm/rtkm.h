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
 * @flags: GFP flags; used as given when a pool has to grow
 *
 * Sizes above PAGE_SIZE are served from the pool of order get_order(@size)
 * (orders 0..8). Sizes of at most PAGE_SIZE go to kmalloc(), except that
 * sizes above PAGE_SIZE / 2 use the order-0 pool when mpool[0] reserved
 * blocks there. Sizes above order 8 are refused.
 *
 * Return: the block, or NULL when the pool is empty and cannot grow.
 */
void *rtkm_kmalloc(size_t size, gfp_t flags);

/**
 * rtkm_kzalloc - like rtkm_kmalloc(), and the first @size bytes are zeroed
 * @size: bytes wanted
 * @flags: GFP flags
 *
 * Return: the zeroed block, or NULL.
 */
void *rtkm_kzalloc(size_t size, gfp_t flags);

/**
 * rtkm_kfree - give back memory from rtkm_kmalloc() or rtkm_kzalloc()
 * @objp: the pointer that was returned; NULL is ignored
 * @size: the size that was asked for; kept for API compatibility only
 *
 * The owning pool is found from @objp itself. A pointer RTKM did not hand
 * out, or one freed twice, is reported with the caller and ignored.
 */
void rtkm_kfree(const void *objp, size_t size);

/**
 * rtkm_prealloc_init - fill the pools from the mpool parameter
 *
 * A driver that links RTKM in (CONFIG_RTKM=y) calls this before anything
 * else. With rtkm.ko (CONFIG_RTKM=m) the module does it at load and a
 * call here returns 0.
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
 * check the pointer is gone.
 */
void rtkm_prealloc_destroy(void);

/**
 * rtkm_dump_mstatus - print the usage table
 * @sel: a struct seq_file * to print into, or NULL for the kernel log
 */
void rtkm_dump_mstatus(void *sel);

/**
 * rtkm_set_trace - choose the orders whose allocations are traced
 * @mask: bit n traces order n; bits above order 8 are ignored
 */
void rtkm_set_trace(unsigned int mask);

/* Beyond the vendor's API: shared by every /proc file that takes the mask. */

/**
 * rtkm_write_trace - set the trace mask from a /proc write
 * @ubuf: the user's buffer, a hex order mask such as "0x8\n"
 * @count: its length; nothing past it is read
 *
 * For the write handler of rtkm.ko's /proc/net/rtkm and of a driver's
 * /proc/net/<driver>/rtkm, so that every such file accepts the same input.
 *
 * Return: @count, -EPERM without CAP_SYS_ADMIN, -EFAULT, or -EINVAL when
 * the text is not a mask of orders 0..8.
 */
ssize_t rtkm_write_trace(const char __user *ubuf, size_t count);

#endif /* RTKM_H */
