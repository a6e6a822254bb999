/* racelab-case
 * title: Unsynchronised shared counter (lost update)
 * discipline: The increment is one indivisible read-modify-write,
 *   `atomic_fetch_add`. `memory_order_relaxed` is enough: the counter publishes
 *   no other data, so only the atomicity of each addition matters, and main reads
 *   the total after `pthread_join`, which orders every increment before it.
 * rust: `static COUNTER: AtomicU64` with `fetch_add(1, Ordering::Relaxed)` in each
 *   thread (or an `Arc<Mutex<u64>>`).
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: iters 100000 1000000..2000000 native 8000000..12000000 valgrind 20000..50000
 * oracle: stdout "counter = {2*iters}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 2

static long iters; /* increments per thread: the `iters` parameter */
static atomic_long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both threads start counting together */
    for (long i = 0; i < iters; i++) {
        /* FIX: one atomic read-modify-write; no increment can be lost. */
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
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
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
