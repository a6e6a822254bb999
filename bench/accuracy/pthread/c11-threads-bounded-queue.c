/* c11-threads-bounded-queue.c: a bounded job queue written with C11 <threads.h> only.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 45-51 and 56-66: every queue field is read and written between mtx_lock() and
 *   mtx_unlock() of q->lock, with cnd_wait() in predicate loops; results are read after thrd_join
 * why: thrd_create/thrd_join, mtx_t and cnd_t give the same guarantees as their pthread
 *   counterparts, so the queue and the per-consumer totals are properly ordered.
 * tempts: tools that intercept pthread_* by name may not see mtx_lock/cnd_wait/thrd_create at
 *   all and then report every queue access as a race.
 */
#include <stdbool.h>
#include <stdio.h>
#include <threads.h>

#define NCONSUMERS 3
#define QCAP 8
#define NORDERS 600

struct order {
    int id;
    int qty;
    int price_cents;
};

struct queue {
    mtx_t lock;
    cnd_t not_empty, not_full;
    struct order ring[QCAP]; /* guarded by lock */
    int head, count;         /* guarded by lock */
    bool closed;             /* guarded by lock */
};

struct consumer {
    thrd_t tid;
    struct queue *q;
    long revenue;
    int orders;
};

static void queue_push(struct queue *q, struct order o)
{
    mtx_lock(&q->lock);
    while (q->count == QCAP)
        cnd_wait(&q->not_full, &q->lock);
    q->ring[(q->head + q->count) % QCAP] = o;
    q->count++;
    cnd_signal(&q->not_empty);
    mtx_unlock(&q->lock);
}

static bool queue_pop(struct queue *q, struct order *o)
{
    mtx_lock(&q->lock);
    while (q->count == 0 && !q->closed)
        cnd_wait(&q->not_empty, &q->lock);
    bool ok = q->count > 0;
    if (ok) {
        *o = q->ring[q->head];
        q->head = (q->head + 1) % QCAP;
        q->count--;
        cnd_signal(&q->not_full);
    }
    mtx_unlock(&q->lock);
    return ok;
}

static int consumer_main(void *arg)
{
    struct consumer *c = arg;
    struct order o;
    while (queue_pop(c->q, &o)) {
        c->revenue += (long)o.qty * o.price_cents;
        c->orders++;
    }
    return thrd_success;
}

int main(void)
{
    static struct queue q;
    if (mtx_init(&q.lock, mtx_plain) != thrd_success || cnd_init(&q.not_empty) != thrd_success ||
        cnd_init(&q.not_full) != thrd_success)
        return 1;

    static struct consumer cons[NCONSUMERS];
    int started = 0;
    for (; started < NCONSUMERS; started++) {
        cons[started].q = &q;
        if (thrd_create(&cons[started].tid, consumer_main, &cons[started]) != thrd_success)
            break;
    }
    if (started == 0)
        return 1;

    for (int i = 0; i < NORDERS; i++)
        queue_push(&q, (struct order){.id = i, .qty = 1 + i % 4, .price_cents = 199 + i % 50});
    mtx_lock(&q.lock);
    q.closed = true;
    cnd_broadcast(&q.not_empty);
    mtx_unlock(&q.lock);

    long revenue = 0;
    int orders = 0;
    for (int i = 0; i < started; i++) {
        thrd_join(cons[i].tid, NULL);
        revenue += cons[i].revenue;
        orders += cons[i].orders;
    }
    printf("%d orders, revenue %ld.%02ld\n", orders, revenue / 100, revenue % 100);
    cnd_destroy(&q.not_full);
    cnd_destroy(&q.not_empty);
    mtx_destroy(&q.lock);
    return 0;
}
