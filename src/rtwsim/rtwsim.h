/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtwsim: a virtual cfg80211 full-MAC adapter shaped like a Realtek AX USB
 * part. The "firmware" (MLME, 4-way handshake) and a simulated access point
 * live in the driver; frames cross a simulated air in bus buffers that come
 * from RTKM, the way the vendor's xmit/recv buffers do.
 */
#ifndef RTWSIM_H
#define RTWSIM_H

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <net/cfg80211.h>

#include "compat.h"

struct seq_file;

#define RTWSIM_DRV_NAME		"rtwsim"

/*
 * Buffer sizes of an AX USB part. Each one is picked so that it lands in
 * the RTKM pool order named here; the per-platform mpool line depends on it.
 */
#define RTWSIM_FW_SIZE		(416 * 1024)	/* order 7 */
#define RTWSIM_XMITBUF_SIZE	20480		/* order 3, bulk-out aggregate */
#define RTWSIM_RECVBUF_SIZE	32768		/* order 3, bulk-in aggregate */
#define RTWSIM_TXRING_DESCS	760		/* order 1 ring, see mem.c */

/*
 * An HT/VHT/HE MCS map for two spatial streams at @mcs (a 2-bit code),
 * streams 3..8 not supported: x | x << 2 is x * 5 for a 2-bit x.
 */
#define RTWSIM_MCS_MAP_2SS(mcs)	(0xfff0 | (mcs) * 5)

#define RTWSIM_MAX_RINGS	16
#define RTWSIM_MAX_BUFS		128	/* per direction, like NR_XMITBUFF */
#define RTWSIM_NUM_BSS		2

/* ------------------------------------------------------------------ */
/* Memory shape (mem.c)                                                */

struct rtwsim_txdesc {
	__le16 len;
	__le16 seq;
	__le32 flags;
};

/*
 * A tx ring of the AX firmware interface: the 802.11 sequence counter of
 * one TID (or access category for the interface rings) and the
 * descriptors of the frames handed to the bus on it.
 */
struct rtwsim_txring {
	u16 seq;
	u16 index;
	u32 head;
	struct rtwsim_txdesc desc[RTWSIM_TXRING_DESCS];
};

int rtwsim_mem_check_params(void);
int rtwsim_rtkm_start(void);
void rtwsim_rtkm_stop(void);
unsigned int rtwsim_xmitbuf_num(void);
unsigned int rtwsim_recvbuf_num(void);
unsigned int rtwsim_txring_if_num(void);
unsigned int rtwsim_txring_sta_num(void);

void *rtwsim_alloc(size_t size, gfp_t gfp);
void rtwsim_free(const void *ptr, size_t size);
int rtwsim_rings_alloc(struct rtwsim_txring **rings, unsigned int n);
void rtwsim_rings_free(struct rtwsim_txring **rings, unsigned int n);

/* ------------------------------------------------------------------ */
/* Simulated air (air.c) and 802.11 data frames (frame.c)             */

struct rtwsim_dev;

struct rtwsim_buf {
	struct list_head list;
	u8 *data;
	u32 len;
	u16 nframes;
};

/*
 * One direction of the simulated air: the bus buffers of that direction,
 * filled by the sender's xmit path and carried to the receiver by a
 * tasklet, in softirq context, like a USB completion would.
 */
struct rtwsim_air {
	const char *name;
	struct rtwsim_dev *rd;
	spinlock_t lock;		/* free, busy, nfree, buffer contents */
	struct list_head free;
	struct list_head busy;
	struct rtwsim_buf *bufs;
	unsigned int nbufs;
	unsigned int nfree;
	u32 size;
	struct net_device *sender;
	void (*deliver)(struct rtwsim_dev *rd, const u8 *frame, u32 len);
	struct tasklet_struct tasklet;
	u64 frames;
	u64 flushed;
	u64 stops;
};

int rtwsim_air_init(struct rtwsim_air *air, struct rtwsim_dev *rd,
		    const char *name, unsigned int nbufs, u32 size,
		    void (*deliver)(struct rtwsim_dev *rd, const u8 *frame,
				    u32 len));
void rtwsim_air_stop(struct rtwsim_air *air);
void rtwsim_air_free(struct rtwsim_air *air);
void rtwsim_air_show(struct seq_file *m, struct rtwsim_air *air);
int rtwsim_air_put(struct rtwsim_air *air, const u8 *hdr, unsigned int hdrlen,
		   struct sk_buff *skb, unsigned int offset);

/* The largest 802.11 header plus LLC/SNAP that frame.c builds. */
#define RTWSIM_80211_HDR_MAX	(sizeof(struct ieee80211_qos_hdr) + 8)

