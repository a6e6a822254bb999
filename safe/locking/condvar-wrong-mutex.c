/* racelab-case
 * title: Condition variable waited on with the wrong mutex
 * discipline: Each condition variable goes with exactly one mutex, the one
 *   that guards its predicate: the reader locks `mailbox_lock`, tests `full`
 *   and sleeps in `rl_cond_wait(&arrived, &mailbox_lock)` (a
 *   `pthread_cond_wait`); the writer sets `full` and signals while holding that
 *   same mutex. Then the test and the sleep are atomic with respect to the
 *   writer, so no signal can be lost. `stats_lock` guards only the counter it
 *   was made for. The predicate is declared `GUARDED_BY(mailbox_lock)`, so
 *   clang's `-Wthread-safety` checks that it is only read under that mutex.
 * rust: the predicate lives inside the `Mutex` the `Condvar` waits with
 *   (`Mutex<Mailbox>` and `cv.wait_while(guard, |m| !m.full)`), so the
 *   guard passed to `wait` is the right one by construction.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: letter 42 1..1000000
 * oracle: stdout "letter = {letter}, deliveries = 1"
 * threads: 1
 * timeout: 30
 */

#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <racelab/param.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>

#include "racelab/guarded.h"

/* The mailbox. */
static rl_mutex mailbox_lock;
static pthread_cond_t arrived;             /* "full became true": goes with mailbox_lock */
static bool full GUARDED_BY(mailbox_lock); /* a letter is waiting */
static int letter GUARDED_BY(mailbox_lock);
static rl_mutex stats_lock ACQUIRED_AFTER(mailbox_lock);
static long deliveries GUARDED_BY(stats_lock);
/* Test staging, see wait_until_reader_asleep(). Not GUARDED_BY one lock: the
 * reader sets it under the mutex it waits with, whichever that is. */
static bool reader_asleep;

static int received; /* the reader's letter, read by main after join */

static void *reader(void *arg)
{
    (void)arg;
    /* FIX: the mutex that goes with `arrived` and guards `full`. */
    rl_mutex_lock(&mailbox_lock);
    while (!full) {
        reader_asleep = true;
        rl_cond_wait(&arrived, &mailbox_lock);
    }
    received = letter;
    rl_mutex_unlock(&mailbox_lock);
    return NULL;
}

/* Test staging: return once the reader sleeps in pthread_cond_wait, so that
 * the signal below cannot be lost (a lost signal would hang the program). The
 * reader sets `reader_asleep` under the mutex it waits with, and
 * pthread_cond_wait releases that mutex only once the reader is queued; this
 * polls under both mutexes, so it works whichever one the reader uses. */
static void wait_until_reader_asleep(void)
{
    for (;;) {
        rl_mutex_lock(&mailbox_lock);
        rl_mutex_lock(&stats_lock);
        bool asleep = reader_asleep;
        rl_mutex_unlock(&stats_lock);
        rl_mutex_unlock(&mailbox_lock);
        if (asleep)
            return;
        sched_yield();
    }
}

int main(void)
{
    pthread_t t;
    const int sent = (int)rl_param("letter", 42); /* what the writer delivers */
    rl_mutex_init(&mailbox_lock, NULL);
    pthread_cond_init(&arrived, NULL);
    rl_mutex_init(&stats_lock, NULL);
    pthread_create(&t, NULL, reader, NULL);

    wait_until_reader_asleep();
    rl_mutex_lock(&stats_lock); /* the writer: count the delivery... */
    deliveries++;
    rl_mutex_unlock(&stats_lock);
    rl_mutex_lock(&mailbox_lock); /* ...and deliver under mailbox_lock */
    letter = sent;
    full = true;
    pthread_cond_signal(&arrived);
    rl_mutex_unlock(&mailbox_lock);

    pthread_join(t, NULL);
    rl_mutex_lock(&stats_lock);
    printf("letter = %d, deliveries = %ld\n", received, deliveries);
    rl_mutex_unlock(&stats_lock);
    rl_mutex_destroy(&stats_lock);
    pthread_cond_destroy(&arrived);
    rl_mutex_destroy(&mailbox_lock);
    return 0;
}
