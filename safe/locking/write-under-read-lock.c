/* racelab-case
 * title: Write under a reader lock (hit counter bumped under `rdlock`)
 * discipline: A reader/writer lock in read mode allows reading only. Because
 *   `table_get()` also updates `hits`, its critical section is a writer's: it
 *   takes the lock with `rl_rwlock_wrlock` (`pthread_rwlock_wrlock`), so the
 *   two threads' increments are serialised. With the table declared
 *   `GUARDED_BY(table_lock)`, clang's `-Wthread-safety` checks that every
 *   write holds the lock exclusively. (When lookups must stay concurrent, keep
 *   the read lock and make `hits` an `atomic_long`.)
 * rust: `RwLock::write()` gives a `RwLockWriteGuard`, which derefs to `&mut T`;
 *   or keep `read()` and make the counter an `AtomicU64`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: lookups 1000 500000..1000000 valgrind 5000..15000
 * oracle: stdout "hits = {2 * lookups}, sum = {20 * (45 * (lookups / 10)
 *   + (lookups % 10) * (lookups % 10 - 1) / 2)}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

#define NKEYS    10
#define NTHREADS 2

static long lookups; /* per thread: the `lookups` parameter */

static rl_rwlock table_lock; /* guards the table below */
static int values[NKEYS] GUARDED_BY(table_lock);
static long hits GUARDED_BY(table_lock); /* lookups served: a statistic, written by readers */

static pthread_barrier_t start;

static int table_get(int key) EXCLUDES(table_lock)
{
    /* FIX: exclusive: this critical section writes `hits`. */
    rl_rwlock_wrlock(&table_lock);
    int value = values[key];
    hits++;
    rl_rwlock_unlock(&table_lock);
    return value;
}

static long sums[NTHREADS]; /* one slot per thread: not shared */

static void *reader(void *arg)
{
    long *sum = arg;
    pthread_barrier_wait(&start); /* both threads look up together */
    for (int i = 0; i < lookups; i++)
        *sum += table_get(i % NKEYS);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    lookups = rl_param("lookups", 1000);
    rl_rwlock_init(&table_lock, NULL);
    rl_rwlock_wrlock(&table_lock);
    for (int k = 0; k < NKEYS; k++)
        values[k] = 10 * k; /* 0 + 10 + ... + 90 = 450 per 10 lookups */
    rl_rwlock_unlock(&table_lock);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, reader, &sums[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    rl_rwlock_rdlock(&table_lock);
    printf("hits = %ld, sum = %ld\n", hits, sums[0] + sums[1]);
    rl_rwlock_unlock(&table_lock);
    rl_rwlock_destroy(&table_lock);
    return 0;
}
