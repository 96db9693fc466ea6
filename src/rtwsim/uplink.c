// SPDX-License-Identifier: GPL-2.0
/*
 * The uplink (rtwup%d): the simulated AP's wired port, an Ethernet netdev
 * the host sees. What the AP bridges from its station arrives here, what
 * is sent here goes to the AP. It can be moved to another network
 * namespace to stand for the network behind the AP.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "rtwsim.h"

struct rtwsim_uplink {
	struct rtwsim_dev *rd;
	struct rtwsim_stats stats;
};

static int rtwsim_uplink_open(struct net_device *ndev)
{
	netif_carrier_on(ndev);
	netif_start_queue(ndev);
	return 0;
}

static int rtwsim_uplink_stop(struct net_device *ndev)
{
	netif_stop_queue(ndev);
	netif_carrier_off(ndev);
	return 0;
}

static netdev_tx_t rtwsim_uplink_xmit(struct sk_buff *skb,
				      struct net_device *ndev)
{
	struct rtwsim_uplink *up = netdev_priv(ndev);
	unsigned int len = skb->len;
	int err;

	err = rtwsim_ap_xmit(up->rd, skb);
	if (err == -EBUSY)
		return NETDEV_TX_BUSY;
	/* a wire has no idea whether anyone listens: -ENOENT is sent too */
	if (err && err != -ENOENT) {
		atomic_long_inc(&up->stats.tx_dropped);
		dev_kfree_skb_any(skb);
	} else {
		rtwsim_stats_tx(&up->stats, len);
		dev_consume_skb_any(skb);
	}
	return NETDEV_TX_OK;
}

/* A frame the AP bridges to the wire, in the up direction's tasklet. */
void rtwsim_uplink_rx(struct rtwsim_dev *rd, const struct rtwsim_rx_frame *rf)
{
	struct net_device *ndev = rd->uplink;
	struct rtwsim_uplink *up = netdev_priv(ndev);
	struct sk_buff *skb;

	if (!netif_running(ndev))
		goto drop;
	skb = rtwsim_80211_to_skb(ndev, rf);
	if (!skb)
		goto drop;
	rtwsim_stats_rx(&up->stats, ETH_HLEN + skb->len);
	netif_rx(skb);
	return;

drop:
	atomic_long_inc(&up->stats.rx_dropped);
}

static void rtwsim_uplink_get_stats64(struct net_device *ndev,
				      struct rtnl_link_stats64 *stats)
{
	struct rtwsim_uplink *up = netdev_priv(ndev);

	rtwsim_stats_fetch(&up->stats, stats);
}

static const struct net_device_ops rtwsim_uplink_ops = {
	.ndo_open = rtwsim_uplink_open,
	.ndo_stop = rtwsim_uplink_stop,
	.ndo_start_xmit = rtwsim_uplink_xmit,
	.ndo_get_stats64 = rtwsim_uplink_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void rtwsim_uplink_setup(struct net_device *ndev)
{
	ether_setup(ndev);
	ndev->netdev_ops = &rtwsim_uplink_ops;
}

int rtwsim_uplink_create(struct rtwsim_dev *rd)
{
	struct rtwsim_uplink *up;
	struct net_device *ndev;
	u8 addr[ETH_ALEN];
	int err;

	ndev = alloc_netdev(sizeof(*up), "rtwup%d", NET_NAME_ENUM,
			    rtwsim_uplink_setup);
	if (!ndev)
		return -ENOMEM;
	up = netdev_priv(ndev);
	up->rd = rd;
	rtwsim_stats_init(&up->stats);
	SET_NETDEV_DEV(ndev, &rd->pdev->dev);
	rtwsim_make_addr(rd, RTWSIM_ADDR_UPLINK, addr);
	eth_hw_addr_set(ndev, addr);
	netif_carrier_off(ndev);
	rd->down.sender = ndev;

	err = register_netdev(ndev);
	if (err) {
		free_netdev(ndev);
		return err;
	}
	rd->uplink = ndev;
	return 0;
}

/* With the RTNL held, the interface closed and the air stopped. */
void rtwsim_uplink_unregister(struct rtwsim_dev *rd)
{
	unregister_netdevice(rd->uplink);
}

void rtwsim_uplink_free(struct rtwsim_dev *rd)
{
	free_netdev(rd->uplink);
	rd->uplink = NULL;
}
