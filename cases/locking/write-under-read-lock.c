/* racelab-case
 * title: Write under a reader lock (hit counter bumped under `rdlock`)
 * bug: A lookup table is guarded by a reader/writer lock, and `table_get()`
 *   takes it in read mode, which is right for the lookup itself. But it also
 *   counts the lookup with `hits++`, a write, still under the read lock. A
 *   read lock is shared: both threads hold it at once, so nothing orders
 *   their increments; each is a load, an add and a store, and an increment
 *   can be lost.
 * fix: Take the lock in write mode (`rl_rwlock_wrlock`, i.e.
 *   `pthread_rwlock_wrlock`) where the critical section writes anything; or
 *   keep the read lock for the lookup and make the counter an `atomic_long`
 *   updated with `atomic_fetch_add`. Since `hits` is declared
 *   `GUARDED_BY(table_lock)`, clang's `-Wthread-safety` sees that the write
 *   needs the lock held exclusively.
 * hint: `table_get()` holds `table_lock` in read mode, and both threads can be
 *   inside at once. Does it only read?
 * hint: A read lock allows reading only; a critical section that writes
 *   anything, a statistic included, needs the lock in write mode. One lock held
 *   around each reader's whole loop is not accepted.
 * hint: In `table_get()`, take the lock with `rl_rwlock_wrlock(&table_lock)`
 *   instead of `rl_rwlock_rdlock`, since `hits++` writes.
 * task: Two reader threads each make `lookups` lookups in a shared table, and
 *   every lookup is counted in `hits`. The race detectors report the count,
 *   and it can come out short. Make it right, with the two readers still
 *   looking up at the same time.
 * overlap: work
 * wrong-fix: volatile: A volatile `hits` still takes a load, an add and a
 *   store to count; the other reader's count can still come in between.
 * rust: rejected: `RwLock::read()` gives a `RwLockReadGuard`, which derefs
 *   only to `&T`, so `guard.hits += 1` gives E0594 (cannot assign to data in
 *   dereference of `RwLockReadGuard`).
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: data-race
 * analyzer: clean: the analyzer's lock checker tracks whether a lock is held,
 *   not in which mode, nor which data it guards.
 * tidy: clean: no clang-tidy check knows which lock guards which variable, or
 *   in which mode.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
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
    rl_rwlock_rdlock(&table_lock); /* shared: the other reader may be inside too */
    int value = values[key];
    hits++; /* BUG: a write under a read lock; the other reader can store in between */
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
