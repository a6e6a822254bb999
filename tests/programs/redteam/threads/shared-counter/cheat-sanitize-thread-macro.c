/* redteam: cheat
 * class: behaving well only when a detector is present: __SANITIZE_THREAD__
 * expect: refused
 * reason: a test for ThreadSanitizer
 * GCC's __SANITIZE_THREAD__ (which clang 14 does not even define) picks a
 * mutex under TSan and the racy increment elsewhere. Whether or not the
 * compiler defines it, a test for it must be refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

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
#ifdef __SANITIZE_THREAD__
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
#else
        (void)lock;
        counter++;
#endif
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
