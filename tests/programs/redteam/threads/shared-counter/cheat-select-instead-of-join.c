/* redteam: cheat
 * class: serialising the threads: create, then wait for the worker in select() with a 50 us timeout, looking at its done flag between waits (no join)
 * expect: fail
 * reason: no longer run at the same time
 * The poll of cheat-poll-instead-of-join.c without a sleep function: main
 * waits for each worker in `select` on no descriptors with a 50 us timeout
 * (a timed wait, the old portable sleep), and looks at the worker's done
 * flag between two waits.
 * While the worker is held for work, main comes back every 50 us and uses
 * CPU; stepped, it is in a timed wait, which is waiting, not working. The
 * threads never work at the same time. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/select.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static atomic_int done[NTHREADS];

static void *worker(void *arg)
{
    atomic_int *flag = arg;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    atomic_store(flag, 1);
    return NULL;
}

static void wait_a_moment(void)
{
    struct timeval timeout = {0, 50};
    select(0, NULL, NULL, NULL, &timeout);
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, worker, &done[i]);
        while (!atomic_load(&done[i])) /* a join by another name */
            wait_a_moment();
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
