// SPDX-License-Identifier: GPL-2.0
/*
 * The wiphy: 2.4 and 5 GHz bands with HT, VHT (5 GHz) and HE capabilities
 * of a 2x2 AX part, a station-only interface set, and the ops of a full-MAC
 * device whose firmware does scanning, MLME and the 4-way handshake.
 */

#include <linux/device.h>

#include "rtwsim.h"

#define RTWSIM_CHAN(b, freq, power) {	\
	.band = (b),				\
	.center_freq = (freq),			\
	.max_power = (power),			\
}

#define RTWSIM_CHAN_2G(freq)	RTWSIM_CHAN(NL80211_BAND_2GHZ, freq, 20)
#define RTWSIM_CHAN_5G(freq)	RTWSIM_CHAN(NL80211_BAND_5GHZ, freq, 23)

/* channels 1..14 */
static const struct ieee80211_channel rtwsim_channels_2g[] = {
	RTWSIM_CHAN_2G(2412), RTWSIM_CHAN_2G(2417), RTWSIM_CHAN_2G(2422),
	RTWSIM_CHAN_2G(2427), RTWSIM_CHAN_2G(2432), RTWSIM_CHAN_2G(2437),
	RTWSIM_CHAN_2G(2442), RTWSIM_CHAN_2G(2447), RTWSIM_CHAN_2G(2452),
	RTWSIM_CHAN_2G(2457), RTWSIM_CHAN_2G(2462), RTWSIM_CHAN_2G(2467),
	RTWSIM_CHAN_2G(2472), RTWSIM_CHAN_2G(2484),
};

/* channels 36..64, 100..144, 149..165 */
static const struct ieee80211_channel rtwsim_channels_5g[] = {
	RTWSIM_CHAN_5G(5180), RTWSIM_CHAN_5G(5200), RTWSIM_CHAN_5G(5220),
	RTWSIM_CHAN_5G(5240), RTWSIM_CHAN_5G(5260), RTWSIM_CHAN_5G(5280),
	RTWSIM_CHAN_5G(5300), RTWSIM_CHAN_5G(5320), RTWSIM_CHAN_5G(5500),
	RTWSIM_CHAN_5G(5520), RTWSIM_CHAN_5G(5540), RTWSIM_CHAN_5G(5560),
	RTWSIM_CHAN_5G(5580), RTWSIM_CHAN_5G(5600), RTWSIM_CHAN_5G(5620),
	RTWSIM_CHAN_5G(5640), RTWSIM_CHAN_5G(5660), RTWSIM_CHAN_5G(5680),
	RTWSIM_CHAN_5G(5700), RTWSIM_CHAN_5G(5720), RTWSIM_CHAN_5G(5745),
	RTWSIM_CHAN_5G(5765), RTWSIM_CHAN_5G(5785), RTWSIM_CHAN_5G(5805),
	RTWSIM_CHAN_5G(5825),
};

/* CCK then OFDM; 5 GHz uses the OFDM part only. */
static const struct ieee80211_rate rtwsim_rates[] = {
	{ .bitrate = 10, .hw_value = 0x00 },
	{ .bitrate = 20, .hw_value = 0x01,
	  .flags = IEEE80211_RATE_SHORT_PREAMBLE },
	{ .bitrate = 55, .hw_value = 0x02,
	  .flags = IEEE80211_RATE_SHORT_PREAMBLE },
	{ .bitrate = 110, .hw_value = 0x03,
	  .flags = IEEE80211_RATE_SHORT_PREAMBLE },
	{ .bitrate = 60, .hw_value = 0x04 },
	{ .bitrate = 90, .hw_value = 0x05 },
	{ .bitrate = 120, .hw_value = 0x06 },
	{ .bitrate = 180, .hw_value = 0x07 },
	{ .bitrate = 240, .hw_value = 0x08 },
	{ .bitrate = 360, .hw_value = 0x09 },
	{ .bitrate = 480, .hw_value = 0x0a },
	{ .bitrate = 540, .hw_value = 0x0b },
};

#define RTWSIM_OFDM_RATES	4	/* index of the first OFDM rate */

