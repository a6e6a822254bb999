/* racelab-case
 * title: Store buffering: Dekker-style flags with release/acquire
 * discipline: When a thread's store must be visible before its own later load
 *   of ANOTHER variable (raise my flag, then look at yours), release/acquire is
 *   not enough: both the store and the load are `memory_order_seq_cst`. All
 *   seq_cst operations fall into one total order that every thread agrees on;
 *   whichever of the two stores comes first in it precedes the other thread's
 *   load, so at least one thread reads the other's raised flag. On x86 clang
 *   makes the seq_cst store an `xchg`, which waits for the store buffer to
 *   drain. (Or put `atomic_thread_fence(memory_order_seq_cst)` between store
 *   and load, or use a mutex.)
 * rust: `X.store(1, SeqCst); Y.load(SeqCst)` (or `fence(SeqCst)` between
 *   them).
 * tsan: clean
 * helgrind: n/a: Helgrind does not model C11 atomics: it does not see the
 *   spinning barrier built from them, and reports the flags and the per-round
 *   results as races in this correct code.
 * drd: n/a: DRD does not model C11 atomics: it does not see the spinning
 *   barrier built from them, and reports the flags and the per-round results
 *   as races in this correct code.
 * native: clean
 * param: flag 1 1..1000000
 * oracle: stdout "flag read as {flag}, r1 == r2 == 0 in 0 rounds"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define SECONDS 2 /* how long to keep trying */

/* Each on a cache line of its own, as real flags would be. */
static _Alignas(64) atomic_int x;         /* thread 0's flag */
static _Alignas(64) atomic_int y;         /* thread 1's flag */
static _Alignas(64) atomic_uint arrivals; /* the round barrier, see meet() */
static _Alignas(64) atomic_int stop;      /* set by thread 0 when time is up */
static _Alignas(64) int r1;               /* what thread 0 read of `y` this round */
static _Alignas(64) int r2;               /* what thread 1 read of `x` this round */

static int flag;               /* the value that raises a flag: the `flag` parameter */
static long rounds, both_zero; /* kept by thread 0, printed by main */
static int seen;               /* a raised flag one thread read: kept by thread 0 too */

/* A spinning two-thread barrier. The outcome needs both threads to store and
 * load within a few nanoseconds of each other, so they must start each round
 * together: a pthread barrier wakes its waiter microseconds late. The thread
 * that arrives last would run ahead of the one that sees its arrival, so it
 * waits a pseudo-random few hundred cycles: in some rounds the two line up. */
static void meet(unsigned *seed)
{
    unsigned ticket = atomic_fetch_add(&arrivals, 1);
    if (ticket % 2 == 1) { /* the second to arrive: the other is released */
        *seed = *seed * 1103515245u + 12345u;
        for (volatile unsigned i = (*seed >> 16) % 256; i > 0; i--)
            ;
        return;
    }
    for (int spins = 0; atomic_load(&arrivals) < ticket + 2; spins++) {
        if (spins == 10000) { /* the other thread is not running: let others run */
            sched_yield();
            spins = 0;
        }
    }
}

/* Both threads must really run at the same time, on two CPUs: keep them on
 * different ones (the scheduler of a busy machine may otherwise put both on
 * one, where the outcome cannot happen). No effect where that fails. */
static void run_on_cpu(int nth)
{
    cpu_set_t allowed, one;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed) && nth-- == 0) {
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            pthread_setaffinity_np(pthread_self(), sizeof one, &one);
            return;
        }
    }
}

static int time_is_up(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000000000L + (now.tv_nsec - start->tv_nsec) >=
           SECONDS * 1000000000L;
}

static void *thread0(void *arg)
{
    (void)arg;
    unsigned seed = 1;
    const int raised = flag;
    struct timespec start;
    run_on_cpu(0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (rounds % 1024 == 0 && time_is_up(&start))
            atomic_store(&stop, 1); /* the next meet() shows it to thread 1 */
        meet(&seed);
        if (atomic_load(&stop))
            break;
        /* FIX: seq_cst: the load cannot be performed before the store is
         * visible to the other thread */
        atomic_store_explicit(&x, raised, memory_order_seq_cst);
        r1 = atomic_load_explicit(&y, memory_order_seq_cst);
        meet(&seed);
        rounds++;
        if (r1 == 0 && r2 == 0)
            both_zero++;
        else
            seen = r1 ? r1 : r2;
        /* Reset for the next round; the next meet() orders it before. */
        atomic_store_explicit(&x, 0, memory_order_relaxed);
        atomic_store_explicit(&y, 0, memory_order_relaxed);
    }
    return NULL;
}

static void *thread1(void *arg)
{
    (void)arg;
    unsigned seed = 2;
    const int raised = flag;
    run_on_cpu(1);
    for (;;) {
        meet(&seed);
        if (atomic_load(&stop))
            break;
        /* FIX: seq_cst, as in thread 0 */
        atomic_store_explicit(&y, raised, memory_order_seq_cst);
        r2 = atomic_load_explicit(&x, memory_order_seq_cst);
        meet(&seed);
    }
    return NULL;
}

int main(void)
{
    pthread_t t0, t1;
    flag = (int)rl_param("flag", 1);
    pthread_create(&t0, NULL, thread0, NULL);
    pthread_create(&t1, NULL, thread1, NULL);
    pthread_join(t0, NULL);
    pthread_join(t1, NULL);
    /* How many rounds fit in the time depends on the machine and the tool:
     * that goes to stderr; the verdict line stays comparable. */
    fprintf(stderr, "%ld rounds in %d seconds\n", rounds, SECONDS);
    printf("flag read as %d, r1 == r2 == 0 in %ld rounds\n", seen, both_zero);
    return 0;
}
