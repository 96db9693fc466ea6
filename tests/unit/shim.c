// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel services the pool engine uses, for userspace: page blocks
 * from aligned_alloc() with a side table standing in for page->private,
 * kmalloc() on malloc() with failure injection, and kstrtouint() with the
 * kernel's contract. Thread safe, so the engine can be hammered by threads.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "rtkm_core.h"
#include "shim.h"

#define TAG_SLOTS	(1UL << 20)

struct tag_slot {
	uintptr_t addr;		/* 0: empty, 1: deleted */
	unsigned long tag;
	unsigned int order;
	int refs;		/* page references: the allocation and the pin */
};

static struct tag_slot tags[TAG_SLOTS];
static pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;
static long fail_pages_countdown, fail_kmalloc_countdown;
static long live_blocks, live_kmalloc_bytes;
static struct shim_overwrite overwrites;
static long grown[RTKM_NR_ORDERS];
static size_t kmalloc_max_size;
static gfp_t kmalloc_gfp_seen;

static void die(const char *what, const void *addr)
{
	fprintf(stderr, "shim: %s (%p)\n", what, addr);
	abort();
}

static size_t slot_of(uintptr_t addr)
{
	return (addr >> PAGE_SHIFT) * 0x9E3779B97F4A7C15ULL % TAG_SLOTS;
}

/* Called locked. */
static struct tag_slot *find_slot(uintptr_t addr)
{
	size_t i = slot_of(addr), n;

	for (n = 0; n < TAG_SLOTS; n++, i = (i + 1) % TAG_SLOTS) {
		if (tags[i].addr == addr)
			return &tags[i];
		if (!tags[i].addr)
			return NULL;
	}
	return NULL;
}

static bool countdown_fires(long *countdown)
{
	if (*countdown <= 0)
		return false;
	return --*countdown == 0;
}

void shim_fail_pages_after(long n)
{
	pthread_mutex_lock(&shim_lock);
	fail_pages_countdown = n;
	pthread_mutex_unlock(&shim_lock);
}

void shim_fail_kmalloc_after(long n)
{
	pthread_mutex_lock(&shim_lock);
	fail_kmalloc_countdown = n;
	pthread_mutex_unlock(&shim_lock);
}

long shim_live_page_blocks(void)
{
	long n;

	pthread_mutex_lock(&shim_lock);
	n = live_blocks;
	pthread_mutex_unlock(&shim_lock);
	return n;
}

long shim_live_kmalloc_bytes(void)
{
	long n;

	pthread_mutex_lock(&shim_lock);
	n = live_kmalloc_bytes;
	pthread_mutex_unlock(&shim_lock);
	return n;
}

void *rtkm_pages_alloc(unsigned int order, gfp_t gfp)
{
	size_t bytes = PAGE_SIZE << order, i;
	void *p;

	(void)gfp;
	pthread_mutex_lock(&shim_lock);
	if (countdown_fires(&fail_pages_countdown)) {
		pthread_mutex_unlock(&shim_lock);
		return NULL;
	}
	p = aligned_alloc(bytes, bytes);
	if (!p)
		die("out of memory", NULL);
	for (i = slot_of((uintptr_t)p); tags[i].addr > 1; i = (i + 1) % TAG_SLOTS)
		;
	tags[i].addr = (uintptr_t)p;
	tags[i].tag = 0;
	tags[i].order = order;
	tags[i].refs = 2;
	live_blocks++;
	pthread_mutex_unlock(&shim_lock);
	return p;
}

void rtkm_pages_free(void *addr, unsigned int order)
{
	struct tag_slot *s;

	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (!s)
		die("freeing pages that were never allocated", addr);
	if (s->order != order)
		die("freeing pages with the wrong order", addr);
	if (s->refs != 2)
		die("freeing pages whose references are not the pool's", addr);
	s->addr = 1;
	live_blocks--;
	pthread_mutex_unlock(&shim_lock);
	free(addr);
}

bool rtkm_pages_intact(const void *addr)
{
	struct tag_slot *s;
	bool intact;

	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (!s)
		die("checking pages that were never allocated", addr);
	intact = s->refs == 2;
	pthread_mutex_unlock(&shim_lock);
	return intact;
}

void shim_stray_put(void *addr)
{
	struct tag_slot *s;

	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (!s || !s->refs)
		die("stray put of pages that are not there", addr);
	s->refs--;
	pthread_mutex_unlock(&shim_lock);
}

void shim_forget_pages(void *addr)
{
	struct tag_slot *s;

	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (!s)
		die("forgetting pages that were never allocated", addr);
	s->addr = 1;
	live_blocks--;
	pthread_mutex_unlock(&shim_lock);
	free(addr);
}

void rtkm_report_overwritten(unsigned int order, const void *addr,
			     size_t offset, const struct rtkm_owner *last)
{
	(void)order;
	pthread_mutex_lock(&shim_lock);
	overwrites.count++;
	overwrites.addr = addr;
	overwrites.offset = offset;
	overwrites.last_caller = last->caller;
	pthread_mutex_unlock(&shim_lock);
}

