// SPDX-License-Identifier: GPL-2.0
/*
 * Module and device life cycle.
 *
 * The adapter is a platform device, so that it has a probe and a remove
 * like the USB device of the real part, and a parent for the wiphy and
 * netdevs in sysfs. Probe allocates what the vendor driver allocates at
 * probe (firmware buffer, bus buffers), then registers the wiphy, the
 * uplink and the station interface.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/rtnetlink.h>

#include "rtwsim.h"

static const u8 rtwsim_addr_base[ETH_ALEN] = { 0x02, 0x72, 0x74, 0x77 };

static struct platform_device *rtwsim_pdev;
/* probe's error, for the module init that registered the device */
static int rtwsim_probe_err;

void rtwsim_make_addr(const struct rtwsim_dev *rd, u16 which, u8 *addr)
{
	ether_addr_copy(addr, rd->addr_base);
	addr[ETH_ALEN - 2] = which >> 8;
	addr[ETH_ALEN - 1] = which & 0xff;
}

/*
 * Tears down whichever of the two netdevs exist. Both are closed before
 * the air is stopped, so nothing can put a frame on it any more, and the
 * air is stopped before they are unregistered, so no frame lands on a
 * netdev that is going away.
 */
static void rtwsim_netdevs_destroy(struct rtwsim_dev *rd)
{
	rtnl_lock();
	if (rd->ndev)
		dev_close(rd->ndev);
	if (rd->uplink)
		dev_close(rd->uplink);
	rtwsim_air_stop(&rd->up);
	rtwsim_air_stop(&rd->down);
	if (rd->ndev)
		rtwsim_sta_unregister(rd);
	if (rd->uplink)
		rtwsim_uplink_unregister(rd);
	rtnl_unlock();

	if (rd->ndev)
		rtwsim_sta_free(rd);
	if (rd->uplink)
		rtwsim_uplink_free(rd);
}

static int rtwsim_probe(struct platform_device *pdev)
{
	struct rtwsim_dev *rd;
	int err;

	BUILD_BUG_ON(sizeof(*rd) > PAGE_SIZE);
	rd = devm_kzalloc(&pdev->dev, sizeof(*rd), GFP_KERNEL);
	if (!rd)
		return -ENOMEM;
	rd->pdev = pdev;
	ether_addr_copy(rd->addr_base, rtwsim_addr_base);

	err = rtwsim_fw_load(rd);
	if (err)
		goto fail;
	err = rtwsim_air_init(&rd->up, rd, "xmitbuf", rtwsim_xmitbuf_num(),
			      RTWSIM_XMITBUF_SIZE, rtwsim_ap_rx);
	if (err)
		goto out_fw;
	err = rtwsim_air_init(&rd->down, rd, "recvbuf", rtwsim_recvbuf_num(),
			      RTWSIM_RECVBUF_SIZE, rtwsim_sta_rx);
	if (err)
		goto out_up;
	err = rtwsim_wiphy_create(rd);
	if (err)
		goto out_down;
	err = rtwsim_ap_init(rd);
	if (err)
		goto out_wiphy;
	/* the AP bridges to the uplink, so it exists before any station */
	err = rtwsim_uplink_create(rd) ?: rtwsim_sta_create(rd) ?:
	      rtwsim_proc_add_dev(rd);
	if (err)
		goto out_netdevs;

	platform_set_drvdata(pdev, rd);
	dev_info(&pdev->dev, "%s: station %s, uplink %s; %u xmitbuf, %u recvbuf, %u+%u tx rings\n",
		 wiphy_name(rd->wiphy), netdev_name(rd->ndev),
		 netdev_name(rd->uplink), rtwsim_xmitbuf_num(),
		 rtwsim_recvbuf_num(), rtwsim_txring_if_num(),
		 rtwsim_txring_sta_num());
	return 0;

out_netdevs:
	rtwsim_netdevs_destroy(rd);
out_wiphy:
	rtwsim_wiphy_destroy(rd);
out_down:
	rtwsim_air_free(&rd->down);
out_up:
	rtwsim_air_free(&rd->up);
out_fw:
	rtwsim_fw_release(rd);
fail:
	dev_err(&pdev->dev, "probe failed: %d\n", err);
	rtwsim_probe_err = err;
	return err;
}

static void rtwsim_remove(struct platform_device *pdev)
{
	struct rtwsim_dev *rd = platform_get_drvdata(pdev);

	rtwsim_proc_del_dev(rd);
	rtwsim_netdevs_destroy(rd);
	rtwsim_wiphy_destroy(rd);
	rtwsim_air_free(&rd->down);
	rtwsim_air_free(&rd->up);
	rtwsim_fw_release(rd);
}

RTWSIM_PLATFORM_REMOVE_INT(rtwsim_remove)

static struct platform_driver rtwsim_driver = {
	.probe = rtwsim_probe,
	.RTWSIM_PLATFORM_REMOVE = RTWSIM_PLATFORM_REMOVE_FN(rtwsim_remove),
	.driver = {
		.name = RTWSIM_DRV_NAME,
		/* module init needs to know at once whether probe worked */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static int __init rtwsim_init(void)
{
	struct platform_device *pdev;
	int err;

	/* with RTKM linked in, its pools come before any allocation */
	err = rtwsim_rtkm_start();
	if (err)
		return err;

	err = rtwsim_mem_check_params() ?: rtwsim_ap_check_params() ?:
	      rtwsim_proc_init();
	if (err)
		goto out_rtkm;
	err = platform_driver_register(&rtwsim_driver);
	if (err)
		goto out_proc;

	pdev = platform_device_register_simple(RTWSIM_DRV_NAME,
					       PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pdev)) {
		err = PTR_ERR(pdev);
		goto out_driver;
	}
	if (!platform_get_drvdata(pdev)) {
		err = rtwsim_probe_err ?: -ENODEV;
		platform_device_unregister(pdev);
		goto out_driver;
	}
	rtwsim_pdev = pdev;
	return 0;

out_driver:
	platform_driver_unregister(&rtwsim_driver);
out_proc:
	rtwsim_proc_exit();
out_rtkm:
	rtwsim_rtkm_stop();
	return err;
}

static void __exit rtwsim_exit(void)
{
	platform_device_unregister(rtwsim_pdev);
	platform_driver_unregister(&rtwsim_driver);
	rtwsim_proc_exit();
	/* last: reports anything still allocated as a leak */
	rtwsim_rtkm_stop();
}

module_init(rtwsim_init);
module_exit(rtwsim_exit);

MODULE_DESCRIPTION("Virtual AX Wi-Fi adapter with a simulated AP, using RTKM");
MODULE_LICENSE("GPL");