static const struct ieee80211_sta_ht_cap rtwsim_ht_cap = {
	.ht_supported = true,
	.cap = IEEE80211_HT_CAP_LDPC_CODING | IEEE80211_HT_CAP_SUP_WIDTH_20_40 |
	       IEEE80211_HT_CAP_SGI_20 | IEEE80211_HT_CAP_SGI_40 |
	       IEEE80211_HT_CAP_TX_STBC |
	       (1 << IEEE80211_HT_CAP_RX_STBC_SHIFT) |
	       IEEE80211_HT_CAP_MAX_AMSDU,
	.ampdu_factor = IEEE80211_HT_MAX_AMPDU_64K,
	.ampdu_density = IEEE80211_HT_MPDU_DENSITY_4,
	.mcs = {
		.rx_mask = { 0xff, 0xff },
		.rx_highest = cpu_to_le16(300),
		.tx_params = IEEE80211_HT_MCS_TX_DEFINED,
	},
};

static const struct ieee80211_sta_vht_cap rtwsim_vht_cap = {
	.vht_supported = true,
	.cap = IEEE80211_VHT_CAP_MAX_MPDU_LENGTH_11454 |
	       IEEE80211_VHT_CAP_RXLDPC | IEEE80211_VHT_CAP_SHORT_GI_80 |
	       IEEE80211_VHT_CAP_TXSTBC | IEEE80211_VHT_CAP_RXSTBC_1 |
	       IEEE80211_VHT_CAP_SU_BEAMFORMEE_CAPABLE |
	       IEEE80211_VHT_CAP_MAX_A_MPDU_LENGTH_EXPONENT_MASK,
	.vht_mcs = {
		.rx_mcs_map =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_VHT_MCS_SUPPORT_0_9)),
		.rx_highest = cpu_to_le16(867),
		.tx_mcs_map =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_VHT_MCS_SUPPORT_0_9)),
		.tx_highest = cpu_to_le16(867),
	},
};

static const struct ieee80211_sta_he_cap rtwsim_he_cap = {
	.has_he = true,
	.he_cap_elem = {
		.mac_cap_info[0] = IEEE80211_HE_MAC_CAP0_HTC_HE,
		.mac_cap_info[2] = IEEE80211_HE_MAC_CAP2_BSR,
		.phy_cap_info[1] = IEEE80211_HE_PHY_CAP1_LDPC_CODING_IN_PAYLOAD,
		.phy_cap_info[2] = IEEE80211_HE_PHY_CAP2_NDP_4x_LTF_AND_3_2US |
				   IEEE80211_HE_PHY_CAP2_STBC_RX_UNDER_80MHZ,
	},
	.he_mcs_nss_supp = {
		.rx_mcs_80 =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_HE_MCS_SUPPORT_0_11)),
		.tx_mcs_80 =
			cpu_to_le16(RTWSIM_MCS_MAP_2SS(IEEE80211_HE_MCS_SUPPORT_0_11)),
		.rx_mcs_160 = cpu_to_le16(0xffff),
		.tx_mcs_160 = cpu_to_le16(0xffff),
		.rx_mcs_80p80 = cpu_to_le16(0xffff),
		.tx_mcs_80p80 = cpu_to_le16(0xffff),
	},
};

static const u32 rtwsim_cipher_suites[] = {
	WLAN_CIPHER_SUITE_CCMP,
	WLAN_CIPHER_SUITE_CCMP_256,
	WLAN_CIPHER_SUITE_GCMP,
	WLAN_CIPHER_SUITE_GCMP_256,
};

/*
 * cfg80211 writes to the band structures (rate and channel flags from
 * regulatory), so every device gets its own copy.
 */
struct rtwsim_bands {
	struct ieee80211_supported_band sband[2];
	struct ieee80211_sband_iftype_data iftd[2];
};

static const struct cfg80211_ops rtwsim_cfg80211_ops = {
	.scan = rtwsim_scan,
	.abort_scan = rtwsim_abort_scan,
	.connect = rtwsim_connect,
	.disconnect = rtwsim_disconnect,
	.get_station = rtwsim_get_station,
	.dump_station = rtwsim_dump_station,
	.get_channel = RTWSIM_GET_CHANNEL,
};