struct rtwsim_rx_frame {
	const u8 *da;
	const u8 *sa;
	const u8 *bssid;
	const u8 *ta;
	const u8 *payload;		/* after LLC/SNAP when there is one */
	u32 payload_len;
	__be16 proto;			/* 0: payload carries its own LLC */
	bool to_ds;
	bool from_ds;
	u8 tid;
};

unsigned int rtwsim_80211_build(u8 *hdr, const struct ethhdr *eth,
				const u8 *bssid, bool to_ds, u16 seq, int tid);
int rtwsim_80211_parse(const u8 *frame, u32 len, struct rtwsim_rx_frame *rf);
struct sk_buff *rtwsim_80211_to_skb(struct net_device *ndev,
				    const struct rtwsim_rx_frame *rf);

/* ------------------------------------------------------------------ */
/* Simulated access point (ap.c, ap_ies.c, pmk.c)                     */

struct rtwsim_bss {
	u8 bssid[ETH_ALEN];
	u8 ssid[IEEE80211_MAX_SSID_LEN];
	u8 ssid_len;
	bool psk;
	u8 pmk[WLAN_PMK_LEN];
	struct ieee80211_channel *chan;
	enum nl80211_chan_width width;
	u32 center_freq1;
	s8 signal;			/* dBm */
	u16 beacon_int;
	u8 dtim_period;
	u16 capability;
	u8 *ies;			/* beacon / probe response */
	size_t ies_len;
	u8 *resp_ies;			/* association response */
	size_t resp_ies_len;
};

struct rtwsim_ap {
	struct rtwsim_bss bss[RTWSIM_NUM_BSS];
	spinlock_t lock;		/* the client entry below */
	bool sta_assoc;
	bool sta_authorized;
	int sta_bss;
	u8 sta_addr[ETH_ALEN];
	u16 seq;			/* downlink sequence, uplink tx lock */
	atomic_long_t rx_dropped;	/* from the air, not forwarded */
	atomic_long_t tx_dropped;	/* from the uplink, no client */
};

int rtwsim_ap_init(struct rtwsim_dev *rd);
int rtwsim_ap_check_params(void);
const struct rtwsim_bss *rtwsim_ap_find(struct rtwsim_dev *rd, const u8 *ssid,
					size_t ssid_len, const u8 *bssid,
					const struct ieee80211_channel *chan);
void rtwsim_ap_assoc(struct rtwsim_dev *rd, const u8 *addr, int bss,
		     bool authorized);
void rtwsim_ap_authorize(struct rtwsim_dev *rd);
void rtwsim_ap_deassoc(struct rtwsim_dev *rd);
void rtwsim_ap_rx(struct rtwsim_dev *rd, const u8 *frame, u32 len);
int rtwsim_ap_xmit(struct rtwsim_dev *rd, struct sk_buff *skb);
int rtwsim_ap_build_ies(struct device *dev, struct rtwsim_bss *bss);

int rtwsim_pmk_derive(const char *pass, size_t pass_len, const u8 *ssid,
		      size_t ssid_len, u8 *pmk);

/* ------------------------------------------------------------------ */
/* Station interface (sta.c, scan.c, connect.c)                       */

enum rtwsim_link_state {
	RTWSIM_IDLE,
	RTWSIM_CONNECTING,	/* authentication/association in flight */
	RTWSIM_ASSOCIATED,	/* 4-way handshake in flight */
	RTWSIM_HS_FAILED,	/* message 2 rejected, deauth to come */
	RTWSIM_AUTHORIZED,	/* connected, as cfg80211 knows; port open */
};

struct rtwsim_stats {
	struct u64_stats_sync tx_syncp;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	struct u64_stats_sync rx_syncp;
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	atomic_long_t tx_dropped;
	atomic_long_t rx_dropped;
};

void rtwsim_stats_init(struct rtwsim_stats *st);
void rtwsim_stats_tx(struct rtwsim_stats *st, unsigned int len);
void rtwsim_stats_rx(struct rtwsim_stats *st, unsigned int len);
void rtwsim_stats_fetch(const struct rtwsim_stats *st,
			struct rtnl_link_stats64 *s);

/* The AP as the station sees it: the vendor's stainfo of the peer. */
struct rtwsim_peer {
	struct rcu_head rcu;
	u8 addr[ETH_ALEN];
	int bss;
	bool authorized;
	struct rtwsim_txring *rings[RTWSIM_MAX_RINGS];
	unsigned int nrings;
	unsigned long connected;	/* jiffies */
	u64 assoc_at;			/* boottime ns */
	unsigned long last_active;	/* jiffies */
	struct rtwsim_stats stats;
};

struct rtwsim_conn_req {
	int bss;
	u16 status;
	bool has_pmk;
	u8 pmk[WLAN_PMK_LEN];
	u8 *ie;
	size_t ie_len;
};

