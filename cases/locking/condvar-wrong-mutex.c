/* racelab-case
 * title: Condition variable waited on with the wrong mutex
 * bug: A mailbox has two mutexes: `lock` guards the letter and its `full`
 *   flag and goes with the condition variable `arrived`; `stats_lock` guards
 *   a delivery counter. The reader locks `stats_lock` by mistake and waits
 *   with `pthread_cond_wait(&mb->arrived, &mb->stats_lock)`, while the writer
 *   sets `full` and signals under `lock`. The reader's test of `full` and its
 *   sleep are then not atomic with respect to the writer: a signal sent in
 *   between is lost and the reader sleeps forever; and `full` and the letter
 *   are read under a lock the writer never takes (POSIX calls two mutexes on
 *   one condition variable undefined). This program signals only once the
 *   reader is asleep, so it never hangs. TSan has no condition-variable checks
 *   and reports the data race on the mailbox; Helgrind reports the signal
 *   sent without the waiter's mutex (its signal-to-wait edge hides the race);
 *   DRD reports both.
 * fix: One mutex per condition variable, always the one that guards the
 *   predicate: lock `mb->lock`, `while (!mb->full) pthread_cond_wait(
 *   &mb->arrived, &mb->lock)`; the writer changes `full` and signals under
 *   that same mutex.
 * rust: rustc allows the two mutexes: `Condvar::wait` takes any `MutexGuard`
 *   (std's "may panic with more than one mutex" never happens on Linux). The
 *   predicate can only be read under its own mutex, so there is no data race,
 *   but the test and the wait use different locks and a notification can be
 *   lost (the Rust twin forces it and hangs). Waiting with no lock at all is
 *   rejected (E0308: `wait` needs a `MutexGuard`, not a `&Mutex`).
 * tsan: data-race
 * helgrind: condvar-misuse
 * drd: condvar-misuse, data-race
 * oracle: stdout "letter = 42, deliveries = 1"
 * threads: 1
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct mailbox {
    pthread_mutex_t lock;       /* guards `full` and `letter` */
    pthread_cond_t arrived;     /* "full became true": goes with `lock` */
    bool full;
    int letter;
    pthread_mutex_t stats_lock; /* guards `deliveries` */
    long deliveries;
    bool reader_asleep;         /* test staging, see wait_until_reader_asleep() */
};

static struct mailbox *mb;
static int received; /* the reader's letter, read by main after join */

static void *reader(void *arg)
{
    (void)arg;
    /* BUG: the wrong mutex: `arrived` and `full` belong to mb->lock. */
    pthread_mutex_lock(&mb->stats_lock);
    while (!mb->full) {
        mb->reader_asleep = true;
        pthread_cond_wait(&mb->arrived, &mb->stats_lock);
    }
    received = mb->letter;
    pthread_mutex_unlock(&mb->stats_lock);
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
        pthread_mutex_lock(&mb->lock);
        pthread_mutex_lock(&mb->stats_lock);
        bool asleep = mb->reader_asleep;
        pthread_mutex_unlock(&mb->stats_lock);
        pthread_mutex_unlock(&mb->lock);
        if (asleep)
            return;
        sched_yield();
    }
}

int main(void)
{
    pthread_t t;
    mb = calloc(1, sizeof *mb);
    if (mb == NULL)
        return 1;
    pthread_mutex_init(&mb->lock, NULL);
    pthread_cond_init(&mb->arrived, NULL);
    pthread_mutex_init(&mb->stats_lock, NULL);
    pthread_create(&t, NULL, reader, NULL);

    wait_until_reader_asleep();
    pthread_mutex_lock(&mb->stats_lock); /* the writer: count the delivery... */
    mb->deliveries++;
    pthread_mutex_unlock(&mb->stats_lock);
    pthread_mutex_lock(&mb->lock); /* ...and deliver under mb->lock */
    mb->letter = 42;
    mb->full = true;
    pthread_cond_signal(&mb->arrived);
    pthread_mutex_unlock(&mb->lock);

    pthread_join(t, NULL);
    printf("letter = %d, deliveries = %ld\n", received, mb->deliveries);
    pthread_mutex_destroy(&mb->stats_lock);
    pthread_cond_destroy(&mb->arrived);
    pthread_mutex_destroy(&mb->lock);
    free(mb);
    return 0;
}