static int rtwsim_band_init(struct rtwsim_dev *rd, int idx,
			    enum nl80211_band band,
			    const struct ieee80211_channel *chans,
			    int n_chans)
{
	struct ieee80211_supported_band *sband = &rd->bands->sband[idx];
	struct ieee80211_sband_iftype_data *iftd = &rd->bands->iftd[idx];
	struct device *dev = &rd->pdev->dev;
	int first_rate = band == NL80211_BAND_2GHZ ? 0 : RTWSIM_OFDM_RATES;

	sband->band = band;
	sband->channels = devm_kmemdup(dev, chans, n_chans * sizeof(*chans),
				       GFP_KERNEL);
	sband->bitrates = devm_kmemdup(dev, &rtwsim_rates[first_rate],
				       sizeof(rtwsim_rates) -
				       first_rate * sizeof(rtwsim_rates[0]),
				       GFP_KERNEL);
	if (!sband->channels || !sband->bitrates)
		return -ENOMEM;
	sband->n_channels = n_chans;
	sband->n_bitrates = ARRAY_SIZE(rtwsim_rates) - first_rate;
	sband->ht_cap = rtwsim_ht_cap;
	if (band == NL80211_BAND_5GHZ)
		sband->vht_cap = rtwsim_vht_cap;

	iftd->types_mask = BIT(NL80211_IFTYPE_STATION);
	iftd->he_cap = rtwsim_he_cap;
	iftd->he_cap.he_cap_elem.phy_cap_info[0] =
		band == NL80211_BAND_2GHZ ?
		IEEE80211_HE_PHY_CAP0_CHANNEL_WIDTH_SET_40MHZ_IN_2G :
		IEEE80211_HE_PHY_CAP0_CHANNEL_WIDTH_SET_40MHZ_80MHZ_IN_5G;
	rtwsim_set_iftype_data(sband, iftd, 1);

	rd->wiphy->bands[band] = sband;
	return 0;
}

/**
 * rtwsim_channel - one of the device's channels
 * @rd: the device
 * @band: its band
 * @chan: its IEEE channel number
 *
 * Return: the channel, or NULL when the device has no such channel.
 */
struct ieee80211_channel *rtwsim_channel(struct rtwsim_dev *rd,
					 enum nl80211_band band, int chan)
{
	struct ieee80211_supported_band *sband = rd->wiphy->bands[band];
	int i;

	for (i = 0; sband && i < sband->n_channels; i++)
		if (ieee80211_frequency_to_channel(sband->channels[i].center_freq) ==
		    chan)
			return &sband->channels[i];
	return NULL;
}

int rtwsim_wiphy_create(struct rtwsim_dev *rd)
{
	struct wiphy *wiphy;
	int err;

	rd->bands = devm_kzalloc(&rd->pdev->dev, sizeof(*rd->bands),
				 GFP_KERNEL);
	if (!rd->bands)
		return -ENOMEM;

	wiphy = wiphy_new(&rtwsim_cfg80211_ops, sizeof(rd));
	if (!wiphy)
		return -ENOMEM;
	*(struct rtwsim_dev **)wiphy_priv(wiphy) = rd;
	rd->wiphy = wiphy;
	set_wiphy_dev(wiphy, &rd->pdev->dev);

	rtwsim_make_addr(rd, RTWSIM_ADDR_STA, wiphy->perm_addr);
	wiphy->interface_modes = BIT(NL80211_IFTYPE_STATION);
	wiphy->flags |= WIPHY_FLAG_NETNS_OK;
	wiphy->signal_type = CFG80211_SIGNAL_TYPE_MBM;
	wiphy->max_scan_ssids = 4;
	wiphy->max_scan_ie_len = IEEE80211_MAX_DATA_LEN;
	wiphy->cipher_suites = rtwsim_cipher_suites;
	wiphy->n_cipher_suites = ARRAY_SIZE(rtwsim_cipher_suites);
	/* wpa_supplicant hands over the PMK and the firmware does the rest */
	wiphy_ext_feature_set(wiphy, NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK);

	err = rtwsim_band_init(rd, 0, NL80211_BAND_2GHZ, rtwsim_channels_2g,
			       ARRAY_SIZE(rtwsim_channels_2g)) ?:
	      rtwsim_band_init(rd, 1, NL80211_BAND_5GHZ, rtwsim_channels_5g,
			       ARRAY_SIZE(rtwsim_channels_5g)) ?:
	      wiphy_register(wiphy);
	if (err) {
		wiphy_free(wiphy);
		rd->wiphy = NULL;
	}
	return err;
}

void rtwsim_wiphy_destroy(struct rtwsim_dev *rd)
{
	wiphy_unregister(rd->wiphy);
	wiphy_free(rd->wiphy);
	rd->wiphy = NULL;
}
