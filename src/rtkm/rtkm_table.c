// SPDX-License-Identifier: GPL-2.0
/*
 * The usage table of /proc/net/<driver>/rtkm and of the unload report, and
 * the parser for the commands written there. Kept apart from the module
 * glue so the unit tests check the exact text users and scripts read.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "rtkm_core.h"

static void rtkm_table_row(rtkm_emit_fn emit, void *ctx, const char *name,
			   unsigned long use, unsigned long peak,
			   unsigned long owned, unsigned long bytes)
{
	char line[RTKM_TABLE_LINE_MAX];

	snprintf(line, sizeof(line), "%6s%11lu%11lu%11lu%11lu", name, use,
		 peak, owned, bytes);
	emit(ctx, line);
}

/*
 * One row per order that owns blocks, then the sum. @growth picks the
 * header the vendor tools expect: "alloc+" when pools may grow, "alloc"
 * when they are fixed.
 */
void rtkm_table_emit(struct rtkm *rk, bool growth, rtkm_emit_fn emit,
		     void *ctx)
{
	unsigned long use = 0, peak = 0, owned = 0, bytes = 0, block_bytes;
	unsigned long failed = 0, lost = 0;
	struct rtkm_usage u;
	char line[RTKM_TABLE_LINE_MAX];
	char name[8];
	unsigned int order;

	emit(ctx, "====================== RTKM ======================");
	snprintf(line, sizeof(line), "%6s%11s%11s%11s%11s", "order", "use",
		 "peak", growth ? "alloc+" : "alloc", "size");
	emit(ctx, line);
	emit(ctx, "--------------------------------------------------");

	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		rtkm_core_usage(rk, order, &u);
		failed += u.failed;
		lost += u.lost;
		if (!u.owned)
			continue;
		block_bytes = PAGE_SIZE << order;
		snprintf(name, sizeof(name), "%u", order);
		rtkm_table_row(emit, ctx, name, u.use, u.peak, u.owned,
			       u.owned * block_bytes);
		use += u.use;
		peak += u.peak;
		owned += u.owned;
		bytes += u.owned * block_bytes;
	}
	rtkm_table_row(emit, ctx, "sum", use, peak, owned, bytes);
	if (failed) {
		snprintf(line, sizeof(line), "failed allocations: %lu", failed);
		emit(ctx, line);
	}
	if (lost) {
		snprintf(line, sizeof(line), "lost blocks: %lu", lost);
		emit(ctx, line);
	}
}

/*
 * A hex order mask such as "0x8" or "108" and nothing else: @text is
 * NUL-terminated and has no newline left.
 */
static int rtkm_parse_mask(const char *text, unsigned int *mask)
{
	unsigned int value;

	if (kstrtouint(text, 16, &value) || (value & ~RTKM_ORDER_MASK))
		return -EINVAL;
	*mask = value;
	return 0;
}

/* "reserve ORDER BLOCKS": two decimal numbers, one space before each. */
static int rtkm_parse_reserve(char *args, struct rtkm_command *cmd)
{
	char *blocks = strchr(args, ' ');
	unsigned int order, count;

	if (!blocks)
		return -EINVAL;
	*blocks++ = '\0';
	/* kstrtouint() takes a leading '+'; a count is digits only. */
	if (!isdigit(args[0]) || !isdigit(blocks[0]))
		return -EINVAL;
	if (kstrtouint(args, 10, &order) || kstrtouint(blocks, 10, &count))
		return -EINVAL;
	if (order > RTKM_MAX_ORDER)
		return -EINVAL;
	cmd->order = order;
	cmd->blocks = count;
	return 0;
}

/*
 * Parse what a user wrote to the /proc file: a hex order mask such as
 * "0x8" or "108" (the trace mask), "reset-peak", or "reserve ORDER
 * BLOCKS", with an optional trailing newline and nothing else. @buf holds
 * exactly @len bytes and need not be NUL-terminated; nothing past it is
 * read. *@cmd is only written when the input is valid.
 */
int rtkm_parse_command(const char *buf, size_t len, struct rtkm_command *cmd)
{
	static const char reserve[] = "reserve ";
	char text[RTKM_COMMAND_INPUT_MAX];
	struct rtkm_command parsed = { };
	int ret;

	if (!len || len >= sizeof(text))
		return -EINVAL;
	if (memchr(buf, '\0', len))
		return -EINVAL;
	memcpy(text, buf, len);
	text[len] = '\0';
	if (text[len - 1] == '\n')
		text[len - 1] = '\0';
	/* kstrtouint() would take one more newline; nothing else may. */
	if (strchr(text, '\n'))
		return -EINVAL;

	if (!strcmp(text, "reset-peak")) {
		parsed.kind = RTKM_CMD_RESET_PEAK;
		ret = 0;
	} else if (!strncmp(text, reserve, sizeof(reserve) - 1)) {
		parsed.kind = RTKM_CMD_RESERVE;
		ret = rtkm_parse_reserve(text + sizeof(reserve) - 1, &parsed);
	} else {
		parsed.kind = RTKM_CMD_TRACE;
		ret = rtkm_parse_mask(text, &parsed.mask);
	}
	if (!ret)
		*cmd = parsed;
	return ret;
}
