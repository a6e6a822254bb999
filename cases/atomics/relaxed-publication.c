/* racelab-case
 * title: Publication through a `relaxed` atomic flag
 * bug: The writer fills the plain `data` and then sets the `_Atomic` flag
 *   `ready` with `memory_order_relaxed`; the reader spins on a relaxed load of
 *   `ready` and then reads `data`. The flag itself is race-free, but a relaxed
 *   store and load create no happens-before edge: nothing orders `data =
 *   payload` before the reader's read of `data`, so the two accesses to `data`
 *   are a data race (undefined behaviour), and a weakly ordered CPU (or the
 *   compiler) may show the reader `ready == 1` with a stale `data`.
 * fix: Store the flag with `memory_order_release` and load it with
 *   `memory_order_acquire`: once the reader sees 1, everything the writer did
 *   before its store is visible (or use the default `seq_cst` operations).
 * hint: `ready` is atomic, so the flag itself does not race. But what does a
 *   `memory_order_relaxed` store and load promise about `data`?
 * hint: Publishing data through a flag needs a release store and an acquire
 *   load: once the acquire reads the value the release wrote, everything before
 *   the store happens before everything after the load.
 * hint: In `writer` store `ready` with `memory_order_release`, and in `reader`
 *   spin on `atomic_load_explicit(&ready, memory_order_acquire)`; `data` stays
 *   a plain int.
 * task: A writer thread stores `payload` in `data` and raises the atomic flag
 *   `ready`; a reader thread waits for the flag and prints `data`.
 *   ThreadSanitizer reports a race on `data`. Make the reader reliably print
 *   the `payload`, with the writer and the reader still two threads.
 * wrong-fix: relaxed: Both sides count: as long as the flag's store or its
 *   load is `memory_order_relaxed`, seeing the flag set orders nothing before
 *   the read of `data`.
 * wrong-fix: volatile: Making `data` volatile only stops the compiler from
 *   caching it; it orders nothing between the threads, so `data` is still a
 *   data race.
 * rust: a plain `static mut DATA` written by one thread and read by another is
 *   rejected outside `unsafe` (E0133). An all-atomic version with `Relaxed`
 *   everywhere compiles and is free of undefined behaviour, but still gives no
 *   guarantee that the reader sees the payload.
 * tsan: data-race
 * helgrind: n/a: Helgrind does not model C11 atomics, so it cannot tell a
 *   relaxed flag from a release/acquire one: it reports the same races (on
 *   `data` and on the flag) in the correct twin.
 * drd: n/a: DRD does not model C11 atomics, so it cannot tell a relaxed flag
 *   from a release/acquire one: it reports the same races (on `data` and on
 *   the flag) in the correct twin.
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of atomics or their memory orders.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time and does not model memory orders: to it `memory_order_relaxed` is
 *   as good as `release`.
 * tidy: clean: no clang-tidy check run here judges the memory order of an
 *   atomic operation.
 * cppcheck: clean: cppcheck knows nothing of atomics, memory order or
 *   `volatile` as a flag, and has no model of threads.
 * param: payload 42 1..1000000
 * oracle: stdout "data = {payload}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#include "racelab/handshake.h"

static int payload; /* what the writer publishes: the `payload` parameter */

/* 64 bytes apart, as a flag often sits on a cache line of its own. */
static _Alignas(64) int data;
static _Alignas(64) atomic_int ready;

/* Lets the reader start spinning only once the writer is done, so that the spin
 * loop stays short. A test device: it orders in time only, and the detectors
 * see no synchronisation through it. */
static struct rl_handshake written;

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    /* BUG: relaxed: the flag is atomic, but it publishes nothing */
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    /* BUG: relaxed: seeing 1 orders nothing before the read of `data` */
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    printf("data = %d\n", data); /* races with the writer's `data = payload` */
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    payload = (int)rl_param("payload", 42);
    rl_handshake_init(&written);
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    rl_handshake_destroy(&written);
    return 0;
}
