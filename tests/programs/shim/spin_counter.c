/* spin_counter.c: threads/shared-counter fixed with a pthread spinlock: two
 * threads released together by a barrier add 1 to a shared counter 100,000
 * times each, each increment under pthread_spin_lock. Prints
 * "counter = 200000".
 *   spin_counter unlocked  the second thread drops the lock: a data race
 *   spin_counter whole     each thread holds the lock around its whole loop:
 *                          correct, but the threads take turns */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t, pthread_spinlock_t under -std=c17 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 2
#define ITERS    100000

static long counter;
static pthread_spinlock_t lock;
static pthread_barrier_t start;
static const char *mode = "";

static void *worker(void *arg)
{
    int locked = !((intptr_t)arg == 1 && strcmp(mode, "unlocked") == 0);
    int whole = strcmp(mode, "whole") == 0;
    pthread_barrier_wait(&start);
    if (whole)
        pthread_spin_lock(&lock);
    for (int i = 0; i < ITERS; i++) {
        if (locked && !whole)
            pthread_spin_lock(&lock);
        counter++; /* the shared update */
        if (locked && !whole)
            pthread_spin_unlock(&lock);
        /* One load and one store per iteration: at -O1 the loop would
         * otherwise become a single `counter += ITERS`. */
        __asm__ volatile("" ::: "memory");
    }
    if (whole)
        pthread_spin_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[NTHREADS];
    if (argc > 1)
        mode = argv[1];
    pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (intptr_t i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    pthread_spin_destroy(&lock);
    printf("counter = %ld\n", counter);
    return 0;
}
