/* redteam: cheat
 * class: serialising the threads: one thread does all the work, the other one increment
 * expect: fail
 * reason: no longer run at the same time
 * Atomic increments, both threads started together, but the second thread
 * counts once and the first counts everything else: two threads alive,
 * race-free and right, and one of them does all the counting. Must fail. */
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
    long share = *(const long *)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < share; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    long share[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    share[0] = NTHREADS * iters - 1;
    share[1] = 1;
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, &share[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
