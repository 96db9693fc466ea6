// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for a vendor Wi-Fi driver built with CONFIG_RTKM=m: it links
 * against the packaged rtkm.ko instead of carrying its own RTKM, the way
 * README's "Using rtkm.ko from another driver" says. It holds two 32 KiB
 * buffers (an order-3 pool's blocks with 4 KiB pages) while it is loaded,
 * so a test sees them in /proc/net/rtkm. Test-only, never shipped.
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include <rtkm.h>

#define CLIENT_BUF_BYTES	(32 * 1024)

static void *client_bufs[2];

static void client_free(unsigned int n)
{
	while (n--)
		rtkm_kfree(client_bufs[n], CLIENT_BUF_BYTES);
}

static int __init client_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(client_bufs); i++) {
		client_bufs[i] = rtkm_kmalloc(CLIENT_BUF_BYTES, GFP_KERNEL);
		if (!client_bufs[i]) {
			client_free(i);
			return -ENOMEM;
		}
	}
	return 0;
}

static void __exit client_exit(void)
{
	client_free(ARRAY_SIZE(client_bufs));
}

module_init(client_init);
module_exit(client_exit);
MODULE_DESCRIPTION("test driver built against the packaged rtkm.ko");
MODULE_LICENSE("GPL");
