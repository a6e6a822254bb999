/* racelab-case
 * title: Double-checked locking (unsynchronised lazy initialisation)
 * discipline: The configuration is created by `pthread_once()`: exactly one
 *   caller runs `create_config()`, every other caller waits until it has
 *   returned, and its writes (`config` and the fields behind it) happen before
 *   `pthread_once()` returns in any thread. The fast path stays cheap (glibc
 *   tests the once-control with an acquire load) and is correct, because the
 *   library, not the caller, provides the ordering.
 * rust: `static CONFIG_ONCE: Once`, whose `call_once` stores the new
 *   configuration in a `static AtomicPtr` that is read only after `call_once`
 *   returns (`OnceLock::get_or_init` does this since Rust 1.70).
 * tsan: clean
 * helgrind: n/a: Helgrind does not see the ordering inside glibc's
 *   `pthread_once()` (its fast path is an atomic load that Helgrind does not
 *   model), so it reports races on `config` and `config->port` in this correct
 *   code.
 * drd: clean
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

#include "racelab/handshake.h"

struct config {
    int port;
};

static int config_port; /* the port a new configuration gets: the `port` parameter */

static struct config *config; /* written once, by create_config() */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

/* Kept from the buggy twin: the second thread calls get_config() only once the
 * first has created the configuration, so that it takes the fast path. A test
 * device: it orders in time only; the detectors ignore it. */
static struct rl_handshake created;

/* What each thread got, and the port the second one read; main prints them
 * after the joins. */
static struct config *got[2];
static int port_seen;

static void create_config(void)
{
    struct config *c = malloc(sizeof *c);
    if (!c)
        abort();
    c->port = config_port;
    config = c;
}

static struct config *get_config(void)
{
    /* FIX: pthread_once orders create_config() before every return from it. */
    pthread_once(&config_once, create_config);
    return config;
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
    got[1] = get_config(); /* the fast path: pthread_once returns at once */
    port_seen = got[1]->port;
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
