/* racelab-case
 * title: Destroying a mutex while a worker holds it
 * bug: At shutdown the main thread destroys `stats_lock` and only then joins
 *   the worker, which at that moment is still inside its critical section.
 *   Destroying a locked mutex is undefined: glibc refuses with EBUSY (which
 *   the program ignores), another implementation may free the lock's
 *   resources under the worker. The worker then unlocks a mutex that, as far
 *   as the program is concerned, no longer exists. Each tool reports the
 *   destroy and what follows from it: ThreadSanitizer treats the destroy as a
 *   write to the mutex, racing with the worker's lock, and the worker's unlock
 *   as an unlock of an unlocked mutex; Helgrind reports the ignored EBUSY and
 *   the unlock of a lock it forgot at the destroy; DRD reports that unlock as
 *   "not a mutex". clang's `-Wthread-safety` checks each function alone:
 *   main never holds the lock, and `rl_mutex_destroy` only forbids destroying
 *   a lock the caller itself holds, so the destroy passes. What it flags is
 *   main's read of `total` after the join: `total` is `GUARDED_BY(stats_lock)`
 *   and the lock that should protect that read is already gone.
 * fix: Destroy a mutex only when no thread can use it any more: join every
 *   thread that uses it first, then destroy it (init before the threads
 *   start, destroy after the last join).
 * hint: main destroys `stats_lock` and only then joins the worker. Is the
 *   worker done with the lock at that moment?
 * hint: A mutex must outlive every thread that uses it: destroy it only after
 *   the last join, and read the data it guards under it before that.
 * hint: Move `rl_mutex_destroy(&stats_lock)` after `pthread_join(t, NULL)`, and
 *   read `total` between `rl_mutex_lock` and `rl_mutex_unlock` just before the
 *   destroy; keep `rl_handshake_signal(&destroyed)` before the join, or the
 *   worker never unlocks.
 * task: A worker thread adds up 1..`n` into `total` under `stats_lock`, and
 *   the main thread prints the total at shutdown. The tools report misuse of
 *   the lock at shutdown. Make the shutdown correct, with the worker still a
 *   thread of its own.
 * wrong-fix: sleep: A pause before the destroy only makes it likely that the
 *   worker has let go of the lock; no pause guarantees that another thread is
 *   done with it.
 * rust: rejected: dropping the `Mutex` while a scoped thread still borrows it
 *   is E0505 (cannot move out of `stats` because it is borrowed); with an
 *   `Arc<Mutex<_>>` the lock lives until the last thread drops its handle.
 * tsan: destroy-locked, data-race, unlock-unowned
 * helgrind: destroy-locked, api-error, invalid-lock
 * drd: destroy-locked, invalid-lock
 * tsa: data-race
 * analyzer: clean: it follows one function at a time: in main the lock is
 *   never locked when it is destroyed; it is held by the worker, another
 *   function running in another thread.
 * tidy: clean: no clang-tidy check follows which thread holds a lock.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: n 100 50..150
 * oracle: stdout "total = {n * (n + 1) / 2}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"

static rl_mutex stats_lock;
static long n; /* the worker adds up 1..n: the `n` parameter */
static long total GUARDED_BY(stats_lock);
static struct rl_handshake inside;    /* worker -> main: "I hold the lock" */
static struct rl_handshake destroyed; /* main -> worker: "destroy has run" */

static void *worker(void *arg)
{
    (void)arg;
    rl_mutex_lock(&stats_lock);
    for (long i = 1; i <= n; i++)
        total += i;
    rl_handshake_signal(&inside); /* forces the timing only: still in here when main destroys */
    rl_handshake_wait(&destroyed);
    rl_mutex_unlock(&stats_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    n = rl_param("n", 100);
    rl_mutex_init(&stats_lock, NULL);
    rl_handshake_init(&inside);
    rl_handshake_init(&destroyed);
    pthread_create(&t, NULL, worker, NULL);

    rl_handshake_wait(&inside);
    rl_mutex_destroy(&stats_lock); /* BUG: the worker still holds the lock */
    rl_handshake_signal(&destroyed);
    pthread_join(t, NULL); /* the join comes too late */

    long sum = total; /* no lock left to take: it was destroyed above */
    printf("total = %ld\n", sum);
    rl_handshake_destroy(&inside);
    rl_handshake_destroy(&destroyed);
    return 0;
}
