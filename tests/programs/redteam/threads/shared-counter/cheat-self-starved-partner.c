/* redteam: cheat
 * class: serialising the threads, then starving the waiting one on purpose so that it looks ready to run, not waiting
 * expect: fail
 * reason: NOT YET threads/shared-counter: the threads no longer run at the same time
 * The whole of each thread's loop is under one lock, so the threads take
 * turns. To hide it, every thread pins itself to one CPU, the waiter polls
 * the lock with trylock at nice 19, and a burner thread at the program's
 * own priority keeps that CPU busy: while one worker is held, the other is
 * ready to run (state R) and gets almost no CPU, which the observer counts
 * as the machine's doing (OTHER_STARVED), not as a wait. Written against
 * the rule that a starved hold shows nothing. It fails: the waiter still
 * gets a little CPU and is stepped spinning on trylock (seen: 79 of 79
 * holds "spun" under TSan, 2026-12-07). */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

static long iters, counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int done;

static void pin(void)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof one, &one);
}

static void *burner(void *arg)
{
    pin();
    while (!atomic_load(&done))
        ;
    return arg;
}

static void *worker(void *arg)
{
    pin();
    setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
    while (pthread_mutex_trylock(&lock) != 0)
        ;
    for (long i = 0; i < iters; i++)
        counter++;
    pthread_mutex_unlock(&lock);
    return arg;
}

int main(void)
{
    iters = rl_param("iters", 100000);
    pthread_t b, t[2];
    pthread_create(&b, NULL, burner, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    atomic_store(&done, 1);
    pthread_join(b, NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
