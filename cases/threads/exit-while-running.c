/* racelab-case
 * title: main exits while a worker still runs (race during exit)
 * bug: A worker counts incoming events into a heap table `counts`, and an
 *   `atexit` handler prints the totals and frees the table. main returns
 *   without stopping or joining the worker, so the process exit runs the
 *   handler while the worker is still alive: the handler reads the table
 *   while the worker may be writing it, and frees it while the worker still
 *   uses it: every event the worker counts after that is written into freed
 *   memory, until the process ends. Here one more event arrives after the
 *   free, every time.
 * fix: Stop the worker and join it before leaving main (a stop flag it checks,
 *   set under a lock, plus a wake-up), so that nothing runs any more when the
 *   exit handlers do.
 * hint: When main returns, `exit` runs `report_and_free`. What is the worker doing
 *   at that moment, and has anyone told it to stop?
 * hint: Shared state may be torn down only after every thread that uses it has been
 *   stopped and joined; returning from main is teardown, and it waits for no
 *   thread.
 * hint: Add a `bool stop` guarded by a mutex that the worker checks after each
 *   `rl_handshake_wait(&events)` (and breaks out when set); at the end of main set
 *   it under the lock, wake the worker with `rl_handshake_signal(&events)` and
 *   `pthread_join(t, NULL)` before returning. Drop `atexit(one_more_event)`: with
 *   the worker joined, it would wait for ever.
 * task: main sends `events` events to a worker that counts them into a table;
 *   when main returns, an exit handler prints the total and frees the table.
 *   The total looks right, but the tools report the table read and freed while
 *   the worker still uses it. Make the program end with nothing touching the
 *   table after it is freed, the worker still counting every event.
 * wrong-fix: sleep: Waiting before main returns only delays the exit: nothing
 *   ever tells the worker to stop, so it is still alive when the exit handlers
 *   read and free the table.
 * wrong-fix: lock-write-only: A lock around the worker's count does not keep it
 *   away from the table once the handler has freed it: the worker is still
 *   running, and its next event writes freed memory.
 * rust: Rust allows it: dropping a `JoinHandle` detaches the thread, and the
 *   process ends when main returns. But the closure given to `thread::spawn`
 *   must be `'static` and own what it uses (an `Arc` of the table), so nothing
 *   it uses is freed under it: only the unfinished work is lost.
 * tsan: data-race
 * toolchain: clang-19 tsan: data-race, use-after-free: clang 19's TSan also
 *   reports the worker's last write, into the table after the handler freed
 *   it, as a heap-use-after-free; clang 14's TSan reports a heap block once,
 *   and it already did for the race in report_and_free.
 * helgrind: data-race
 * drd: data-race
 * tsa: clean: no lock is involved: the bug is a worker that is never stopped nor
 *   joined, and the analysis knows nothing of threads or of when they end.
 * analyzer: clean: the analyzer does not model threads or exit handlers, so it
 *   cannot see that the worker still runs when report_and_free frees the table.
 * tidy: clean: no clang-tidy check looks at threads left running at exit or at what
 *   atexit handlers touch.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); a worker still running when main
 *   returns is neither.
 * param: events 100 50..150
 * oracle: stdout "events counted: {events}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define NBUCKETS 16

static long nevents; /* events main sends: the `events` parameter */
static long *counts; /* events per bucket, written by the worker */

/* The event source (think: a socket) and the worker's receipts. Test devices:
 * they order in time only, and the detectors see no synchronisation through
 * them, as between a network and a thread. */
static struct rl_handshake events, counted;

static void *worker(void *arg)
{
    (void)arg;
    for (unsigned long e = 0;; e++) { /* BUG: nothing ever tells it to stop */
        rl_handshake_wait(&events);
        counts[e % NBUCKETS]++; /* after main returned, this writes freed memory */
        rl_handshake_signal(&counted);
    }
    return NULL;
}

static void report_and_free(void)
{
    long total = 0;
    for (int b = 0; b < NBUCKETS; b++)
        total += counts[b]; /* BUG: the worker may be writing the table meanwhile */
    printf("events counted: %ld\n", total);
    free(counts); /* BUG: the worker still uses the table */
}

/* A test device, registered before report_and_free so that it runs after it:
 * one more event reaches the still running worker after the free, and the
 * exit waits until the worker has counted it. (DRD reports that write, and so
 * does clang 19's TSan, as a use after free; clang 14's TSan reports a heap
 * block's addresses once and already did for the race in report_and_free.) */
static void one_more_event(void)
{
    rl_handshake_signal(&events);
    rl_handshake_wait(&counted);
}

int main(void)
{
    nevents = rl_param("events", 100);
    counts = calloc(NBUCKETS, sizeof *counts);
    if (counts == NULL)
        return 1;
    rl_handshake_init(&events);
    rl_handshake_init(&counted);
    atexit(one_more_event);
    atexit(report_and_free);

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (long i = 0; i < nevents; i++) {
        rl_handshake_signal(&events);
        rl_handshake_wait(&counted);
    }
    return 0; /* BUG: the worker still runs; exit() now runs the handlers */
}
