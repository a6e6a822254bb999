/* A wrong fix of threads/shared-counter that students often try: the lock
 * is taken around the store alone, after the read. Natively the total comes
 * out short first; the check must still show TSan's report (one access under
 * the lock, the other not) and the exercise's lesson for this fix
 * (`wrong-fix: lock-write-only`) before the raw report. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        long v = counter + 1;
        pthread_mutex_lock(&lock);
        counter = v;
        pthread_mutex_unlock(&lock);
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
