// SPDX-License-Identifier: GPL-2.0
/*
 * The station interface (wlan%d): its netdev, its data path to and from
 * the simulated air, and its per-interface tx rings.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "rtwsim.h"

/* 802.1D priority (TID) to access category ring: VO, VI, BE, BK. */
static const u8 rtwsim_tid_to_ac[8] = { 2, 3, 3, 2, 1, 1, 0, 0 };

static int rtwsim_sta_open(struct net_device *ndev)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);
	int err;

	/* power on: the part needs its firmware again */
	err = rtwsim_fw_boot(vif->rd);
	if (err)
		return err;
	netif_carrier_off(ndev);
	netif_start_queue(ndev);
	return 0;
}

static int rtwsim_sta_stop(struct net_device *ndev)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);
	struct wiphy *wiphy = vif->rd->wiphy;

	netif_stop_queue(ndev);
	/*
	 * cfg80211 disconnected us in NETDEV_GOING_DOWN; what may be left is
	 * a scan, which cfg80211 insists is finished before NETDEV_DOWN.
	 */
	wiphy_lock(wiphy);
	rtwsim_scan_cancel(vif);
	rtwsim_connect_cancel(vif);
	wiphy_unlock(wiphy);
	netif_carrier_off(ndev);
	return 0;
}

static void rtwsim_ring_log(struct rtwsim_txring *ring, unsigned int len)
{
	struct rtwsim_txdesc *desc = &ring->desc[ring->head % RTWSIM_TXRING_DESCS];

	desc->len = cpu_to_le16(len);
	desc->seq = cpu_to_le16(ring->seq);
	desc->flags = 0;
	ring->head++;
	ring->seq++;
}

static netdev_tx_t rtwsim_sta_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	unsigned int hdrlen, len = skb->len;
	u8 hdr[RTWSIM_80211_HDR_MAX];
	struct rtwsim_txring *ring;
	struct rtwsim_peer *peer;
	int tid, err;

	peer = rcu_dereference_bh(vif->peer);
	/* a non-4-address station can only send its own frames */
	if (!peer || !READ_ONCE(peer->authorized) || len < ETH_HLEN ||
	    !ether_addr_equal(eth->h_source, ndev->dev_addr))
		goto drop;

	/*
	 * Unicast goes on the AP's per-TID rings, group addressed frames on
	 * the interface's per-AC rings, as the vendor's PHL does with the
	 * peer's and the role's own station entries.
	 */
	tid = cfg80211_classify8021d(skb, NULL) & 7;
	if (is_multicast_ether_addr(eth->h_dest))
		ring = vif->rings[rtwsim_tid_to_ac[tid] % vif->nrings];
	else
		ring = peer->rings[tid % peer->nrings];

	hdrlen = rtwsim_80211_build(hdr, eth, peer->addr, true, ring->seq, tid);
	err = rtwsim_air_put(&vif->rd->up, hdr, hdrlen, skb, ETH_HLEN);
	if (err == -EBUSY)
		return NETDEV_TX_BUSY;
	if (err)
		goto drop;

	rtwsim_ring_log(ring, hdrlen + len - ETH_HLEN);
	rtwsim_stats_tx(&vif->stats, len);
	rtwsim_stats_tx(&peer->stats, len);
	WRITE_ONCE(peer->last_active, jiffies);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;

drop:
	atomic_long_inc(&vif->stats.tx_dropped);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* A frame from the air, in the down direction's tasklet. */
void rtwsim_sta_rx(struct rtwsim_dev *rd, const u8 *frame, u32 len)
{
	struct net_device *ndev = rd->ndev;
	struct rtwsim_vif *vif = netdev_priv(ndev);
	struct rtwsim_rx_frame rf;
	struct rtwsim_peer *peer;
	struct sk_buff *skb;

	rcu_read_lock();
	peer = rcu_dereference(vif->peer);
	if (!peer || !READ_ONCE(peer->authorized) || !netif_running(ndev) ||
	    rtwsim_80211_parse(frame, len, &rf) || !rf.from_ds ||
	    !ether_addr_equal(rf.bssid, peer->addr) ||
	    (!is_multicast_ether_addr(rf.da) &&
	     !ether_addr_equal(rf.da, ndev->dev_addr)))
		goto drop;

	skb = rtwsim_80211_to_skb(ndev, &rf);
	if (!skb)
		goto drop;
	len = ETH_HLEN + skb->len;
	rtwsim_stats_rx(&vif->stats, len);
	rtwsim_stats_rx(&peer->stats, len);
	WRITE_ONCE(peer->last_active, jiffies);
	rcu_read_unlock();
	netif_rx(skb);
	return;

drop:
	rcu_read_unlock();
	atomic_long_inc(&vif->stats.rx_dropped);
}

