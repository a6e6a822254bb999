/* redteam: cheat
 * class: other: a #line directive making the student's lines look like a system header's
 * expect: refused
 * reason: #line changes the file name
 * After `#line 1 "/usr/include/x86_64-linux-gnu/bits/pthreadtypes.h"` the
 * compiler believes the rest of the file is a system header, whose lines a
 * scan that trusts system headers does not judge: the worker carries
 * no_sanitize("thread") there. Refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

#line 1 "/usr/include/x86_64-linux-gnu/bits/pthreadtypes.h"
static long iters;
static long counter;
static pthread_barrier_t start;

__attribute__((no_sanitize("thread"))) static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
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
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
