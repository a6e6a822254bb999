/* redteam: cheat
 * class: serialising the threads: a whole-thread lock whose waiter counts its tries (a spin that looks like work)
 * expect: fail
 * reason: no longer run at the same time
 * One mutex over each thread's whole loop, taken with pthread_mutex_trylock
 * in a loop that counts its attempts. A wait that only spins comes back to
 * the same registers every turn, and an observer that steps it can tell;
 * this one does not: the count changes every turn, so the waiting thread
 * looks as if it worked while the other is held. The threads still take
 * turns. Must fail. */
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
    unsigned long tries = 0;
    while (pthread_mutex_trylock(&lock) != 0)
        tries++; /* every turn different: not a spin to a stepping eye */
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_unlock(&lock);
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
