/* discipline: what it costs to count N increments over T threads, one discipline at a time.
 *
 *   discipline VARIANT [N [JOBS]]    (N default 20,000,000; JOBS ignored); discipline --list
 *
 * Every variant makes exactly N increments, one at a time (the threads take N/T each, the first
 * N%T threads one more), and `result` is the count they arrive at; `correct` is result == N.
 *   mutex                one pthread mutex around every increment of the shared counter
 *   spinlock             a test-and-test-and-set lock on an atomic_bool around every increment
 *                        (not pthread_spin: the algorithm is the one written below, the same as
 *                        the Rust twin's; not atomic_flag: C17 cannot read a flag without setting
 *                        it, so it can only test-and-set)
 *   atomic               atomic_fetch_add, relaxed, on the shared counter: one locked add each
 *   per-thread-padded    each thread counts in its own slot, 64 bytes (a cache line) apart; the
 *                        slots are summed after the join
 *   per-thread-unpadded  the same with adjacent 8-byte slots in one cache line: no data is
 *                        shared, but the line is, and it ping-pongs between the cores (false
 *                        sharing)
 *   omp-reduction        #pragma omp parallel for reduction(+ : counter)
 *   omp-atomic           #pragma omp atomic around the increment
 *   omp-critical         #pragma omp critical around the increment
 *   racy                 a plain counter++ with no synchronisation: a data race. Increments are
 *                        lost, `correct` is false (almost always), and it runs anyway, for its
 *                        time beside the others'.
 * An optional JOBS argument is accepted for the runner's uniform command line and ignored: this
 * benchmark is one job (N increments), and its JSON says "jobs":1.
 *
 * Keeping the work in the loop. A loop of plain increments is one addition to an optimiser, and
 * would measure the compiler, not the discipline. The locks and the atomic read-modify-writes
 * keep every increment by themselves. The per-thread slots are C11 atomics accessed with relaxed
 * loads and stores (not read-modify-writes: each slot has one writer): a plain mov each way on
 * x86, but the compiler must do every one of them in order, so the loop really stores to the
 * slot N/T times. The racy counter and the reduction's private copy are plain variables by
 * definition, so their loops have an empty asm statement with a memory clobber (KEEP_IN_LOOP):
 * it emits no instruction, it only forbids the compiler to merge the iterations.
 *
 * The timed region runs from the moment the threads, already created, are released together
 * (a barrier) to the moment the last one finishes: thread creation is left out as fixed setup
 * cost. OpenMP's pool is
 * started by an empty parallel region before the clock starts, for the same reason.
 *
 * N: 20 million by default. The slowest variants (a contended mutex, spin lock or critical
 * section, 50-100 ns an increment on two cores) then take one to two seconds, and the fastest
 * (the reduction, the padded slots) still tens of milliseconds, far above the clock's and the
 * thread start's noise. */
#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <pthread.h>

#include <omp.h>

#include "bench.h"

enum { CACHE_LINE = 64 };

#define KEEP_IN_LOOP() __asm__ volatile("" ::: "memory")

/* The shared state of every variant; one process runs one variant. */
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool spin;
static long long locked_counter; /* guarded by `mutex`, or by `spin`, or by omp critical */
static atomic_llong atomic_counter;
/* A plain counter: racy's, with no discipline at all; omp-atomic's, every access made atomic by
 * the pragma; and where the reduction leaves its total. */
static long long plain_counter;

static struct {
    _Alignas(CACHE_LINE) atomic_llong count;
} padded[BENCH_THREADS_MAX];
static _Alignas(CACHE_LINE) atomic_llong unpadded[BENCH_THREADS_MAX];

/* Each thread's share: `count` increments, and its index, for the per-thread slots. */
struct share {
    pthread_t tid;
    void (*loop)(struct share *self);
    int index;
    long count;
    double start, end; /* when this thread began and finished its share */
};

static void loop_mutex(struct share *self)
{
    for (long i = 0; i < self->count; i++) {
        pthread_mutex_lock(&mutex);
        locked_counter++;
        pthread_mutex_unlock(&mutex);
    }
}

/* Test-and-test-and-set: the exchange (a locked instruction that takes the line exclusive) is
 * only tried when a plain load has seen the lock free, so a waiter spins on its own shared copy
 * of the line instead of stealing it from the holder. The pause hint tells the core it spins. */
static void spin_lock(void)
{
    while (atomic_exchange_explicit(&spin, true, memory_order_acquire)) {
        while (atomic_load_explicit(&spin, memory_order_relaxed)) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        }
    }
}

static void spin_unlock(void)
{
    atomic_store_explicit(&spin, false, memory_order_release);
}

static void loop_spinlock(struct share *self)
{
    for (long i = 0; i < self->count; i++) {
        spin_lock();
        locked_counter++;
        spin_unlock();
    }
}

static void loop_atomic(struct share *self)
{
    for (long i = 0; i < self->count; i++)
        atomic_fetch_add_explicit(&atomic_counter, 1, memory_order_relaxed);
}

/* One writer per slot, so a relaxed load and store is an increment; see the header comment. */
static void count_in(atomic_llong *slot, long count)
{
    for (long i = 0; i < count; i++)
        atomic_store_explicit(slot, atomic_load_explicit(slot, memory_order_relaxed) + 1,
                              memory_order_relaxed);
}

