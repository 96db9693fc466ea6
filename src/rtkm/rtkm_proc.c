// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/rtkm of rtkm.ko: reading shows the usage table; root writes a
 * command (a trace mask, reset-peak, reserve; see rtkm_command.c). Drivers
 * that link RTKM in offer the same under /proc/net/<driver>/ through
 * rtkm_dump_mstatus() and rtkm_write_trace().
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "rtkm.h"
#include "rtkm_glue.h"

static int rtkm_proc_show(struct seq_file *seq, void *v)
{
	rtkm_dump_mstatus(seq);
	return 0;
}

static int rtkm_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, rtkm_proc_show, NULL);
}

static ssize_t rtkm_proc_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	return rtkm_write_trace(ubuf, count);
}

static const struct proc_ops rtkm_proc_ops = {
	.proc_open = rtkm_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = rtkm_proc_write,
};

int rtkm_proc_register(void)
{
	if (!proc_create("rtkm", 0644, init_net.proc_net, &rtkm_proc_ops)) {
		pr_err("cannot create /proc/net/rtkm\n");
		return -ENOMEM;
	}
	return 0;
}

void rtkm_proc_unregister(void)
{
	remove_proc_entry("rtkm", init_net.proc_net);
}
