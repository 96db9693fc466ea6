// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netdev and per-station traffic counters. Each direction has a single
 * writer (the xmit path under the tx queue lock, or the air tasklet), so a
 * u64_stats_sync per direction is all that readers on 32-bit need.
 */

#include "rtwsim.h"

void rtwsim_stats_init(struct rtwsim_stats *st)
{
	u64_stats_init(&st->tx_syncp);
	u64_stats_init(&st->rx_syncp);
	u64_stats_set(&st->tx_packets, 0);
	u64_stats_set(&st->tx_bytes, 0);
	u64_stats_set(&st->rx_packets, 0);
	u64_stats_set(&st->rx_bytes, 0);
	atomic_long_set(&st->tx_dropped, 0);
	atomic_long_set(&st->rx_dropped, 0);
}

void rtwsim_stats_tx(struct rtwsim_stats *st, unsigned int len)
{
	u64_stats_update_begin(&st->tx_syncp);
	u64_stats_inc(&st->tx_packets);
	u64_stats_add(&st->tx_bytes, len);
	u64_stats_update_end(&st->tx_syncp);
}

void rtwsim_stats_rx(struct rtwsim_stats *st, unsigned int len)
{
	u64_stats_update_begin(&st->rx_syncp);
	u64_stats_inc(&st->rx_packets);
	u64_stats_add(&st->rx_bytes, len);
	u64_stats_update_end(&st->rx_syncp);
}

void rtwsim_stats_fetch(const struct rtwsim_stats *st,
			struct rtnl_link_stats64 *s)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&st->tx_syncp);
		s->tx_packets = u64_stats_read(&st->tx_packets);
		s->tx_bytes = u64_stats_read(&st->tx_bytes);
	} while (u64_stats_fetch_retry(&st->tx_syncp, start));

	do {
		start = u64_stats_fetch_begin(&st->rx_syncp);
		s->rx_packets = u64_stats_read(&st->rx_packets);
		s->rx_bytes = u64_stats_read(&st->rx_bytes);
	} while (u64_stats_fetch_retry(&st->rx_syncp, start));

	s->tx_dropped = atomic_long_read(&st->tx_dropped);
	s->rx_dropped = atomic_long_read(&st->rx_dropped);
}
