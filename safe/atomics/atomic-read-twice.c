/* racelab-case
 * title: Atomic variable referenced twice (load, then store)
 * discipline: The increment is one atomic read-modify-write,
 *   `atomic_fetch_add(&hits, 1)`: the hardware performs the load, the addition
 *   and the store as one indivisible step, so no other store can come between
 *   them and no increment is lost. An atomic variable is referenced once per
 *   update; an update that no single `atomic_fetch_*` expresses becomes a
 *   compare-exchange loop.
 * rust: `HITS.fetch_add(1, Ordering::Relaxed)` on an `AtomicU64`.
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

/* Kept from the buggy twin: B's increment is made to come in the middle of A's
 * last one, which no longer has a middle. Test devices: they order in time
 * only; the detectors ignore them. */
static struct rl_handshake a_loaded, b_incremented, a_stored;

static void increment(void)
{
    /* FIX: one indivisible read-modify-write */
    atomic_fetch_add(&hits, 1);
}

static void *thread_a(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters - 1; i++)
        increment();
    /* Where the buggy twin loaded `hits`: B's increment now comes before A's
     * last one instead of being overwritten by it. */
    rl_handshake_signal(&a_loaded);
    rl_handshake_wait(&b_incremented);
    increment();
    rl_handshake_signal(&a_stored);
    return NULL;
}

static void *thread_b(void *arg)
{
    (void)arg;
    rl_handshake_wait(&a_loaded);
    increment();
    rl_handshake_signal(&b_incremented);
    rl_handshake_wait(&a_stored);
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
    rl_handshake_init(&a_stored);
    pthread_create(&a, NULL, thread_a, NULL);
    pthread_create(&b, NULL, thread_b, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    rl_handshake_destroy(&a_loaded);
    rl_handshake_destroy(&b_incremented);
    rl_handshake_destroy(&a_stored);
    printf("increments kept: %ld of %ld\n", atomic_load(&hits), 2 * iters);
    return 0;
}
