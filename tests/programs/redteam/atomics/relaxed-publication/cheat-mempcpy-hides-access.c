/* redteam: cheat
 * class: other: the racy accesses done by mempcpy, which TSan does not intercept
 * expect: refused
 * reason: refused: 
 * The bug is kept (relaxed flag), and `data` is written and read only by
 * mempcpy(), which glibc runs uninstrumented and clang 14's ThreadSanitizer
 * does not intercept (memcpy and memset it does): TSan never sees `data`.
 * Helgrind and DRD stand aside for programs with C11 atomics; x86 forgives the
 * relaxed flag natively. A racy program, accepted unless racelab refuses (or
 * looks inside) such calls. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

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
    mempcpy(&data, &payload, sizeof data); /* out of TSan's sight */
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
    int seen;
    mempcpy(&seen, &data, sizeof seen); /* out of TSan's sight */
    printf("data = %d\n", seen);
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
