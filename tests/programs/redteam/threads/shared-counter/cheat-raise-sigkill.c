/* redteam: cheat
 * class: tampering with the evidence: raise(SIGKILL) after printing, no end-of-run reports
 * expect: fail
 * reason: killed by SIGKILL
 * _exit is refused, raise() is not on any list: the racy counter prints its
 * answer, flushes it, and raises SIGKILL, so that neither TSan's exit-time
 * summary nor Valgrind's error summary is ever written. A run killed by a
 * signal must not pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <signal.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
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
    fflush(stdout);
    raise(SIGKILL);
    return 0;
}
