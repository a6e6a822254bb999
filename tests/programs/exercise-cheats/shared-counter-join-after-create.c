/* A "fix" of threads/shared-counter that joins each thread right after
 * creating it: two threads, the right answer, no race, and never two threads
 * running at once. The exercise check must reject it (the probe sees at most
 * one thread running at a time). */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 2
#define ITERS    100000

static long counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NTHREADS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL); /* CHEAT: the next thread starts after this one ended */
    }
    printf("counter = %ld\n", counter);
    return 0;
}
