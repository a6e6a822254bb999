/* racelab-case
 * title: Destroying a mutex while a worker holds it
 * bug: At shutdown the main thread destroys `stats->lock` and only then joins
 *   the worker, which at that moment is still inside its critical section.
 *   Destroying a locked mutex is undefined: glibc refuses with EBUSY (which
 *   the program ignores), another implementation may free the lock's
 *   resources under the worker. The worker then unlocks a mutex that, as far
 *   as the program is concerned, no longer exists. Each tool reports the
 *   destroy and what follows from it: ThreadSanitizer treats the destroy as a
 *   write to the mutex, racing with the worker's lock, and the worker's unlock
 *   as an unlock of an unlocked mutex; Helgrind reports the ignored EBUSY and
 *   the unlock of a lock it forgot at the destroy; DRD reports that unlock as
 *   "not a mutex".
 * fix: Destroy a mutex only when no thread can use it any more: join every
 *   thread that uses it first, then destroy it (init before the threads
 *   start, destroy after the last join).
 * rust: rejected: dropping the `Mutex` while a scoped thread still borrows it
 *   is E0505 (cannot move out of `stats` because it is borrowed); with an
 *   `Arc<Mutex<_>>` the lock lives until the last thread drops its handle.
 * tsan: destroy-locked, data-race, unlock-unowned
 * helgrind: destroy-locked, api-error, invalid-lock
 * drd: destroy-locked, invalid-lock
 * oracle: stdout "total = 5050"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"

struct stats {
    pthread_mutex_t lock;
    long total; /* guarded by `lock` */
};

static struct stats *stats;
static struct rl_handshake inside;    /* worker -> main: "I hold the lock" */
static struct rl_handshake destroyed; /* main -> worker: "destroy has run" */

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stats->lock);
    for (int i = 1; i <= 100; i++)
        stats->total += i;
    rl_handshake_signal(&inside);   /* forces the timing only: still in here when main destroys */
    rl_handshake_wait(&destroyed);
    pthread_mutex_unlock(&stats->lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    stats = calloc(1, sizeof *stats);
    if (!stats)
        return 1;
    pthread_mutex_init(&stats->lock, NULL);
    rl_handshake_init(&inside);
    rl_handshake_init(&destroyed);
    pthread_create(&t, NULL, worker, NULL);

    rl_handshake_wait(&inside);
    pthread_mutex_destroy(&stats->lock); /* BUG: the worker still holds the lock */
    rl_handshake_signal(&destroyed);
    pthread_join(t, NULL);               /* the join comes too late */

    printf("total = %ld\n", stats->total);
    rl_handshake_destroy(&inside);
    rl_handshake_destroy(&destroyed);
    free(stats);
    return 0;
}