void rtkm_report_grown(unsigned int order, const void *addr,
		       const struct rtkm_owner *owner)
{
	if (!addr || !owner)
		die("a growth reported without its block or owner", addr);
	pthread_mutex_lock(&shim_lock);
	grown[order]++;
	pthread_mutex_unlock(&shim_lock);
}

long shim_grown(unsigned int order)
{
	long n;

	pthread_mutex_lock(&shim_lock);
	n = grown[order];
	pthread_mutex_unlock(&shim_lock);
	return n;
}

struct shim_overwrite shim_overwrites(void)
{
	struct shim_overwrite o;

	pthread_mutex_lock(&shim_lock);
	o = overwrites;
	pthread_mutex_unlock(&shim_lock);
	return o;
}

void shim_kmalloc_stats_reset(void)
{
	pthread_mutex_lock(&shim_lock);
	kmalloc_max_size = 0;
	kmalloc_gfp_seen = 0;
	pthread_mutex_unlock(&shim_lock);
}

size_t shim_kmalloc_max_size(void)
{
	size_t n;

	pthread_mutex_lock(&shim_lock);
	n = kmalloc_max_size;
	pthread_mutex_unlock(&shim_lock);
	return n;
}

gfp_t shim_kmalloc_gfp_seen(void)
{
	gfp_t g;

	pthread_mutex_lock(&shim_lock);
	g = kmalloc_gfp_seen;
	pthread_mutex_unlock(&shim_lock);
	return g;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

unsigned long rtkm_pages_tag(const void *addr)
{
	struct tag_slot *s;
	unsigned long tag = 0;

	if ((uintptr_t)addr % PAGE_SIZE)
		return 0;
	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (s)
		tag = s->tag;
	pthread_mutex_unlock(&shim_lock);
	return tag;
}

void rtkm_pages_set_tag(void *addr, unsigned long tag)
{
	struct tag_slot *s;

	pthread_mutex_lock(&shim_lock);
	s = find_slot((uintptr_t)addr);
	if (!s)
		die("tagging pages that were never allocated", addr);
	s->tag = tag;
	pthread_mutex_unlock(&shim_lock);
}

/*
 * Each thread is a CPU of its own, numbered on first use (a single-threaded
 * test is CPU 0); a thread may pretend to migrate with shim_set_cpu().
 */
int shim_possible_cpus = 16;
static int next_cpu;
static __thread int this_cpu = -1;

int shim_this_cpu(void)
{
	if (this_cpu < 0) {
		this_cpu = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED);
		if (this_cpu >= shim_possible_cpus)
			die("more threads than shim CPUs", NULL);
	}
	return this_cpu;
}

void shim_set_cpu(int cpu)
{
	if (cpu < 0 || cpu >= shim_possible_cpus)
		die("no such shim CPU", NULL);
	this_cpu = cpu;
}

void shim_set_possible_cpus(int n)
{
	if (n < 1 || n > SHIM_MAX_CPUS)
		die("possible CPUs out of range", NULL);
	shim_possible_cpus = n;
}

static long locks_taken, watched_taken;
static const void *watched_lock;

void shim_count_lock(const void *lock)
{
	__atomic_fetch_add(&locks_taken, 1, __ATOMIC_RELAXED);
	if (lock == __atomic_load_n(&watched_lock, __ATOMIC_RELAXED))
		__atomic_fetch_add(&watched_taken, 1, __ATOMIC_RELAXED);
}

long shim_locks_taken(void)
{
	return __atomic_load_n(&locks_taken, __ATOMIC_RELAXED);
}

void shim_watch_lock(const void *lock)
{
	__atomic_store_n(&watched_lock, lock, __ATOMIC_RELAXED);
}

long shim_watched_lock_taken(void)
{
	return __atomic_load_n(&watched_taken, __ATOMIC_RELAXED);
}

/* A size header in front of each allocation keeps the byte count exact. */
void *kmalloc(size_t size, gfp_t gfp)
{
	size_t *p;

	pthread_mutex_lock(&shim_lock);
	if (countdown_fires(&fail_kmalloc_countdown)) {
		pthread_mutex_unlock(&shim_lock);
		return NULL;
	}
	live_kmalloc_bytes += size;
	kmalloc_max_size = max(kmalloc_max_size, size);
	kmalloc_gfp_seen |= gfp;
	pthread_mutex_unlock(&shim_lock);
	p = malloc(sizeof(*p) + size);
	if (!p)
		die("out of memory", NULL);
	*p = size;
	if (gfp & __GFP_ZERO)
		memset(p + 1, 0, size);
	return p + 1;
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, gfp);
}

void kfree(const void *ptr)
{
	size_t *p = (size_t *)ptr;

	if (!p)
		return;
	p--;
	pthread_mutex_lock(&shim_lock);
	live_kmalloc_bytes -= *p;
	pthread_mutex_unlock(&shim_lock);
	free(p);
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v = 0;
	int d, n = 0;

	if (*s == '+')
		s++;
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; (d = digit_value(*s)) < (int)base; s++, n++) {
		v = v * base + d;
		if (v > UINT_MAX)
			return -ERANGE;
	}
	if (*s == '\n')
		s++;
	if (!n || *s)
		return -EINVAL;
	*res = v;
	return 0;
}