static void rtwsim_sta_get_stats64(struct net_device *ndev,
				   struct rtnl_link_stats64 *stats)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);

	rtwsim_stats_fetch(&vif->stats, stats);
}

static const struct net_device_ops rtwsim_sta_ops = {
	.ndo_open = rtwsim_sta_open,
	.ndo_stop = rtwsim_sta_stop,
	.ndo_start_xmit = rtwsim_sta_xmit,
	.ndo_get_stats64 = rtwsim_sta_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void rtwsim_sta_setup(struct net_device *ndev)
{
	ether_setup(ndev);
	ndev->netdev_ops = &rtwsim_sta_ops;
}

int rtwsim_sta_create(struct rtwsim_dev *rd)
{
	struct wireless_dev *wdev;
	struct net_device *ndev;
	struct rtwsim_vif *vif;
	int err;

	/*
	 * struct wireless_dev is kept out of the netdev's private area: the
	 * two together would make alloc_netdev() go above a page.
	 */
	BUILD_BUG_ON(sizeof(struct rtwsim_vif) > 1024);

	wdev = kzalloc(sizeof(*wdev), GFP_KERNEL);
	if (!wdev)
		return -ENOMEM;
	ndev = alloc_netdev(sizeof(*vif), "wlan%d", NET_NAME_ENUM,
			    rtwsim_sta_setup);
	if (!ndev) {
		err = -ENOMEM;
		goto out_wdev;
	}

	vif = netdev_priv(ndev);
	vif->wdev = wdev;
	vif->rd = rd;
	vif->ndev = ndev;
	rtwsim_stats_init(&vif->stats);
	rtwsim_scan_init(vif);
	rtwsim_connect_init(vif);
	vif->nrings = rtwsim_txring_if_num();
	err = rtwsim_rings_alloc(vif->rings, vif->nrings);
	if (err)
		goto out_ndev;

	wdev->wiphy = rd->wiphy;
	wdev->iftype = NL80211_IFTYPE_STATION;
	ndev->ieee80211_ptr = wdev;
	SET_NETDEV_DEV(ndev, wiphy_dev(rd->wiphy));
	eth_hw_addr_set(ndev, rd->wiphy->perm_addr);
	rd->up.sender = ndev;

	rtnl_lock();
	wiphy_lock(rd->wiphy);
	err = cfg80211_register_netdevice(ndev);
	wiphy_unlock(rd->wiphy);
	rtnl_unlock();
	if (err)
		goto out_rings;
	rd->ndev = ndev;
	return 0;

out_rings:
	rtwsim_rings_free(vif->rings, vif->nrings);
out_ndev:
	free_netdev(ndev);
out_wdev:
	kfree(wdev);
	return err;
}

/* With the RTNL held, the interface closed and the air stopped. */
void rtwsim_sta_unregister(struct rtwsim_dev *rd)
{
	struct rtwsim_vif *vif = netdev_priv(rd->ndev);

	wiphy_lock(rd->wiphy);
	rtwsim_scan_cancel(vif);
	rtwsim_connect_cancel(vif);
	cfg80211_unregister_netdevice(rd->ndev);
	wiphy_unlock(rd->wiphy);
}

/* After the RTNL is dropped, so the unregistration has completed. */
void rtwsim_sta_free(struct rtwsim_dev *rd)
{
	struct rtwsim_vif *vif = netdev_priv(rd->ndev);
	struct wireless_dev *wdev = vif->wdev;

	rtwsim_rings_free(vif->rings, vif->nrings);
	free_netdev(rd->ndev);
	kfree(wdev);
	rd->ndev = NULL;
}
