/* racelab-case
 * title: `volatile` used as synchronisation
 * discipline: `ready` is an `_Atomic` flag. The writer stores it with
 *   `memory_order_release` after writing `data`; the reader loads it with
 *   `memory_order_acquire`. Once the reader's acquire load sees the value the
 *   release store wrote, everything the writer did before that store (`data =
 *   payload`) happens before everything the reader does after the load. `data`
 *   itself stays a plain int: the flag is what publishes it.
 * rust: `DATA.store(42, Relaxed); READY.store(true, Release);` and
 *   `while !READY.load(Acquire) {} DATA.load(Relaxed)` with `static READY:
 *   AtomicBool`; safe Rust makes the payload an atomic too (or sends it on a
 *   channel), since a plain `static mut` needs `unsafe`.
 * tsan: clean
 * helgrind: n/a: Helgrind does not model C11 atomics (on x86 they are plain
 *   loads and stores), so it reports races on this correct code.
 * drd: n/a: DRD does not model C11 atomics (on x86 they are plain loads and
 *   stores), so it reports races on this correct code.
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

/* 64 bytes apart, as in the buggy twin (where it lets TSan show both races). */
static _Alignas(64) int data;
static _Alignas(64) atomic_int ready; /* FIX: an atomic flag, not a volatile one */

/* Kept from the buggy twin: the reader starts spinning only once the writer is
 * done, so that the spin loop stays short (under Valgrind a spinning thread is
 * slow). A test device: it orders in time only; the detectors ignore it. */
static struct rl_handshake written;

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    /* FIX: release: `data = payload` becomes visible no later than `ready == 1`. */
    atomic_store_explicit(&ready, 1, memory_order_release);
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    /* FIX: acquire: once it reads 1, the writer's `data = payload` happened before. */
    while (!atomic_load_explicit(&ready, memory_order_acquire))
        ;
    printf("data = %d\n", data);
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
