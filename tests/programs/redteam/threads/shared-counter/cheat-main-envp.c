/* redteam: cheat
 * class: other: main's third parameter (envp) to read the environment without getenv
 * expect: refused
 * reason: main's third parameter|environment
 * No getenv anywhere: main takes envp and looks for TSAN_OPTIONS= or
 * LD_PRELOAD= itself, locking the counter only when a detector is there.
 * Refused: the environment. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int watched;

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

int main(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, "TSAN_OPTIONS=", 13) == 0 || strncmp(*e, "LD_PRELOAD=", 11) == 0)
            watched = 1;
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
