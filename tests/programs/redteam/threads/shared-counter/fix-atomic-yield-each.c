/* redteam: fix
 * class: correct-but-unusual: an atomic increment, then sched_yield() after each one
 * expect: pass
 * reason: PASS
 * known: a worker that yields after every step cannot be judged beside other work: a tool error, or a fail (docs/classroom.md, Workers that yield after every step)
 * Each worker adds with atomic_fetch_add and then yields the CPU, a
 * "polite" loop some students write. Correct and concurrent: the threads
 * interleave. Written while sleeps and timed waits were taught to the
 * observer as waits (observe_poll.c), to check that a worker that yields
 * between real increments is still seen working: it is when checked alone,
 * not two checks at a time. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters; i++) {
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
