/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference rtwsim builds across lives here, so the rest
 * of the driver is written against one API. The matrix is Debian's 6.1 and
 * 6.12, sid's 7.2 and bullseye's 5.10. The driver needs wiphy_work (work
 * serialised with the cfg80211 ops by the wiphy mutex), which 5.10 gets
 * from this file.
 */
#ifndef RTWSIM_COMPAT_H
#define RTWSIM_COMPAT_H

#include <linux/platform_device.h>
#include <linux/rtnetlink.h>
#include <linux/version.h>
#include <linux/workqueue.h>
#include <net/cfg80211.h>

/*
 * The version of the headers being built against, sublevel clamped the
 * way KERNEL_VERSION() clamps it, so it equals LINUX_VERSION_CODE. 5.10's
 * <linux/version.h> has only LINUX_VERSION_CODE (the parts came in 5.11).
 */
#ifdef LINUX_VERSION_MAJOR
#define RTWSIM_KERNEL	KERNEL_VERSION(LINUX_VERSION_MAJOR,		\
				       LINUX_VERSION_PATCHLEVEL,	\
				       LINUX_VERSION_SUBLEVEL)
#else
#define RTWSIM_KERNEL	LINUX_VERSION_CODE
#endif
#define RTWSIM_KERNEL_SINCE(a, b, c)	(KERNEL_VERSION(a, b, c) <= RTWSIM_KERNEL)

/*
 * wiphy_work: 6.5, backported to 6.1.57 but not to 6.2..6.4; emulated
 * below for 5.10 only.
 */
#if !RTWSIM_KERNEL_SINCE(5, 10, 0) || \
	(RTWSIM_KERNEL_SINCE(5, 11, 0) && !RTWSIM_KERNEL_SINCE(6, 1, 57)) || \
	(RTWSIM_KERNEL_SINCE(6, 2, 0) && !RTWSIM_KERNEL_SINCE(6, 5, 0))
#error "rtwsim needs wiphy_work: Linux 5.10, 6.1.57+ or 6.5+"
#endif

#if RTWSIM_KERNEL_SINCE(5, 11, 0)
/* Whether the wiphy's mutex, which serialises the cfg80211 ops, is held. */
#define rtwsim_wiphy_lock_held(wiphy)	lockdep_is_held(&(wiphy)->mtx)
#else
/*
 * 5.10 has neither the wiphy mutex (5.12) nor wiphy_work (6.5). There
 * cfg80211 calls every op rtwsim implements with the RTNL held, so the
 * RTNL is what serialises them, and the driver's wiphy_lock() sections all
 * run under it already: wiphy_lock() only checks that.
 */
static inline void wiphy_lock(struct wiphy *wiphy)
{
	ASSERT_RTNL();
}

static inline void wiphy_unlock(struct wiphy *wiphy)
{
}

#define rtwsim_wiphy_lock_held(wiphy)	lockdep_rtnl_is_held()

/*
 * wiphy_delayed_work on 5.10: a delayed_work whose function runs under the
 * RTNL, as 6.5's runs under the wiphy mutex. Cancel is called with the
 * RTNL held and must wait for a running function (the work may be freed
 * right after), so the function never blocks on the RTNL: when it cannot
 * take it, it comes back a jiffy later (cancel_delayed_work_sync() stops
 * that too).
 */
struct wiphy_work {
	void (*func)(struct wiphy *wiphy, struct wiphy_work *work);
};

struct wiphy_delayed_work {
	struct wiphy_work work;
	struct wiphy *wiphy;
	struct delayed_work dwork;
};

static inline void rtwsim_wiphy_dwork_run(struct work_struct *w)
{
	struct wiphy_delayed_work *dw =
		container_of(to_delayed_work(w), struct wiphy_delayed_work,
			     dwork);

	if (!rtnl_trylock()) {
		queue_delayed_work(system_wq, &dw->dwork, 1);
		return;
	}
	dw->work.func(dw->wiphy, &dw->work);
	rtnl_unlock();
}

static inline void
wiphy_delayed_work_init(struct wiphy_delayed_work *dw,
			void (*func)(struct wiphy *wiphy,
				     struct wiphy_work *work))
{
	dw->work.func = func;
	INIT_DELAYED_WORK(&dw->dwork, rtwsim_wiphy_dwork_run);
}

