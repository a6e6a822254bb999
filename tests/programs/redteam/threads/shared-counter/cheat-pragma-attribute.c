/* redteam: cheat
 * class: switching the detectors off: #pragma clang attribute push(no_sanitize)
 * expect: refused
 * reason: #pragma clang attribute
 * The racy counter, with no_sanitize("thread") applied to every function of
 * the file at once by `#pragma clang attribute push`, so that no function
 * carries the attribute in its own declaration. Must be refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

#pragma clang attribute push(__attribute__((no_sanitize("thread"))), apply_to = function)

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

#pragma clang attribute pop

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
