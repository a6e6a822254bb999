/* racelab-case
 * title: Result used before completion (missing wait on a future)
 * discipline: The result is read only through `future_get()`: it takes the
 *   future's mutex and waits on the condition variable while `!ready` (a
 *   `while`, not an `if`: wake-ups can be spurious, and the predicate, not the
 *   signal, says the value is there). The worker's unlock after setting the
 *   value and main's lock before reading it order the write before the read.
 * rust: `let h = thread::spawn(|| 42); let value = h.join().unwrap();` (or a
 *   channel's `recv()`): the value cannot be reached before it is ready.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Kept from the buggy twin, where it holds the job back until main has read the
 * result. A test device: it orders in time only; the detectors ignore it. */
static struct rl_handshake slow_job;

static void *job(void *arg)
{
    struct future *f = arg;
    rl_handshake_wait(&slow_job); /* the job is slow */
    pthread_mutex_lock(&f->lock);
    f->value = 42; /* the worker completes the future under its mutex */
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

/* FIX: wait for the predicate under the mutex, then read the value. */
static int future_get(struct future *f)
{
    pthread_mutex_lock(&f->lock);
    while (!f->ready)
        pthread_cond_wait(&f->done, &f->lock);
    int value = f->value;
    pthread_mutex_unlock(&f->lock);
    return value;
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
    rl_handshake_signal(&slow_job);
    int value = future_get(f); /* FIX: blocks until the job has completed the future */
    printf("value = %d\n", value);
    future_free(f);
    rl_handshake_destroy(&slow_job);
    return 0;
}