/* With the RTNL held, like the other two. */
static inline void wiphy_delayed_work_queue(struct wiphy *wiphy,
					    struct wiphy_delayed_work *dw,
					    unsigned long delay)
{
	dw->wiphy = wiphy;
	mod_delayed_work(system_wq, &dw->dwork, delay);
}

static inline void wiphy_delayed_work_cancel(struct wiphy *wiphy,
					     struct wiphy_delayed_work *dw)
{
	cancel_delayed_work_sync(&dw->dwork);
}

/*
 * 5.12 added these for the wiphy mutex; before, drivers registered a
 * wireless netdev as any other, and cfg80211 saw it in its notifier.
 */
static inline int cfg80211_register_netdevice(struct net_device *ndev)
{
	return register_netdevice(ndev);
}

static inline void cfg80211_unregister_netdevice(struct net_device *ndev)
{
	unregister_netdevice(ndev);
}

/* Not cfg80211's, but 5.10's too: u64_stats_set() came later. */
static inline void u64_stats_set(u64_stats_t *p, u64 val)
{
#if BITS_PER_LONG == 64
	local64_set(&p->v, val);
#else
	p->v = val;
#endif
}
#endif

/*
 * 5.11 split <crypto/sha1.h> (the PMK's PBKDF2-SHA1) out of
 * <crypto/sha.h>.
 */
#if RTWSIM_KERNEL_SINCE(5, 11, 0)
#include <crypto/sha1.h>
#else
#include <crypto/sha.h>
#endif

/*
 * 6.0 (MLO) moved the BSSID and BSS of a connection's result into
 * links[]; rtwsim has one link.
 */
static inline void
rtwsim_connect_resp_bss(struct cfg80211_connect_resp_params *cr,
			const u8 *bssid, struct cfg80211_bss *bss)
{
#if RTWSIM_KERNEL_SINCE(6, 0, 0)
	cr->links[0].bssid = bssid;
	cr->links[0].bss = bss;
#else
	cr->bssid = bssid;
	cr->bss = bss;
#endif
}

/*
 * 6.0 (MLO) replaced wdev->current_bss, set while cfg80211 holds a
 * connection, with wdev->connected.
 */
static inline bool rtwsim_wdev_connected(const struct wireless_dev *wdev)
{
#if RTWSIM_KERNEL_SINCE(6, 0, 0)
	return wdev->connected;
#else
	return wdev->current_bss;
#endif
}

/*
 * 6.0 (MLO) gave the get_channel op a link; rtwsim_get_channel() takes
 * one, and 5.10's op reaches it through this wrapper with link 0.
 */
int rtwsim_get_channel(struct wiphy *wiphy, struct wireless_dev *wdev,
		       unsigned int link_id, struct cfg80211_chan_def *chandef);
#if RTWSIM_KERNEL_SINCE(6, 0, 0)
#define RTWSIM_GET_CHANNEL	rtwsim_get_channel
#else
static inline int rtwsim_get_channel_link0(struct wiphy *wiphy,
					   struct wireless_dev *wdev,
					   struct cfg80211_chan_def *chandef)
{
	return rtwsim_get_channel(wiphy, wdev, 0, chandef);
}

#define RTWSIM_GET_CHANNEL	rtwsim_get_channel_link0
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
 * be .remove_new (which 6.13 dropped). 5.10 has only an .remove returning
 * int, which the driver core ignores: RTWSIM_PLATFORM_REMOVE_INT(fn)
 * defines fn_int, which calls the void fn and returns 0, there (and
 * nothing elsewhere), and RTWSIM_PLATFORM_REMOVE_FN(fn) names the callback.
 */
#if RTWSIM_KERNEL_SINCE(6, 11, 0)
#define RTWSIM_PLATFORM_REMOVE	remove
#elif RTWSIM_KERNEL_SINCE(5, 11, 0)
#define RTWSIM_PLATFORM_REMOVE	remove_new
#else
#define RTWSIM_PLATFORM_REMOVE	remove
#define RTWSIM_PLATFORM_REMOVE_INT(fn)					\
	static int fn##_int(struct platform_device *pdev)		\
	{								\
		fn(pdev);						\
		return 0;						\
	}
#define RTWSIM_PLATFORM_REMOVE_FN(fn)	fn##_int
#endif
#ifndef RTWSIM_PLATFORM_REMOVE_FN
#define RTWSIM_PLATFORM_REMOVE_INT(fn)
#define RTWSIM_PLATFORM_REMOVE_FN(fn)	fn
#endif

#endif /* RTWSIM_COMPAT_H */
