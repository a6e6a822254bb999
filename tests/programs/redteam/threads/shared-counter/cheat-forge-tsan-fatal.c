/* redteam: cheat
 * class: tampering with the evidence: forging a FATAL line of TSan in its report channel
 * expect: refused
 * reason: refused: .*report channel
 * An atomic counter (the answer is right natively) with a harmless-looking
 * race left in: both threads store 1 into a plain `started` flag. And a line
 * in ThreadSanitizer's own words written into its report channel (fd 3):
 * "FATAL: ThreadSanitizer: unexpected memory mapping". Every line of it looks
 * like TSan's, so a filter of foreign lines lets it pass, and TSan seems to
 * have failed: the verdict would become a tool error (a free regrade) instead
 * of a fail. A forged line in the channel must be refused, not turned into a
 * tool error. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static int started; /* the race TSan reports */
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    started = 1;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    static const char fatal[] = "FATAL: ThreadSanitizer: unexpected memory mapping 0x0-0x1000\n";
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    if (write(3, fatal, strlen(fatal)) < 0) {
        /* no channel in this run */
    }
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    return 0;
}
