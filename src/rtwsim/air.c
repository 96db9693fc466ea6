// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated air.
 *
 * Each direction owns a fixed set of bus buffers from RTKM (the vendor's
 * xmitbuf/recvbuf). The sender's xmit path packs frames into the newest
 * buffer still waiting for the air, USB-aggregation style, and a tasklet
 * (softirq context, where a USB completion would run) hands every frame of
 * the oldest waiting buffer to the receiver, then recycles the buffer. The
 * sender's queue stops while no buffer is free, so a fast sender is paced
 * by the air instead of losing frames.
 */

#include <linux/seq_file.h>
#include <linux/slab.h>

#include "rtwsim.h"

/*
 * Buffers per tasklet run: keeps a run short and the receivers' backlog
 * well below netdev_max_backlog.
 */
#define RTWSIM_AIR_BUDGET	8
#define RTWSIM_AIR_ALIGN	8

/* Precedes each frame in a bus buffer, like the vendor's tx/rx desc. */
struct rtwsim_air_desc {
	__le16 len;
	__le16 flags;
	__le32 rsvd;
};

static void rtwsim_air_deliver(struct rtwsim_air *air,
			       const struct rtwsim_buf *buf)
{
	const struct rtwsim_air_desc *desc;
	u32 off = 0, flen;

	while (off + sizeof(*desc) <= buf->len) {
		desc = (const struct rtwsim_air_desc *)(buf->data + off);
		flen = le16_to_cpu(desc->len);
		if (WARN_ON_ONCE(off + sizeof(*desc) + flen > buf->len))
			return;
		air->deliver(air->rd, (const u8 *)(desc + 1), flen);
		off += ALIGN(sizeof(*desc) + flen, RTWSIM_AIR_ALIGN);
	}
}

static void rtwsim_air_run(struct tasklet_struct *t)
{
	struct rtwsim_air *air = from_tasklet(air, t, tasklet);
	struct rtwsim_buf *buf;
	bool more;
	int n;

	for (n = 0; n < RTWSIM_AIR_BUDGET; n++) {
		spin_lock(&air->lock);
		buf = list_first_entry_or_null(&air->busy, struct rtwsim_buf,
					       list);
		if (buf)
			list_del(&buf->list);
		spin_unlock(&air->lock);
		if (!buf)
			return;

		rtwsim_air_deliver(air, buf);

		spin_lock(&air->lock);
		air->frames += buf->nframes;
		air->flushed++;
		buf->len = 0;
		buf->nframes = 0;
		list_add(&buf->list, &air->free);
		air->nfree++;
		/*
		 * Under the lock the xmit path stops the queue with, so a
		 * stop can never slip in after this wake-up check.
		 */
		if (netif_running(air->sender) &&
		    netif_queue_stopped(air->sender))
			netif_wake_queue(air->sender);
		spin_unlock(&air->lock);
	}

	spin_lock(&air->lock);
	more = !list_empty(&air->busy);
	spin_unlock(&air->lock);
	if (more)
		tasklet_schedule(&air->tasklet);
}

/**
 * rtwsim_air_put - copy a frame into a bus buffer and send it on the air
 * @air: the direction
 * @hdr: the 802.11 header and LLC/SNAP
 * @hdrlen: its length
 * @skb: the Ethernet frame
 * @offset: where the payload starts in @skb
 *
 * Called from an ndo_start_xmit of air->sender. The caller still owns
 * @skb afterwards.
 *
 * Return: 0 when the frame is queued, -EMSGSIZE when it can never fit a
 * bus buffer, -EBUSY when no buffer is free: the queue is stopped then,
 * and the tasklet restarts it.
 */
int rtwsim_air_put(struct rtwsim_air *air, const u8 *hdr, unsigned int hdrlen,
		   struct sk_buff *skb, unsigned int offset)
{
	unsigned int flen = hdrlen + skb->len - offset;
	unsigned int need = ALIGN(sizeof(struct rtwsim_air_desc) + flen,
				  RTWSIM_AIR_ALIGN);
	struct rtwsim_air_desc *desc;
	struct rtwsim_buf *buf;

