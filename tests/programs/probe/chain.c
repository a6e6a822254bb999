/* chain.c: linked with racelab's thread-count shim, which defines
 * pthread_create in the executable and calls the next one (the probe's).
 * A first thread is started from .preinit_array, before any constructor
 * (the probe's and the shim's included) has run; then two threads meet at a
 * barrier. Three threads, two at once. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>

#include "work.h"

static pthread_barrier_t barrier;

static void *early(void *arg)
{
    return arg;
}

static void start_early(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, early, NULL) == 0)
        pthread_join(t, NULL);
}
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(void) = start_early;

static void *worker(void *arg)
{
    pthread_barrier_wait(&barrier);
    work_ms(2);
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
