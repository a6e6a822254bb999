/* redteam: fix
 * class: correct-but-unusual: a private count per thread, one atomic_fetch_add at the end
 * expect: pass
 * reason: PASS
 * smoke: yes
 * Each thread counts in a local variable and adds its total to the shared
 * atomic counter once. Race-free, right, and the threads count at the same
 * time (each in its own variable). Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
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
    atomic_fetch_add(&counter, mine); /* once per thread */
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
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