struct rtwsim_vif {
	struct wireless_dev *wdev;
	struct rtwsim_dev *rd;
	struct net_device *ndev;
	struct rtwsim_txring *rings[RTWSIM_MAX_RINGS];
	unsigned int nrings;
	enum rtwsim_link_state state;		/* wiphy mutex */
	struct rtwsim_peer __rcu *peer;
	struct rtwsim_conn_req req;		/* wiphy mutex */
	struct cfg80211_scan_request *scan_req;	/* wiphy mutex */
	struct wiphy_delayed_work scan_work;
	struct wiphy_delayed_work connect_work;
	struct wiphy_delayed_work hs_work;
	struct rtwsim_stats stats;
};

int rtwsim_sta_create(struct rtwsim_dev *rd);
void rtwsim_sta_unregister(struct rtwsim_dev *rd);
void rtwsim_sta_free(struct rtwsim_dev *rd);
void rtwsim_sta_rx(struct rtwsim_dev *rd, const u8 *frame, u32 len);

void rtwsim_scan_init(struct rtwsim_vif *vif);
int rtwsim_scan(struct wiphy *wiphy, struct cfg80211_scan_request *req);
void rtwsim_abort_scan(struct wiphy *wiphy, struct wireless_dev *wdev);
void rtwsim_scan_cancel(struct rtwsim_vif *vif);
struct cfg80211_bss *rtwsim_scan_inform(struct rtwsim_dev *rd,
					const struct rtwsim_bss *bss);

void rtwsim_connect_init(struct rtwsim_vif *vif);
void rtwsim_connect_cancel(struct rtwsim_vif *vif);
int rtwsim_connect(struct wiphy *wiphy, struct net_device *ndev,
		   struct cfg80211_connect_params *sme);
int rtwsim_disconnect(struct wiphy *wiphy, struct net_device *ndev,
		      u16 reason);
int rtwsim_get_station(struct wiphy *wiphy, struct rtwsim_sta_op_dev *dev,
		       const u8 *mac, struct station_info *sinfo);
int rtwsim_dump_station(struct wiphy *wiphy, struct rtwsim_sta_op_dev *dev,
			int idx, u8 *mac, struct station_info *sinfo);
int rtwsim_get_channel(struct wiphy *wiphy, struct wireless_dev *wdev,
		       unsigned int link_id, struct cfg80211_chan_def *chandef);

/* ------------------------------------------------------------------ */
/* Device (main.c, wiphy.c, fw.c, uplink.c, proc.c)                   */

struct rtwsim_fw {
	u8 *image;
	u32 size;
	u32 boots;
};

struct rtwsim_bands;

struct rtwsim_dev {
	struct platform_device *pdev;
	struct wiphy *wiphy;
	struct net_device *ndev;	/* station, wlan%d */
	struct net_device *uplink;	/* the AP's wired side, rtwup%d */
	struct rtwsim_fw fw;
	struct rtwsim_air up;		/* station -> AP: xmit buffers */
	struct rtwsim_air down;		/* AP -> station: recv buffers */
	struct rtwsim_ap ap;
	struct rtwsim_bands *bands;
	u8 addr_base[ETH_ALEN];
};

/* Locally administered addresses; the last two octets tell them apart. */
#define RTWSIM_ADDR_STA		0x0001
#define RTWSIM_ADDR_BSS(n)	(0x0100 + (n))
#define RTWSIM_ADDR_UPLINK	0x0200

void rtwsim_make_addr(const struct rtwsim_dev *rd, u16 which, u8 *addr);

int rtwsim_wiphy_create(struct rtwsim_dev *rd);
void rtwsim_wiphy_destroy(struct rtwsim_dev *rd);
struct ieee80211_channel *rtwsim_channel(struct rtwsim_dev *rd,
					 enum nl80211_band band, int chan);

int rtwsim_fw_load(struct rtwsim_dev *rd);
void rtwsim_fw_release(struct rtwsim_dev *rd);
int rtwsim_fw_boot(struct rtwsim_dev *rd);

int rtwsim_uplink_create(struct rtwsim_dev *rd);
void rtwsim_uplink_unregister(struct rtwsim_dev *rd);
void rtwsim_uplink_free(struct rtwsim_dev *rd);
void rtwsim_uplink_rx(struct rtwsim_dev *rd, const struct rtwsim_rx_frame *rf);

int rtwsim_proc_init(void);
void rtwsim_proc_exit(void);
int rtwsim_proc_add_dev(struct rtwsim_dev *rd);
void rtwsim_proc_del_dev(struct rtwsim_dev *rd);

static inline struct rtwsim_dev *rtwsim_wiphy_to_dev(struct wiphy *wiphy)
{
	return *(struct rtwsim_dev **)wiphy_priv(wiphy);
}

#endif /* RTWSIM_H */
