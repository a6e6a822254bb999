/* racelab-case
 * title: Atomic variable referenced twice (load, then store)
 * bug: Each thread increments the `_Atomic` counter `hits` `iters` times with
 *   `atomic_store(&hits, atomic_load(&hits) + 1)`. Each of the two operations
 *   is atomic, so there is no data race, but the increment as a whole is not:
 *   another thread can store between the load and the store, and the store
 *   then writes back a value computed from a stale load, erasing that
 *   thread's increment. The program forces that interleaving once, so one
 *   increment is lost in every run; left to chance it happens less often.
 * fix: One atomic read-modify-write: `atomic_fetch_add(&hits, 1)` (for other
 *   updates, `atomic_fetch_xor`, or a compare-exchange loop).
 * hint: `atomic_store(&hits, atomic_load(&hits) + 1)`: each call is atomic, but
 *   is the increment? What can another thread do between the load and the
 *   store?
 * hint: An update of an atomic must be one read-modify-write
 *   (`atomic_fetch_add`, or a compare-exchange loop), not a load and then a
 *   store.
 * hint: In `increment()` write `atomic_fetch_add(&hits, 1)`; in `thread_a`,
 *   drop `long seen = atomic_load(&hits)` and replace `atomic_store(&hits, seen
 *   + 1)` with `increment()`, keeping the three handshakes.
 * task: Two threads each increment the shared atomic counter `hits` `iters`
 *   times, and the final count comes out one short. Make every increment
 *   count, with both threads still incrementing it.
 * overlap: lifetime
 * wrong-fix: lock-write-only: A lock around the store alone does not help: the
 *   value stored was computed from a load made before the lock, and the other
 *   thread can change `hits` in between.
 * wrong-fix: lock-per-thread: Each thread locking a mutex of its own excludes
 *   nothing: the other thread's increment can still fall between your load and
 *   your store.
 * rust: rustc allows it: `HITS.store(HITS.load(SeqCst) + 1, SeqCst)` on an
 *   `AtomicU64` is safe code with no data race, and loses updates the same way.
 * tsan: wrong-result
 * helgrind: wrong-result
 * drd: wrong-result
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of atomics: each load and each store is correct on its own.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time: with no other thread storing in between, load-then-store adds 1.
 * tidy: clean: no clang-tidy check run here looks for an atomic read and
 *   written in two operations (CERT's rule CON40-C has no clang-tidy check).
 * cppcheck: clean: cppcheck knows nothing of atomics, memory order or
 *   `volatile` as a flag, and has no model of threads.
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

/* Force the bad interleaving once: thread A loads `hits`, thread B increments
 * it, then A stores its stale value + 1. Test devices: they order in time
 * only, and the detectors see no synchronisation through them. */
static struct rl_handshake a_loaded, b_incremented, a_stored;

static void increment(void)
{
    /* BUG: two atomic operations, not one: a store can come in between */
    atomic_store(&hits, atomic_load(&hits) + 1);
}

static void *thread_a(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters - 1; i++)
        increment();
    /* The last increment, with B's increment forced between its two halves. */
    long seen = atomic_load(&hits);
    rl_handshake_signal(&a_loaded);
    rl_handshake_wait(&b_incremented);
    atomic_store(&hits, seen + 1); /* BUG: overwrites B's increment */
    rl_handshake_signal(&a_stored);
    return NULL;
}

static void *thread_b(void *arg)
{
    (void)arg;
    rl_handshake_wait(&a_loaded);
    increment(); /* lands between A's load and A's store */
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
