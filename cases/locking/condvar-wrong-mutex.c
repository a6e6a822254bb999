/* racelab-case
 * title: Condition variable waited on with the wrong mutex
 * bug: A mailbox has two mutexes: `mailbox_lock` guards the letter and its
 *   `full` flag and goes with the condition variable `arrived`; `stats_lock`
 *   guards a delivery counter. The reader locks `stats_lock` by mistake and
 *   waits with `rl_cond_wait(&arrived, &stats_lock)` (a `pthread_cond_wait`),
 *   while the writer sets `full` and signals under `mailbox_lock`. The
 *   reader's test of `full` and its sleep are then not atomic with respect to
 *   the writer: a signal sent in between is lost and the reader sleeps
 *   forever; and `full` and the letter are read under a lock the writer never
 *   takes (POSIX calls two mutexes on one condition variable undefined). This
 *   program signals only once the reader is asleep, so it never hangs. TSan
 *   has no condition-variable checks and reports the data race on the
 *   mailbox; Helgrind reports the signal sent without the waiter's mutex (its
 *   signal-to-wait edge hides the race); DRD reports both. clang's
 *   `-Wthread-safety` cannot tie a condition variable to its mutex (the wait
 *   only needs *a* mutex held), but `full` and `letter` are declared
 *   `GUARDED_BY(mailbox_lock)`, so it flags the reader's reads of them under
 *   the other lock.
 * fix: One mutex per condition variable, always the one that guards the
 *   predicate: lock `mailbox_lock`, `while (!full) rl_cond_wait(&arrived,
 *   &mailbox_lock)`; the writer changes `full` and signals under that same
 *   mutex.
 * hint: The writer sets `full` and signals `arrived` under `mailbox_lock`.
 *   Which mutex does the reader hold while it tests `full` and waits?
 * hint: A condition variable goes with exactly one mutex, the one that guards
 *   its predicate; the waiter and the signaller must both hold that one.
 * hint: In `reader()`, lock `mailbox_lock` instead of `stats_lock`, wait with
 *   `rl_cond_wait(&arrived, &mailbox_lock)` and unlock `mailbox_lock`; the
 *   writer in main is already right.
 * task: The main thread delivers the number `letter` to a mailbox and a
 *   reader thread waits for it and takes it. The race detectors report the
 *   reader's wait and the mailbox it reads. Make the reader wait for the
 *   letter correctly, with the reader still a thread of its own.
 * wrong-fix: volatile: A volatile `full` is still read and written under two
 *   different locks with nothing ordering them, and the reader's test and its
 *   sleep are still not atomic with the writer's signal.
 * wrong-fix: sleep: Polling `full` with pauses instead of waiting properly
 *   only makes the order likely: the reader's reads of the mailbox are still
 *   unordered with the writer's writes.
 * rust: rustc allows the two mutexes: `Condvar::wait` takes any `MutexGuard`
 *   (std's "may panic with more than one mutex" never happens on Linux). The
 *   predicate can only be read under its own mutex, so there is no data race,
 *   but the test and the wait use different locks and a notification can be
 *   lost (the Rust twin forces it and hangs). Waiting with no lock at all is
 *   rejected (E0308: `wait` needs a `MutexGuard`, not a `&Mutex`).
 * tsan: data-race
 * helgrind: condvar-misuse
 * drd: condvar-misuse, data-race
 * tsa: data-race
 * analyzer: clean: its lock checker sees a lock taken, waited on and released
 *   in one function; it does not know which mutex goes with which condition
 *   variable, nor which data a lock guards.
 * tidy: clean: no clang-tidy check pairs a condition variable with its mutex.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
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
    /* BUG: the wrong mutex: `arrived` and `full` belong to mailbox_lock. */
    rl_mutex_lock(&stats_lock);
    while (!full) {
        reader_asleep = true;
        rl_cond_wait(&arrived, &stats_lock);
    }
    received = letter;
    rl_mutex_unlock(&stats_lock);
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
