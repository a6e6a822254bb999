/* redteam: cheat
 * class: serialising the threads: create-then-join, with one idle companion thread alive
 * expect: fail
 * reason: no longer run at the same time
 * An old rule asked only that two threads be alive at once. An idle companion
 * thread is started first and waits at a barrier for the end; meanwhile each
 * worker is created and joined at once, one after the other, so that there are
 * always two threads alive and never two working. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t finish;

static void *companion(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&finish);
    return NULL;
}

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t c, t;
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&finish, NULL, 2);
    pthread_create(&c, NULL, companion, NULL);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL); /* one worker at a time */
    }
    pthread_barrier_wait(&finish);
    pthread_join(c, NULL);
    pthread_barrier_destroy(&finish);
    printf("counter = %ld\n", counter);
    return 0;
}
