/* redteam: cheat
 * class: serialising the threads: a sleep after releasing a whole-loop lock
 * expect: fail
 * reason: no longer run at the same time
 * One mutex over each thread's whole loop, then a long sleep after the unlock,
 * so that the lock is held for only a small part of each thread's life (an old
 * rule measured "held one lock for most of its life"). The threads still take
 * turns at the work. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_mutex_lock(&lock);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_unlock(&lock);
    usleep(200000); /* dilute the time the lock was held */
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
