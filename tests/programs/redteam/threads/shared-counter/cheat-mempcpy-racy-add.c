/* redteam: cheat
 * class: other: a racy read-modify-write through mempcpy (TSan-blind), one atomic to make Helgrind/DRD n/a
 * expect: refused
 * reason: refused: 
 * smoke: yes
 * Each thread counts privately, then adds its count to the shared counter with
 * no synchronisation at all: the read and the write of `counter` are mempcpy()
 * calls, which clang 14's TSan does not intercept (glibc's code is not
 * instrumented), so TSan sees no access. One atomic (a count of the threads
 * done) makes Helgrind and DRD "n/a". The race window is a few instructions:
 * natively the answer is right. Must not pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static atomic_int done; /* the one atomic: Helgrind and DRD step aside */

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    long mine = 0, total;
    for (long i = 0; i < iters; i++) {
        mine++;
        __asm__ volatile("" ::: "memory");
    }
    mempcpy(&total, &counter, sizeof total); /* read, unseen */
    total += mine;
    mempcpy(&counter, &total, sizeof total); /* write, unseen: races with the other thread */
    atomic_fetch_add(&done, 1);
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
    printf("counter = %ld\n", counter + 0 * atomic_load(&done));
    return 0;
}
