/* racelab-case
 * title: Weak compare-exchange without a retry loop
 * discipline: A compare-exchange is one attempt, and the caller owns the
 *   retry: `while (!atomic_compare_exchange_weak(&hits, &old, old + 1)) {}`.
 *   A failed call writes the current value into `old`, so the next attempt
 *   computes from fresh data; the loop ends only when the exchange has stored
 *   `old + 1` over exactly the value it was computed from, so no increment is
 *   lost. The weak form may fail spuriously, which the loop absorbs.
 * rust: `let mut old = HITS.load(Relaxed); while let Err(now) =
 *   HITS.compare_exchange_weak(old, old + 1, Relaxed, Relaxed) { old = now; }`
 *   (or `fetch_add`, or `fetch_update`, which is this loop).
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: iters 1000 500..1500
 * oracle: stdout "increments kept: {2 * iters} of {2 * iters}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#include "racelab/handshake.h"

static long iters; /* increments per thread: the `iters` parameter */
static atomic_long hits;

/* Kept from the buggy twin: B's increment comes between A's load and A's first
 * exchange, which therefore fails and is retried. Test devices: they order in
 * time only; the detectors ignore them. */
static struct rl_handshake a_loaded, b_incremented, a_exchanged;

/* FIX: retry until the exchange succeeds; a failure reloads `old`. */
static void add_one(long old)
{
    while (!atomic_compare_exchange_weak(&hits, &old, old + 1))
        ;
}

static void increment(void)
{
    add_one(atomic_load(&hits));
}

static void *thread_a(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters - 1; i++)
        increment();
    /* The last increment, with B's increment forced between load and exchange. */
    long old = atomic_load(&hits);
    rl_handshake_signal(&a_loaded);
    rl_handshake_wait(&b_incremented);
    add_one(old); /* the first attempt fails, the second succeeds */
    rl_handshake_signal(&a_exchanged);
    return NULL;
}

static void *thread_b(void *arg)
{
    (void)arg;
    rl_handshake_wait(&a_loaded);
    increment(); /* lands between A's load and A's first exchange */
    rl_handshake_signal(&b_incremented);
    rl_handshake_wait(&a_exchanged);
    for (long i = 1; i < iters; i++)
        increment();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    iters = rl_param("iters", 1000);
    rl_handshake_init(&a_loaded);
    rl_handshake_init(&b_incremented);
    rl_handshake_init(&a_exchanged);
    pthread_create(&a, NULL, thread_a, NULL);
    pthread_create(&b, NULL, thread_b, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    rl_handshake_destroy(&a_loaded);
    rl_handshake_destroy(&b_incremented);
    rl_handshake_destroy(&a_exchanged);
    printf("increments kept: %ld of %ld\n", atomic_load(&hits), 2 * iters);
    return 0;
}
