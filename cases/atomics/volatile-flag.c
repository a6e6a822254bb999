/* racelab-case
 * title: `volatile` used as synchronisation
 * bug: The writer sets `data = 42` and then `ready = 1`; the reader spins until
 *   it sees `ready` and then reads `data`. `volatile` only keeps the compiler from
 *   caching or removing the accesses: it makes them neither atomic nor ordered,
 *   so the compiler (or a weakly ordered CPU) may make `ready = 1` visible before
 *   `data = 42`, and both variables are data races (undefined behaviour in C11).
 * fix: Make `ready` an `_Atomic` flag: store it with `memory_order_release` after
 *   writing `data`, and load it with `memory_order_acquire` before reading `data`
 *   (or protect both with a mutex).
 * hint: `volatile` keeps the compiler from caching `ready`. Does it also make the
 *   accesses atomic, or order `data = 42` before `ready = 1`?
 * hint: `volatile` is not synchronisation: a flag that publishes data must be an
 *   `_Atomic`, stored with release and loaded with acquire (or both sides must use
 *   one mutex).
 * hint: Declare `ready` as `atomic_int` (<stdatomic.h>), set it with
 *   `atomic_store_explicit(&ready, 1, memory_order_release)` in `writer`, and spin
 *   on `atomic_load_explicit(&ready, memory_order_acquire)` in `reader`.
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
 * oracle: stdout "data = 42"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#include "racelab/handshake.h"

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
    data = 42;
    ready = 1; /* BUG: a plain store; nothing orders `data = 42` before it */
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    while (!ready) /* BUG: a plain load; it synchronises with nothing */
        ;
    printf("data = %d\n", data); /* races with the writer's `data = 42` */
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    rl_handshake_init(&written);
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    rl_handshake_destroy(&written);
    return 0;
}
