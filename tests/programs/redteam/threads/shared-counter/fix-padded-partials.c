/* redteam: fix
 * class: correct-but-unusual: per-thread partial sums in a padded array, summed after join
 * expect: pass
 * reason: PASS
 * No atomics and no locks: each thread counts in its own slot (64 bytes apart,
 * no false sharing), and main adds the slots up after joining them (the join
 * orders everything). Judged by all three detectors. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static struct {
    _Alignas(64) long n;
} part[NTHREADS];
static pthread_barrier_t start;

static void *worker(void *arg)
{
    long *mine = arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        (*mine)++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, &part[i].n);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < NTHREADS; i++)
        counter += part[i].n;
    printf("counter = %ld\n", counter);
    return 0;
}
