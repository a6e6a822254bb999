/* Four threads add to one counter with a compare-exchange loop that counts
 * the times it lost: they work at the same time, and a stepped thread's
 * compare-exchange fails often (the others move the value on meanwhile).
 * A failure is no wait when the value moves: the runs must still witness
 * them working together. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long counter;

static void *worker(void *arg)
{
    unsigned long lost = 0;
    for (long i = 0; i < 600000; i++) {
        long old = atomic_load_explicit(&counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&counter, &old, old + 1,
                                                      memory_order_relaxed, memory_order_relaxed))
            lost++;
    }
    (void)arg;
    return (void *)lost;
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", (long)atomic_load(&counter));
    return 0;
}
