/* racelab-case
 * title: Re-locking a non-recursive mutex in a helper (self-deadlock)
 * bug: `log_append()` locks `log_lock` and, when the buffer is full, calls the
 *   public `log_flush()` to empty it. `log_flush()` locks `log_lock` too, but
 *   its caller already holds it. A default mutex is not recursive: the second
 *   lock waits for the lock's owner, which is the waiting thread itself, so
 *   the thread blocks forever on the first full buffer (and the other thread
 *   blocks behind it).
 * fix: Split the helper: `log_flush_locked()` does the work and requires the
 *   caller to hold the lock (`REQUIRES(log_lock)`); the public `log_flush()`
 *   locks and calls it, and `log_append()` calls the `_locked` version. Since
 *   `log_flush()` is declared `EXCLUDES(log_lock)` (it takes the lock itself),
 *   clang's `-Wthread-safety` flags the call made with the lock held. An
 *   error-checking mutex in debug builds makes the re-lock fail with EDEADLK
 *   instead of hanging.
 * hint: `log_append()` still holds `log_lock` when it calls `log_flush()`. What
 *   is the first thing `log_flush()` does?
 * hint: Each function either takes a lock or requires its caller to hold it,
 *   never both: split the helper into a `_locked` version (`REQUIRES`) and a
 *   public one that locks. One lock held around each writer's whole loop is not
 *   accepted.
 * hint: Move the body of `log_flush()` without its lock calls into `static void
 *   log_flush_locked(void) REQUIRES(log_lock)`; `log_flush()` locks, calls it
 *   and unlocks, and `log_append()` calls `log_flush_locked()`.
 * task: Two writer threads each append the numbers 1..`per_writer` to a shared
 *   log buffer, which is written out whenever it is full. The program hangs
 *   the first time the buffer fills up. Make it finish with every entry
 *   written out, with both writers still appending at the same time.
 * overlap: work
 * rust: rustc allows it: a second `lock()` on a `Mutex` the thread already
 *   holds type-checks; std documents that it "might panic or deadlock", and on
 *   Linux it deadlocks.
 * tsan: timeout
 * helgrind: double-lock, timeout
 * drd: double-lock, timeout
 * tsa: double-lock
 * analyzer: clean: it follows calls, but it analyses main first, where the loop
 *   in `log_flush()` runs past its loop budget; from then on it treats every
 *   call to `log_flush()` as opaque, so it never sees the second lock.
 * tidy: clean: no clang-tidy check follows which locks a thread holds.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
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

/* Public: write out the buffered entries. */
static void log_flush(void) EXCLUDES(log_lock)
{
    rl_mutex_lock(&log_lock);
    for (int i = 0; i < len; i++)
        sum += entries[i];
    flushed += len;
    len = 0;
    rl_mutex_unlock(&log_lock);
}

static void log_append(int value) EXCLUDES(log_lock)
{
    rl_mutex_lock(&log_lock);
    if (len == CAPACITY)
        log_flush(); /* BUG: log_flush locks log_lock, which this thread already holds */
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
