/* racelab-case
 * title: `if` instead of `while` around a condition wait
 * bug: `queue_get()` waits for an item with `if (count == 0)
 *   pthread_cond_wait(...)` and, once woken, takes an item without looking
 *   again. A wake-up only says the queue changed at some point: by the time
 *   the waiter holds the mutex again, another consumer may have taken the
 *   item, and POSIX also allows spurious wake-ups. Here two consumers wait on
 *   an empty queue, the producer puts one item and broadcasts; both wake, the
 *   first takes the item and the second takes one from the empty queue: a
 *   slot that was never filled (0) and a count of -1. Everything is locked,
 *   so no detector reports anything: only the result shows the bug.
 * fix: Re-test the predicate after every wake-up: `while (count == 0)
 *   wait_for_item();`, where the wait is `rl_cond_wait(&nonempty,
 *   &queue_lock)`, a `pthread_cond_wait`.
 * hint: Two consumers wake from one broadcast for one item. When
 *   `wait_for_item()` returns, is there still an item in the queue?
 * hint: A wake-up is only a hint that the state changed: re-test the predicate
 *   under the mutex after every wait (another consumer may have been first, and
 *   wake-ups can be spurious).
 * hint: In `queue_get()`, change `if (count == 0)` to `while (count == 0)`
 *   around `wait_for_item()`.
 * task: Two consumer threads wait on an empty queue, and main puts the numbers
 *   `item` and `item + 1`, one for each. One consumer takes something never
 *   put, and the queue's count goes below 0. Make each consumer take a real
 *   item, with the two consumers still two threads.
 * rust: rustc allows it: `if q.count == 0 { q = cv.wait(q).unwrap(); }`
 *   type-checks; the idiom is a `while` loop or `Condvar::wait_while`.
 * tsan: wrong-result
 * helgrind: wrong-result
 * drd: wrong-result
 * tsa: clean: every access holds `queue_lock` and the wait holds it too, which
 *   is all the analysis checks; it does not know what the wait is waiting for.
 * analyzer: clean: the analyzer checks how locks are taken and released, not
 *   whether a condition is tested again after a wait.
 * tidy: clean: `bugprone-spuriously-wake-up-functions` (CERT CON36-C) flags
 *   only C11 `cnd_wait` (and C++ `wait`) written directly inside an `if`, never
 *   `pthread_cond_wait`; here the `if` even holds a call to a helper.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom; a
 *   spurious wake-up is not in its library.
 * param: item 1 1..1000000
 * oracle: stdout "consumed items: {item} {item + 1}"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

#define CAP 8

/* The queue. */
static rl_mutex queue_lock;
static pthread_cond_t nonempty;               /* signalled when an item is put */
static int slots[CAP] GUARDED_BY(queue_lock); /* a ring buffer; 0 is never an item */
static unsigned head GUARDED_BY(queue_lock);  /* next slot to take */
static unsigned tail GUARDED_BY(queue_lock);  /* next slot to fill */
static int count GUARDED_BY(queue_lock);      /* items in the queue */
/* Test staging, so that main can put items at the worst moment: */
static pthread_cond_t progress;            /* signalled whenever the two counters change */
static int asleep GUARDED_BY(queue_lock);  /* consumers inside rl_cond_wait */
static int wakeups GUARDED_BY(queue_lock); /* returns from rl_cond_wait */

static int got[2]; /* each consumer's item, read by main after join */

/* rl_cond_wait (pthread_cond_wait) plus bookkeeping for the staging. */
static void wait_for_item(void) REQUIRES(queue_lock)
{
    asleep++;
    pthread_cond_broadcast(&progress);
    rl_cond_wait(&nonempty, &queue_lock);
    asleep--;
    wakeups++;
    pthread_cond_broadcast(&progress);
}

static int queue_get(void) EXCLUDES(queue_lock)
{
    rl_mutex_lock(&queue_lock);
    if (count == 0) /* BUG: `if`: after the wake-up the queue may be empty again */
        wait_for_item();
    int item = slots[head % CAP];
    head++;
    count--;
    rl_mutex_unlock(&queue_lock);
    return item;
}

static void queue_put(int item) REQUIRES(queue_lock)
{
    slots[tail % CAP] = item;
    tail++;
    count++;
    pthread_cond_broadcast(&nonempty); /* wakes every waiting consumer */
}

static void *consumer(void *arg)
{
    int *mine = arg;
    *mine = queue_get();
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    const int item = (int)rl_param("item", 1); /* the first item; the second is item + 1 */
    rl_mutex_init(&queue_lock, NULL);
    pthread_cond_init(&nonempty, NULL);
    pthread_cond_init(&progress, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, consumer, &got[i]);

    rl_mutex_lock(&queue_lock);
    while (asleep < 2) /* both consumers wait on the empty queue */
        rl_cond_wait(&progress, &queue_lock);
    queue_put(item);    /* one item for two waiting consumers */
    while (wakeups < 2) /* both have woken and acted on it */
        rl_cond_wait(&progress, &queue_lock);
    queue_put(item + 1); /* the second consumer's item, if it is still waiting */
    rl_mutex_unlock(&queue_lock);

    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    int lo = got[0] < got[1] ? got[0] : got[1];
    int hi = got[0] < got[1] ? got[1] : got[0];
    printf("consumed items: %d %d\n", lo, hi);
    pthread_cond_destroy(&progress);
    pthread_cond_destroy(&nonempty);
    rl_mutex_destroy(&queue_lock);
    return 0;
}
