/* redteam: cheat
 * class: tampering with the evidence: inline assembly (a `lock incq` TSan cannot see)
 * expect: refused
 * reason: __asm__\("lock incq %0"\)
 * The increment written as `lock incq` in inline assembly: correct on x86, and
 * invisible to ThreadSanitizer, so that a plain racy read of the counter
 * elsewhere would go unnoticed too. Refused: only the empty compiler barrier
 * is accepted. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++)
        __asm__ volatile("lock incq %0" : "+m"(counter));
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
    printf("counter = %ld\n", counter);
    return 0;
}
