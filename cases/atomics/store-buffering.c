/* racelab-case
 * title: Store buffering: Dekker-style flags with release/acquire
 * bug: Each thread raises its own flag and then looks at the other's (the
 *   heart of Dekker's and Peterson's mutual exclusion): thread 0 stores `x =
 *   flag` and loads `y`, thread 1 stores `y = flag` and loads `x`, the stores
 *   with `memory_order_release`, the loads with `memory_order_acquire`. At
 *   least one thread should see the other's flag. But a release store only
 *   keeps the accesses BEFORE it in place, and an acquire load only those
 *   AFTER it: nothing stops a later acquire load from overtaking an earlier
 *   release store to another variable. On x86 each store waits in its core's
 *   store buffer while the load runs ahead, so both threads can read 0 (r1 ==
 *   r2 == 0): both would enter the critical section. There is no data race;
 *   the program repeats the two steps in rounds for two seconds and counts
 *   the rounds in which both threads read 0 (the flags are reset to 0 between
 *   rounds, and raised to the nonzero `flag`).
 * fix: Make the four accesses `memory_order_seq_cst` (the default of
 *   `atomic_store`/`atomic_load`): all seq_cst operations fall into one total
 *   order, so whichever store comes first is seen by the other thread's load
 *   (clang emits `xchg` for the store, which drains the store buffer). A
 *   `atomic_thread_fence(memory_order_seq_cst)` between store and load, or a
 *   mutex, works too.
 * hint: Each thread stores its own flag and then loads the other's. Must a
 *   release store be visible before a later acquire load of a different
 *   variable?
 * hint: Release/acquire does not order a store before a later load of another
 *   variable; that needs one total order, `memory_order_seq_cst` (or a seq_cst
 *   fence between the two).
 * hint: In `thread0` and `thread1`, make the flag store and the load after it
 *   `memory_order_seq_cst`; leave `meet()` and the resets as they are.
 * task: Two threads each raise their own flag (to `flag`), then look at the
 *   other's, in rounds for two seconds; in some rounds neither sees the
 *   other's flag. Make one of them see it in every round, with both threads
 *   still running the rounds at the same time.
 * overlap: lifetime
 * allow: clock, fences
 * wrong-fix: volatile: Volatile flags or results change nothing: the CPU still
 *   lets each thread's load run ahead of its own earlier store, which is what
 *   the memory orders here allow.
 * wrong-fix: sleep: A pause between the store and the load lets the store
 *   drain in practice, but nothing in C's memory model makes it visible in
 *   time, and the rounds stop lining up: the bug is hidden, not fixed.
 * wrong-fix: lock-per-thread: A mutex of its own in each thread excludes
 *   nothing: locks order accesses only between threads that take the same one
 *   (on x86 the locking instruction merely happens to drain the store buffer,
 *   which hides the outcome without ordering anything).
 * rust: rustc allows it: `X.store(1, Release); Y.load(Acquire)` on `AtomicI32`s
 *   is safe code with no data race; Rust's orderings are C++'s, and the same
 *   outcome appears.
 * tsan: n/a: ThreadSanitizer looks for data races, and there is none here:
 *   r1 == r2 == 0 comes from the CPU's store buffers, which TSan does not
 *   model. Its instrumentation also slows every atomic access so much that
 *   the threads never line up closely enough: under TSan the outcome was
 *   never seen (about 30,000 rounds per run).
 * helgrind: n/a: Valgrind runs one thread at a time on a simulated CPU
 *   without store buffers, so r1 == r2 == 0 cannot happen under it; and
 *   Helgrind does not model C11 atomics, so it would report the flags and
 *   results as races, even in the correct twin.
 * drd: n/a: Valgrind runs one thread at a time on a simulated CPU without
 *   store buffers, so r1 == r2 == 0 cannot happen under it; and DRD does not
 *   model C11 atomics, so it would report the flags and results as races, even
 *   in the correct twin.
 * native: wrong-result
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of atomics or memory orders.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time and models neither memory orders nor the CPU's store buffers.
 * tidy: clean: no clang-tidy check run here judges the memory order of an
 *   atomic operation.
 * cppcheck: clean: cppcheck knows nothing of atomics, memory order or
 *   `volatile` as a flag, and has no model of threads.
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
        /* BUG: a release store, then an acquire load of another variable:
         * the load may be performed while the store is still buffered */
        atomic_store_explicit(&x, raised, memory_order_release);
        r1 = atomic_load_explicit(&y, memory_order_acquire);
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
        /* BUG: the mirror image: both loads can run ahead of both stores */
        atomic_store_explicit(&y, raised, memory_order_release);
        r2 = atomic_load_explicit(&x, memory_order_acquire);
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
