/* redteam: cheat
 * class: switching the detectors off: disable_sanitizer_instrumentation
 * expect: refused
 * reason: disable_sanitizer_instrumentation
 * The racy counter in a worker that clang is told to leave without any
 * sanitizer instrumentation (clang 14's disable_sanitizer_instrumentation,
 * which does not mention "thread" at all). Must be refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

__attribute__((disable_sanitizer_instrumentation)) static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        counter++;
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
    printf("counter = %ld\n", counter);
    return 0;
}
