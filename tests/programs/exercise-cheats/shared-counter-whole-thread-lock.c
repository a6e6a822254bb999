/* A "fix" of threads/shared-counter that holds one mutex around each
 * thread's whole loop: race-free and right on every size (iters read with
 * rl_param), the threads alive together, and they take turns.
 * threads/shared-counter is an `overlap: work` exercise: the observer stops a
 * thread in the middle of its work and sees the other wait for it, and the
 * exercise check must reject it (the threads take turns). */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_mutex_lock(&lock); /* CHEAT: the whole loop under one lock */
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_unlock(&lock);
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
    printf("counter = %ld\n", counter);
    return 0;
}
