// SPDX-License-Identifier: GPL-2.0
/*
 * The packet-buffer workload of /work/shared/seeds/004: 30 streams of
 * 8 Mbit/s, each filling 64 KiB buffers and keeping every full buffer for
 * 500 ms. A timer (softirq context) plays the streams in real time; each
 * buffer is taken when the previous one is full and given back 500 ms
 * after it is full itself, events handled in time order so a late tick
 * never holds more than the arithmetic allows:
 *
 *   1 MB/s * 0.5 s / 64 KiB = 7.6 -> 8 full buffers + 1 filling = 9 per
 *   stream, 270 for 30 streams (17 MiB), the size of rtkm's order-4 pool
 *   and of the vmalloc'd region.
 *
 * Three ways to get a buffer: rtkm_kmalloc(GFP_ATOMIC), kmalloc(GFP_ATOMIC)
 * and a slot of one region vmalloc'd up front and carved by hand.
 *
 * Output: rtkm_bench: pkt kind=K frag=F ms=T buffers=N fail=F ns=X cycles=Y peak=P
 * (ns and cycles: one get plus one put, per attempt to get a buffer).
 */
#define pr_fmt(fmt) "rtkm_bench: " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/timex.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "rtkm.h"
#include "rtkm_bench.h"

#define PKT_STREAMS		30
#define PKT_BUF			SZ_64K
#define PKT_BYTES_PER_SEC	(8000000 / 8)
#define PKT_HOLD_NS		(500 * NSEC_PER_MSEC)
#define PKT_FILL_NS		((u64)PKT_BUF * NSEC_PER_SEC / PKT_BYTES_PER_SEC)
#define PKT_PER_STREAM		((unsigned int)DIV_ROUND_UP(PKT_HOLD_NS, PKT_FILL_NS) + 1)
#define PKT_BLOCKS		(PKT_STREAMS * PKT_PER_STREAM)
#define PKT_RING		16	/* power of two above PKT_PER_STREAM */

enum pkt_kind { PKT_RTKM, PKT_KMALLOC, PKT_VREGION, PKT_NR_KINDS };

static const char *const pkt_kind_names[PKT_NR_KINDS] = {
	"rtkm", "kmalloc", "vregion",
};

struct pkt_stream {
	void *cur;		/* the buffer filling now, NULL if dropped */
	u64 full_at;		/* when it is full */
	void *held[PKT_RING];
	u64 release_at[PKT_RING];
	unsigned int head, tail;
};

struct pkt_state {
	enum pkt_kind kind;
	struct timer_list timer;
	bool stopping;
	u64 start;
	struct pkt_stream streams[PKT_STREAMS];
	unsigned int live, peak;
	unsigned long buffers, fails;
	u64 ns, cycles;
	/* PKT_VREGION: the region and a stack of its free slots */
	char *region;
	unsigned int free_slots[PKT_BLOCKS];
	unsigned int nr_free;
};

static struct pkt_state *pkt;

static void *pkt_get_raw(void)
{
	switch (pkt->kind) {
	case PKT_RTKM:
		return rtkm_kmalloc(PKT_BUF, GFP_ATOMIC);
	case PKT_KMALLOC:
		return kmalloc(PKT_BUF, GFP_ATOMIC | __GFP_NOWARN);
	default:
		if (!pkt->nr_free)
			return NULL;
		return pkt->region + (size_t)pkt->free_slots[--pkt->nr_free] * PKT_BUF;
	}
}

static void pkt_put_raw(void *p)
{
	switch (pkt->kind) {
	case PKT_RTKM:
		rtkm_kfree(p, PKT_BUF);
		break;
	case PKT_KMALLOC:
		kfree(p);
		break;
	default:
		pkt->free_slots[pkt->nr_free++] = ((char *)p - pkt->region) / PKT_BUF;
		break;
	}
}

static void *pkt_get(void)
{
	u64 t0 = ktime_get_ns();
	cycles_t c0 = get_cycles();
	void *p = pkt_get_raw();

	pkt->cycles += get_cycles() - c0;
	pkt->ns += ktime_get_ns() - t0;
	if (!p) {
		pkt->fails++;
		return NULL;
	}
	pkt->buffers++;
	if (++pkt->live > pkt->peak)
		pkt->peak = pkt->live;
	/* The first bytes of the stream's data land in it. */
	memset(p, 0x5a, 64);
	return p;
}

