/* redteam: cheat
 * class: printing the oracle's expected text as a constant
 * expect: fail
 * reason: wrong result .*printed "counter = 200000"
 * smoke: yes
 * Two threads count atomically (race-free, concurrent), but main prints the
 * answer the exercise gave with its default size, 2 * 100000, which the
 * student saw when running it by hand. The sizes of an exercise's runs are
 * chosen afresh: the answer is wrong, and it must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
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
    printf("counter = 200000\n"); /* what `racelab check` printed */
    return 0;
}
