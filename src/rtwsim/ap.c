// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated access point.
 *
 * Two BSSes share one radio: an open one on 2.4 GHz channel 6 and a
 * WPA2-PSK one on 5 GHz channel 100 (80 MHz). Neither channel lets a
 * "beacon" of theirs lift a no-initiating-radiation restriction through
 * cfg80211's regulatory beacon hints (those are only taken from channels
 * 12..14 and from non-radar 5 GHz channels): a simulated AP is no evidence
 * that transmitting is allowed, and the hint would apply to every world
 * roaming wiphy of the host.
 *
 * Both BSSes bridge to the uplink netdev: frames from the associated
 * station leave through the uplink, frames sent on the uplink reach the
 * station when they are addressed to it or group addressed. Until the
 * 4-way handshake succeeds the 802.1X controlled port is closed and no data
 * passes, in either direction.
 */

#include <linux/module.h>
#include <linux/string.h>

#include "rtwsim.h"

static char *ssid_open = "rtwsim-open";
module_param(ssid_open, charp, 0444);
MODULE_PARM_DESC(ssid_open, "SSID of the open BSS, 2.4 GHz channel 6");

static char *ssid_psk = "rtwsim-psk";
module_param(ssid_psk, charp, 0444);
MODULE_PARM_DESC(ssid_psk, "SSID of the WPA2-PSK BSS, 5 GHz channel 100");

static char *passphrase = "rtwsim-passphrase";
module_param(passphrase, charp, 0400);
MODULE_PARM_DESC(passphrase, "passphrase of the PSK BSS, 8..63 characters");

static int rtwsim_check_ssid(const char *name, const char *ssid)
{
	size_t len = strlen(ssid);

	if (len >= 1 && len <= IEEE80211_MAX_SSID_LEN)
		return 0;
	pr_err("%s: %s must be 1..%d bytes\n", RTWSIM_DRV_NAME, name,
	       IEEE80211_MAX_SSID_LEN);
	return -EINVAL;
}

int rtwsim_ap_check_params(void)
{
	size_t len = strlen(passphrase);
	size_t i;
	int err;

	err = rtwsim_check_ssid("ssid_open", ssid_open) ?:
	      rtwsim_check_ssid("ssid_psk", ssid_psk);
	if (err)
		return err;
	if (!strcmp(ssid_open, ssid_psk)) {
		pr_err("%s: ssid_open and ssid_psk must differ\n",
		       RTWSIM_DRV_NAME);
		return -EINVAL;
	}
	/* IEEE 802.11 Annex J: 8..63 printable ASCII characters */
	for (i = 0; i < len; i++)
		if (passphrase[i] < 32 || passphrase[i] > 126)
			break;
	if (len < 8 || len > 63 || i < len) {
		pr_err("%s: passphrase must be 8..63 printable ASCII characters\n",
		       RTWSIM_DRV_NAME);
		return -EINVAL;
	}
	return 0;
}

static int rtwsim_bss_setup(struct rtwsim_dev *rd, int idx, const char *ssid,
			    enum nl80211_band band, int chan, bool psk)
{
	struct rtwsim_bss *bss = &rd->ap.bss[idx];
	int err;

	rtwsim_make_addr(rd, RTWSIM_ADDR_BSS(idx), bss->bssid);
	bss->ssid_len = strlen(ssid);
	memcpy(bss->ssid, ssid, bss->ssid_len);
	bss->chan = rtwsim_channel(rd, band, chan);
	if (WARN_ON(!bss->chan))
		return -EINVAL;
	bss->beacon_int = 100;
	bss->dtim_period = 2;
	bss->capability = WLAN_CAPABILITY_ESS;
	if (band == NL80211_BAND_2GHZ) {
		/* a quiet 2.4 GHz channel: 20 MHz, short slot */
		bss->width = NL80211_CHAN_WIDTH_20;
		bss->center_freq1 = bss->chan->center_freq;
		bss->capability |= WLAN_CAPABILITY_SHORT_SLOT_TIME;
		bss->signal = -42;
	} else {
		/* channels 100..112 as one 80 MHz channel */
		bss->width = NL80211_CHAN_WIDTH_80;
		bss->center_freq1 = bss->chan->center_freq + 30;
		bss->signal = -51;
	}
	if (psk) {
		bss->psk = true;
		bss->capability |= WLAN_CAPABILITY_PRIVACY;
		err = rtwsim_pmk_derive(passphrase, strlen(passphrase),
					bss->ssid, bss->ssid_len, bss->pmk);
		if (err)
			return err;
	}
	return rtwsim_ap_build_ies(&rd->pdev->dev, bss);
}

