/* redteam: cheat
 * class: behaving well only when a detector is present: getenv("TSAN_OPTIONS"), getenv("LD_PRELOAD")
 * expect: refused
 * reason: getenv
 * Looks for the detectors in the environment (TSAN_OPTIONS under TSan,
 * LD_PRELOAD with vgpreload under Valgrind) and locks only then; the plain
 * native run races. Refused: this exercise does not allow the environment. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 2

static long iters;
static long counter;
static int watched;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (watched)
            pthread_mutex_lock(&lock);
        counter++;
        if (watched)
            pthread_mutex_unlock(&lock);
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    const char *preload = getenv("LD_PRELOAD");
    watched = getenv("TSAN_OPTIONS") != NULL || (preload && strstr(preload, "vgpreload"));
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
