/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_SPINLOCK_H
#define SHIM_LINUX_SPINLOCK_H

#include <pthread.h>

/*
 * A mutex keeps the semantics that matter here and is visible to TSan.
 * Every acquisition is counted (shim_locks_taken()): the lock-count tests
 * assert how many an alloc+free pair costs in each usage pattern; those of
 * one lock they watch (shim_watch_lock(), a pool lock) also on their own.
 */
typedef struct {
	pthread_mutex_t m;
} raw_spinlock_t;

void shim_count_lock(const void *lock);

#define raw_spin_lock_init(l)		pthread_mutex_init(&(l)->m, NULL)
#define raw_spin_lock(l)		do { shim_count_lock(l); pthread_mutex_lock(&(l)->m); } while (0)
#define raw_spin_unlock(l)		pthread_mutex_unlock(&(l)->m)
#define raw_spin_lock_irqsave(l, f)	do { (f) = 0; raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, f) do { (void)(f); pthread_mutex_unlock(&(l)->m); } while (0)

#endif
