/* redteam: fix
 * class: correct-but-unusual: no atomics: the flag under a mutex, a condition variable to wait on
 * expect: pass
 * reason: PASS
 * The atomic flag replaced by a plain `int ready` under a mutex, with a
 * condition variable to wait on: the classic publication, judged by all three
 * detectors (no C11 atomic left for Helgrind and DRD to stand aside for). Must
 * pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/handshake.h"

static int payload; /* what the writer publishes: the `payload` parameter */

/* 64 bytes apart, as a flag often sits on a cache line of its own. */
static _Alignas(64) int data;
static int ready; /* under `lock` */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t raised = PTHREAD_COND_INITIALIZER;

/* Lets the reader start spinning only once the writer is done, so that the spin
 * loop stays short. A test device: it orders in time only, and the detectors
 * see no synchronisation through it. */
static struct rl_handshake written;

static void *writer(void *arg)
{
    (void)arg;
    data = payload;
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&raised);
    pthread_mutex_unlock(&lock);
    rl_handshake_signal(&written);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    rl_handshake_wait(&written);
    pthread_mutex_lock(&lock);
    while (!ready)
        pthread_cond_wait(&raised, &lock);
    pthread_mutex_unlock(&lock);
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
