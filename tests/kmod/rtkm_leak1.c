// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: leaks one order-0 page each time it is loaded. The VM suites
 * load it beside rtkm.ko in a run of load/unload cycles to prove that
 * their leak check catches a leak that small.
 */
#include <linux/gfp.h>
#include <linux/module.h>

static int __init rtkm_leak1_init(void)
{
	/* Never freed, on purpose. */
	return alloc_page(GFP_KERNEL) ? 0 : -ENOMEM;
}
module_init(rtkm_leak1_init);

static void __exit rtkm_leak1_exit(void)
{
}
module_exit(rtkm_leak1_exit);

MODULE_DESCRIPTION("Test-only: leaks one page per load");
MODULE_LICENSE("GPL");
