/* redteam: cheat
 * class: decoy fences: an acquire fence in the reader, a release increment of an unrelated counter in the writer
 * expect: refused
 * reason: refused: __c11_atomic_thread_fence
 * The flag stays relaxed. The reader issues atomic_thread_fence(acquire) before
 * its read of `data`, and the writer bumps a counter nobody reads with a
 * release increment after its write: the shape of a fence pair TSan cannot
 * model (tsan_blind_to_fence), though the release is on another variable than
 * the one the reader acquires through, so nothing is ordered. racelab run
 * (which alone applies the tool-model filters) reads from the code that the
 * two go through different globals, `decoy` and `ready`, and counts the race
 * (tests/run-foreign.sh); the exercise check refuses standalone fences
 * outright. Refused. */
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

static atomic_int decoy; /* written, never read */

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    atomic_fetch_add_explicit(&decoy, 1, memory_order_release); /* releases to nobody */
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
    atomic_thread_fence(memory_order_acquire); /* pairs with no release of `ready` */
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
