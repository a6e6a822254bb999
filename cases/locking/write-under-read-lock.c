/* racelab-case
 * title: Write under a reader lock (hit counter bumped under `rdlock`)
 * bug: A lookup table is guarded by a reader/writer lock, and `table_get()`
 *   takes it in read mode, which is right for the lookup itself. But it also
 *   counts the lookup with `table->hits++`, a write, still under the read
 *   lock. A read lock is shared: both threads hold it at once, so nothing
 *   orders their increments; each is a load, an add and a store, and an
 *   increment can be lost.
 * fix: Take the lock in write mode (`pthread_rwlock_wrlock`) where the
 *   critical section writes anything; or keep the read lock for the lookup and
 *   make the counter an `atomic_long` updated with `atomic_fetch_add`.
 * rust: rejected: `RwLock::read()` gives a `RwLockReadGuard`, which derefs
 *   only to `&T`, so `guard.hits += 1` gives E0594 (cannot assign to data in
 *   dereference of `RwLockReadGuard`).
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * oracle: stdout "hits = 2000, sum = 90000"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NKEYS      10
#define NTHREADS   2
#define LOOKUPS    1000

struct table {
    pthread_rwlock_t lock; /* guards everything below */
    int values[NKEYS];
    long hits;             /* lookups served: a statistic, written by readers */
};

static struct table *table;
static pthread_barrier_t start;

static int table_get(struct table *t, int key)
{
    pthread_rwlock_rdlock(&t->lock); /* shared: the other reader may be inside too */
    int value = t->values[key];
    t->hits++; /* BUG: a write under a read lock; the other reader can store in between */
    pthread_rwlock_unlock(&t->lock);
    return value;
}

static long sums[NTHREADS]; /* one slot per thread: not shared */

static void *reader(void *arg)
{
    long *sum = arg;
    pthread_barrier_wait(&start); /* both threads look up together */
    for (int i = 0; i < LOOKUPS; i++)
        *sum += table_get(table, i % NKEYS);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    table = calloc(1, sizeof *table);
    if (table == NULL)
        return 1;
    pthread_rwlock_init(&table->lock, NULL);
    for (int k = 0; k < NKEYS; k++)
        table->values[k] = 10 * k; /* 0 + 10 + ... + 90 = 450 per 10 lookups */
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, reader, &sums[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("hits = %ld, sum = %ld\n", table->hits, sums[0] + sums[1]);
    pthread_rwlock_destroy(&table->lock);
    free(table);
    return 0;
}
