/* redteam: cheat
 * class: switching the detectors off: VALGRIND_HG_DISABLE_CHECKING (<valgrind/helgrind.h>)
 * expect: refused
 * reason: #include <valgrind/helgrind\.h>
 * smoke: yes
 * An atomic counter (TSan is happy) whose Helgrind and DRD verdicts are
 * silenced by client requests, in case the atomics are not enough for them.
 * Must be refused at the #include. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <valgrind/drd.h>
#include <valgrind/helgrind.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (RUNNING_ON_VALGRIND) {
            counter++; /* Helgrind/DRD are told not to look at it */
        } else {
            pthread_mutex_lock(&lock);
            counter++;
            pthread_mutex_unlock(&lock);
        }
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    VALGRIND_HG_DISABLE_CHECKING(&counter, sizeof counter);
    DRD_IGNORE_VAR(counter);
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
