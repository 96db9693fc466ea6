/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the kernel-side files of RTKM; not for drivers. */
#ifndef RTKM_GLUE_H
#define RTKM_GLUE_H

#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/preempt.h>
#include <linux/version.h>

#include "rtkm_core.h"

/*
 * The kernel differences RTKM builds across, all for 5.10: in_hardirq() is
 * 5.11's name for in_irq() (both hardirq_count()), and 5.11 made page
 * poisoning a static key, read by page_poisoning_enabled_static(), where
 * 5.10 has the function page_poisoning_enabled() (<linux/mm.h>).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#define in_hardirq()	(hardirq_count())
#define page_poisoning_enabled_static()	page_poisoning_enabled()
#endif

/*
 * Only rtkm.ko exports the API; a driver that links RTKM in must not, or
 * loading it next to rtkm.ko would clash.
 */
#ifdef RTKM_STANDALONE
#define EXPORT_SYMBOL_IF_RTKM_MODULE(sym) EXPORT_SYMBOL(sym)
#else
#define EXPORT_SYMBOL_IF_RTKM_MODULE(sym)
#endif

/* Filling must fail fast and quietly rather than push the system to OOM. */
#define RTKM_FILL_GFP		(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)

struct rtkm_trace_rec;

extern struct rtkm rtkm_pools;
extern bool rtkm_mem_exp;

/*
 * Whether this context may enter the page and slab allocators: never in
 * hard-IRQ or NMI context, and on PREEMPT_RT, where their locks sleep,
 * only where sleeping locks may be taken (not with interrupts or
 * preemption disabled, as under a raw spinlock).
 */
static inline bool rtkm_may_allocate(void)
{
	if (in_hardirq() || in_nmi())
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible();
}

/*
 * Read by every allocation and free, so read inline: whether the pools are
 * built (rtkm_main.c) and which orders are traced (rtkm_trace.c).
 */
extern bool rtkm_ready;
extern unsigned int rtkm_trace_mask;

static inline bool rtkm_is_ready(void)
{
	/* Pairs with rtkm_setup(): ready means the pools are fully built. */
	return smp_load_acquire(&rtkm_ready);
}

static inline bool rtkm_order_traced(unsigned int order)
{
	return READ_ONCE(rtkm_trace_mask) & (1U << order);
}

/* rtkm_main.c */
int rtkm_setup(void);
void rtkm_teardown(void);
int rtkm_reset_peaks(void);
int rtkm_reserve(unsigned int order, unsigned int blocks);

/* rtkm_api.c */
void rtkm_log_table(void);
void rtkm_report_batch_grown(unsigned int order, unsigned int blocks,
			     unsigned long caller);

/* rtkm_trace.c */
struct rtkm_trace_rec *rtkm_trace_capture(gfp_t gfp, unsigned long caller);
void rtkm_trace_print_stack(const struct rtkm_trace_rec *rec);
void rtkm_trace_free(struct rtkm_trace_rec *rec);
void rtkm_trace_alloc(const void *addr, size_t size, unsigned int order,
		      const struct rtkm_usage *usage,
		      const struct rtkm_trace_rec *rec);
void rtkm_trace_release(const void *addr, const struct rtkm_freed *freed,
			unsigned long caller);

/* Untraced blocks, nearly all of them, have no record: no call for those. */
static inline void rtkm_trace_put(struct rtkm_trace_rec *rec)
{
	if (rec)
		rtkm_trace_free(rec);
}

/* rtkm_defer.c */
void rtkm_defer_growth(unsigned int order);
void rtkm_defer_kfree(void *obj);
void rtkm_defer_stop(void);

/* rtkm_proc.c and rtkm_modgone.c, rtkm.ko only */
int rtkm_proc_register(void);
void rtkm_proc_unregister(void);
int rtkm_modgone_register(void);
void rtkm_modgone_unregister(void);

#endif /* RTKM_GLUE_H */
