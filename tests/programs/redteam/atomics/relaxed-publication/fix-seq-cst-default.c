/* redteam: fix
 * class: correct-but-unusual: plain atomic_store / atomic_load (seq_cst) instead of release/acquire
 * expect: pass
 * reason: PASS
 * The memory orders dropped altogether: the default is seq_cst, stronger than
 * release/acquire. Must pass. */
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
    atomic_store(&ready, 1); /* seq_cst: publishes `data` */
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    while (!atomic_load(&ready))
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
