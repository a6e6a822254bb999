/* A "fix" of threads/shared-counter that joins each thread right after
 * creating it: two threads, the right answer on every size (iters read with
 * rl_param), no race, and never two threads alive at once. The exercise check
 * must reject it: the observer sees each thread created after the one before
 * it ended (the threads no longer run at the same time). */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;

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
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL); /* CHEAT: the next thread starts after this one ended */
    }
    printf("counter = %ld\n", counter);
    return 0;
}
