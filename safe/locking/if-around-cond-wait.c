/* racelab-case
 * title: `if` instead of `while` around a condition wait
 * discipline: A condition wait sits in a loop that re-tests the predicate
 *   under the mutex: `while (q->count == 0) pthread_cond_wait(...)`. A
 *   wake-up is only a hint that the state changed: another consumer may have
 *   taken the item first (a broadcast wakes all of them), or the wake-up may
 *   be spurious. The consumer that finds the queue empty again goes back to
 *   sleep and takes the next item.
 * rust: `while q.count == 0 { q = cv.wait(q).unwrap(); }`, or
 *   `cv.wait_while(q, |q| q.count == 0)`, which loops for you.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * oracle: stdout "consumed items: 1 2"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CAP 8

struct queue {
    pthread_mutex_t lock;     /* guards everything below */
    pthread_cond_t nonempty;  /* signalled when an item is put */
    int slots[CAP];           /* a ring buffer of items; 0 is never an item */
    unsigned head, tail;      /* next slot to take, next slot to fill */
    int count;                /* items in the queue */
    /* Test staging, so that main can put items at the worst moment: */
    pthread_cond_t progress;  /* signalled whenever the two counters change */
    int asleep;               /* consumers inside pthread_cond_wait */
    int wakeups;              /* returns from pthread_cond_wait */
};

static struct queue *q;
static int got[2]; /* each consumer's item, read by main after join */

/* Caller holds q->lock. pthread_cond_wait plus bookkeeping for the staging. */
static void wait_for_item(struct queue *q)
{
    q->asleep++;
    pthread_cond_broadcast(&q->progress);
    pthread_cond_wait(&q->nonempty, &q->lock);
    q->asleep--;
    q->wakeups++;
    pthread_cond_broadcast(&q->progress);
}

static int queue_get(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == 0) /* FIX: re-test after every wake-up */
        wait_for_item(q);
    int item = q->slots[q->head % CAP];
    q->head++;
    q->count--;
    pthread_mutex_unlock(&q->lock);
    return item;
}

static void queue_put(struct queue *q, int item) /* caller holds q->lock */
{
    q->slots[q->tail % CAP] = item;
    q->tail++;
    q->count++;
    pthread_cond_broadcast(&q->nonempty); /* wakes every waiting consumer */
}

static void *consumer(void *arg)
{
    int *mine = arg;
    *mine = queue_get(q);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    q = calloc(1, sizeof *q);
    if (q == NULL)
        return 1;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->nonempty, NULL);
    pthread_cond_init(&q->progress, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, consumer, &got[i]);

    pthread_mutex_lock(&q->lock);
    while (q->asleep < 2) /* both consumers wait on the empty queue */
        pthread_cond_wait(&q->progress, &q->lock);
    queue_put(q, 1); /* one item for two waiting consumers */
    while (q->wakeups < 2) /* both have woken and acted on it */
        pthread_cond_wait(&q->progress, &q->lock);
    queue_put(q, 2); /* the second consumer's item, if it is still waiting */
    pthread_mutex_unlock(&q->lock);

    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    int lo = got[0] < got[1] ? got[0] : got[1];
    int hi = got[0] < got[1] ? got[1] : got[0];
    printf("consumed items: %d %d\n", lo, hi);
    pthread_cond_destroy(&q->progress);
    pthread_cond_destroy(&q->nonempty);
    pthread_mutex_destroy(&q->lock);
    free(q);
    return 0;
}
