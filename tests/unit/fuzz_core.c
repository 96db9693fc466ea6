// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the pool engine: the input is a program of
 * allocations, frees (good, double, foreign, interior), fills, growth,
 * moves to another CPU and injected allocation failures, checked step by
 * step against a model of what each pool must hold. Built with ASan+UBSan,
 * so any memory error in the engine also stops the run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/mm.h>

#include "rtkm_core.h"
#include "shim.h"

#define MAX_HELD	256

struct held {
	void *addr;
	unsigned int order;
};

static struct held held[MAX_HELD];
static unsigned int nr_held;
static unsigned long model_use[RTKM_NR_ORDERS];
static unsigned long model_lost[RTKM_NR_ORDERS];
static unsigned long model_peak[RTKM_NR_ORDERS];

#define check(cond)	do { if (!(cond)) abort(); } while (0)

static void on_leak(void *ctx, unsigned int order, const void *addr,
		    const struct rtkm_owner *owner, enum rtkm_block_state state)
{
	unsigned int *leaks = ctx;

	(void)owner;
	if (state == RTKM_BLOCK_LOST) {
		leaks[RTKM_NR_ORDERS + order]++;
		shim_forget_pages((void *)addr);
		return;
	}
	leaks[order]++;
	/* The engine keeps leaked blocks; give them back to the shim here. */
	rtkm_pages_free((void *)addr, order);
}

static void op_alloc(struct rtkm *rk, uint8_t arg)
{
	static const struct rtkm_owner owner = { .caller = 1, .size = 1 };
	unsigned int order = arg % RTKM_NR_ORDERS, i;
	struct rtkm_usage u;
	void *p;

	if (nr_held == MAX_HELD)
		return;
	/*
	 * A snapshot takes the CPU caches' blocks back, so only some
	 * operations ask for one: the others leave blocks cached, and the
	 * peak must come out exact all the same.
	 */
	p = rtkm_core_alloc(rk, order, arg & 0x80, 0, &owner,
			    arg & 0x40 ? &u : NULL);
	if (!p) {
		/* Without growth only an exhausted pool fails, wherever its blocks are cached. */
		if (!(arg & 0x80)) {
			rtkm_core_usage(rk, order, &u);
			check(u.use + u.lost == u.owned);
		}
		return;
	}
	for (i = 0; i < nr_held; i++)
		check(held[i].addr != p);
	held[nr_held].addr = p;
	held[nr_held].order = order;
	nr_held++;
	model_use[order]++;
	model_peak[order] = max(model_peak[order], model_use[order]);
	if (arg & 0x40) {
		check(u.use == model_use[order]);
		check(u.peak == model_peak[order]);
	}
	memset(p, 0xa5, PAGE_SIZE << order);
}

/* A free, or (@stray) a put_page() behind the pool's back and then the free. */
static void op_free(struct rtkm *rk, uint8_t arg, bool twice, bool stray)
{
	struct rtkm_freed f;
	struct held h;

	if (!nr_held)
		return;
	h = held[arg % nr_held];
	nr_held--;
	held[arg % (nr_held + 1)] = held[nr_held];
	if (stray) {
		shim_stray_put(h.addr);
		check(rtkm_core_free(rk, h.addr, &f) == -ESTALE);
		model_use[h.order]--;
		model_lost[h.order]++;
		check(rtkm_core_free(rk, h.addr, &f) == -EALREADY);
		return;
	}
	check(rtkm_core_free(rk, h.addr, &f) == 0);
	check(f.order == h.order);
	model_use[h.order]--;
	if (arg & 0x40) {
		rtkm_core_usage(rk, h.order, &f.usage);
		check(f.usage.use == model_use[h.order]);
		check(f.usage.peak == model_peak[h.order]);
	}
	if (twice)
		check(rtkm_core_free(rk, h.addr, &f) == -EALREADY);
}

static void op_foreign(struct rtkm *rk, uint8_t arg)
{
	struct rtkm_freed f;
	char local[16];
	void *heap;

	if (nr_held && held[arg % nr_held].order) {
		char *p = held[arg % nr_held].addr;

		check(rtkm_core_free(rk, p + PAGE_SIZE, &f) == -ENOENT);
	}
	heap = malloc(32);
	check(rtkm_core_free(rk, heap, &f) == -ENOENT);
	free(heap);
	check(rtkm_core_free(rk, local, &f) == -ENOENT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rtkm rk;
	unsigned int leaks[2 * RTKM_NR_ORDERS] = { 0 };
	unsigned int order, filled;
	struct rtkm_usage u;
	size_t i;

	rtkm_core_init(&rk);
	/* Odd-sized inputs run with poisoned free blocks. */
	rtkm_core_set_poison(&rk, size & 1 ? 0x6b : -1);
	shim_set_cpu(0);
	nr_held = 0;
	memset(model_use, 0, sizeof(model_use));
	memset(model_lost, 0, sizeof(model_lost));
	memset(model_peak, 0, sizeof(model_peak));

	for (i = 0; i + 1 < size; i += 2) {
		uint8_t arg = data[i + 1];

		switch (data[i] % 9) {
		case 0:
		case 1:
			op_alloc(&rk, arg);
			break;
		case 2:
			op_free(&rk, arg, false, false);
			break;
		case 3:
			op_free(&rk, arg, true, false);
			break;
		case 8:
			op_free(&rk, arg, false, true);
			break;
		case 4:
			op_foreign(&rk, arg);
			break;
		case 5:
			/* Small orders fill enough blocks to get CPU caches. */
			order = arg % RTKM_NR_ORDERS;
			rtkm_core_fill(&rk, order,
				       (arg >> 5) << (order < 3 ? 4 : 0), 0,
				       &filled);
			break;
		case 6:
			/* The next operations run on another CPU's cache. */
			shim_set_cpu(arg % 16);
			break;
		default:
			if (arg & 1)
				shim_fail_pages_after(arg >> 4);
			else
				shim_fail_kmalloc_after(arg >> 4);
			break;
		}
	}
	shim_fail_pages_after(0);
	shim_fail_kmalloc_after(0);

	for (order = 0; order < RTKM_NR_ORDERS; order++) {
		rtkm_core_usage(&rk, order, &u);
		check(u.use == model_use[order]);
		check(u.peak >= u.use && u.owned >= u.use);
		check(u.lost == model_lost[order]);
		check(u.peak == model_peak[order]);
		rtkm_core_destroy_pool(&rk, order, on_leak, leaks);
		check(leaks[order] == model_use[order]);
		check(leaks[RTKM_NR_ORDERS + order] == model_lost[order]);
	}
	check(shim_live_page_blocks() == 0);
	check(shim_live_kmalloc_bytes() == 0);
	return 0;
}
