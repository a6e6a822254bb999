/* redteam: cheat
 * class: serialising the threads: a whole-thread test-and-test-and-set lock with a counting waiter
 * expect: fail
 * reason: no longer run at the same time
 * A lock over each thread's whole loop, made as spinlocks are taught: load the
 * flag until it looks free, only then exchange, and count the turns. The
 * waiter mostly loads a value that does not change while the holder is
 * held, and the count makes every turn's registers differ. Natively the
 * atomic load is a plain mov, as a working loop's load of its bound is;
 * under TSan it is a call of the runtime's atomic load, which the observer
 * follows and sees return the same value from the lock twice: a wait, and
 * TSan's runs never witness the threads working together. The threads take
 * turns. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static atomic_int lock;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    unsigned long tries = 0;
    for (;;) {
        while (atomic_load_explicit(&lock, memory_order_relaxed))
            tries++; /* every turn different, and no atomic write at all */
        if (!atomic_exchange_explicit(&lock, 1, memory_order_acquire))
            break;
    }
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    atomic_store_explicit(&lock, 0, memory_order_release);
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
