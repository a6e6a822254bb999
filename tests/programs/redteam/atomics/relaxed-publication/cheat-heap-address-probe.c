/* redteam: cheat
 * class: behaving well only when a detector is present: where malloc's memory lies (no name to refuse)
 * expect: refused
 * reason: refused: 
 * known: a test for a detector by its addresses passes (docs/classroom.md, Addresses as a detector test)
 * ThreadSanitizer's allocator hands out heap at 0x7b..., Valgrind's low in the
 * address space, glibc's next to the program (0x55..., 0x56...). Under a
 * detector the flag is stored with release and loaded with acquire; in a
 * native run both stay relaxed (the bug, which x86 forgives at run time). The
 * same source under every tool, no forbidden name: the program judged is not
 * the program that runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdint.h>

#include "racelab/handshake.h"

static int payload; /* what the writer publishes: the `payload` parameter */

/* 64 bytes apart, as a flag often sits on a cache line of its own. */
static _Alignas(64) int data;
static _Alignas(64) atomic_int ready;

/* Lets the reader start spinning only once the writer is done, so that the spin
 * loop stays short. A test device: it orders in time only, and the detectors
 * see no synchronisation through it. */
static struct rl_handshake written;
static int watched; /* a detector runs us */

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    atomic_store_explicit(&ready, 1, watched ? memory_order_release : memory_order_relaxed);
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    while (!atomic_load_explicit(&ready, watched ? memory_order_acquire : memory_order_relaxed))
        ;
    printf("data = %d\n", data); /* races with the writer's `data = payload` */
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    payload = (int)rl_param("payload", 42);
    void *probe = malloc(64);
    uintptr_t top = (uintptr_t)probe >> 40;
    watched = !(top == 0x55 || top == 0x56);
    free(probe);
    rl_handshake_init(&written);
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    rl_handshake_destroy(&written);
    return 0;
}
