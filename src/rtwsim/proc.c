// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/rtwsim: "rtkm", the RTKM usage table and trace switch, in the
 * place and format of the vendor's /proc/net/<driver>/rtkm, and "status",
 * the device's buffers and AP state for tests and bug reports.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "rtwsim.h"

#ifdef CONFIG_RTKM
#include "../rtkm/rtkm.h"
#endif

static struct proc_dir_entry *rtwsim_proc_dir;

#ifdef CONFIG_RTKM
static int rtwsim_rtkm_show(struct seq_file *m, void *v)
{
	rtkm_dump_mstatus(m);
	return 0;
}

static int rtwsim_rtkm_open(struct inode *inode, struct file *file)
{
	return single_open(file, rtwsim_rtkm_show, NULL);
}

/* The same input rules as rtkm.ko's /proc/net/rtkm: RTKM checks it. */
static ssize_t rtwsim_rtkm_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	return rtkm_write_trace(buf, count);
}

static const struct proc_ops rtwsim_rtkm_proc_ops = {
	.proc_open = rtwsim_rtkm_open,
	.proc_read = seq_read,
	.proc_write = rtwsim_rtkm_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};
#endif

static int rtwsim_status_show(struct seq_file *m, void *v)
{
	struct rtwsim_dev *rd = m->private;
	struct rtwsim_ap *ap = &rd->ap;
	bool assoc, authorized;
	u8 addr[ETH_ALEN];
	int bss;

	seq_printf(m, "firmware: %u bytes, %u boots\n", rd->fw.size,
		   rd->fw.boots);
	rtwsim_air_show(m, &rd->up);
	rtwsim_air_show(m, &rd->down);

	spin_lock_bh(&ap->lock);
	assoc = ap->sta_assoc;
	authorized = ap->sta_authorized;
	bss = ap->sta_bss;
	ether_addr_copy(addr, ap->sta_addr);
	spin_unlock_bh(&ap->lock);

	if (assoc)
		seq_printf(m, "ap: station %pM on %.*s, %s\n", addr,
			   ap->bss[bss].ssid_len, ap->bss[bss].ssid,
			   authorized ? "authorized" : "port closed");
	else
		seq_puts(m, "ap: no station\n");
	seq_printf(m, "ap: dropped %ld from the air, %ld without a client\n",
		   atomic_long_read(&ap->rx_dropped),
		   atomic_long_read(&ap->tx_dropped));
	return 0;
}

int rtwsim_proc_init(void)
{
	rtwsim_proc_dir = proc_mkdir(RTWSIM_DRV_NAME, init_net.proc_net);
	if (!rtwsim_proc_dir)
		return -ENOMEM;
#ifdef CONFIG_RTKM
	/* 0644 and CAP_SYS_ADMIN: only root changes the trace mask */
	if (!proc_create("rtkm", 0644, rtwsim_proc_dir,
			 &rtwsim_rtkm_proc_ops)) {
		proc_remove(rtwsim_proc_dir);
		return -ENOMEM;
	}
#endif
	return 0;
}

void rtwsim_proc_exit(void)
{
	proc_remove(rtwsim_proc_dir);
}

int rtwsim_proc_add_dev(struct rtwsim_dev *rd)
{
	if (!proc_create_single_data("status", 0444, rtwsim_proc_dir,
				     rtwsim_status_show, rd))
		return -ENOMEM;
	return 0;
}

void rtwsim_proc_del_dev(struct rtwsim_dev *rd)
{
	remove_proc_entry("status", rtwsim_proc_dir);
}
