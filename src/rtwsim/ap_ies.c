// SPDX-License-Identifier: GPL-2.0
/*
 * Information elements of the simulated access points: what their probe
 * responses and association responses carry, so that scan results and the
 * connection look like a real 802.11ax AP's (HT, VHT on 5 GHz, HE).
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/ieee80211.h>

#include "rtwsim.h"

/*
 * The largest set built below is 181 bytes: SSID 34, DS 3, RSN 22, rates
 * 16, HT 52, VHT 21, HE 33.
 */
#define RTWSIM_IES_MAX		256

static const u8 rtwsim_rates_2g[] = { 0x82, 0x84, 0x8b, 0x96,
				      0x0c, 0x12, 0x18, 0x24 };
static const u8 rtwsim_ext_rates_2g[] = { 0x30, 0x48, 0x60, 0x6c };
static const u8 rtwsim_rates_5g[] = { 0x8c, 0x12, 0x98, 0x24,
				      0xb0, 0x48, 0x60, 0x6c };

/* RSN: WPA2, CCMP group and pairwise, PSK */
static const u8 rtwsim_rsn_psk[] = {
	0x01, 0x00,
	0x00, 0x0f, 0xac, 0x04,
	0x01, 0x00, 0x00, 0x0f, 0xac, 0x04,
	0x01, 0x00, 0x00, 0x0f, 0xac, 0x02,
	0x00, 0x00,
};

static u8 *rtwsim_put_ie(u8 *pos, u8 eid, const void *data, u8 len)
{
	*pos++ = eid;
	*pos++ = len;
	memcpy(pos, data, len);
	return pos + len;
}

static u8 *rtwsim_put_ext_ie(u8 *pos, u8 ext_eid, const void *data, u8 len)
{
	*pos++ = WLAN_EID_EXTENSION;
	*pos++ = len + 1;
	*pos++ = ext_eid;
	memcpy(pos, data, len);
	return pos + len;
}

