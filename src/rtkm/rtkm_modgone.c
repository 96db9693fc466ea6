// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks reported when the leaking module goes away (rtkm.ko only). A
 * driver is unloaded before rtkm.ko, and by the time rtkm.ko reports its
 * leaks the driver's symbols are gone, so the report could only name an
 * address. The module notifier runs after the driver's exit function and
 * before its symbols are freed: what it still holds then is leaked, and
 * its allocating functions can be named.
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/printk.h>

#include "rtkm_glue.h"

/* Leaked blocks listed one by one per module; the rest are counted. */
#define RTKM_GONE_LISTED	32

struct rtkm_gone {
	struct module *mod;
	unsigned long blocks;
	unsigned long kib;
};

static void rtkm_gone_block(void *ctx, unsigned int order, const void *addr,
			    const struct rtkm_owner *owner,
			    enum rtkm_block_state state)
{
	struct rtkm_gone *gone = ctx;

	if (!within_module(owner->caller, gone->mod))
		return;
	if (!gone->blocks)
		pr_err("module %s unloaded with blocks it allocated still in use:\n",
		       module_name(gone->mod));
	if (++gone->blocks <= RTKM_GONE_LISTED)
		pr_err("memory leak! (%p, %u) order %u allocated by %pS\n",
		       addr, owner->size, order, (void *)owner->caller);
	gone->kib += (PAGE_SIZE << order) / 1024;
}

static int rtkm_module_event(struct notifier_block *nb, unsigned long event,
			     void *data)
{
	struct rtkm_gone gone = { .mod = data };
	unsigned int order;

	if (event != MODULE_STATE_GOING || gone.mod == THIS_MODULE ||
	    !rtkm_is_ready())
		return NOTIFY_DONE;
	for (order = 0; order < RTKM_NR_ORDERS; order++)
		rtkm_core_walk_in_use(&rtkm_pools, order, rtkm_gone_block,
				      &gone);
	if (gone.blocks)
		pr_err("module %s leaked %lu blocks (%lu KiB)%s\n",
		       module_name(gone.mod), gone.blocks, gone.kib,
		       gone.blocks > RTKM_GONE_LISTED ? ", not all listed" : "");
	return NOTIFY_DONE;
}

static struct notifier_block rtkm_module_nb = {
	.notifier_call = rtkm_module_event,
};

int rtkm_modgone_register(void)
{
	return register_module_notifier(&rtkm_module_nb);
}

/* Also waits for a report in progress. */
void rtkm_modgone_unregister(void)
{
	unregister_module_notifier(&rtkm_module_nb);
}
