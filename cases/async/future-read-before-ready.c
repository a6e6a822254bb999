/* racelab-case
 * title: Result used before completion (missing wait on a future)
 * bug: main submits a job that completes a future from a worker thread, then
 *   reads `f->value` at once instead of waiting for it. The read races with the
 *   worker's write and sees whatever is there: here the job has not finished
 *   yet every time, so main prints 0 instead of 42.
 * fix: Read the result only through `future_get()`, which takes the future's
 *   mutex and waits on its condition variable in a `while (!ready)` loop; or
 *   join the thread before reading.
 * rust: reading a value a spawned thread is still writing does not compile
 *   (E0502 with scoped threads); the result exists only as the return value of
 *   `JoinHandle::join()` or a message on a channel.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * oracle: stdout "value = 42"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"

/* A one-shot future: the worker sets `value` and `ready` under `lock`. */
struct future {
    pthread_mutex_t lock;
    pthread_cond_t done;
    bool ready;
    int value;
    pthread_t worker;
};

/* Holds the job back until main has read the result. A test device: it orders
 * in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake slow_job;

static void *job(void *arg)
{
    struct future *f = arg;
    rl_handshake_wait(&slow_job); /* the job is slow */
    pthread_mutex_lock(&f->lock);
    f->value = 42; /* the worker completes the future under its mutex... */
    f->ready = true;
    pthread_cond_broadcast(&f->done);
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

static struct future *future_submit(void)
{
    struct future *f = calloc(1, sizeof *f);
    if (f == NULL)
        exit(1);
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->done, NULL);
    pthread_create(&f->worker, NULL, job, f);
    return f;
}

static void future_free(struct future *f)
{
    pthread_join(f->worker, NULL);
    pthread_cond_destroy(&f->done);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

int main(void)
{
    rl_handshake_init(&slow_job);
    struct future *f = future_submit();
    int value = f->value; /* BUG: ...but main reads it without the mutex, not waiting */
    rl_handshake_signal(&slow_job);
    printf("value = %d\n", value);
    future_free(f);
    rl_handshake_destroy(&slow_job);
    return 0;
}
