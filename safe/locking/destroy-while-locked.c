/* racelab-case
 * title: Destroying a mutex while a worker holds it
 * discipline: A mutex lives longer than every thread that uses it: it is
 *   initialised before the worker is created and destroyed only after the
 *   worker has been joined, when no thread can hold it or wait for it any
 *   more. `pthread_join` also orders the worker's writes before main's read
 *   of the total.
 * rust: the `Mutex` outlives the scoped threads that borrow it (the borrow
 *   checker enforces it), or it is shared as an `Arc<Mutex<_>>` and dropped
 *   with the last handle.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * oracle: stdout "total = 5050"
 * threads: 1
 * timeout: 30
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct stats {
    pthread_mutex_t lock;
    long total; /* guarded by `lock` */
};

static struct stats *stats;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stats->lock);
    for (int i = 1; i <= 100; i++)
        stats->total += i;
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
    pthread_create(&t, NULL, worker, NULL);

    pthread_join(t, NULL);               /* FIX: join first: nobody can hold the lock now */
    pthread_mutex_destroy(&stats->lock); /* then destroy it */

    printf("total = %ld\n", stats->total);
    free(stats);
    return 0;
}
