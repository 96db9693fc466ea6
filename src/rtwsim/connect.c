// SPDX-License-Identifier: GPL-2.0
/*
 * Connection management of a full-MAC device: the firmware authenticates
 * and associates on its own, then, for WPA2-PSK, runs the 4-way handshake
 * with the PMK that wpa_supplicant passed in the connect request
 * (NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK), and only then reports the
 * connection: wpa_supplicant takes a connect event on a PSK network with
 * the handshake offloaded as "completed". A PMK that does not match the
 * AP's makes the AP's MIC check of message 2 fail; the AP never sends
 * message 3, retries message 1 a few times and finally deauthenticates,
 * a few seconds later, and the connection attempt fails.
 *
 * All of it runs under the wiphy mutex: the cfg80211 ops hold it, and the
 * firmware's steps are wiphy works, so the state needs no other lock. The
 * data path only sees the peer, through RCU.
 */

#include <crypto/algapi.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "rtwsim.h"

/* Authentication + association exchange, and the EAPOL-Key exchange. */
#define RTWSIM_ASSOC_MS		20
#define RTWSIM_4WAY_MS		20
/* hostapd's EAPOL-Key timeouts: 100 ms, then 1 s for each of 3 retries */
#define RTWSIM_4WAY_GIVE_UP_MS	3100

static struct rtwsim_peer *rtwsim_peer_get(struct rtwsim_vif *vif)
{
	return rcu_dereference_protected(vif->peer,
					 rtwsim_wiphy_lock_held(vif->rd->wiphy));
}

static int rtwsim_peer_add(struct rtwsim_vif *vif, int idx)
{
	const struct rtwsim_bss *bss = &vif->rd->ap.bss[idx];
	struct rtwsim_peer *peer;
	int err;

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return -ENOMEM;
	peer->nrings = rtwsim_txring_sta_num();
	err = rtwsim_rings_alloc(peer->rings, peer->nrings);
	if (err) {
		kfree(peer);
		return err;
	}
	ether_addr_copy(peer->addr, bss->bssid);
	peer->bss = idx;
	peer->authorized = !bss->psk;
	peer->connected = jiffies;
	peer->last_active = peer->connected;
	peer->assoc_at = ktime_get_boottime_ns();
	rtwsim_stats_init(&peer->stats);

	rtwsim_ap_assoc(vif->rd, vif->ndev->dev_addr, idx, peer->authorized);
	rcu_assign_pointer(vif->peer, peer);
	return 0;
}

static void rtwsim_peer_del(struct rtwsim_vif *vif)
{
	struct rtwsim_peer *peer = rtwsim_peer_get(vif);

	if (!peer)
		return;
	netif_carrier_off(vif->ndev);
	rtwsim_ap_deassoc(vif->rd);
	RCU_INIT_POINTER(vif->peer, NULL);
	/* xmit runs under rcu_read_lock_bh, the air tasklets under rcu */
	synchronize_net();
	rtwsim_rings_free(peer->rings, peer->nrings);
	kfree(peer);
}

static void rtwsim_req_clear(struct rtwsim_vif *vif)
{
	kfree(vif->req.ie);
	memzero_explicit(&vif->req, sizeof(vif->req));
	vif->req.bss = -1;
}

/* The status the simulated AP answers the association request with. */
static u16 rtwsim_assoc_status(const struct rtwsim_bss *bss,
			       const struct cfg80211_connect_params *sme)
{
	const struct cfg80211_crypto_settings *c = &sme->crypto;
	bool psk = false, ccmp = !c->n_ciphers_pairwise;
	int i;

	if (!bss->psk)
		return sme->privacy || c->wpa_versions || c->n_akm_suites ?
		       WLAN_STATUS_CAPS_UNSUPPORTED : WLAN_STATUS_SUCCESS;

	for (i = 0; i < c->n_akm_suites; i++)
		psk |= c->akm_suites[i] == WLAN_AKM_SUITE_PSK;
	for (i = 0; i < c->n_ciphers_pairwise; i++)
		ccmp |= c->ciphers_pairwise[i] == WLAN_CIPHER_SUITE_CCMP;

	if (!c->wpa_versions)
		return WLAN_STATUS_INVALID_IE;	/* no RSN element */
	if (!(c->wpa_versions & NL80211_WPA_VERSION_2))
		return WLAN_STATUS_UNSUPP_RSN_VERSION;
	if (!psk)
		return WLAN_STATUS_INVALID_AKMP;
	if (c->cipher_group && c->cipher_group != WLAN_CIPHER_SUITE_CCMP)
		return WLAN_STATUS_INVALID_GROUP_CIPHER;
	if (!ccmp)
		return WLAN_STATUS_INVALID_PAIRWISE_CIPHER;
	return WLAN_STATUS_SUCCESS;
}

