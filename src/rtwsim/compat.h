/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference rtwsim builds across lives here, so the rest
 * of the driver is written against one API. The matrix is Debian's 6.1 and
 * 6.12 and sid's 7.2. The driver needs wiphy_work (work serialised with
 * the cfg80211 ops by the wiphy mutex).
 */
#ifndef RTWSIM_COMPAT_H
#define RTWSIM_COMPAT_H

#include <linux/platform_device.h>
#include <linux/version.h>
#include <net/cfg80211.h>

/*
 * The version of the headers being built against, sublevel clamped the
 * way KERNEL_VERSION() clamps it, so it equals LINUX_VERSION_CODE.
 */
#define RTWSIM_KERNEL	KERNEL_VERSION(LINUX_VERSION_MAJOR,		\
				       LINUX_VERSION_PATCHLEVEL,	\
				       LINUX_VERSION_SUBLEVEL)
#define RTWSIM_KERNEL_SINCE(a, b, c)	(KERNEL_VERSION(a, b, c) <= RTWSIM_KERNEL)

/* wiphy_work: 6.5, backported to 6.1.57 but not to 6.2..6.4 */
#if !RTWSIM_KERNEL_SINCE(6, 1, 57) || \
	(RTWSIM_KERNEL_SINCE(6, 2, 0) && !RTWSIM_KERNEL_SINCE(6, 5, 0))
#error "rtwsim needs wiphy_work: Linux 6.1.57+ or 6.5+"
#endif

/*
 * 7.1 passes the wdev, not the netdev, to the station ops, so that NAN
 * interfaces (which have no netdev) can own stations. The ops are written
 * against struct rtwsim_sta_op_dev and find their netdev through this.
 */
#if RTWSIM_KERNEL_SINCE(7, 1, 0)
#define rtwsim_sta_op_dev	wireless_dev
static inline struct net_device *
rtwsim_sta_op_ndev(struct rtwsim_sta_op_dev *dev)
{
	return dev->netdev;
}
#else
#define rtwsim_sta_op_dev	net_device
static inline struct net_device *
rtwsim_sta_op_ndev(struct rtwsim_sta_op_dev *dev)
{
	return dev;
}
#endif

/*
 * 6.2 (6.1.160 in the 6.1 stable series) added the Transition Disable
 * bitmap to the port authorized event; rtwsim has none to report.
 */
static inline void rtwsim_port_authorized(struct net_device *ndev,
					  const u8 *bssid)
{
#if RTWSIM_KERNEL_SINCE(6, 1, 160)
	cfg80211_port_authorized(ndev, bssid, NULL, 0, GFP_KERNEL);
#else
	cfg80211_port_authorized(ndev, bssid, GFP_KERNEL);
#endif
}

/*
 * 6.7 made sband->iftype_data an __iftd pointer that only the setter may
 * write (sparse checks the address space).
 */
static inline void
rtwsim_set_iftype_data(struct ieee80211_supported_band *sband,
		       const struct ieee80211_sband_iftype_data *iftd,
		       u16 n_iftd)
{
#if RTWSIM_KERNEL_SINCE(6, 7, 0)
	_ieee80211_set_sband_iftype_data(sband, iftd, n_iftd);
#else
	sband->iftype_data = iftd;
	sband->n_iftype_data = n_iftd;
#endif
}

/*
 * 6.11 turned platform_driver.remove into the void callback that used to
 * be .remove_new (which 6.13 dropped).
 */
#if RTWSIM_KERNEL_SINCE(6, 11, 0)
#define RTWSIM_PLATFORM_REMOVE	remove
#else
#define RTWSIM_PLATFORM_REMOVE	remove_new
#endif

#endif /* RTWSIM_COMPAT_H */
