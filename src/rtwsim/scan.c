// SPDX-License-Identifier: GPL-2.0
/*
 * Scanning. The firmware dwells on the requested channels and reports the
 * simulated APs heard there, as probe responses, when the scan is over.
 */

#include <linux/ktime.h>
#include <linux/math64.h>

#include "rtwsim.h"

/*
 * Firmware scan setup, then a dwell per channel: short where probing is
 * allowed, a beacon interval where the channel may only be listened to.
 * A full scan takes about 3 s, as on a real part. Much faster would also
 * be unkind to iw: it subscribes to the scan events only after its trigger
 * request returned, one genetlink lookup at a time, and misses a result
 * that comes earlier.
 */
#define RTWSIM_SCAN_SETUP_MS	100
#define RTWSIM_SCAN_ACTIVE_MS	30
#define RTWSIM_SCAN_PASSIVE_MS	110

/**
 * rtwsim_scan_inform - report a simulated AP to cfg80211's BSS list
 * @rd: the device
 * @bss: the AP
 *
 * Return: a reference to the cfg80211 BSS entry, or NULL.
 */
struct cfg80211_bss *rtwsim_scan_inform(struct rtwsim_dev *rd,
					const struct rtwsim_bss *bss)
{
	struct cfg80211_inform_bss data = {
		.chan = bss->chan,
		.signal = DBM_TO_MBM(bss->signal),
		.boottime_ns = ktime_get_boottime_ns(),
	};

	return cfg80211_inform_bss_data(rd->wiphy, &data,
					CFG80211_BSS_FTYPE_PRESP, bss->bssid,
					div_u64(data.boottime_ns, NSEC_PER_USEC),
					bss->capability, bss->beacon_int,
					bss->ies, bss->ies_len, GFP_KERNEL);
}

static bool rtwsim_scan_has_chan(const struct cfg80211_scan_request *req,
				 const struct ieee80211_channel *chan)
{
	u32 i;

	for (i = 0; i < req->n_channels; i++)
		if (req->channels[i]->center_freq == chan->center_freq)
			return true;
	return false;
}

static void rtwsim_scan_done(struct rtwsim_vif *vif, bool aborted)
{
	struct cfg80211_scan_info info = { .aborted = aborted };

	cfg80211_scan_done(vif->scan_req, &info);
	vif->scan_req = NULL;
}

static void rtwsim_scan_work(struct wiphy *wiphy, struct wiphy_work *work)
{
	struct rtwsim_vif *vif = container_of(work, struct rtwsim_vif,
					      scan_work.work);
	struct rtwsim_dev *rd = vif->rd;
	int i;

	if (!vif->scan_req)
		return;

	for (i = 0; i < RTWSIM_NUM_BSS; i++)
		if (rtwsim_scan_has_chan(vif->scan_req, rd->ap.bss[i].chan))
			cfg80211_put_bss(wiphy,
					 rtwsim_scan_inform(rd, &rd->ap.bss[i]));
	rtwsim_scan_done(vif, false);
}

void rtwsim_scan_init(struct rtwsim_vif *vif)
{
	wiphy_delayed_work_init(&vif->scan_work, rtwsim_scan_work);
}

int rtwsim_scan(struct wiphy *wiphy, struct cfg80211_scan_request *req)
{
	struct rtwsim_vif *vif = netdev_priv(req->wdev->netdev);
	unsigned int ms = RTWSIM_SCAN_SETUP_MS;
	u32 i;

	if (vif->scan_req)
		return -EBUSY;
	for (i = 0; i < req->n_channels; i++)
		ms += req->channels[i]->flags & IEEE80211_CHAN_NO_IR ?
		      RTWSIM_SCAN_PASSIVE_MS : RTWSIM_SCAN_ACTIVE_MS;
	vif->scan_req = req;
	wiphy_delayed_work_queue(wiphy, &vif->scan_work,
				 msecs_to_jiffies(ms));
	return 0;
}

/* With the wiphy mutex held. */
void rtwsim_scan_cancel(struct rtwsim_vif *vif)
{
	wiphy_delayed_work_cancel(vif->rd->wiphy, &vif->scan_work);
	if (vif->scan_req)
		rtwsim_scan_done(vif, true);
}

void rtwsim_abort_scan(struct wiphy *wiphy, struct wireless_dev *wdev)
{
	rtwsim_scan_cancel(netdev_priv(wdev->netdev));
}
