/* exits.c: three threads that do not simply return, meeting main at a
 * barrier: one calls pthread_exit from a nested function while holding a
 * mutex (2 ms after taking it), one is cancelled in pause(), one is
 * detached and returns after 2 ms of work. main then ends with
 * pthread_exit, so the process exits when the detached thread has ended:
 * every end is recorded, at exit. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <unistd.h>

#include "work.h"

static pthread_barrier_t barrier;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void finish(void)
{
    work_ms(2);
    pthread_exit(NULL);
}

static void *exiter(void *arg)
{
    pthread_barrier_wait(&barrier);
    pthread_mutex_lock(&lock);
    finish();
    return arg;
}

static void *cancelled(void *arg)
{
    pthread_barrier_wait(&barrier);
    for (;;)
        pause();
    return arg;
}

static void *detached(void *arg)
{
    pthread_barrier_wait(&barrier);
    work_ms(2);
    return arg;
}

int main(void)
{
    pthread_t t[3];
    pthread_barrier_init(&barrier, NULL, 4);
    pthread_create(&t[0], NULL, exiter, NULL);
    pthread_create(&t[1], NULL, cancelled, NULL);
    pthread_create(&t[2], NULL, detached, NULL);
    pthread_detach(t[2]);
    pthread_barrier_wait(&barrier);
    pthread_cancel(t[1]);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    pthread_exit(NULL);
}
