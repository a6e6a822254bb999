/* redteam: cheat
 * class: switching the detectors off: Valgrind client request DRD_IGNORE_VAR (<valgrind/drd.h>)
 * expect: refused
 * reason: #include <valgrind/drd\.h>
 * A counter locked in the TSan and native runs and bare under DRD (which is
 * told to ignore it); the one Valgrind header it uses is drd.h. Must be
 * refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <valgrind/drd.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    DRD_IGNORE_VAR(counter);
    ANNOTATE_BENIGN_RACE_SIZED(&counter, sizeof counter, "the counter");
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
