/* racelab-case
 * title: `volatile` used as synchronisation
 * bug: The writer sets `data = payload` and then `ready = 1`; the reader spins
 *   until it sees `ready` and then reads `data`. `volatile` only keeps the
 *   compiler from caching or removing the accesses: it makes them neither atomic
 *   nor ordered, so the compiler (or a weakly ordered CPU) may make `ready = 1`
 *   visible before `data = payload`, and both variables are data races
 *   (undefined behaviour in C11).
 * fix: Make `ready` an `_Atomic` flag: store it with `memory_order_release` after
 *   writing `data`, and load it with `memory_order_acquire` before reading `data`
 *   (or protect both with a mutex).
 * hint: `volatile` keeps the compiler from caching `ready`. Does it also make the
 *   accesses atomic, or order `data = payload` before `ready = 1`?
 * hint: `volatile` is not synchronisation: a flag that publishes data must be an
 *   `_Atomic`, stored with release and loaded with acquire (or both sides must use
 *   one mutex).
 * hint: Declare `ready` as `atomic_int` (<stdatomic.h>), set it with
 *   `atomic_store_explicit(&ready, 1, memory_order_release)` in `writer`, and spin
 *   on `atomic_load_explicit(&ready, memory_order_acquire)` in `reader`.
 * task: A writer thread stores `payload` in `data` and raises the flag `ready`;
 *   a reader thread waits for the flag and prints `data`. The race detectors
 *   report both variables. Make the reader reliably print the `payload`, with
 *   the writer and the reader still two threads.
 * wrong-fix: volatile: Making `data` volatile as well only stops the compiler
 *   from caching it; it still orders nothing between the two threads, so both
 *   variables remain data races.
 * wrong-fix: relaxed: An atomic flag accessed with `memory_order_relaxed` no
 *   longer races itself, but it publishes nothing: seeing the flag set does
 *   not make the writer's `data` visible, and `data` is still a data race.
 * wrong-fix: sleep: A pause only makes it likely that the writer is done
 *   first; it creates no ordering between the threads, and the detectors still
 *   see two unordered accesses to `data`.
 * wrong-fix: lock-write-only: A lock around the writer's stores alone orders
 *   nothing for the reader: the reader must synchronise with the writer too.
 * rust: touching a `static mut` flag outside `unsafe` is rejected (E0133), as is
 *   `ptr::write_volatile` (an `unsafe fn`, E0133). The idiom is an `AtomicBool`
 *   stored with `Release` and loaded with `Acquire`.
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: clean: no lock is involved: the flag itself is meant to order the
 *   threads, and the thread-safety analysis knows only annotated locks, not
 *   `volatile` or atomics.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time and does not model memory ordering: each function alone is correct.
 * tidy: clean: no clang-tidy check run here flags `volatile` used as a
 *   synchronisation flag.
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
#include <stdio.h>

#include "racelab/handshake.h"

static int payload; /* what the writer publishes: the `payload` parameter */

/* 64 bytes apart, as a flag often sits on a cache line of its own. It matters to
 * TSan: with both in one 8-byte word, it showed only the race on `ready`. */
static _Alignas(64) int data;
static _Alignas(64) volatile int ready; /* BUG: volatile is not a synchronisation primitive */

/* Lets the reader start spinning only once the writer is done, so that the spin
 * loop stays short (under Valgrind a spinning thread is slow). A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake written;

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    ready = 1; /* BUG: a plain store; nothing orders `data = payload` before it */
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    while (!ready) /* BUG: a plain load; it synchronises with nothing */
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
