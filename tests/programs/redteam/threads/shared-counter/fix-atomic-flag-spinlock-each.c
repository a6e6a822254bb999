/* redteam: fix
 * class: correct-but-unusual: a hand-written atomic_flag spinlock around each increment
 * expect: pass
 * reason: PASS
 * The student's own spinlock (test-and-set with acquire, clear with release)
 * around every increment. Helgrind and DRD stand aside for C11 atomics; TSan
 * sees a correct lock. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static atomic_flag busy = ATOMIC_FLAG_INIT;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
            ; /* spin */
        counter++;
        atomic_flag_clear_explicit(&busy, memory_order_release);
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
