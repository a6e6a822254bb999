/* A "fix" of threads/shared-counter that holds one mutex around each
 * thread's whole loop: race-free and right, the threads exist together, and
 * they take turns. threads/shared-counter forbids it (`forbid:
 * whole-thread-lock`): the exercise check must reject it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 2
#define ITERS    100000

static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_mutex_lock(&lock); /* CHEAT: the whole loop under one lock */
    for (int i = 0; i < ITERS; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