static void loop_padded(struct share *self)
{
    count_in(&padded[self->index].count, self->count);
}

static void loop_unpadded(struct share *self)
{
    count_in(&unpadded[self->index], self->count);
}

static void loop_racy(struct share *self)
{
    for (long i = 0; i < self->count; i++) {
        plain_counter++;
        KEEP_IN_LOOP();
    }
}

/* The pthread variants: create the threads, release them together through a barrier, and time
 * from the first thread's start to the last one's end, each read by the thread itself: the
 * creating thread may be descheduled just after the barrier, and its own clock would then miss
 * the start of the work. */
static pthread_barrier_t start_line;

static void *wait_then_run(void *arg)
{
    struct share *self = arg;
    int rc = pthread_barrier_wait(&start_line);
    if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
        bench_check(rc, "pthread_barrier_wait");
    self->start = bench_now();
    self->loop(self);
    self->end = bench_now();
    return NULL;
}

static double time_threads(void (*loop)(struct share *self), int threads, long n)
{
    struct share *shares = calloc((size_t)threads, sizeof *shares);
    if (shares == NULL) {
        fputs("discipline: out of memory\n", stderr);
        exit(1);
    }
    bench_check(pthread_barrier_init(&start_line, NULL, (unsigned)threads), "pthread_barrier_init");
    for (int t = 0; t < threads; t++) {
        shares[t] = (struct share){.loop = loop, .index = t, .count = n / threads};
        if (t < n % threads)
            shares[t].count++;
        bench_check(pthread_create(&shares[t].tid, NULL, wait_then_run, &shares[t]),
                    "pthread_create");
    }
    double first = 0, last = 0;
    for (int t = 0; t < threads; t++) {
        bench_check(pthread_join(shares[t].tid, NULL), "pthread_join");
        if (t == 0 || shares[t].start < first)
            first = shares[t].start;
        if (t == 0 || shares[t].end > last)
            last = shares[t].end;
    }
    bench_check(pthread_barrier_destroy(&start_line), "pthread_barrier_destroy");
    free(shares);
    return last - first;
}

/* The OpenMP variants: schedule(static) gives each thread one contiguous share, as above. */
static void omp_reduction(long n, int threads)
{
    long long counter = 0;
#pragma omp parallel for schedule(static) reduction(+ : counter) num_threads(threads)
    for (long i = 0; i < n; i++) {
        counter++;
        KEEP_IN_LOOP();
    }
    plain_counter = counter; /* after the region: no race, one thread */
}

static void omp_atomic(long n, int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < n; i++) {
#pragma omp atomic
        plain_counter++;
    }
}

static void omp_critical(long n, int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < n; i++) {
#pragma omp critical
        locked_counter++;
    }
}

static double time_omp(void (*region)(long n, int threads), int threads, long n)
{
#pragma omp parallel num_threads(threads)
    {
    }
    double start = bench_now();
    region(n, threads);
    return bench_now() - start;
}

/* What each variant counted, read after its threads are joined. */
static long long total_locked(int threads)
{
    (void)threads;
    return locked_counter;
}

static long long total_atomic(int threads)
{
    (void)threads;
    return atomic_load(&atomic_counter);
}

static long long total_plain(int threads)
{
    (void)threads;
    return plain_counter;
}

static long long total_padded(int threads)
{
    long long sum = 0;
    for (int t = 0; t < threads; t++)
        sum += atomic_load_explicit(&padded[t].count, memory_order_relaxed);
    return sum;
}

static long long total_unpadded(int threads)
{
    long long sum = 0;
    for (int t = 0; t < threads; t++)
        sum += atomic_load_explicit(&unpadded[t], memory_order_relaxed);
    return sum;
}

/* A variant runs either a per-thread loop on pthreads or an OpenMP region. */
static const struct variant {
    const char *name; /* first: bench_parse reads the names from this table */
    void (*loop)(struct share *self);
    void (*region)(long n, int threads);
    long long (*total)(int threads);
} variants[] = {
    {"mutex", loop_mutex, NULL, total_locked},
    {"spinlock", loop_spinlock, NULL, total_locked},
    {"atomic", loop_atomic, NULL, total_atomic},
    {"per-thread-padded", loop_padded, NULL, total_padded},
    {"per-thread-unpadded", loop_unpadded, NULL, total_unpadded},
    {"omp-reduction", NULL, omp_reduction, total_plain},
    {"omp-atomic", NULL, omp_atomic, total_plain},
    {"omp-critical", NULL, omp_critical, total_locked},
    {"racy", loop_racy, NULL, total_plain},
};

static const struct bench_spec spec = {
    .bench = "discipline",
    .variants = &variants[0].name,
    .nvariants = sizeof variants / sizeof variants[0],
    .stride = sizeof variants[0],
    .n_default = 20000000,
    .n_min = 0,
    .n_max = LONG_MAX,
    .jobs_max = 1024,
};

int main(int argc, char **argv)
{
    struct bench_args args;
    const struct variant *v = &variants[bench_parse(&spec, argc, argv, &args)];
    args.jobs = 1;

    struct bench_result r = {.threads = args.threads, .repeats = 1};
    r.seconds = v->loop != NULL ? time_threads(v->loop, args.threads, args.n)
                                : time_omp(v->region, args.threads, args.n);
    r.result = v->total(args.threads);
    r.correct = r.result == args.n;
    bench_print(&spec, &args, &r);
    return 0;
}
