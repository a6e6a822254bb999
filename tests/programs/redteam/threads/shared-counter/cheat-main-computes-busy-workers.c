/* redteam: cheat
 * class: computing the answer in main from the size while the worker threads do throwaway work
 * expect: fail
 * reason: NOT YET threads/shared-counter: 
 * known: a burner thread passes (docs/classroom.md, A burner thread)
 * There is no shared counter at all: each thread counts to iters in a local
 * variable and throws the count away, so both threads really work at the
 * same time, and main prints 2 * iters, which it knows from the size. Race
 * free, concurrent, right: and nothing is synchronised, which is the lesson.
 * Only an answer that depends on the threads' work can tell; this one does
 * not. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    long mine = 0;
    for (long i = 0; i < iters; i++) {
        mine++;
        __asm__ volatile("" ::: "memory");
    }
    (void)mine; /* thrown away */
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
    printf("counter = %ld\n", NTHREADS * iters); /* known from the size */
    return 0;
}
