/* telemetry-fence-relaxed-flag.c: a sample published by a relaxed flag, read after an acquire fence.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 32 and 44: the sampler fills sample.values[], the reporter sums them
 * why: the reporter's acquire fence pairs with nothing: the sampler sets `ready` with a relaxed
 *   store and no release fence or release store before it, so nothing orders its writes before
 *   the reporter's reads, which race with them.
 * tempts: the reader side is written as correct fence-based code (relaxed flag, then an acquire
 *   fence); only the writer's release is missing. A detector that forgives races after an
 *   acquire fence would miss it.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define NVALUES 8

static struct {
    double values[NVALUES];
    atomic_int ready;
} sample;

static void *sampler(void *arg)
{
    (void)arg;
    for (int i = 0; i < NVALUES; i++)
        sample.values[i] = 0.5 * i;
    atomic_store_explicit(&sample.ready, 1, memory_order_relaxed); /* no release */
    return NULL;
}

static void *reporter(void *arg)
{
    double *sum = arg;
    while (!atomic_load_explicit(&sample.ready, memory_order_relaxed))
        sched_yield();
    atomic_thread_fence(memory_order_acquire);
    for (int i = 0; i < NVALUES; i++)
        *sum += sample.values[i];
    return NULL;
}

int main(void)
{
    double sum = 0;
    pthread_t s, r;
    pthread_create(&r, NULL, reporter, &sum);
    pthread_create(&s, NULL, sampler, NULL);
    pthread_join(s, NULL);
    pthread_join(r, NULL);
    printf("sum %.1f\n", sum);
    return 0;
}
