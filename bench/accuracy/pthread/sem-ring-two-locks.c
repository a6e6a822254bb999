/* sem-ring-two-locks.c: a semaphore-counted ring with separate producer and consumer locks.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 42-47 and 52-57: a slot is written under put_lock and then sem_post(&items);
 *   it is read under take_lock only after sem_wait(&items), and handed back with
 *   sem_post(&spaces), which the next writer of the slot waits for
 * why: the two mutexes only serialise producers among themselves and consumers among
 *   themselves; the semaphores order each slot's write before its read and its read before
 *   its next write.
 * tempts: the same ring slots are written under one mutex and read under another, which
 *   lockset reasoning flags; the ordering comes from the semaphores.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define NPROD 4
#define NCONS 4
#define PER_PROD 250
#define SLOTS 8

struct reading {
    int sensor;
    int seq;
    long value;
};

static struct {
    struct reading slot[SLOTS];
    int put_at;  /* guarded by put_lock */
    int take_at; /* guarded by take_lock */
    pthread_mutex_t put_lock, take_lock;
    sem_t spaces, items;
} ring = {.put_lock = PTHREAD_MUTEX_INITIALIZER, .take_lock = PTHREAD_MUTEX_INITIALIZER};

static void ring_put(const struct reading *r)
{
    sem_wait(&ring.spaces);
    pthread_mutex_lock(&ring.put_lock);
    ring.slot[ring.put_at] = *r;
    ring.put_at = (ring.put_at + 1) % SLOTS;
    pthread_mutex_unlock(&ring.put_lock);
    sem_post(&ring.items);
}

static void ring_take(struct reading *out)
{
    sem_wait(&ring.items);
    pthread_mutex_lock(&ring.take_lock);
    *out = ring.slot[ring.take_at];
    ring.take_at = (ring.take_at + 1) % SLOTS;
    pthread_mutex_unlock(&ring.take_lock);
    sem_post(&ring.spaces);
}

static void *sensor_main(void *arg)
{
    int id = (int)(long)arg;
    for (int s = 0; s < PER_PROD; s++) {
        struct reading r = {id, s, (long)id * 1000 + (s * 37) % 1000};
        ring_put(&r);
    }
    return NULL;
}

static void *aggregator_main(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < NPROD * PER_PROD / NCONS; i++) {
        struct reading r;
        ring_take(&r);
        sum += r.value;
    }
    return (void *)sum;
}

int main(void)
{
    if (sem_init(&ring.spaces, 0, SLOTS) != 0 || sem_init(&ring.items, 0, 0) != 0)
        return 1;
    pthread_t prod[NPROD], cons[NCONS];
    for (long i = 0; i < NCONS; i++)
        if (pthread_create(&cons[i], NULL, aggregator_main, NULL) != 0)
            return 1; /* every consumer is needed to drain the ring */
    for (long i = 0; i < NPROD; i++)
        if (pthread_create(&prod[i], NULL, sensor_main, (void *)i) != 0)
            return 1;
    for (int i = 0; i < NPROD; i++)
        pthread_join(prod[i], NULL);
    long total = 0;
    for (int i = 0; i < NCONS; i++) {
        void *s;
        pthread_join(cons[i], &s);
        total += (long)s;
    }
    printf("aggregated %d readings, sum %ld\n", NPROD * PER_PROD, total);
    sem_destroy(&ring.items);
    sem_destroy(&ring.spaces);
    return 0;
}
