/* redteam: cheat
 * class: tampering with the evidence: a TSan failure line printed on the program's own stderr
 * expect: fail
 * reason: data-race \(tsan\)
 * No descriptor is touched: the program prints "FATAL: ThreadSanitizer:
 * CHECK failed" on its own stderr, where racelab also looks for TSan's fatal
 * errors (those that come before its report channel is set up). The counter
 * is atomic (right natively); a plain `started` flag races. If the TSan run
 * becomes a tool error, a racy program escapes its fail (a tool error is not
 * a verdict on the fix). The program's stderr is its own: what it prints
 * there must not count as the tool's. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

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
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    fprintf(stderr, "FATAL: ThreadSanitizer CHECK failed: tsan_rtl.cpp:42 \"((0)) != (0)\"\n");
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    return 0;
}
