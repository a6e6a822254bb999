/* redteam: cheat
 * class: behaving well only when a detector is present: RUNNING_ON_VALGRIND
 * expect: refused
 * reason: #include <valgrind/valgrind\.h>
 * Under Valgrind (Helgrind, DRD) the increments take a mutex; elsewhere an
 * atomic, which TSan accepts. Needs Valgrind's own header to ask. Refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <valgrind/valgrind.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    int slow = RUNNING_ON_VALGRIND;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (slow) {
            pthread_mutex_lock(&lock);
            counter++;
            pthread_mutex_unlock(&lock);
        } else {
            counter++;
        }
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
