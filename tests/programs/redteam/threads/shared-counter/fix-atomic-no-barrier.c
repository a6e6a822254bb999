/* redteam: fix
 * class: correct-but-unusual: an atomic counter without the start barrier
 * expect: pass
 * reason: PASS
 * smoke: yes
 * The barrier only made the threads start together; without it the second
 * thread may start a little later, and they still count together for most of
 * the work. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