int rtwsim_connect(struct wiphy *wiphy, struct net_device *ndev,
		   struct cfg80211_connect_params *sme)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);
	struct rtwsim_conn_req *req = &vif->req;
	const struct rtwsim_bss *bss;

	/*
	 * A reassociation (prev_bssid) is refused: wpa_supplicant then
	 * disconnects and connects again at once. cfg80211 takes in the
	 * disconnection we report only later, from its event work, and until
	 * then still passes such a connect on to us. Starting it would let
	 * that event wipe the new connection's SSID from cfg80211, which
	 * would then never pass a disconnect on to us again: wait for it.
	 */
	if (vif->state != RTWSIM_IDLE ||
	    rtwsim_wdev_connected(ndev->ieee80211_ptr))
		return -EALREADY;

	rtwsim_req_clear(vif);
	bss = rtwsim_ap_find(vif->rd, sme->ssid, sme->ssid_len, sme->bssid,
			     sme->channel);
	if (bss) {
		req->bss = bss - vif->rd->ap.bss;
		req->status = rtwsim_assoc_status(bss, sme);
		if (req->status == WLAN_STATUS_SUCCESS && bss->psk) {
			/* no EAPOL path to the host: the PMK is a must */
			if (!sme->crypto.psk) {
				netdev_info(ndev, "%pM: WPA2-PSK needs the PMK in the connect request\n",
					    bss->bssid);
				return -EOPNOTSUPP;
			}
			memcpy(req->pmk, sme->crypto.psk, WLAN_PMK_LEN);
			req->has_pmk = true;
		}
	}
	/* nl80211 caps the IEs at IEEE80211_MAX_DATA_LEN, within a page */
	if (sme->ie_len) {
		req->ie = kmemdup(sme->ie, sme->ie_len, GFP_KERNEL);
		if (!req->ie) {
			rtwsim_req_clear(vif);
			return -ENOMEM;
		}
		req->ie_len = sme->ie_len;
	}

	vif->state = RTWSIM_CONNECTING;
	wiphy_delayed_work_queue(wiphy, &vif->connect_work,
				 msecs_to_jiffies(RTWSIM_ASSOC_MS));
	return 0;
}

/* Tells cfg80211 how the attempt ended; the request is done with. */
static void rtwsim_connect_report(struct rtwsim_vif *vif, u16 status)
{
	const struct rtwsim_bss *bss = &vif->rd->ap.bss[vif->req.bss];
	struct cfg80211_connect_resp_params cr = {
		.status = status,
		.req_ie = vif->req.ie,
		.req_ie_len = vif->req.ie_len,
	};
	struct cfg80211_bss *cbss = NULL;

	if (status == WLAN_STATUS_SUCCESS) {
		cr.resp_ie = bss->resp_ies;
		cr.resp_ie_len = bss->resp_ies_len;
		/* a fresh entry: the one from the last scan may have expired */
		cbss = rtwsim_scan_inform(vif->rd, bss);
	}
	rtwsim_connect_resp_bss(&cr, bss->bssid, cbss);
	cfg80211_connect_done(vif->ndev, &cr, GFP_KERNEL);
	vif->state = status == WLAN_STATUS_SUCCESS ? RTWSIM_AUTHORIZED :
						     RTWSIM_IDLE;
	rtwsim_req_clear(vif);
}

static void rtwsim_connect_work(struct wiphy *wiphy, struct wiphy_work *work)
{
	struct rtwsim_vif *vif = container_of(work, struct rtwsim_vif,
					      connect_work.work);
	struct rtwsim_conn_req *req = &vif->req;

	if (vif->state != RTWSIM_CONNECTING)
		return;

	if (req->bss < 0) {
		/* nobody answered the probes */
		vif->state = RTWSIM_IDLE;
		cfg80211_connect_timeout(vif->ndev, NULL, req->ie, req->ie_len,
					 GFP_KERNEL, NL80211_TIMEOUT_SCAN);
		rtwsim_req_clear(vif);
		return;
	}
	if (req->status != WLAN_STATUS_SUCCESS) {
		rtwsim_connect_report(vif, req->status);
		return;
	}
	if (rtwsim_peer_add(vif, req->bss)) {
		netdev_err(vif->ndev, "no memory for the station's tx rings\n");
		rtwsim_connect_report(vif, WLAN_STATUS_UNSPECIFIED_FAILURE);
		return;
	}

	if (vif->rd->ap.bss[req->bss].psk) {
		vif->state = RTWSIM_ASSOCIATED;
		wiphy_delayed_work_queue(wiphy, &vif->hs_work,
					 msecs_to_jiffies(RTWSIM_4WAY_MS));
		return;
	}
	rtwsim_connect_report(vif, WLAN_STATUS_SUCCESS);
	netif_carrier_on(vif->ndev);
}

