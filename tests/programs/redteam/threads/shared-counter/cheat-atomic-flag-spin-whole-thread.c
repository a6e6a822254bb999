/* redteam: cheat
 * class: serialising the threads: a hand-written atomic_flag spinlock over the whole thread
 * expect: fail
 * reason: no longer run at the same time
 * A spinlock of the student's own (atomic_flag_test_and_set with acquire,
 * clear with release), held over each thread's whole loop. With atomics in the
 * program Helgrind and DRD stand aside, and TSan sees a correct lock. The
 * threads take turns: must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
        ; /* spin */
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    atomic_flag_clear_explicit(&busy, memory_order_release);
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