	if (need > air->size || flen > U16_MAX)
		return -EMSGSIZE;

	spin_lock_bh(&air->lock);
	buf = list_empty(&air->busy) ? NULL :
	      list_last_entry(&air->busy, struct rtwsim_buf, list);
	if (!buf || buf->len + need > air->size) {
		buf = list_first_entry_or_null(&air->free, struct rtwsim_buf,
					       list);
		if (!buf) {
			netif_stop_queue(air->sender);
			air->stops++;
			spin_unlock_bh(&air->lock);
			return -EBUSY;
		}
		list_move_tail(&buf->list, &air->busy);
		air->nfree--;
	}

	desc = (struct rtwsim_air_desc *)(buf->data + buf->len);
	desc->len = cpu_to_le16(flen);
	desc->flags = 0;
	desc->rsvd = 0;
	memcpy(desc + 1, hdr, hdrlen);
	/* cannot fail: offset and length come from this very skb */
	WARN_ON_ONCE(skb_copy_bits(skb, offset, (u8 *)(desc + 1) + hdrlen,
				   skb->len - offset));
	buf->len += need;
	buf->nframes++;

	if (!air->nfree) {
		netif_stop_queue(air->sender);
		air->stops++;
	}
	spin_unlock_bh(&air->lock);

	tasklet_schedule(&air->tasklet);
	return 0;
}

int rtwsim_air_init(struct rtwsim_air *air, struct rtwsim_dev *rd,
		    const char *name, unsigned int nbufs, u32 size,
		    void (*deliver)(struct rtwsim_dev *rd, const u8 *frame,
				    u32 len))
{
	unsigned int i;

	/* The descriptor array is a plain kmalloc: keep it within a page. */
	BUILD_BUG_ON(RTWSIM_MAX_BUFS * sizeof(struct rtwsim_buf) > PAGE_SIZE);

	air->name = name;
	air->rd = rd;
	air->size = size;
	air->deliver = deliver;
	spin_lock_init(&air->lock);
	INIT_LIST_HEAD(&air->free);
	INIT_LIST_HEAD(&air->busy);
	tasklet_setup(&air->tasklet, rtwsim_air_run);

	air->bufs = kcalloc(nbufs, sizeof(*air->bufs), GFP_KERNEL);
	if (!air->bufs)
		return -ENOMEM;

	for (i = 0; i < nbufs; i++) {
		air->bufs[i].data = rtwsim_alloc(size, GFP_KERNEL);
		if (!air->bufs[i].data) {
			rtwsim_air_free(air);
			return -ENOMEM;
		}
		list_add_tail(&air->bufs[i].list, &air->free);
		air->nbufs++;
	}
	air->nfree = air->nbufs;
	return 0;
}

/* After the sender is closed: let the frames on the air land, or drop. */
void rtwsim_air_stop(struct rtwsim_air *air)
{
	tasklet_kill(&air->tasklet);

	spin_lock_bh(&air->lock);
	list_splice_init(&air->busy, &air->free);
	air->nfree = air->nbufs;
	spin_unlock_bh(&air->lock);
}

void rtwsim_air_free(struct rtwsim_air *air)
{
	unsigned int i;

	if (!air->bufs)
		return;
	for (i = 0; i < air->nbufs; i++)
		rtwsim_free(air->bufs[i].data, air->size);
	kfree(air->bufs);
	air->bufs = NULL;
	air->nbufs = 0;
	air->nfree = 0;
}

void rtwsim_air_show(struct seq_file *m, struct rtwsim_air *air)
{
	unsigned int nfree;
	u64 frames, flushed, stops;

	spin_lock_bh(&air->lock);
	nfree = air->nfree;
	frames = air->frames;
	flushed = air->flushed;
	stops = air->stops;
	spin_unlock_bh(&air->lock);

	seq_printf(m, "%s: %u of %u free, %llu frames in %llu buffers, %llu queue stops\n",
		   air->name, nfree, air->nbufs, frames, flushed, stops);
}