static void rtwsim_hs_work(struct wiphy *wiphy, struct wiphy_work *work)
{
	struct rtwsim_vif *vif = container_of(work, struct rtwsim_vif,
					      hs_work.work);
	struct rtwsim_peer *peer = rtwsim_peer_get(vif);
	struct rtwsim_conn_req *req = &vif->req;
	const struct rtwsim_bss *bss;
	bool match;

	if ((vif->state != RTWSIM_ASSOCIATED &&
	     vif->state != RTWSIM_HS_FAILED) || WARN_ON(!peer))
		return;
	bss = &vif->rd->ap.bss[peer->bss];

	if (vif->state == RTWSIM_HS_FAILED) {
		/* the AP gave up and deauthenticated us (reason 15) */
		rtwsim_peer_del(vif);
		rtwsim_connect_report(vif, WLAN_STATUS_UNSPECIFIED_FAILURE);
		return;
	}

	match = req->has_pmk && !crypto_memneq(req->pmk, bss->pmk, WLAN_PMK_LEN);
	memzero_explicit(req->pmk, sizeof(req->pmk));
	req->has_pmk = false;

	if (!match) {
		netdev_warn(vif->ndev, "4-way handshake with %pM failed: PMK mismatch (wrong passphrase?)\n",
			    bss->bssid);
		vif->state = RTWSIM_HS_FAILED;
		wiphy_delayed_work_queue(wiphy, &vif->hs_work,
					 msecs_to_jiffies(RTWSIM_4WAY_GIVE_UP_MS));
		return;
	}

	rtwsim_ap_authorize(vif->rd);
	WRITE_ONCE(peer->authorized, true);
	rtwsim_connect_report(vif, WLAN_STATUS_SUCCESS);
	rtwsim_port_authorized(vif->ndev, bss->bssid);
	netif_carrier_on(vif->ndev);
}

/* Ends whatever connection or attempt there is, and tells cfg80211. */
static void rtwsim_leave(struct rtwsim_vif *vif, u16 reason)
{
	struct wiphy *wiphy = vif->rd->wiphy;
	enum rtwsim_link_state state = vif->state;

	wiphy_delayed_work_cancel(wiphy, &vif->connect_work);
	wiphy_delayed_work_cancel(wiphy, &vif->hs_work);
	rtwsim_peer_del(vif);
	vif->state = RTWSIM_IDLE;

	if (state == RTWSIM_AUTHORIZED) {
		cfg80211_disconnected(vif->ndev, reason, NULL, 0, true,
				      GFP_KERNEL);
	} else if (state != RTWSIM_IDLE) {
		/* cfg80211 still waits for the attempt's result */
		const u8 *bssid = vif->req.bss < 0 ? NULL :
				  vif->rd->ap.bss[vif->req.bss].bssid;

		cfg80211_connect_timeout(vif->ndev, bssid, NULL, 0, GFP_KERNEL,
					 NL80211_TIMEOUT_UNSPECIFIED);
	}
	rtwsim_req_clear(vif);
}

int rtwsim_disconnect(struct wiphy *wiphy, struct net_device *ndev,
		      u16 reason)
{
	rtwsim_leave(netdev_priv(ndev), reason);
	return 0;
}

void rtwsim_connect_init(struct rtwsim_vif *vif)
{
	vif->req.bss = -1;
	wiphy_delayed_work_init(&vif->connect_work, rtwsim_connect_work);
	wiphy_delayed_work_init(&vif->hs_work, rtwsim_hs_work);
}

/* Interface going away: with the wiphy mutex held. */
void rtwsim_connect_cancel(struct rtwsim_vif *vif)
{
	rtwsim_leave(vif, WLAN_REASON_DEAUTH_LEAVING);
}

static void rtwsim_rate(const struct rtwsim_bss *bss, struct rate_info *rate)
{
	rate->flags = RATE_INFO_FLAGS_HE_MCS;
	rate->mcs = 11;
	rate->nss = 2;
	rate->bw = bss->width == NL80211_CHAN_WIDTH_80 ? RATE_INFO_BW_80 :
							 RATE_INFO_BW_20;
	rate->he_gi = NL80211_RATE_INFO_HE_GI_0_8;
	rate->he_dcm = 0;
}

static void rtwsim_fill_sinfo(const struct rtwsim_bss *bss,
			      const struct rtwsim_peer *peer,
			      struct station_info *sinfo)
{
	struct rtnl_link_stats64 st = {};
	unsigned long now = jiffies;

	rtwsim_stats_fetch(&peer->stats, &st);

