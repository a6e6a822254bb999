/* racelab-case
 * title: Thread-hostile reference count (non-atomic ref++ / --ref)
 * discipline: The count is an `atomic_int` and every update is one atomic
 *   read-modify-write, so no update can be lost. Taking a reference needs only
 *   atomicity (`memory_order_relaxed`): whoever takes one already holds one, so
 *   the blob cannot vanish meanwhile. Dropping one uses
 *   `memory_order_acq_rel`: the release publishes this thread's uses of the
 *   blob, and the acquire of the put that sees 1 (the last one) orders every
 *   other thread's uses before its `free`.
 * rust: `Arc<Blob>`: `Arc::clone` and dropping an `Arc` are exactly these
 *   relaxed increments and release/acquire decrements; the last drop frees.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: reads 1 100000..200000 valgrind 50000..100000
 * oracle: stdout "characters read by the workers: {20*reads}, {20*reads}"
 * oracle: stdout "blob freed 1 time(s), by the last put"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define NWORKERS 2

struct blob {
    atomic_int ref; /* references held: the cache's and each reader's */
    char text[32];
};

static long reads;                 /* reads per worker: the `reads` parameter */
static struct blob *cached;        /* the cache: one blob, holding one reference */
static size_t text_read[NWORKERS]; /* characters each worker read from it (one slot each) */

/* Kept from the buggy twin, where it makes worker 2 start after worker 1 has
 * dropped its references. A test device: it orders in time only. */
static struct rl_handshake turn;

/* noinline, as in the buggy twin. */
__attribute__((noinline)) static void blob_get(struct blob *b)
{
    /* FIX: one atomic increment; relaxed, as the caller already holds a reference */
    atomic_fetch_add_explicit(&b->ref, 1, memory_order_relaxed);
}

/* Drops one reference; returns true when this put freed the blob. */
__attribute__((noinline)) static bool blob_put(struct blob *b)
{
    /* FIX: one atomic decrement; exactly one put sees 1, and acq_rel orders
     * every other thread's uses of the blob before the free */
    if (atomic_fetch_sub_explicit(&b->ref, 1, memory_order_acq_rel) == 1) {
        free(b);
        return true;
    }
    return false;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (id == 2)
        rl_handshake_wait(&turn);
    struct blob *b = cached;
    bool freed = false;
    for (long r = 0; r < reads && !freed; r++) { /* a reference per read (say, per request) */
        blob_get(b);
        text_read[id - 1] += strlen(b->text); /* uses the blob while holding a reference */
        freed = blob_put(b);                  /* if this freed it, the loop must stop */
    }
    if (id == 1)
        rl_handshake_signal(&turn);
    return (void *)(intptr_t)freed;
}

int main(void)
{
    reads = rl_param("reads", 1);
    cached = malloc(sizeof *cached);
    if (cached == NULL)
        return 1;
    atomic_init(&cached->ref, 1);
    strcpy(cached->text, "shared configuration");
    rl_handshake_init(&turn);

    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
    int frees = 0;
    for (int i = 0; i < NWORKERS; i++) {
        void *res;
        pthread_join(t[i], &res);
        frees += (int)(intptr_t)res;
    }
    rl_handshake_destroy(&turn);
    bool last = blob_put(cached); /* the cache lets go: this put must be the last */
    frees += last;
    printf("characters read by the workers: %zu, %zu\n", text_read[0], text_read[1]);
    printf("blob freed %d time(s), %s\n", frees, last ? "by the last put" : "before the last put");
    return 0;
}
