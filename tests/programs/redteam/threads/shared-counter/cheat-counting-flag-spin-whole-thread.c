/* redteam: cheat
 * class: serialising the threads: a whole-thread atomic_flag spinlock whose waiter counts its tries
 * expect: fail
 * reason: no longer run at the same time
 * The same whole-thread lock as cheat-counting-trylock-whole-thread.c, but
 * made of an atomic_flag: the test-and-set is one inline instruction, not a
 * call to follow, and the count makes every turn's registers differ; what
 * gives it away is an exchange that changes nothing (it stores the 1 it
 * reads), twice at the same place. The threads take turns. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static atomic_flag lock = ATOMIC_FLAG_INIT;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    unsigned long tries = 0;
    while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
        tries++; /* every turn different: not a spin to a stepping eye */
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    atomic_flag_clear_explicit(&lock, memory_order_release);
    return (void *)tries;
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
