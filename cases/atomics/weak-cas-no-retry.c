/* racelab-case
 * title: Weak compare-exchange without a retry loop
 * bug: Each thread increments the `_Atomic` counter `hits` `iters` times, each
 *   time by loading it and calling `atomic_compare_exchange_weak(&hits, &old,
 *   old + 1)` once, ignoring its result. The compare-exchange fails whenever
 *   another thread changed `hits` since the load (and a weak one may also fail
 *   spuriously, on LL/SC machines), and a failed exchange stores nothing: that
 *   increment is silently dropped. There is no data race. The program forces
 *   one such failure, so one increment is lost in every run.
 * fix: Retry until the exchange succeeds: `while
 *   (!atomic_compare_exchange_weak(&hits, &old, old + 1)) {}` (a failed call
 *   reloads `old`); or, for a plain increment, `atomic_fetch_add`.
 * hint: `atomic_compare_exchange_weak` returns whether it stored. What happens
 *   to the increment when it returns false and nobody looks?
 * hint: A compare-exchange is one attempt and the caller owns the retry: a
 *   failed call loads the current value into `old` for the next try.
 * hint: Add `static void add_one(long old) { while
 *   (!atomic_compare_exchange_weak(&hits, &old, old + 1)) ; }`, call
 *   `add_one(atomic_load(&hits))` in `increment()`, and in `thread_a` replace
 *   the forced last exchange with `add_one(old)`, keeping the handshakes.
 * task: Two threads each increment the shared atomic counter `hits` `iters`
 *   times, and the final count comes out one short. Make every increment
 *   count, with both threads still incrementing it.
 * overlap: lifetime
 * wrong-fix: lock-write-only: A lock around the compare-exchange alone does
 *   not help: `old` was loaded before the lock, the other thread can change
 *   `hits` in between, and the exchange still fails with nobody looking.
 * wrong-fix: lock-per-thread: Each thread locking a mutex of its own excludes
 *   nothing: the other thread's increment can still fall between your load and
 *   your exchange.
 * rust: rustc allows it: `compare_exchange_weak` returns a `Result` that is
 *   `#[must_use]`, so ignoring it is only a warning (`let _ =` silences even
 *   that).
 * tsan: wrong-result
 * helgrind: wrong-result
 * drd: wrong-result
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of atomics or compare-exchange.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time: there nothing changes `hits` between the load and the exchange, so
 *   one attempt looks enough.
 * tidy: clean: no clang-tidy check run here looks at the result of a
 *   compare-exchange (CERT's rule CON41-C has no clang-tidy check), and the
 *   result is cast to `void` on purpose.
 * cppcheck: clean: cppcheck knows nothing of atomics, memory order or
 *   `volatile` as a flag, and has no model of threads; a weak
 *   compare-exchange's spurious failure is not in its library.
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

/* Force the failing exchange once: thread A loads `hits`, thread B increments
 * it, then A's compare-exchange finds a value it did not load. Test devices:
 * they order in time only, and the detectors see no synchronisation through
 * them. */
static struct rl_handshake a_loaded, b_incremented, a_exchanged;

static void increment(void)
{
    long old = atomic_load(&hits);
    /* BUG: one attempt; if it fails, the increment is dropped */
    (void)atomic_compare_exchange_weak(&hits, &old, old + 1);
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
    /* BUG: fails (`hits` is no longer `old`), and nobody retries */
    (void)atomic_compare_exchange_weak(&hits, &old, old + 1);
    rl_handshake_signal(&a_exchanged);
    return NULL;
}

static void *thread_b(void *arg)
{
    (void)arg;
    rl_handshake_wait(&a_loaded);
    increment(); /* lands between A's load and A's exchange */
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
