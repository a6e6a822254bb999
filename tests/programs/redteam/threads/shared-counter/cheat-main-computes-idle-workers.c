/* redteam: cheat
 * class: computing the answer in main from the size while idle worker threads stand by
 * expect: fail
 * reason: no longer run at the same time
 * Two threads are created together and wait at a barrier for main to finish;
 * main prints 2 * iters without counting anything. No race, the right answer,
 * two threads alive together, and no work done by them: an `overlap: work`
 * exercise must fail it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t done;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&done); /* stand by until main has the answer */
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&done, NULL, NTHREADS + 1);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    counter = NTHREADS * iters; /* the "count" */
    pthread_barrier_wait(&done);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&done);
    printf("counter = %ld\n", counter);
    return 0;
}
