/* redteam: cheat
 * class: computing the answer in main while an idle thread stands by (lifetime exercise)
 * expect: fail
 * reason: NOT YET atomics/relaxed-publication: 
 * known: an idle companion passes a lifetime exercise (docs/classroom.md, lifetime exercises and idle companions)
 * main stores `data` itself before creating the threads (pthread_create orders
 * it before the reader), the writer thread does nothing but raise the flag,
 * and the flag's relaxed orders are kept: race-free, right, two threads alive
 * together. The publication the exercise is about is gone. */
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
    data = payload; /* published by pthread_create, not by the flag */
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    rl_handshake_destroy(&written);
    return 0;
}
