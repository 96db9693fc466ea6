// SPDX-License-Identifier: GPL-2.0
/*
 * 802.3 <-> 802.11 data frame conversion for the simulated air.
 *
 * The netdevs are Ethernet devices, as they are on a full-MAC part, while
 * the air carries real 802.11 data frames (three-address, ToDS from the
 * station, FromDS from the AP, RFC 1042 encapsulation), so that the AP can
 * check the addresses an AP really checks.
 */

#include <linux/etherdevice.h>
#include <linux/ieee80211.h>

#include "rtwsim.h"

#define RTWSIM_SNAP_LEN		8	/* LLC/SNAP header plus EtherType */

/**
 * rtwsim_80211_build - 802.11 header and LLC/SNAP for an Ethernet frame
 * @buf: at least RTWSIM_80211_HDR_MAX bytes
 * @eth: the Ethernet header being replaced
 * @bssid: the BSS the frame travels in
 * @to_ds: station to AP; otherwise AP to station
 * @seq: sequence number
 * @tid: TID of a QoS data frame, or -1 for a non-QoS data frame
 *
 * The payload after @eth follows the returned header unchanged.
 *
 * Return: the header length.
 */
unsigned int rtwsim_80211_build(u8 *buf, const struct ethhdr *eth,
				const u8 *bssid, bool to_ds, u16 seq, int tid)
{
	struct ieee80211_qos_hdr *hdr = (struct ieee80211_qos_hdr *)buf;
	u16 fc = IEEE80211_FTYPE_DATA;
	unsigned int len;

	if (to_ds) {
		fc |= IEEE80211_FCTL_TODS;
		ether_addr_copy(hdr->addr1, bssid);
		ether_addr_copy(hdr->addr2, eth->h_source);
		ether_addr_copy(hdr->addr3, eth->h_dest);
	} else {
		fc |= IEEE80211_FCTL_FROMDS;
		ether_addr_copy(hdr->addr1, eth->h_dest);
		ether_addr_copy(hdr->addr2, bssid);
		ether_addr_copy(hdr->addr3, eth->h_source);
	}
	hdr->duration_id = 0;
	hdr->seq_ctrl = cpu_to_le16((seq << 4) & IEEE80211_SCTL_SEQ);

	if (tid >= 0) {
		fc |= IEEE80211_STYPE_QOS_DATA;
		hdr->qos_ctrl = cpu_to_le16(tid & IEEE80211_QOS_CTL_TID_MASK);
		len = sizeof(struct ieee80211_qos_hdr);
	} else {
		len = sizeof(struct ieee80211_hdr_3addr);
	}
	hdr->frame_control = cpu_to_le16(fc);

	/*
	 * An EtherType gets RFC 1042 encapsulation; after an 802.3 length
	 * field the payload already starts with its own LLC header.
	 */
	if (eth_proto_is_802_3(eth->h_proto)) {
		memcpy(buf + len, rfc1042_header, sizeof(rfc1042_header));
		memcpy(buf + len + sizeof(rfc1042_header), &eth->h_proto,
		       sizeof(eth->h_proto));
		len += RTWSIM_SNAP_LEN;
	}
	return len;
}

/**
 * rtwsim_80211_parse - check a data frame from the air and find its parts
 * @frame: the 802.11 frame
 * @len: its length
 * @rf: filled with pointers into @frame
 *
 * Return: 0, or -EINVAL for anything but a three-address data frame with
 * a payload.
 */
int rtwsim_80211_parse(const u8 *frame, u32 len, struct rtwsim_rx_frame *rf)
{
	const struct ieee80211_hdr *hdr = (const struct ieee80211_hdr *)frame;
	unsigned int hdrlen;
	__le16 fc;

	if (len < sizeof(struct ieee80211_hdr_3addr))
		return -EINVAL;
	fc = hdr->frame_control;
	if (!ieee80211_is_data_present(fc) || ieee80211_has_a4(fc))
		return -EINVAL;
	hdrlen = ieee80211_hdrlen(fc);
	if (len < hdrlen)
		return -EINVAL;

	rf->to_ds = ieee80211_has_tods(fc);
	rf->from_ds = ieee80211_has_fromds(fc);
	if (rf->to_ds) {
		rf->bssid = hdr->addr1;
		rf->sa = hdr->addr2;
		rf->da = hdr->addr3;
	} else if (rf->from_ds) {
		rf->da = hdr->addr1;
		rf->bssid = hdr->addr2;
		rf->sa = hdr->addr3;
	} else {
		return -EINVAL;		/* no IBSS on this air */
	}
	rf->ta = hdr->addr2;
	rf->tid = ieee80211_is_data_qos(fc) ?
		  *ieee80211_get_qos_ctl((struct ieee80211_hdr *)hdr) &
		  IEEE80211_QOS_CTL_TID_MASK : 0;

	rf->payload = frame + hdrlen;
	rf->payload_len = len - hdrlen;
	rf->proto = 0;
	if (rf->payload_len >= RTWSIM_SNAP_LEN &&
	    (!memcmp(rf->payload, rfc1042_header, sizeof(rfc1042_header)) ||
	     !memcmp(rf->payload, bridge_tunnel_header,
		     sizeof(bridge_tunnel_header)))) {
		memcpy(&rf->proto, rf->payload + sizeof(rfc1042_header),
		       sizeof(rf->proto));
		rf->payload += RTWSIM_SNAP_LEN;
		rf->payload_len -= RTWSIM_SNAP_LEN;
	}
	if (rf->payload_len > IEEE80211_MAX_DATA_LEN)
		return -EINVAL;
	return 0;
}

/**
 * rtwsim_80211_to_skb - rebuild the Ethernet frame for the receiving netdev
 * @ndev: the receiving netdev
 * @rf: a frame rtwsim_80211_parse() accepted
 *
 * Runs in softirq context.
 *
 * Return: the skb, ready for the stack, or NULL when out of memory.
 */
struct sk_buff *rtwsim_80211_to_skb(struct net_device *ndev,
				    const struct rtwsim_rx_frame *rf)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = netdev_alloc_skb_ip_align(ndev, ETH_HLEN + rf->payload_len);
	if (!skb)
		return NULL;

	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, rf->da);
	ether_addr_copy(eth->h_source, rf->sa);
	eth->h_proto = rf->proto ?: htons(rf->payload_len);
	skb_put_data(skb, rf->payload, rf->payload_len);
	skb->protocol = eth_type_trans(skb, ndev);
	return skb;
}
