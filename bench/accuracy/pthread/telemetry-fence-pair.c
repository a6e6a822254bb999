/* telemetry-fence-pair.c: a sample published by a release fence and a relaxed flag, read after an acquire fence.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 33-34 and 43: the sampler's release fence before its relaxed store of `ready`;
 *   the reporter's acquire fence after its relaxed load saw it
 * why: a release fence followed by a store that an acquire-fenced load reads from synchronises
 *   the two threads (C11 7.17.4): the sampler's writes to values[] happen before the reporter's
 *   reads.
 * tempts: plain writes and reads of values[] from two threads ordered only by stand-alone
 *   fences and relaxed atomics, which ThreadSanitizer does not model (it reports them).
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
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&sample.ready, 1, memory_order_relaxed);
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
