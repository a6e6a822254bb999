/* redteam: fix
 * class: correct-but-unusual: relaxed flag with atomic_thread_fence(release) and fence(acquire)
 * expect: pass
 * reason: PASS
 * known: refused, not judged: no tool here models fences (docs/classroom.md, atomic_thread_fence)
 * The flag stays relaxed; a release fence before its store and an acquire
 * fence after its load make the same happens-before edge (C11 7.17.4). Correct
 * C11; whether ThreadSanitizer models standalone fences is its business. Must
 * pass. (clang 14's TSan does not: it reported a race here, and Helgrind and DRD
 * model no C11 atomics. racelab refuses the fences instead, saying so; still a
 * correct fix not accepted.) */
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
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    atomic_thread_fence(memory_order_acquire);
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
