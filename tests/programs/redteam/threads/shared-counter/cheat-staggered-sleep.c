/* redteam: cheat
 * class: serialising the threads: the second thread sleeps until the first is done (no lock)
 * expect: fail
 * reason: no longer run at the same time
 * Atomic increments and no lock, semaphore or condition: the second thread
 * just sleeps 300 ms before counting, by which time the first has finished.
 * The threads are alive together and never count together. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <unistd.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    if (arg)
        usleep(300000); /* let the other one finish first */
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, i ? &t[0] : NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
