/* racelab-case
 * title: Double-checked locking (unsynchronised lazy initialisation)
 * bug: `get_config()` creates the shared configuration on first use. To skip
 *   the mutex on later calls it first tests `if (!config)` without the lock,
 *   and only locks to create it. The first thread writes `config` (and the
 *   fields it points to) under the mutex, but a later thread that finds
 *   `config` set never takes the mutex: its plain reads of `config` and of
 *   `config->port` are unordered with those writes. That is a data race, and
 *   the compiler or CPU may let it see the pointer before the fields are set.
 * fix: Initialise through `pthread_once()` (C11 `call_once()`), which orders
 *   the initialisation before every return; or make `config` an `_Atomic`
 *   pointer, loaded with `memory_order_acquire` on the fast path and stored
 *   with `memory_order_release` after the object is filled in.
 * hint: The second thread finds `config` set and returns it without taking
 *   `config_lock`. What orders its reads of `config` and `config->port` after
 *   the first thread's writes?
 * hint: Lazy initialisation must synchronise every caller, fast path included,
 *   with the one that initialised: `pthread_once()` does, and so does an
 *   acquire load of an atomic pointer stored with release.
 * hint: Move the allocation into `static void create_config(void)`, add `static
 *   pthread_once_t config_once = PTHREAD_ONCE_INIT;`, and make `get_config()`
 *   just `pthread_once(&config_once, create_config); return config;` (drop
 *   `config_lock` and the `GUARDED_BY`).
 * task: Two threads ask `get_config()` for the shared configuration, which is
 *   created on first use with the given `port`. The race detectors report the
 *   second thread's reads. Make every caller see the finished configuration
 *   with its `port`, with both threads still running.
 * wrong-fix: volatile: A volatile `config` pointer is still read and written
 *   by two threads with nothing ordering them: volatile neither makes the
 *   accesses atomic nor makes the fields behind the pointer visible first.
 * wrong-fix: relaxed: An atomic `config` pointer accessed with
 *   `memory_order_relaxed` no longer races itself, but it orders nothing: the
 *   caller can see the pointer before the fields it points to.
 * rust: a `static mut CONFIG: *mut Config` read and written outside `unsafe` is
 *   rejected (E0133). The idiom is `std::sync::Once` (or `OnceLock` since
 *   Rust 1.70) guarding the static.
 * tsan: data-race
 * helgrind: n/a: Helgrind does not see the ordering inside glibc's
 *   `pthread_once()` (its fast path is an atomic load that Helgrind does not
 *   model), so it reports races on `config` and `config->port` in the correct
 *   twin, just as it does here.
 * drd: data-race
 * tsa: data-race
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time, and does not know which variables a mutex protects: an unlocked
 *   read is an ordinary read to it.
 * tidy: clean: no clang-tidy check run here knows which variables a mutex
 *   protects.
 * cppcheck: clean: cppcheck knows nothing of atomics, memory order or
 *   `volatile` as a flag, and has no model of threads; the unlocked first check
 *   is an ordinary read to it.
 * param: port 8080 1..65535
 * oracle: stdout "one config, port {port}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"

struct config {
    int port;
};

static int config_port; /* the port a new configuration gets: the `port` parameter */

/* The discipline the slow path follows, written down: `config` is created,
 * and tested before creating it, only with `config_lock` held. */
static rl_mutex config_lock = RL_MUTEX_INITIALIZER;
static struct config *config GUARDED_BY(config_lock); /* created on first use */

/* The second thread calls get_config() only once the first has created the
 * configuration, so that it takes the unlocked fast path. A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake created;

/* What each thread got, and the port the second one read; main prints them
 * after the joins. */
static struct config *got[2];
static int port_seen;

static struct config *get_config(void)
{
    if (!config) { /* BUG: unlocked read of `config`, racing with the store below */
        rl_mutex_lock(&config_lock);
        if (!config) {
            struct config *c = malloc(sizeof *c);
            if (!c)
                abort();
            c->port = config_port;
            config = c; /* written under the lock, read above without it */
        }
        rl_mutex_unlock(&config_lock);
    }
    return config; /* BUG: also read without the lock */
}

static void *first(void *arg)
{
    (void)arg;
    got[0] = get_config(); /* creates it */
    rl_handshake_signal(&created);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    rl_handshake_wait(&created);
    got[1] = get_config();    /* the fast path: never locks */
    port_seen = got[1]->port; /* races with `c->port = config_port` */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    config_port = (int)rl_param("port", 8080);
    rl_handshake_init(&created);
    pthread_create(&b, NULL, second, NULL);
    pthread_create(&a, NULL, first, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    rl_handshake_destroy(&created);
    if (got[0] == got[1])
        printf("one config, port %d\n", port_seen);
    else
        printf("two configs\n");
    free(got[0]); /* the one configuration, made by the first thread */
    return 0;
}
