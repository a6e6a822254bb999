/* A fix of threads/shared-counter that is right on every size (an atomic
 * counter) and still has a data race: both threads store to the plain flag
 * `started`. The answer is right, so only the detectors can fail it, and
 * their report must point at the student's own line in worker(). */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static int started; /* BUG: written by both threads, unsynchronised */
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    started = 1;
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
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    return 0;
}
