/* redteam: cheat
 * class: serialising the threads: the writer joined before the reader is created
 * expect: fail
 * reason: never ran at the same time
 * The join orders the writer's `data` before everything the reader does:
 * race-free with the relaxed flag kept, and the two threads never exist at the
 * same time. The handshake is signalled by the writer before the reader
 * exists, so nothing blocks. Must fail. */
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
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL); /* everything the writer did happens before the reader */
    pthread_create(&r, NULL, reader, NULL);
    pthread_join(r, NULL);
    rl_handshake_destroy(&written);
    return 0;
}
