/* redteam: cheat
 * class: serialising the threads: a semaphore around a whole thread's work
 * expect: fail
 * reason: no longer run at the same time
 * smoke: yes
 * A binary semaphore (sem_t, initial value 1) taken before each thread's loop
 * and posted after it: race-free, right, the threads alive together, and they
 * take turns. Not a mutex, so a rule that knows only locks would miss it. Must
 * fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <semaphore.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static sem_t turn;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    sem_wait(&turn);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    sem_post(&turn);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    sem_init(&turn, 0, 1);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    sem_destroy(&turn);
    printf("counter = %ld\n", counter);
    return 0;
}
