/* redteam: fix
 * class: correct-but-unusual: main creates every worker, then polls their done flags with short sleeps before joining
 * expect: pass
 * reason: PASS
 * An atomic counter; main starts both workers first and only then waits,
 * looking at an atomic count of finished workers every 50 us (as a program
 * with a progress display does), and joins them at the end. The workers are
 * alive and counting together; a creator that neither joins nor uses much CPU
 * must not keep them from being seen together. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static atomic_int finished;

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    while (atomic_load(&finished) < NTHREADS)
        usleep(50);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
