/* spsc-ring-relaxed-tail.c: lock-free SPSC sample ring whose producer publishes relaxed.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 44 and 55: ring_push() writes r->slots[t & MASK], ring_pop() reads the slot
 * why: the producer stores the slot and then bumps `tail` with memory_order_relaxed (the release
 *   is missing), so the consumer's acquire load of tail synchronises with nothing and its read of
 *   the slot races with the producer's write.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define RING_SIZE 64u
#define RING_MASK (RING_SIZE - 1u)
#define NSAMPLES 5000u

struct sample {
    uint32_t seq;
    int32_t value;
    uint64_t stamp;
};

struct ring {
    _Alignas(64) atomic_uint head; /* next slot to read; written by the consumer */
    _Alignas(64) atomic_uint tail; /* next slot to write; written by the producer */
    _Alignas(64) struct sample slots[RING_SIZE];
};

static struct ring ring;

static bool ring_push(struct ring *r, const struct sample *s)
{
    unsigned t = atomic_load_explicit(&r->tail, memory_order_relaxed);
    unsigned h = atomic_load_explicit(&r->head, memory_order_acquire);
    if (t - h == RING_SIZE)
        return false; /* full */
    r->slots[t & RING_MASK] = *s;
    atomic_store_explicit(&r->tail, t + 1, memory_order_relaxed);
    return true;
}

static bool ring_pop(struct ring *r, struct sample *out)
{
    unsigned h = atomic_load_explicit(&r->head, memory_order_relaxed);
    unsigned t = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (h == t)
        return false; /* empty */
    *out = r->slots[h & RING_MASK];
    atomic_store_explicit(&r->head, h + 1, memory_order_release);
    return true;
}

static void *sensor_main(void *arg)
{
    (void)arg;
    for (uint32_t i = 0; i < NSAMPLES; i++) {
        struct sample s = {i, (int32_t)(i * 7 % 1000) - 500, (uint64_t)i * 1000u};
        while (!ring_push(&ring, &s))
            sched_yield();
    }
    return NULL;
}

int main(void)
{
    pthread_t sensor;
    if (pthread_create(&sensor, NULL, sensor_main, NULL) != 0)
        return 1;

    long sum = 0;
    unsigned out_of_order = 0;
    uint32_t expect = 0;
    while (expect < NSAMPLES) {
        struct sample s;
        if (!ring_pop(&ring, &s)) {
            sched_yield();
            continue;
        }
        if (s.seq != expect)
            out_of_order++;
        sum += s.value;
        expect++;
    }
    pthread_join(sensor, NULL);
    printf("consumed %u samples, sum %ld, %u out of order\n", expect, sum, out_of_order);
    return 0;
}