	sinfo->filled |= BIT_ULL(NL80211_STA_INFO_CONNECTED_TIME) |
			 BIT_ULL(NL80211_STA_INFO_INACTIVE_TIME) |
			 BIT_ULL(NL80211_STA_INFO_ASSOC_AT_BOOTTIME) |
			 BIT_ULL(NL80211_STA_INFO_RX_BYTES64) |
			 BIT_ULL(NL80211_STA_INFO_TX_BYTES64) |
			 BIT_ULL(NL80211_STA_INFO_RX_PACKETS) |
			 BIT_ULL(NL80211_STA_INFO_TX_PACKETS) |
			 BIT_ULL(NL80211_STA_INFO_TX_FAILED) |
			 BIT_ULL(NL80211_STA_INFO_SIGNAL) |
			 BIT_ULL(NL80211_STA_INFO_SIGNAL_AVG) |
			 BIT_ULL(NL80211_STA_INFO_TX_BITRATE) |
			 BIT_ULL(NL80211_STA_INFO_RX_BITRATE) |
			 BIT_ULL(NL80211_STA_INFO_BSS_PARAM) |
			 BIT_ULL(NL80211_STA_INFO_STA_FLAGS);
	sinfo->connected_time = (now - peer->connected) / HZ;
	sinfo->inactive_time =
		jiffies_to_msecs(now - READ_ONCE(peer->last_active));
	sinfo->assoc_at = peer->assoc_at;
	sinfo->rx_bytes = st.rx_bytes;
	sinfo->tx_bytes = st.tx_bytes;
	sinfo->rx_packets = st.rx_packets;
	sinfo->tx_packets = st.tx_packets;
	sinfo->tx_failed = 0;
	sinfo->signal = bss->signal;
	sinfo->signal_avg = bss->signal;
	rtwsim_rate(bss, &sinfo->txrate);
	rtwsim_rate(bss, &sinfo->rxrate);

	sinfo->bss_param.flags = 0;
	if (bss->capability & WLAN_CAPABILITY_SHORT_SLOT_TIME)
		sinfo->bss_param.flags |= BSS_PARAM_FLAGS_SHORT_SLOT_TIME;
	sinfo->bss_param.dtim_period = bss->dtim_period;
	sinfo->bss_param.beacon_interval = bss->beacon_int;

	sinfo->sta_flags.mask = BIT(NL80211_STA_FLAG_AUTHORIZED) |
				BIT(NL80211_STA_FLAG_AUTHENTICATED) |
				BIT(NL80211_STA_FLAG_ASSOCIATED) |
				BIT(NL80211_STA_FLAG_WME);
	sinfo->sta_flags.set = BIT(NL80211_STA_FLAG_AUTHENTICATED) |
			       BIT(NL80211_STA_FLAG_ASSOCIATED) |
			       BIT(NL80211_STA_FLAG_WME);
	if (READ_ONCE(peer->authorized))
		sinfo->sta_flags.set |= BIT(NL80211_STA_FLAG_AUTHORIZED);
}

/* The only station a client interface has is its AP. */
static int rtwsim_station(struct net_device *ndev, int idx, const u8 *mac,
			  u8 *mac_out, struct station_info *sinfo)
{
	struct rtwsim_vif *vif = netdev_priv(ndev);
	const struct rtwsim_peer *peer;
	int err = -ENOENT;

	rcu_read_lock();
	peer = rcu_dereference(vif->peer);
	if (peer && idx == 0 && (!mac || ether_addr_equal(mac, peer->addr))) {
		if (mac_out)
			ether_addr_copy(mac_out, peer->addr);
		rtwsim_fill_sinfo(&vif->rd->ap.bss[peer->bss], peer, sinfo);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

int rtwsim_get_station(struct wiphy *wiphy, struct rtwsim_sta_op_dev *dev,
		       const u8 *mac, struct station_info *sinfo)
{
	return rtwsim_station(rtwsim_sta_op_ndev(dev), 0, mac, NULL, sinfo);
}

int rtwsim_dump_station(struct wiphy *wiphy, struct rtwsim_sta_op_dev *dev,
			int idx, u8 *mac, struct station_info *sinfo)
{
	return rtwsim_station(rtwsim_sta_op_ndev(dev), idx, NULL, mac, sinfo);
}

int rtwsim_get_channel(struct wiphy *wiphy, struct wireless_dev *wdev,
		       unsigned int link_id, struct cfg80211_chan_def *chandef)
{
	struct rtwsim_vif *vif = netdev_priv(wdev->netdev);
	const struct rtwsim_peer *peer;
	const struct rtwsim_bss *bss;
	int err = -ENODATA;

	rcu_read_lock();
	peer = rcu_dereference(vif->peer);
	if (peer) {
		bss = &vif->rd->ap.bss[peer->bss];
		memset(chandef, 0, sizeof(*chandef));
		chandef->chan = bss->chan;
		chandef->width = bss->width;
		chandef->center_freq1 = bss->center_freq1;
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
