/* racelab-case
 * title: Re-locking a non-recursive mutex in a helper (self-deadlock)
 * discipline: Each function either takes the lock or requires its caller to
 *   hold it, never both, and says which: `log_flush_locked()` does the
 *   flushing and is declared `REQUIRES(log_lock)` (the `_locked` suffix says
 *   the same to a reader); the public `log_flush()` is declared
 *   `EXCLUDES(log_lock)`, locks and calls it; `log_append()`, which already
 *   holds the lock, calls the `_locked` version. Every path locks `log_lock`
 *   exactly once, and clang's `-Wthread-safety` checks each call against the
 *   declarations.
 * rust: the same split: the helper takes the `&mut Log` (or the `MutexGuard`)
 *   its caller already has, instead of locking the `Mutex` again.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: per_writer 100 500000..1000000 valgrind 5000..15000
 * oracle: stdout "flushed {2 * per_writer} entries, sum {per_writer * (per_writer + 1)}"
 * threads: 2
 * timeout: 5
 */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t, which guarded.h names, under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

#define CAPACITY 8 /* entries the buffer holds before it must be flushed */

static long per_writer; /* each writer appends 1..per_writer: the parameter */

/* The log: a buffer of entries and what has been written out so far.
 * `log_lock` guards all of it. */
static rl_mutex log_lock;
static int len GUARDED_BY(log_lock);
static int entries[CAPACITY] GUARDED_BY(log_lock);
static long flushed GUARDED_BY(log_lock); /* entries written out so far */
static long sum GUARDED_BY(log_lock);     /* their sum, standing in for the output file */

/* Write out the buffered entries. The caller must hold log_lock. */
static void log_flush_locked(void) REQUIRES(log_lock)
{
    for (int i = 0; i < len; i++)
        sum += entries[i];
    flushed += len;
    len = 0;
}

/* Public: write out the buffered entries. */
static void log_flush(void) EXCLUDES(log_lock)
{
    rl_mutex_lock(&log_lock);
    log_flush_locked();
    rl_mutex_unlock(&log_lock);
}

static void log_append(int value) EXCLUDES(log_lock)
{
    rl_mutex_lock(&log_lock);
    if (len == CAPACITY)
        log_flush_locked(); /* FIX: this thread holds the lock: call the _locked helper */
    entries[len++] = value;
    rl_mutex_unlock(&log_lock);
}

static void *writer(void *arg)
{
    (void)arg;
    for (int v = 1; v <= per_writer; v++)
        log_append(v);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    per_writer = rl_param("per_writer", 100);
    rl_mutex_init(&log_lock, NULL); /* a default, non-recursive mutex */
    pthread_create(&t1, NULL, writer, NULL);
    pthread_create(&t2, NULL, writer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    log_flush();
    rl_mutex_lock(&log_lock);
    printf("flushed %ld entries, sum %ld\n", flushed, sum);
    rl_mutex_unlock(&log_lock);
    rl_mutex_destroy(&log_lock);
    return 0;
}
