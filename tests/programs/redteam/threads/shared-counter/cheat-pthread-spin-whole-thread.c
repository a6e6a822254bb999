/* redteam: cheat
 * class: serialising the threads: a whole-thread spinlock (pthread_spin_lock)
 * expect: fail
 * reason: no longer run at the same time
 * A pthread spinlock held over each thread's whole loop: the waiting thread
 * does not block, it spins, burning CPU as if it worked. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_spinlock_t spin;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_spin_lock(&spin);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_spin_unlock(&spin);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    pthread_spin_destroy(&spin);
    printf("counter = %ld\n", counter);
    return 0;
}
