// SPDX-License-Identifier: GPL-2.0
/*
 * The memory shape of an AX USB driver, and where it comes from.
 *
 * At probe: one firmware image buffer (order 7), the xmit and recv bus
 * buffers (order 3). Per interface and per connected station: tx rings
 * (order 1). The counts are module parameters so that a platform's mpool
 * line can be written to match them exactly.
 *
 * Build modes: CONFIG_RTKM with RTKM_STANDALONE uses rtkm.ko, with
 * RTKM_BUILTIN links RTKM into this module (which then owns the pools'
 * life cycle), and without CONFIG_RTKM everything is plain kmalloc.
 */

#include <linux/module.h>
#include <linux/slab.h>

#include "rtwsim.h"

#ifdef CONFIG_RTKM
#include "../rtkm/rtkm.h"
#endif

static int xmitbuf_num = 16;
module_param(xmitbuf_num, int, 0444);
MODULE_PARM_DESC(xmitbuf_num,
		 "xmit (bulk-out) buffers of 20 KiB, RTKM order 3 (default 16)");

static int recvbuf_num = 8;
module_param(recvbuf_num, int, 0444);
MODULE_PARM_DESC(recvbuf_num,
		 "recv (bulk-in) buffers of 32 KiB, RTKM order 3 (default 8)");

static int txring_if_num = 4;
module_param(txring_if_num, int, 0444);
MODULE_PARM_DESC(txring_if_num,
		 "tx rings per interface, one per access category, RTKM order 1 (default 4)");

static int txring_sta_num = 8;
module_param(txring_sta_num, int, 0444);
MODULE_PARM_DESC(txring_sta_num,
		 "tx rings per connected station, one per TID, RTKM order 1 (default 8)");

static int rtwsim_check_range(const char *name, int val, int min, int max)
{
	if (val >= min && val <= max)
		return 0;
	pr_err("%s: %s=%d is outside %d..%d\n", RTWSIM_DRV_NAME, name, val,
	       min, max);
	return -EINVAL;
}

int rtwsim_mem_check_params(void)
{
	/* The ring layout is what puts a ring in the order-1 pool. */
	BUILD_BUG_ON(sizeof(struct rtwsim_txring) <= PAGE_SIZE ||
		     sizeof(struct rtwsim_txring) > 2 * PAGE_SIZE);

	return rtwsim_check_range("xmitbuf_num", xmitbuf_num, 1,
				  RTWSIM_MAX_BUFS) ?:
	       rtwsim_check_range("recvbuf_num", recvbuf_num, 1,
				  RTWSIM_MAX_BUFS) ?:
	       rtwsim_check_range("txring_if_num", txring_if_num, 1,
				  RTWSIM_MAX_RINGS) ?:
	       rtwsim_check_range("txring_sta_num", txring_sta_num, 1,
				  RTWSIM_MAX_RINGS);
}

unsigned int rtwsim_xmitbuf_num(void)
{
	return xmitbuf_num;
}

unsigned int rtwsim_recvbuf_num(void)
{
	return recvbuf_num;
}

unsigned int rtwsim_txring_if_num(void)
{
	return txring_if_num;
}

unsigned int rtwsim_txring_sta_num(void)
{
	return txring_sta_num;
}

/*
 * With RTKM linked in, the pools belong to this module: they are filled
 * before anything else allocates and given back after everything is freed.
 * rtkm.ko does both itself.
 */
int rtwsim_rtkm_start(void)
{
#ifdef RTKM_BUILTIN
	return rtkm_prealloc_init();
#else
	return 0;
#endif
}

void rtwsim_rtkm_stop(void)
{
#ifdef RTKM_BUILTIN
	rtkm_prealloc_destroy();
#endif
}

/* Zeroed memory; anything above PAGE_SIZE must come through here. */
void *rtwsim_alloc(size_t size, gfp_t gfp)
{
#ifdef CONFIG_RTKM
	return rtkm_kzalloc(size, gfp);
#else
	return kzalloc(size, gfp);
#endif
}

void rtwsim_free(const void *ptr, size_t size)
{
#ifdef CONFIG_RTKM
	rtkm_kfree(ptr, size);
#else
	kfree(ptr);
#endif
}

int rtwsim_rings_alloc(struct rtwsim_txring **rings, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		rings[i] = rtwsim_alloc(sizeof(*rings[i]), GFP_KERNEL);
		if (!rings[i]) {
			rtwsim_rings_free(rings, i);
			return -ENOMEM;
		}
		rings[i]->index = i;
	}
	return 0;
}

void rtwsim_rings_free(struct rtwsim_txring **rings, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		rtwsim_free(rings[i], sizeof(*rings[i]));
		rings[i] = NULL;
	}
}