int rtwsim_ap_init(struct rtwsim_dev *rd)
{
	struct rtwsim_ap *ap = &rd->ap;

	spin_lock_init(&ap->lock);
	ap->sta_bss = -1;
	atomic_long_set(&ap->rx_dropped, 0);
	atomic_long_set(&ap->tx_dropped, 0);

	return rtwsim_bss_setup(rd, 0, ssid_open, NL80211_BAND_2GHZ, 6,
				false) ?:
	       rtwsim_bss_setup(rd, 1, ssid_psk, NL80211_BAND_5GHZ, 100, true);
}

/**
 * rtwsim_ap_find - the BSS a connect request names
 * @rd: the device
 * @ssid: the SSID
 * @ssid_len: its length
 * @bssid: required BSSID, or NULL
 * @chan: required channel, or NULL
 *
 * Return: the BSS, or NULL when none matches.
 */
const struct rtwsim_bss *rtwsim_ap_find(struct rtwsim_dev *rd, const u8 *ssid,
					size_t ssid_len, const u8 *bssid,
					const struct ieee80211_channel *chan)
{
	const struct rtwsim_bss *bss;
	int i;

	for (i = 0; i < RTWSIM_NUM_BSS; i++) {
		bss = &rd->ap.bss[i];
		if (ssid_len != bss->ssid_len ||
		    memcmp(ssid, bss->ssid, ssid_len))
			continue;
		if (bssid && !ether_addr_equal(bssid, bss->bssid))
			continue;
		if (chan && chan->center_freq != bss->chan->center_freq)
			continue;
		return bss;
	}
	return NULL;
}

void rtwsim_ap_assoc(struct rtwsim_dev *rd, const u8 *addr, int bss,
		     bool authorized)
{
	struct rtwsim_ap *ap = &rd->ap;

	spin_lock_bh(&ap->lock);
	ether_addr_copy(ap->sta_addr, addr);
	ap->sta_bss = bss;
	ap->sta_authorized = authorized;
	ap->sta_assoc = true;
	spin_unlock_bh(&ap->lock);
}

void rtwsim_ap_authorize(struct rtwsim_dev *rd)
{
	spin_lock_bh(&rd->ap.lock);
	rd->ap.sta_authorized = rd->ap.sta_assoc;
	spin_unlock_bh(&rd->ap.lock);
}

void rtwsim_ap_deassoc(struct rtwsim_dev *rd)
{
	struct rtwsim_ap *ap = &rd->ap;

	spin_lock_bh(&ap->lock);
	ap->sta_assoc = false;
	ap->sta_authorized = false;
	ap->sta_bss = -1;
	eth_zero_addr(ap->sta_addr);
	spin_unlock_bh(&ap->lock);
}

/* A frame from the air, in the up direction's tasklet. */
void rtwsim_ap_rx(struct rtwsim_dev *rd, const u8 *frame, u32 len)
{
	struct rtwsim_ap *ap = &rd->ap;
	struct rtwsim_rx_frame rf;
	bool pass;

	if (rtwsim_80211_parse(frame, len, &rf) || !rf.to_ds)
		goto drop;

	spin_lock(&ap->lock);
	pass = ap->sta_authorized && ether_addr_equal(rf.ta, ap->sta_addr) &&
	       ether_addr_equal(rf.bssid, ap->bss[ap->sta_bss].bssid);
	spin_unlock(&ap->lock);
	if (!pass)
		goto drop;

	rtwsim_uplink_rx(rd, &rf);
	return;
drop:
	atomic_long_inc(&ap->rx_dropped);
}

/**
 * rtwsim_ap_xmit - bridge a frame from the uplink to the station
 * @rd: the device
 * @skb: an Ethernet frame the uplink is sending
 *
 * Runs in the uplink's ndo_start_xmit; the caller keeps @skb.
 *
 * Return: 0 when it is on the air, -ENOENT when no authorized station
 * wants it (a bridge drops those), -EBUSY when the air is full, or another
 * negative error when it cannot be sent.
 */
int rtwsim_ap_xmit(struct rtwsim_dev *rd, struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct rtwsim_ap *ap = &rd->ap;
	u8 hdr[RTWSIM_80211_HDR_MAX];
	u8 bssid[ETH_ALEN];
	unsigned int hdrlen;
	bool pass;
	int err;

	if (skb->len < ETH_HLEN)
		return -EINVAL;

	spin_lock_bh(&ap->lock);
	pass = ap->sta_authorized &&
	       (is_multicast_ether_addr(eth->h_dest) ||
		ether_addr_equal(eth->h_dest, ap->sta_addr));
	if (pass)
		ether_addr_copy(bssid, ap->bss[ap->sta_bss].bssid);
	spin_unlock_bh(&ap->lock);
	if (!pass) {
		atomic_long_inc(&ap->tx_dropped);
		return -ENOENT;
	}

	hdrlen = rtwsim_80211_build(hdr, eth, bssid, false, ap->seq,
				    cfg80211_classify8021d(skb, NULL));
	err = rtwsim_air_put(&rd->down, hdr, hdrlen, skb, ETH_HLEN);
	if (!err)
		ap->seq++;
	return err;
}
