/* job-queue-trace-depth.c: a disabled trace hook still evaluates an unlocked queue-depth read.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: O0
 * where: lines 38 and 65: q->count read in queue_depth() unlocked, written in queue_pop()
 * why: after each push the producer passes queue_depth(q), an unlocked read of q->count, to a
 *   trace hook compiled to a no-op; consumers decrement count under q->lock. Its last read
 *   follows its last unlock, so nothing orders it with the final pop. -O1 drops the dead read.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define QCAP 256
#define NJOBS 200
#define NCONSUMERS 2

struct job_queue {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    int items[QCAP];
    size_t head;
    size_t count;
};

struct consumer {
    struct job_queue *q;
    int njobs;
    long sum;
};

/* Approximate depth for tracing only. */
static size_t queue_depth(const struct job_queue *q)
{
    return q->count;
}

/* Tracing is compiled out in release builds; the hook keeps its signature. */
static inline void trace_event(const char *what, size_t value)
{
    (void)what;
    (void)value;
}

static void queue_push(struct job_queue *q, int item)
{
    pthread_mutex_lock(&q->lock);
    q->items[(q->head + q->count) % QCAP] = item;
    q->count++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
    trace_event("push", queue_depth(q));
}

static int queue_pop(struct job_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == 0)
        pthread_cond_wait(&q->nonempty, &q->lock);
    int item = q->items[q->head];
    q->head = (q->head + 1) % QCAP;
    q->count--;
    pthread_mutex_unlock(&q->lock);
    return item;
}

static void *consumer_main(void *arg)
{
    struct consumer *c = arg;
    for (int i = 0; i < c->njobs; i++)
        c->sum += queue_pop(c->q);
    return NULL;
}

int main(void)
{
    static struct job_queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
                                  .nonempty = PTHREAD_COND_INITIALIZER };
    struct consumer cons[NCONSUMERS];
    pthread_t thr[NCONSUMERS];

    for (int i = 0; i < NCONSUMERS; i++) {
        cons[i] = (struct consumer){ &q, NJOBS / NCONSUMERS, 0 };
        if (pthread_create(&thr[i], NULL, consumer_main, &cons[i]) != 0)
            return 1;
    }
    for (int j = 1; j <= NJOBS; j++)
        queue_push(&q, j);
    for (int i = 0; i < NCONSUMERS; i++)
        pthread_join(thr[i], NULL);

    printf("consumed %ld + %ld\n", cons[0].sum, cons[1].sum);
    return 0;
}
