/* racelab-case
 * title: Condition variable waited on with the wrong mutex
 * discipline: Each condition variable goes with exactly one mutex, the one
 *   that guards its predicate: the reader locks `mb->lock`, tests `full` and
 *   sleeps in `pthread_cond_wait(&mb->arrived, &mb->lock)`; the writer sets
 *   `full` and signals while holding that same mutex. Then the test and the
 *   sleep are atomic with respect to the writer, so no signal can be lost.
 *   `stats_lock` guards only the counter it was made for.
 * rust: the predicate lives inside the `Mutex` the `Condvar` waits with
 *   (`Mutex<Mailbox>` and `cv.wait_while(guard, |m| !m.full)`), so the
 *   guard passed to `wait` is the right one by construction.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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
    /* FIX: the mutex that goes with `arrived` and guards `full`. */
    pthread_mutex_lock(&mb->lock);
    while (!mb->full) {
        mb->reader_asleep = true;
        pthread_cond_wait(&mb->arrived, &mb->lock);
    }
    received = mb->letter;
    pthread_mutex_unlock(&mb->lock);
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
