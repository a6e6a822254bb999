/* redteam: fix
 * class: correct-but-unusual: four threads, each increment a compare-exchange loop that counts its retries
 * expect: pass
 * reason: PASS
 * The 2 * iters increments are split over four threads; each adds 1 with a
 * weak compare-exchange loop and counts the times it lost the race. Under
 * contention the compare-exchange fails often, and fails while the observer
 * steps a thread: a failure is no wait when another thread is working (the
 * value moves on between two failures). Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2 /* the exercise's threads: its work is NTHREADS * iters */
#define POOL     4

static long iters;
static atomic_long counter;
static atomic_ulong retries;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    long me = (long)arg;
    long from = NTHREADS * iters * me / POOL, to = NTHREADS * iters * (me + 1) / POOL;
    unsigned long lost = 0;
    pthread_barrier_wait(&start);
    for (long i = from; i < to; i++) {
        long old = atomic_load_explicit(&counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&counter, &old, old + 1,
                                                      memory_order_relaxed, memory_order_relaxed))
            lost++;
    }
    atomic_fetch_add(&retries, lost);
    return NULL;
}

int main(void)
{
    pthread_t t[POOL];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, POOL);
    for (long i = 0; i < POOL; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < POOL; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
