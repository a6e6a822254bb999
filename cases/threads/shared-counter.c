/* racelab-case
 * title: Unsynchronised shared counter (lost update)
 * bug: Two threads add 1 to the global `counter` `iters` times each. `counter++`
 *   is a load, an add and a store; with nothing between the threads, both load
 *   the same value and one of the two increments is lost.
 * fix: Make the read-modify-write indivisible: `atomic_fetch_add`, or a mutex
 *   held around the increment.
 * hint: Two threads run `counter++` at the same time. Is `++` one step or
 *   several?
 * hint: A read-modify-write must be indivisible: an atomic operation, or a mutex
 *   held around just the increment. One lock held around each thread's whole loop
 *   is not accepted: the threads would only take turns.
 * hint: Declare `counter` as `atomic_long` (<stdatomic.h>), replace `counter++`
 *   with `atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed)` and print
 *   `atomic_load(&counter)`; keep both threads and the barrier.
 * task: Two threads each add 1 to the shared `counter` `iters` times, and the
 *   total comes out short. Make the total right, with both threads still
 *   counting at the same time.
 * wrong-fix: volatile: `volatile long counter` still does `counter++` in three
 *   steps (load, add, store): volatile only keeps the compiler from caching the
 *   counter, and the other thread's increment that falls between the load and
 *   the store is still lost.
 * wrong-fix: lock-write-only: A lock around the store alone still lets both
 *   threads read the same old value before either takes it: the read, the add
 *   and the store must all happen under the one lock.
 * wrong-fix: lock-per-thread: A mutex of each thread's own excludes nobody:
 *   both threads must take the same mutex around the increment.
 * overlap: work
 * rust: `thread::spawn(|| counter += 1)` is rejected (E0373: the closure may
 *   outlive `counter`); two scoped threads borrowing it mutably give E0499.
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: clean: the fix is an atomic counter, not a lock, so there is no lock to
 *   annotate `counter` with; the analysis knows nothing of atomics or of threads.
 * analyzer: clean: the analyzer follows one path through one function; the two
 *   increments are in two threads.
 * tidy: clean: no clang-tidy check knows about shared counters.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); the counter is a file-scope global.
 * param: iters 100000 1000000..2000000 native 8000000..12000000 valgrind 20000..50000
 * oracle: stdout "counter = {2*iters}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters; /* increments per thread: the `iters` parameter */
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both threads start counting together */
    for (long i = 0; i < iters; i++) {
        counter++; /* BUG: load, add, store; the other thread can store in between */
        /* Compiler barrier: keeps one load and one store per iteration (at -O1 the
         * loop would become a single `counter += iters`). It emits no instruction. */
        __asm__ volatile("" ::: "memory");
    }
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
    printf("counter = %ld\n", counter);
    return 0;
}
