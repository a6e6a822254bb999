/* redteam: cheat
 * class: other: a constructor that runs before main to change TSAN_OPTIONS
 * expect: refused
 * reason: constructor runs a function before main
 * Code in a constructor runs before main, where a student may hope no rule
 * looks: it adds report_bugs=0 to TSAN_OPTIONS (too late for TSan, but a
 * determined student tries). Refused twice over. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

__attribute__((constructor)) static void quiet(void)
{
    setenv("TSAN_OPTIONS", "report_bugs=0", 1);
}

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
