// SPDX-License-Identifier: GPL-2.0
/*
 * What root may write to /proc/net/rtkm (and to a driver's
 * /proc/net/<driver>/rtkm): the trace mask, "reset-peak" to measure a
 * workload's own peak, and "reserve ORDER BLOCKS" to grow a pool now,
 * without unloading the driver that uses it.
 */
#define pr_fmt(fmt) "rtkm: " fmt

#include <linux/capability.h>
#include <linux/printk.h>
#include <linux/uaccess.h>

#include "rtkm.h"
#include "rtkm_glue.h"

ssize_t rtkm_write_trace(const char __user *ubuf, size_t count)
{
	char buf[RTKM_COMMAND_INPUT_MAX];
	struct rtkm_command cmd;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* Bounded copy: nothing past the user's @count bytes is read. */
	if (!count || count >= sizeof(buf))
		goto bad;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (rtkm_parse_command(buf, count, &cmd))
		goto bad;

	switch (cmd.kind) {
	case RTKM_CMD_TRACE:
		rtkm_set_trace(cmd.mask);
		return count;
	case RTKM_CMD_RESET_PEAK:
		ret = rtkm_reset_peaks();
		break;
	case RTKM_CMD_RESERVE:
		ret = rtkm_reserve(cmd.order, cmd.blocks);
		break;
	default:
		ret = -EINVAL;
	}
	return ret ? ret : count;
bad:
	pr_warn_ratelimited("write a hex order mask from 0 to %#x, \"reset-peak\" or \"reserve ORDER BLOCKS\"\n",
			    RTKM_ORDER_MASK);
	return -EINVAL;
}
EXPORT_SYMBOL_IF_RTKM_MODULE(rtkm_write_trace);