static void pkt_put(void *p)
{
	u64 t0 = ktime_get_ns();
	cycles_t c0 = get_cycles();

	pkt_put_raw(p);
	pkt->cycles += get_cycles() - c0;
	pkt->ns += ktime_get_ns() - t0;
	pkt->live--;
}

/* Plays one stream up to @now, oldest event first. */
static void pkt_stream_advance(struct pkt_stream *s, u64 now)
{
	for (;;) {
		bool release = s->head != s->tail &&
			       s->release_at[s->tail % PKT_RING] <= s->full_at;

		if (release) {
			if (s->release_at[s->tail % PKT_RING] > now)
				return;
			if (s->held[s->tail % PKT_RING])
				pkt_put(s->held[s->tail % PKT_RING]);
			s->tail++;
			continue;
		}
		if (s->full_at > now)
			return;
		s->held[s->head % PKT_RING] = s->cur;
		s->release_at[s->head % PKT_RING] = s->full_at + PKT_HOLD_NS;
		s->head++;
		s->cur = pkt_get();
		s->full_at += PKT_FILL_NS;
	}
}

static void pkt_tick(struct timer_list *unused)
{
	u64 now = ktime_get_ns() - pkt->start;
	unsigned int i;

	for (i = 0; i < PKT_STREAMS; i++)
		pkt_stream_advance(&pkt->streams[i], now);
	if (!READ_ONCE(pkt->stopping))
		mod_timer(&pkt->timer, jiffies + 1);
}

/* Runs with the timer stopped: whatever the streams still hold goes back. */
static void pkt_drain(void)
{
	struct pkt_stream *s;
	unsigned int i;

	for (i = 0; i < PKT_STREAMS; i++) {
		s = &pkt->streams[i];
		for (; s->tail != s->head; s->tail++) {
			if (s->held[s->tail % PKT_RING])
				pkt_put(s->held[s->tail % PKT_RING]);
		}
		if (s->cur)
			pkt_put(s->cur);
		s->cur = NULL;
	}
}

static int pkt_run_kind(enum pkt_kind kind)
{
	unsigned int i;
	u64 pairs;

	memset(pkt, 0, sizeof(*pkt));
	pkt->kind = kind;
	if (kind == PKT_VREGION) {
		/* vmalloc() reports its own failure; bench_init() names the run. */
		pkt->region = vmalloc((size_t)PKT_BLOCKS * PKT_BUF);
		if (!pkt->region)
			return -ENOMEM;
		for (i = 0; i < PKT_BLOCKS; i++)
			pkt->free_slots[i] = i;
		pkt->nr_free = PKT_BLOCKS;
	}
	timer_setup(&pkt->timer, pkt_tick, 0);
	pkt->start = ktime_get_ns();
	/* Streams start spread over one fill time, each with an empty buffer. */
	local_bh_disable();
	for (i = 0; i < PKT_STREAMS; i++) {
		pkt->streams[i].full_at = PKT_FILL_NS * (i + 1) / PKT_STREAMS;
		pkt->streams[i].cur = pkt_get();
	}
	local_bh_enable();
	mod_timer(&pkt->timer, jiffies + 1);
	msleep(bench_pkt_ms);
	WRITE_ONCE(pkt->stopping, true);
	timer_delete_sync(&pkt->timer);
	pkt_drain();
	vfree(pkt->region);

	/* Failed attempts cost time too: the cost is per attempt. */
	pairs = max_t(u64, pkt->buffers + pkt->fails, 1);
	pr_info("pkt kind=%s frag=%u ms=%u buffers=%lu fail=%lu ns=%llu cycles=%llu peak=%u of=%u\n",
		pkt_kind_names[kind], bench_frag, bench_pkt_ms, pkt->buffers,
		pkt->fails, div64_u64(pkt->ns, pairs),
		div64_u64(pkt->cycles, pairs), pkt->peak,
		(unsigned int)PKT_BLOCKS);
	return 0;
}

int bench_pkt_run(void)
{
	enum pkt_kind kind;
	int ret = 0;

	pkt = kvzalloc(sizeof(*pkt), GFP_KERNEL);
	if (!pkt)
		return -ENOMEM;
	for (kind = 0; kind < PKT_NR_KINDS && !ret; kind++)
		ret = pkt_run_kind(kind);
	kvfree(pkt);
	pkt = NULL;
	return ret;
}
