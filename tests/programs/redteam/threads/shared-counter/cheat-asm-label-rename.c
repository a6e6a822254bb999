/* redteam: cheat
 * class: other: an asm label that renames a declaration (getenv under another name)
 * expect: refused
 * reason: another symbol name
 * `char *peek(const char *) __asm__("getenv");` declares a function named peek
 * that links to getenv: no token says getenv where it is called. It peeks at
 * TSAN_OPTIONS and locks only under TSan. Refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int watched;
char *peek(const char *name) __asm__("get" "env");

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
    iters = rl_param("iters", 100000);
    watched = peek("TSAN_OPTIONS") != 0;
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
