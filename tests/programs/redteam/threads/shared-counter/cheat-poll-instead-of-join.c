/* redteam: cheat
 * class: serialising the threads: create, then wait for the worker by polling a flag with short sleeps (no join)
 * expect: fail
 * reason: no longer run at the same time
 * smoke: yes
 * A create-then-join chain that hides the join: main creates a worker and
 * waits for its `done` flag, sleeping 50 us between looks, before it creates
 * the next. A birth hold ends when the creator blocks or works long enough;
 * a creator that polls neither blocks in a join nor uses much CPU, so the
 * worker waits at its birth up to the hold's cap and then runs alone. The
 * threads never work at the same time. Must fail.
 * While the worker is held for work, main's polling uses CPU, and a turn
 * of its loop (libc's usleep, under TSan also the interceptor's AfterSleep,
 * some 800 instructions) is too long for two turns to be compared: main
 * was taken for a thread that worked beside the held one, and this cheat
 * passed one CI run's exercise check (its grade failed it). A thread seen
 * in a sleep, a yield or a timed wait while stepped is waiting since. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

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

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, worker, &done[i]);
        while (!atomic_load(&done[i])) /* a join by another name */
            usleep(50);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
