// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only client of RTKM (never shipped). The VM tests write commands to
 * /sys/kernel/debug/rtkm_test/ctl and read the outcome from .../result;
 * .../table shows rtkm_dump_mstatus() through a seq_file, which also works
 * when RTKM is linked into this module (CONFIG_RTKM=y).
 *
 *   alloc SIZE COUNT [process|softirq|hardirq]  take and hold COUNT blocks
 *   zalloc SIZE COUNT                           same through rtkm_kzalloc
 *   free COUNT [SIZE] [process|softirq|hardirq] free the newest held blocks,
 *                                               passing SIZE if given
 *   leak SIZE COUNT                             allocate and never free
 *   badfree KIND [SIZE]                         free what RTKM must refuse
 *   stray kfree|free_pages|put_page             free a block behind RTKM's back
 *   uaf                                         write to a block after its free
 *   zone                                        ask for a DMA32 pool block
 *   oversize                                    ask for more than order 8
 *   stress SIZE SECONDS                         all contexts at once
 */
#define pr_fmt(fmt) "rtkm_test: " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "rtkm.h"
#include "rtkm_test.h"

#define RTKM_TEST_CMD_MAX	96
#define RTKM_TEST_RESULT_MAX	160

static unsigned int max_held = 32768;
module_param(max_held, uint, 0444);
MODULE_PARM_DESC(max_held, "most blocks the test client holds at once");

struct rtkm_held {
	void *addr;
	size_t size;
};

static struct rtkm_held *held;
static unsigned int nr_held;
static DEFINE_MUTEX(rtkm_test_lock);
static char result[RTKM_TEST_RESULT_MAX];
static struct dentry *rtkm_test_dir;

/* One batch of work, run in the context the command asked for. */
struct rtkm_batch {
	enum rtkm_test_ctx ctx;
	unsigned int size;
	unsigned int count;
	bool zero;
	bool ctx_ok;
	unsigned int done;
	unsigned int failed;
	unsigned int not_zeroed;
};

static gfp_t rtkm_batch_gfp(const struct rtkm_batch *b)
{
	return b->ctx == RTKM_CTX_PROCESS ? GFP_KERNEL : GFP_ATOMIC;
}

static bool rtkm_all_zero(const u8 *p, size_t size)
{
	return !p[0] && !memcmp(p, p + 1, size - 1);
}

static void rtkm_batch_alloc(void *arg)
{
	struct rtkm_batch *b = arg;
	u8 *p;

	b->ctx_ok = rtkm_test_in_ctx(b->ctx);
	for (; b->done < b->count && nr_held < max_held; b->done++) {
		if (b->zero)
			p = rtkm_kzalloc(b->size, rtkm_batch_gfp(b));
		else
			p = rtkm_kmalloc(b->size, rtkm_batch_gfp(b));
		if (!p) {
			b->failed++;
			continue;
		}
		if (b->zero && !rtkm_all_zero(p, b->size))
			b->not_zeroed++;
		/* Touch both ends: the whole requested size must be usable. */
		p[0] = 0xa5;
		p[b->size - 1] = 0x5a;
		held[nr_held].addr = p;
		held[nr_held].size = b->size;
		nr_held++;
	}
}

static void rtkm_batch_free(void *arg)
{
	struct rtkm_batch *b = arg;
	struct rtkm_held *h;

	b->ctx_ok = rtkm_test_in_ctx(b->ctx);
	for (; b->done < b->count && nr_held; b->done++) {
		h = &held[--nr_held];
		rtkm_kfree(h->addr, b->size ? b->size : h->size);
	}
}

static int rtkm_parse_ctx(const char *word, enum rtkm_test_ctx *ctx)
{
	if (!word || !strcmp(word, "process"))
		*ctx = RTKM_CTX_PROCESS;
	else if (!strcmp(word, "softirq"))
		*ctx = RTKM_CTX_SOFTIRQ;
	else if (!strcmp(word, "hardirq"))
		*ctx = RTKM_CTX_HARDIRQ;
	else
		return -EINVAL;
	return 0;
}

static int rtkm_cmd_alloc(char *args, bool zero)
{
	struct rtkm_batch b = { .zero = zero };
	char *size = strsep(&args, " ");
	char *count = strsep(&args, " ");
	int ret;

	if (!size || !count || kstrtouint(size, 0, &b.size) ||
	    kstrtouint(count, 0, &b.count) || !b.size ||
	    rtkm_parse_ctx(strsep(&args, " "), &b.ctx))
		return -EINVAL;
	ret = rtkm_test_run_in(b.ctx, rtkm_batch_alloc, &b);
	if (ret)
		return ret;
	snprintf(result, sizeof(result),
		 "ok=%u failed=%u held=%u ctx_ok=%d not_zeroed=%u\n",
		 b.done - b.failed, b.failed, nr_held, b.ctx_ok, b.not_zeroed);
	return 0;
}

static int rtkm_cmd_free(char *args)
{
	struct rtkm_batch b = { };
	char *count = strsep(&args, " ");
	char *size = strsep(&args, " ");
	int ret;

	if (!count || kstrtouint(count, 0, &b.count) ||
	    (size && kstrtouint(size, 0, &b.size)) ||
	    rtkm_parse_ctx(strsep(&args, " "), &b.ctx))
		return -EINVAL;
	ret = rtkm_test_run_in(b.ctx, rtkm_batch_free, &b);
	if (ret)
		return ret;
	snprintf(result, sizeof(result), "freed=%u held=%u ctx_ok=%d\n",
		 b.done, nr_held, b.ctx_ok);
	return 0;
}

/*
 * Out of line, and not a tail call, so the leak report has this name to
 * show as the allocating function.
 */