/* The rate and capability elements both frame types carry. */
static u8 *rtwsim_put_caps(u8 *pos, const struct rtwsim_bss *bss)
{
	bool is_5g = bss->chan->band == NL80211_BAND_5GHZ;
	bool wide = bss->width != NL80211_CHAN_WIDTH_20;
	struct ieee80211_ht_operation ht_oper = {};
	struct ieee80211_vht_operation vht_oper = {};
	struct ieee80211_ht_cap ht_cap = {};
	struct ieee80211_vht_cap vht_cap = {};
	struct ieee80211_he_operation he_oper = {};
	struct {
		struct ieee80211_he_cap_elem elem;
		__le16 rx_mcs_80;
		__le16 tx_mcs_80;
	} __packed he_cap = {};
	int chan = ieee80211_frequency_to_channel(bss->chan->center_freq);

	if (is_5g) {
		pos = rtwsim_put_ie(pos, WLAN_EID_SUPP_RATES, rtwsim_rates_5g,
				    sizeof(rtwsim_rates_5g));
	} else {
		pos = rtwsim_put_ie(pos, WLAN_EID_SUPP_RATES, rtwsim_rates_2g,
				    sizeof(rtwsim_rates_2g));
		pos = rtwsim_put_ie(pos, WLAN_EID_EXT_SUPP_RATES,
				    rtwsim_ext_rates_2g,
				    sizeof(rtwsim_ext_rates_2g));
	}

	ht_cap.cap_info = cpu_to_le16(IEEE80211_HT_CAP_LDPC_CODING |
				      IEEE80211_HT_CAP_SGI_20 |
				      (wide ? IEEE80211_HT_CAP_SUP_WIDTH_20_40 |
					      IEEE80211_HT_CAP_SGI_40 : 0));
	ht_cap.ampdu_params_info = IEEE80211_HT_MAX_AMPDU_64K |
		IEEE80211_HT_MPDU_DENSITY_4 << IEEE80211_HT_AMPDU_PARM_DENSITY_SHIFT;
	ht_cap.mcs.rx_mask[0] = 0xff;
	ht_cap.mcs.rx_mask[1] = 0xff;
	ht_cap.mcs.tx_params = IEEE80211_HT_MCS_TX_DEFINED;
	pos = rtwsim_put_ie(pos, WLAN_EID_HT_CAPABILITY, &ht_cap,
			    sizeof(ht_cap));

	ht_oper.primary_chan = chan;
	if (wide)
		ht_oper.ht_param = IEEE80211_HT_PARAM_CHA_SEC_ABOVE |
				   IEEE80211_HT_PARAM_CHAN_WIDTH_ANY;
	ht_oper.basic_set[0] = 0xff;
	pos = rtwsim_put_ie(pos, WLAN_EID_HT_OPERATION, &ht_oper,
			    sizeof(ht_oper));

	if (is_5g) {
		vht_cap.vht_cap_info =
			cpu_to_le32(IEEE80211_VHT_CAP_MAX_MPDU_LENGTH_11454 |
				    IEEE80211_VHT_CAP_RXLDPC |
				    IEEE80211_VHT_CAP_SHORT_GI_80 |
				    IEEE80211_VHT_CAP_MAX_A_MPDU_LENGTH_EXPONENT_MASK);
		vht_cap.supp_mcs.rx_mcs_map =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_VHT_MCS_SUPPORT_0_9));
		vht_cap.supp_mcs.tx_mcs_map = vht_cap.supp_mcs.rx_mcs_map;
		pos = rtwsim_put_ie(pos, WLAN_EID_VHT_CAPABILITY, &vht_cap,
				    sizeof(vht_cap));

		if (bss->width == NL80211_CHAN_WIDTH_80) {
			vht_oper.chan_width = IEEE80211_VHT_CHANWIDTH_80MHZ;
			vht_oper.center_freq_seg0_idx =
				ieee80211_frequency_to_channel(bss->center_freq1);
		}
		vht_oper.basic_mcs_set =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_VHT_MCS_SUPPORT_0_7));
		pos = rtwsim_put_ie(pos, WLAN_EID_VHT_OPERATION, &vht_oper,
				    sizeof(vht_oper));
	}

	he_cap.elem.mac_cap_info[0] = IEEE80211_HE_MAC_CAP0_HTC_HE;
	if (is_5g && wide)
		he_cap.elem.phy_cap_info[0] =
			IEEE80211_HE_PHY_CAP0_CHANNEL_WIDTH_SET_40MHZ_80MHZ_IN_5G;
	he_cap.elem.phy_cap_info[1] = IEEE80211_HE_PHY_CAP1_LDPC_CODING_IN_PAYLOAD;
	he_cap.rx_mcs_80 =
		cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_HE_MCS_SUPPORT_0_11));
	he_cap.tx_mcs_80 = he_cap.rx_mcs_80;
	pos = rtwsim_put_ext_ie(pos, WLAN_EID_EXT_HE_CAPABILITY, &he_cap,
				sizeof(he_cap));

	he_oper.he_oper_params =
		cpu_to_le32(FIELD_PREP(IEEE80211_HE_OPERATION_BSS_COLOR_MASK,
				       1 + (bss->bssid[ETH_ALEN - 1] & 0x1f)));
	he_oper.he_mcs_nss_set =
		cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_HE_MCS_SUPPORT_0_7));
	return rtwsim_put_ext_ie(pos, WLAN_EID_EXT_HE_OPERATION, &he_oper,
				 sizeof(he_oper));
}

/**
 * rtwsim_ap_build_ies - build a BSS's probe and association response IEs
 * @dev: the device owning the memory
 * @bss: a BSS with its SSID, channel and security set
 *
 * Return: 0 or -ENOMEM.
 */
int rtwsim_ap_build_ies(struct device *dev, struct rtwsim_bss *bss)
{
	u8 *ies, *pos;
	u8 chan;

	ies = devm_kzalloc(dev, RTWSIM_IES_MAX, GFP_KERNEL);
	if (!ies)
		return -ENOMEM;
	pos = rtwsim_put_ie(ies, WLAN_EID_SSID, bss->ssid, bss->ssid_len);
	if (bss->chan->band == NL80211_BAND_2GHZ) {
		chan = ieee80211_frequency_to_channel(bss->chan->center_freq);
		pos = rtwsim_put_ie(pos, WLAN_EID_DS_PARAMS, &chan, 1);
	}
	if (bss->psk)
		pos = rtwsim_put_ie(pos, WLAN_EID_RSN, rtwsim_rsn_psk,
				    sizeof(rtwsim_rsn_psk));
	pos = rtwsim_put_caps(pos, bss);
	bss->ies = ies;
	bss->ies_len = pos - ies;

	ies = devm_kzalloc(dev, RTWSIM_IES_MAX, GFP_KERNEL);
	if (!ies)
		return -ENOMEM;
	pos = rtwsim_put_caps(ies, bss);
	bss->resp_ies = ies;
	bss->resp_ies_len = pos - ies;
	return 0;
}
