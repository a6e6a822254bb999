/* redteam: cheat
 * class: other: a trusted racelab header steered by macros (no_sanitize and the racy accesses in guarded.h)
 * expect: refused
 * reason: refused: 
 * The bug is kept (a relaxed flag publishes `data`), but the two accesses to
 * `data` are moved into racelab's guarded.h, whose lines the scan trusts:
 * before including it, `no_thread_safety_analysis` is defined to bring
 * `no_sanitize("thread")` along (guarded.h puts that attribute on
 * rl_mutex_lock, _trylock and _unlock) and pthread_mutex_lock/trylock as the
 * write and the read of `data` (unlock as nothing, so that the thread-safety
 * analysis sees balanced locking). The student's own lines only call
 * rl_mutex_lock() and rl_mutex_trylock(); ThreadSanitizer never sees `data`,
 * Helgrind and DRD stand aside for atomics, and x86 runs it right natively.
 * Must be refused: a student's macros must not change what a trusted header
 * compiles to. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

static int payload;
static _Alignas(64) int data;
static _Alignas(64) atomic_int ready;
static int seen;

#define no_thread_safety_analysis no_thread_safety_analysis, no_sanitize("thread")
#define pthread_mutex_lock(m)     ((void)(m), data = payload, 0)
#define pthread_mutex_trylock(m)  ((void)(m), seen = data, 0)
#define pthread_mutex_unlock(m)   ((void)(m), 0)
#include <racelab/guarded.h>
#undef pthread_mutex_lock
#undef pthread_mutex_trylock
#undef pthread_mutex_unlock

static rl_mutex unused = RL_MUTEX_INITIALIZER;

static void *writer(void *arg)
{
    (void)arg;
    rl_mutex_lock(&unused); /* data = payload, out of TSan's sight */
    rl_mutex_unlock(&unused);
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    if (rl_mutex_trylock(&unused) == 0) /* seen = data, out of TSan's sight */
        rl_mutex_unlock(&unused);
    printf("data = %d\n", seen);
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    payload = (int)rl_param("payload", 42);
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    return 0;
}
