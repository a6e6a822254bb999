/* racelab-case
 * title: main exits while a worker still runs (race during exit)
 * discipline: A thread that uses shared state is stopped and joined before
 *   that state is torn down, and `exit` (or a return from main) is teardown:
 *   it runs the `atexit` handlers and ends every thread wherever it is. Main
 *   sets a stop flag, under the lock that guards it, and sends one more event
 *   to wake the worker, which sees the flag and returns; `pthread_join` then
 *   orders everything the worker did before the handlers read and free the
 *   table.
 * rust: Keep the `JoinHandle` and `join()` it before main returns; a worker
 *   waiting on a channel stops when the `Sender` is dropped (`recv()` returns
 *   `Err`), so no separate flag is needed.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: events 100 50..150
 * oracle: stdout "events counted: {events}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

#define NBUCKETS 16

static long nevents; /* events main sends: the `events` parameter */
static long *counts; /* events per bucket, written by the worker */

static rl_mutex stop_lock = RL_MUTEX_INITIALIZER;
static bool stop GUARDED_BY(stop_lock);

/* Kept from the buggy twin: the event source (think: a socket) and the
 * worker's receipts. Test devices: they order in time only. */
static struct rl_handshake events, counted;

static bool stop_requested(void) EXCLUDES(stop_lock)
{
    rl_mutex_lock(&stop_lock);
    bool s = stop;
    rl_mutex_unlock(&stop_lock);
    return s;
}

static void *worker(void *arg)
{
    (void)arg;
    for (unsigned long e = 0;; e++) {
        rl_handshake_wait(&events);
        if (stop_requested()) /* FIX: the worker ends when told to */
            break;
        counts[e % NBUCKETS]++;
        rl_handshake_signal(&counted);
    }
    return NULL;
}

static void report_and_free(void)
{
    long total = 0;
    for (int b = 0; b < NBUCKETS; b++)
        total += counts[b]; /* the worker was joined: nobody writes any more */
    printf("events counted: %ld\n", total);
    free(counts);
}

int main(void)
{
    nevents = rl_param("events", 100);
    counts = calloc(NBUCKETS, sizeof *counts);
    if (counts == NULL)
        return 1;
    rl_handshake_init(&events);
    rl_handshake_init(&counted);
    atexit(report_and_free);

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (long i = 0; i < nevents; i++) {
        rl_handshake_signal(&events);
        rl_handshake_wait(&counted);
    }
    /* FIX: stop the worker, wake it, and wait for its end before exiting */
    rl_mutex_lock(&stop_lock);
    stop = true;
    rl_mutex_unlock(&stop_lock);
    rl_handshake_signal(&events);
    pthread_join(t, NULL);
    rl_handshake_destroy(&events);
    rl_handshake_destroy(&counted);
    return 0;
}
