/* racelab-case
 * title: Write under a reader lock (hit counter bumped under `rdlock`)
 * discipline: A reader/writer lock in read mode allows reading only. Because
 *   `table_get()` also updates `hits`, its critical section is a writer's: it
 *   takes the lock with `pthread_rwlock_wrlock`, so the two threads' increments
 *   are serialised. (When lookups must stay concurrent, keep the read lock and
 *   make `hits` an `atomic_long`.)
 * rust: `RwLock::write()` gives a `RwLockWriteGuard`, which derefs to `&mut T`;
 *   or keep `read()` and make the counter an `AtomicU64`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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
    /* FIX: exclusive: this critical section writes `hits`. */
    pthread_rwlock_wrlock(&t->lock);
    int value = t->values[key];
    t->hits++;
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