static noinline void *rtkm_test_leaky_alloc(size_t size)
{
	void *p = rtkm_kmalloc(size, GFP_KERNEL);

	if (p)
		memset(p, 0x4c, size);
	return p;
}

static noinline int rtkm_cmd_leak(char *args)
{
	char *size_arg = strsep(&args, " ");
	char *count_arg = strsep(&args, " ");
	unsigned int count, size, i, got = 0;

	if (!size_arg || !count_arg || kstrtouint(size_arg, 0, &size) ||
	    kstrtouint(count_arg, 0, &count))
		return -EINVAL;
	for (i = 0; i < count; i++)
		if (rtkm_test_leaky_alloc(size))
			got++;
	snprintf(result, sizeof(result), "leaked=%u\n", got);
	return 0;
}

static int rtkm_cmd_badfree(char *args)
{
	char *kind = strsep(&args, " ");
	bool intact = false;
	int ret;

	if (!kind)
		return -EINVAL;
	ret = rtkm_test_badfree(kind, strsep(&args, " "), &intact);
	if (!ret)
		snprintf(result, sizeof(result), "badfree=%s intact=%d\n",
			 kind, intact);
	return ret;
}

static int rtkm_cmd_oversize(void)
{
	void *p = rtkm_kmalloc(PAGE_SIZE << 9, GFP_KERNEL);

	snprintf(result, sizeof(result), "oversize_null=%d\n", !p);
	rtkm_kfree(p, PAGE_SIZE << 9);
	return 0;
}

static int rtkm_cmd_stress(char *args)
{
	struct rtkm_stress_result r;
	char *size_arg = strsep(&args, " ");
	char *secs_arg = strsep(&args, " ");
	unsigned int seconds, size;
	int ret;

	if (!size_arg || !secs_arg || kstrtouint(size_arg, 0, &size) ||
	    kstrtouint(secs_arg, 0, &seconds) || seconds > 600)
		return -EINVAL;
	ret = rtkm_test_stress(size, seconds, &r);
	if (ret)
		return ret;
	snprintf(result, sizeof(result),
		 "rounds=%lu softirq=%lu hardirq=%lu null=%lu null_hardirq=%lu errors=%lu\n",
		 r.ops, r.softirq_ops, r.hardirq_ops, r.null_allocs,
		 r.null_hardirq, r.errors);
	return 0;
}

static int rtkm_run_command(char *line)
{
	char *verb = strsep(&line, " ");

	if (!strcmp(verb, "alloc"))
		return rtkm_cmd_alloc(line, false);
	if (!strcmp(verb, "zalloc"))
		return rtkm_cmd_alloc(line, true);
	if (!strcmp(verb, "free"))
		return rtkm_cmd_free(line);
	if (!strcmp(verb, "leak"))
		return rtkm_cmd_leak(line);
	if (!strcmp(verb, "badfree"))
		return rtkm_cmd_badfree(line);
	if (!strcmp(verb, "stray"))
		return line ? rtkm_test_stray(line, result, sizeof(result)) : -EINVAL;
	if (!strcmp(verb, "uaf"))
		return rtkm_test_uaf(result, sizeof(result));
	if (!strcmp(verb, "zone"))
		return rtkm_test_zone(result, sizeof(result));
	if (!strcmp(verb, "oversize"))
		return rtkm_cmd_oversize();
	if (!strcmp(verb, "stress"))
		return rtkm_cmd_stress(line);
	return -EINVAL;
}

static ssize_t rtkm_ctl_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	char line[RTKM_TEST_CMD_MAX];
	int ret;

	if (!count || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	strim(line);

	mutex_lock(&rtkm_test_lock);
	result[0] = '\0';
	ret = rtkm_run_command(line);
	mutex_unlock(&rtkm_test_lock);
	return ret ? ret : count;
}

static const struct file_operations rtkm_ctl_fops = {
	.owner = THIS_MODULE,
	.write = rtkm_ctl_write,
};

static int rtkm_result_show(struct seq_file *seq, void *v)
{
	mutex_lock(&rtkm_test_lock);
	seq_puts(seq, result);
	mutex_unlock(&rtkm_test_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rtkm_result);

static int rtkm_table_show(struct seq_file *seq, void *v)
{
	rtkm_dump_mstatus(seq);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rtkm_table);

static void rtkm_test_release_held(void)
{
	while (nr_held) {
		nr_held--;
		rtkm_kfree(held[nr_held].addr, held[nr_held].size);
	}
}

static int __init rtkm_test_init(void)
{
	int ret;

#ifdef RTKM_BUILTIN
	/* RTKM is linked into this module: its pools come first. */
	ret = rtkm_prealloc_init();
	if (ret)
		return ret;
#endif
	ret = -ENOMEM;
	held = kvcalloc(max_held, sizeof(*held), GFP_KERNEL);
	if (!held)
		goto err;
	rtkm_test_dir = debugfs_create_dir("rtkm_test", NULL);
	debugfs_create_file("ctl", 0200, rtkm_test_dir, NULL, &rtkm_ctl_fops);
	debugfs_create_file("result", 0400, rtkm_test_dir, NULL,
			    &rtkm_result_fops);
	debugfs_create_file("table", 0400, rtkm_test_dir, NULL,
			    &rtkm_table_fops);
	return 0;
err:
#ifdef RTKM_BUILTIN
	rtkm_prealloc_destroy();
#endif
	return ret;
}
module_init(rtkm_test_init);

static void __exit rtkm_test_exit(void)
{
	debugfs_remove_recursive(rtkm_test_dir);
	rtkm_test_release_held();
	kvfree(held);
#ifdef RTKM_BUILTIN
	rtkm_prealloc_destroy();
#endif
}
module_exit(rtkm_test_exit);

MODULE_DESCRIPTION("Test-only client driving RTKM from every context");
MODULE_LICENSE("GPL");
