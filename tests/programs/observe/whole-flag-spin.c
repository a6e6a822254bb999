/* Two threads, each holding an atomic_flag spinlock over its whole loop, the
 * waiter counting its turns: they take turns. The test-and-set is one inline
 * xchg, and the count makes every turn's registers differ; what gives the
 * waiter away is an exchange that changes nothing (it stores the 1 it reads),
 * twice at the same place. No hold may witness them working together. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static long counter;
static atomic_flag lock = ATOMIC_FLAG_INIT;

static void *worker(void *arg)
{
    unsigned long tries = 0;
    while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
        tries++;
    for (long i = 0; i < 6000000; i++)
        counter++;
    atomic_flag_clear_explicit(&lock, memory_order_release);
    return (void *)tries;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
