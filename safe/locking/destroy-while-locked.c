/* racelab-case
 * title: Destroying a mutex while a worker holds it
 * discipline: A mutex lives longer than every thread that uses it: it is
 *   initialised before the worker is created and destroyed only after the
 *   worker has been joined, when no thread can hold it or wait for it any
 *   more. `pthread_join` also orders the worker's writes before main's read
 *   of the total, which main still makes under the lock, before destroying
 *   it, as the declaration `GUARDED_BY(stats_lock)` says.
 * rust: the `Mutex` outlives the scoped threads that borrow it (the borrow
 *   checker enforces it), or it is shared as an `Arc<Mutex<_>>` and dropped
 *   with the last handle.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: n 100 50..150
 * oracle: stdout "total = {n * (n + 1) / 2}"
 * threads: 1
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t, which guarded.h names, under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

static rl_mutex stats_lock;
static long n; /* the worker adds up 1..n: the `n` parameter */
static long total GUARDED_BY(stats_lock);

static void *worker(void *arg)
{
    (void)arg;
    rl_mutex_lock(&stats_lock);
    for (long i = 1; i <= n; i++)
        total += i;
    rl_mutex_unlock(&stats_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    n = rl_param("n", 100);
    rl_mutex_init(&stats_lock, NULL);
    pthread_create(&t, NULL, worker, NULL);

    pthread_join(t, NULL); /* FIX: join first: nobody can hold the lock now */
    rl_mutex_lock(&stats_lock);
    long sum = total;
    rl_mutex_unlock(&stats_lock);
    rl_mutex_destroy(&stats_lock); /* then destroy it */

    printf("total = %ld\n", sum);
    return 0;
}
