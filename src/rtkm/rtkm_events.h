/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTKM's tracepoints: rtkm:rtkm_alloc, rtkm_free, rtkm_fail and rtkm_grow,
 * for tracefs, trace-cmd, perf and bpftrace. Each carries the order, the
 * size the caller asked for, the block, the caller, and the pool's use and
 * blocks owned right after the event. Disabled, a tracepoint is a static
 * branch: the allocation path does not even take the pool snapshot.
 *
 * Out of tree, the header is found through TRACE_INCLUDE_PATH relative to
 * the -I of src/Kbuild, and nothing here depends on the kernel version.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM rtkm

#if !defined(RTKM_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define RTKM_EVENTS_H

#include <linux/tracepoint.h>

#include "rtkm_core.h"

/*
 * @usage is the pool's state read just after the event, under the pool's
 * lock but not in the same hold as the event, so another CPU's work on the
 * same order in between shows in it.
 */
DECLARE_EVENT_CLASS(rtkm_block_event,
		    TP_PROTO(unsigned int order, size_t size, const void *block,
			     unsigned long caller,
			     const struct rtkm_usage *usage),
		    TP_ARGS(order, size, block, caller, usage),
		    TP_STRUCT__entry(__field(unsigned int, order)
				     __field(size_t, size)
				     __field(const void *, block)
				     __field(unsigned long, caller)
				     __field(unsigned long, use)
				     __field(unsigned long, owned)),
		    TP_fast_assign(__entry->order = order;
				   __entry->size = size;
				   __entry->block = block;
				   __entry->caller = caller;
				   __entry->use = usage->use;
				   __entry->owned = usage->owned;),
		    TP_printk("order=%u size=%zu block=%p caller=%pS use=%lu owned=%lu",
			      __entry->order, __entry->size, __entry->block,
			      (void *)__entry->caller, __entry->use,
			      __entry->owned));

/* A pool block handed out. */
DEFINE_EVENT(rtkm_block_event, rtkm_alloc,
	     TP_PROTO(unsigned int order, size_t size, const void *block,
		      unsigned long caller, const struct rtkm_usage *usage),
	     TP_ARGS(order, size, block, caller, usage));

/* A pool block given back; @size is what its allocation asked for. */
DEFINE_EVENT(rtkm_block_event, rtkm_free,
	     TP_PROTO(unsigned int order, size_t size, const void *block,
		      unsigned long caller, const struct rtkm_usage *usage),
	     TP_ARGS(order, size, block, caller, usage));

/* A pool-sized request that got NULL (@block is NULL). */
DEFINE_EVENT(rtkm_block_event, rtkm_fail,
	     TP_PROTO(unsigned int order, size_t size, const void *block,
		      unsigned long caller, const struct rtkm_usage *usage),
	     TP_ARGS(order, size, block, caller, usage));

/*
 * A pool grew by @blocks: by one block handed out at once to @caller (then
 * @block and @size are that allocation's), or by a batch from the
 * workqueue or a reserve written to /proc (@block NULL, @size 0).
 */
TRACE_EVENT(rtkm_grow,
	    TP_PROTO(unsigned int order, unsigned int blocks, size_t size,
		     const void *block, unsigned long caller,
		     const struct rtkm_usage *usage),
	    TP_ARGS(order, blocks, size, block, caller, usage),
	    TP_STRUCT__entry(__field(unsigned int, order)
			     __field(unsigned int, blocks)
			     __field(size_t, size)
			     __field(const void *, block)
			     __field(unsigned long, caller)
			     __field(unsigned long, use)
			     __field(unsigned long, owned)),
	    TP_fast_assign(__entry->order = order;
			   __entry->blocks = blocks;
			   __entry->size = size;
			   __entry->block = block;
			   __entry->caller = caller;
			   __entry->use = usage->use;
			   __entry->owned = usage->owned;),
	    TP_printk("order=%u blocks=%u size=%zu block=%p caller=%pS use=%lu owned=%lu",
		      __entry->order, __entry->blocks, __entry->size,
		      __entry->block, (void *)__entry->caller, __entry->use,
		      __entry->owned));

#endif /* RTKM_EVENTS_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE rtkm_events
#include <trace/define_trace.h>
