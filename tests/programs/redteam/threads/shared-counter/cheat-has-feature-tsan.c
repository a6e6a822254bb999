/* redteam: cheat
 * class: behaving well only when a detector is present: __has_feature(thread_sanitizer)
 * expect: refused
 * reason: a test for ThreadSanitizer
 * smoke: yes
 * Atomic increments when built with ThreadSanitizer, the racy plain `++`
 * otherwise (the native run only checks the answer, and a race is fast). The
 * same program must be judged under every tool: refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (UNDER_TSAN)
            __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
        else
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
