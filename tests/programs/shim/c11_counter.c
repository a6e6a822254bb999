/* c11_counter.c: threads/shared-counter fixed with C11 <threads.h>: two threads
 * made by thrd_create, released together by a barrier (as the exercise keeps
 * it), add 1 to a shared counter 100,000 times each, each increment under a
 * C11 mutex. Prints "counter = 200000".
 *   c11_counter unlocked   the second thread drops the lock: a data race
 *   c11_counter whole      each thread holds the lock around its whole loop:
 *                          correct, but the threads take turns */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#define NTHREADS 2
#define ITERS    100000

static long counter;
static mtx_t lock;
static pthread_barrier_t start;
static const char *mode = "";

static int worker(void *arg)
{
    int locked = !((intptr_t)arg == 1 && strcmp(mode, "unlocked") == 0);
    int whole = strcmp(mode, "whole") == 0;
    pthread_barrier_wait(&start);
    if (whole)
        mtx_lock(&lock);
    for (int i = 0; i < ITERS; i++) {
        if (locked && !whole)
            mtx_lock(&lock);
        counter++; /* the shared update */
        if (locked && !whole)
            mtx_unlock(&lock);
        /* One load and one store per iteration: at -O1 the loop would
         * otherwise become a single `counter += ITERS`. */
        __asm__ volatile("" ::: "memory");
    }
    if (whole)
        mtx_unlock(&lock);
    return 0;
}

int main(int argc, char **argv)
{
    thrd_t t[NTHREADS];
    if (argc > 1)
        mode = argv[1];
    if (mtx_init(&lock, mtx_plain) != thrd_success)
        return 1;
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (intptr_t i = 0; i < NTHREADS; i++)
        if (thrd_create(&t[i], worker, (void *)i) != thrd_success)
            return 1;
    for (int i = 0; i < NTHREADS; i++)
        if (thrd_join(t[i], NULL) != thrd_success)
            return 1;
    pthread_barrier_destroy(&start);
    mtx_destroy(&lock);
    printf("counter = %ld\n", counter);
    return 0;
}
