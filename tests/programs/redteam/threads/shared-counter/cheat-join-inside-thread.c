/* redteam: cheat
 * class: serialising the threads: the second thread joins the first before counting
 * expect: fail
 * reason: no longer run at the same time
 * Both threads are created together by main (no join right after a create),
 * but the second one starts with pthread_join on the first: no lock, no race,
 * and the work is done one thread after the other. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_t first;

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    if (arg)
        pthread_join(first, NULL); /* wait for the first to finish */
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
    pthread_create(&first, NULL, worker, NULL);
    pthread_create(&t[1], NULL, worker, &first);
    pthread_join(t[1], NULL); /* `first` was joined by t[1] */
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
