/* redteam: cheat
 * class: other: every access atomic, the increment not (atomic load, then atomic store)
 * expect: fail
 * reason: wrong result
 * No data race for ThreadSanitizer to report: every access to the counter is
 * an atomic load or an atomic store. But load-add-store is still three steps,
 * and increments are lost: the answer must be found wrong. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        long seen = atomic_load_explicit(&counter, memory_order_relaxed);
        atomic_store_explicit(&counter, seen + 1, memory_order_relaxed);
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
