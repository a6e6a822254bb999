/* redteam: fix
 * class: correct-but-unusual: a pthread_spinlock_t around each increment
 * expect: pass
 * reason: PASS
 * smoke: yes
 * A spinlock taken and released around every single increment: the threads
 * interleave, increment by increment. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_spinlock_t spin;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        pthread_spin_lock(&spin);
        counter++;
        pthread_spin_unlock(&spin);
        __asm__ volatile("" ::: "memory");
    }
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
