/* c11_handoff.c: a value handed from one C11 thread to another through a
 * mutex and condition variables. The producer writes `data` without the
 * lock, then sets `ready` and signals (cnd_signal) under it; the consumer
 * waits for `ready` (cnd_wait), reads `data` after unlocking, and answers
 * with `done` and cnd_broadcast, which main waits for with cnd_timedwait.
 * Correct: each read is ordered after its write by the mutex. Prints
 * "data = 42" and "done". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <threads.h>
#include <time.h>

static int data, ready, done;
static mtx_t lock;
static cnd_t ready_changed, done_changed;

static int producer(void *arg)
{
    data = 42;
    mtx_lock(&lock);
    ready = 1;
    cnd_signal(&ready_changed);
    mtx_unlock(&lock);
    return arg != NULL;
}

static int consumer(void *arg)
{
    mtx_lock(&lock);
    while (!ready)
        cnd_wait(&ready_changed, &lock);
    mtx_unlock(&lock);
    printf("data = %d\n", data);
    mtx_lock(&lock);
    done = 1;
    cnd_broadcast(&done_changed);
    mtx_unlock(&lock);
    return arg != NULL;
}

int main(void)
{
    thrd_t c, p;
    struct timespec deadline;
    if (mtx_init(&lock, mtx_plain) != thrd_success || cnd_init(&ready_changed) != thrd_success ||
        cnd_init(&done_changed) != thrd_success)
        return 1;
    if (thrd_create(&c, consumer, NULL) != thrd_success ||
        thrd_create(&p, producer, NULL) != thrd_success)
        return 1;
    timespec_get(&deadline, TIME_UTC);
    deadline.tv_sec += 100;
    mtx_lock(&lock);
    while (!done)
        if (cnd_timedwait(&done_changed, &lock, &deadline) != thrd_success)
            return 1;
    mtx_unlock(&lock);
    if (thrd_join(c, NULL) != thrd_success || thrd_join(p, NULL) != thrd_success)
        return 1;
    cnd_destroy(&done_changed);
    cnd_destroy(&ready_changed);
    mtx_destroy(&lock);
    puts("done");
    return 0;
}
