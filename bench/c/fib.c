/* fib: JOBS naive fib(N) computations, run one after the other, concurrently and in parallel.
 *
 *   fib VARIANT [N [JOBS]]    (N default 32, JOBS default 3); fib --list
 *
 * Variants, from coarse to fine grain:
 *   seq             the jobs one after the other, on the calling thread
 *   executor        one task per job on racelab's executor (include/racelab/executor.h) with
 *                   one worker per thread; the futures are awaited
 *   pthreads        one thread per core (the caller and a pthread per other core), each
 *                   taking the next job from an atomic counter until none is left: omp-for's
 *                   schedule, by hand
 *   pthreads-per-job  one pthread per job, however many cores there are: three threads
 *                   time-sliced on two cores, the oversubscribed contrast
 *   omp-for         #pragma omp parallel for schedule(dynamic, 1) over the jobs
 *   omp-tasks       one thread walks each job's call tree down to the cutoff and spawns an
 *                   OpenMP task per leaf; the team runs them; one taskwait
 *   pthreads-split  the jobs split into the leaves of the same cutoff, taken by the same
 *                   threads through the same counter: fine grain without OpenMP
 *   ceiling         the jobs' leaves, cut finer, and the same counter, taken by threads that
 *                   already exist, bound one per core and spinning between measurements: no
 *                   thread to create or wake, no runtime in the way. Not a way to write the
 *                   program: a measure of what this machine gives this work on its cores,
 *                   against which the others are read.
 * With one job per thread, three equal jobs on two cores cannot beat 1.5x (two rounds of work
 * where one would do); the fine-grained variants split them into about a hundred pieces and can
 * approach 2x.
 *
 * `result` is the sum of the JOBS values; `correct` compares it with JOBS times fib(N) computed
 * iteratively, outside the timed region. `threads` is the number of threads the variant ran its
 * work on: 1 for seq, JOBS for pthreads-per-job, the thread count for the others (the caller
 * among them where it works too).
 *
 * What the timed region leaves out, as fixed setup cost: the executor's pool (created before,
 * destroyed after) and OpenMP's (libomp starts its threads in the first parallel region, so an
 * empty region runs before the clock starts). The three pthreads variants create and join their
 * threads inside it: making threads for the work is what those variants are.
 *
 * The executor's workers are bound one per core (worker i on the i-th CPU the process may use),
 * as scripts/bench binds OpenMP's threads with OMP_PLACES=cores OMP_PROC_BIND=close: both are
 * pools of long-lived workers taking jobs. Unbound, the executor's workers on this two-vCPU VM
 * reached 1.17x to 1.38x at fib(30) x3 where bound ones reached 1.37x to 1.55x (paired speed-ups
 * of single processes, 30 pairs each): a woken worker was left on a busy core. */
#define _GNU_SOURCE /* pthread_setaffinity_np, for binding the executor's workers */

#include <stdatomic.h>
#include <pthread.h>
#include <sched.h>

#include <omp.h>

#include "bench.h"
#include "racelab/executor.h"

/* The fine-grained variants cut the recursion at n < N - SPLIT_DEPTH: the leaves are then
 * fib(N-7) and fib(N-8), 34 of them per job. More leaves balance the end better (the last one
 * to finish leaves the other core idle) but cost a task each, and with two threads a steal
 * from the thread that walks the tree: L leaves of a total W, at c each, cost about W/L + L*c,
 * least at L = sqrt(W/c). Measured at fib(30) x3 on this machine (paired, 12 processes each):
 * omp-tasks reached a median 1.82x with depth 10 (233 leaves a job), 1.86x with 8 and 7, 1.91x
 * with 6, beside 1.94x for the ceiling variant in the same sweep.
 * The ceiling variant splits finer, to CEILING_DEPTH: it costs almost nothing per leaf, so the
 * finer split only balances better, as a bound should. */
enum { SPLIT_DEPTH = 6, CEILING_DEPTH = 10, JOBS_MAX = 64 };

/* The naive doubly recursive fib, the same algorithm as the Rust twin's. noinline keeps it a
 * real recursive function wherever it is called from. */
__attribute__((noinline)) static long long fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* Every job reads its N from here. fib has no side effects, so without the volatile read the
 * compiler may compute fib(N) once for the three jobs of a loop and add it three times. */
static volatile int input_n;

/* One job: fib(N) and where its value goes. run_job is also a pthread start routine and an
 * executor job. */
struct job {
    long long value;
};

static void *run_job(void *arg)
{
    struct job *job = arg;
    job->value = fib(input_n);
    return NULL;
}

static long long sum_jobs(const struct job *jobs, int njobs)
{
    long long sum = 0;
    for (int i = 0; i < njobs; i++)
        sum += jobs[i].value;
    return sum;
}

/* Where the fine-grained variants stop splitting and call fib. */
static int split_cutoff(int n)
{
    return n - SPLIT_DEPTH;
}

static bool is_leaf(int n, int cutoff)
{
    return n < 2 || n < cutoff;
}

static long long run_seq(const struct bench_args *args)
{
    struct job jobs[JOBS_MAX];
    for (int i = 0; i < args->jobs; i++)
        run_job(&jobs[i]);
    return sum_jobs(jobs, args->jobs);
}

/* The executor variant's pool, made before the clock starts. */
static struct rl_executor *pool;

/* Thread i on the i-th CPU the process may use, round robin (see the header). A CPU set that
 * cannot be applied (a container's narrower mask) leaves the thread unbound: the measurement
 * still runs. */
static void bind_workers(const pthread_t *threads, int n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t allowed;
    if (cores < 1 || sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return;
    int cpus[CPU_SETSIZE], ncpus = 0;
    for (int c = 0; c < CPU_SETSIZE && ncpus < cores; c++)
        if (CPU_ISSET(c, &allowed))
            cpus[ncpus++] = c;
    for (int i = 0; i < n && ncpus > 0; i++) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpus[i % ncpus], &one);
        pthread_setaffinity_np(threads[i], sizeof one, &one);
    }
}

static long long run_executor(const struct bench_args *args)
{
    struct job jobs[JOBS_MAX];
    struct rl_future *futures[JOBS_MAX];
    for (int i = 0; i < args->jobs; i++)
        futures[i] = rl_submit(pool, run_job, &jobs[i]);
    for (int i = 0; i < args->jobs; i++) {
        rl_future_get(futures[i]); /* orders the job's write of its value before our read */
        rl_future_release(futures[i]);
    }
    return sum_jobs(jobs, args->jobs);
}

static long long run_pthreads_per_job(const struct bench_args *args)
{
    struct job jobs[JOBS_MAX];
    pthread_t tids[JOBS_MAX];
    for (int i = 0; i < args->jobs; i++)
        bench_check(pthread_create(&tids[i], NULL, run_job, &jobs[i]), "pthread_create");
    for (int i = 0; i < args->jobs; i++)
        bench_check(pthread_join(tids[i], NULL), "pthread_join");
    return sum_jobs(jobs, args->jobs);
}

static long long run_omp_for(const struct bench_args *args)
{
    long long sum = 0;
    /* dynamic, 1: a thread that finishes its job takes the next one, so with three jobs on two
     * threads the third goes to whichever is free first. */
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : sum) num_threads(args->threads)
    for (int i = 0; i < args->jobs; i++)
        sum += fib(input_n);
    return sum;
}

/* The leaves of fib(n)'s tree below the cutoff, one task each: the thread that walks the tree
 * only spawns, and whichever thread is free runs the next leaf; each leaf adds its value to its
 * job's sum with an atomic update. The recursive form (spawn fib(n-1), compute fib(n-2), then
 * taskwait at every level of the tree) measured slower here at fib(30): a few hundred taskwaits
 * cost more than a few hundred atomic additions. */
static void spawn_leaf_tasks(int n, int cutoff, long long *sum)
{
    if (is_leaf(n, cutoff)) {
#pragma omp task firstprivate(n, sum)
        {
            long long v = fib(n);
#pragma omp atomic
            *sum += v;
        }
        return;
    }
    spawn_leaf_tasks(n - 1, cutoff, sum);
    spawn_leaf_tasks(n - 2, cutoff, sum);
}

static long long run_omp_tasks(const struct bench_args *args)
{
    struct job jobs[JOBS_MAX];
    int n = input_n, cutoff = split_cutoff(n);
#pragma omp parallel num_threads(args->threads) shared(jobs)
#pragma omp single
    {
        for (int i = 0; i < args->jobs; i++) {
            jobs[i].value = 0;
            spawn_leaf_tasks(n, cutoff, &jobs[i].value);
        }
#pragma omp taskwait
    }
    return sum_jobs(jobs, args->jobs);
}

/* pthreads and pthreads-split: pieces of work (whole jobs, or the leaves of every job's tree)
 * taken one at a time by a fixed set of threads. The list is written before the threads are
 * created and the sums read after they are joined, so the only shared thing they touch while
 * running is `next`; relaxed is enough for it, since it only hands out distinct indexes. */
struct split {
    int *leaves;
    size_t count;
    atomic_size_t next;
};

struct split_worker {
    pthread_t tid;
    struct split *split;
    long long sum;
};

/* Append the leaves of fib(n)'s tree to `out` (or only count them, when `out` is NULL). Their
 * fib values add up to fib(n). */
static void split_leaves(int n, int cutoff, int *out, size_t *count)
{
    if (is_leaf(n, cutoff)) {
        if (out != NULL)
            out[*count] = n;
        (*count)++;
        return;
    }
    split_leaves(n - 1, cutoff, out, count);
    split_leaves(n - 2, cutoff, out, count);
}

static void *split_work(void *arg)
{
    struct split_worker *w = arg;
    long long sum = 0;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&w->split->next, 1, memory_order_relaxed);
        if (i >= w->split->count)
            break;
        sum += fib(w->split->leaves[i]);
    }
    w->sum = sum;
    return NULL;
}

static void *checked_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fputs("fib: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

/* The leaves of all the jobs, cut at n < N - depth, in split->leaves (which the caller frees),
 * none taken yet. */
static void split_jobs(struct split *split, int jobs, int depth)
{
    int n = input_n, cutoff = n - depth;
    size_t per_job = 0;
    split_leaves(n, cutoff, NULL, &per_job);
    split->leaves = checked_calloc(per_job * (size_t)jobs, sizeof(int));
    split->count = 0;
    for (int j = 0; j < jobs; j++)
        split_leaves(n, cutoff, split->leaves, &split->count);
    atomic_init(&split->next, 0);
}

/* The jobs whole, one leaf each: what pthreads hands out. */
static void split_whole_jobs(struct split *split, int jobs)
{
    split->leaves = checked_calloc((size_t)jobs, sizeof(int));
    for (int j = 0; j < jobs; j++)
        split->leaves[j] = input_n;
    split->count = (size_t)jobs;
    atomic_init(&split->next, 0);
}

/* The split's leaves taken by `threads` threads, each taking the next until none is left: the
 * calling thread and threads - 1 pthreads made for the purpose, then joined; their sums added.
 * The caller works rather than waits, as an OpenMP team's first thread does: one thread fewer to
 * create, and none to wake at the end. Frees the leaves. */
static long long run_split_threads(struct split *split, int threads)
{
    struct split_worker *workers = checked_calloc((size_t)threads, sizeof *workers);
    for (int t = 0; t < threads; t++)
        workers[t].split = split;
    for (int t = 1; t < threads; t++)
        bench_check(pthread_create(&workers[t].tid, NULL, split_work, &workers[t]),
                    "pthread_create");
    split_work(&workers[0]);
    long long sum = workers[0].sum;
    for (int t = 1; t < threads; t++) {
        bench_check(pthread_join(workers[t].tid, NULL), "pthread_join");
        sum += workers[t].sum;
    }
    free(workers);
    free(split->leaves);
    return sum;
}

static long long run_pthreads(const struct bench_args *args)
{
    struct split split;
    split_whole_jobs(&split, args->jobs);
    return run_split_threads(&split, args->threads);
}

static long long run_pthreads_split(const struct bench_args *args)
{
    struct split split;
    split_jobs(&split, args->jobs, SPLIT_DEPTH);
    return run_split_threads(&split, args->threads);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause(); /* spin politely: the core's other hyperthread, if any, runs on */
#endif
}

/* ceiling: helpers made before the clock starts, bound one per core (the calling thread on the
 * first, as OMP_PROC_BIND=close binds OpenMP's first thread), spinning on `round` between
 * measurements. A measurement publishes its split with a release increment of `round`; each
 * helper publishes its sum with a release increment of `finished`, which the caller awaits
 * (acquire) before it reads the sums. round = -1 sends the helpers home. */
static struct spin_pool {
    struct split_worker *workers; /* [0] is the calling thread */
    int nworkers;
    struct split *split;
    atomic_int round, finished;
} spin;

static void *spin_helper(void *arg)
{
    struct split_worker *w = arg;
    int seen = 0;
    for (;;) {
        int round;
        while ((round = atomic_load_explicit(&spin.round, memory_order_acquire)) == seen)
            cpu_relax();
        if (round < 0)
            return NULL;
        seen = round;
        w->split = spin.split;
        split_work(w);
        atomic_fetch_add_explicit(&spin.finished, 1, memory_order_release);
    }
}

static void spin_pool_start(int threads)
{
    spin.nworkers = threads;
    spin.workers = checked_calloc((size_t)threads, sizeof *spin.workers);
    pthread_t *tids = checked_calloc((size_t)threads, sizeof *tids);
    tids[0] = pthread_self();
    for (int t = 1; t < threads; t++) {
        bench_check(pthread_create(&spin.workers[t].tid, NULL, spin_helper, &spin.workers[t]),
                    "pthread_create");
        tids[t] = spin.workers[t].tid;
    }
    bind_workers(tids, threads);
    free(tids);
}

static void spin_pool_stop(void)
{
    atomic_store_explicit(&spin.round, -1, memory_order_release);
    for (int t = 1; t < spin.nworkers; t++)
        bench_check(pthread_join(spin.workers[t].tid, NULL), "pthread_join");
    free(spin.workers);
}

static long long run_ceiling(const struct bench_args *args)
{
    struct split split;
    split_jobs(&split, args->jobs, CEILING_DEPTH);
    spin.split = &split;
    atomic_store_explicit(&spin.finished, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&spin.round, 1, memory_order_release);
    spin.workers[0].split = &split;
    split_work(&spin.workers[0]);
    while (atomic_load_explicit(&spin.finished, memory_order_acquire) < spin.nworkers - 1)
        cpu_relax();
    long long sum = 0;
    for (int t = 0; t < spin.nworkers; t++)
        sum += spin.workers[t].sum;
    free(split.leaves);
    return sum;
}

/* fib(n) by iteration: the answer the variants are checked against. */
static long long fib_iterative(int n)
{
    long long a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        long long next = a + b;
        a = b;
        b = next;
    }
    return a;
}

/* Which threads a variant runs its work on, for the JSON's `threads`, and what it sets up
 * before the clock starts. */
enum on { ON_CALLER, ON_ONE_PER_JOB, ON_THREADS };
enum setup { NO_SETUP, EXECUTOR_POOL, OPENMP_POOL, SPIN_POOL };

static const struct variant {
    const char *name; /* first: bench_parse reads the names from this table */
    long long (*run)(const struct bench_args *args);
    enum on on;
    enum setup setup;
} variants[] = {
    {"seq", run_seq, ON_CALLER, NO_SETUP},
    {"executor", run_executor, ON_THREADS, EXECUTOR_POOL},
    {"pthreads", run_pthreads, ON_THREADS, NO_SETUP},
    {"pthreads-per-job", run_pthreads_per_job, ON_ONE_PER_JOB, NO_SETUP},
    {"omp-for", run_omp_for, ON_THREADS, OPENMP_POOL},
    {"omp-tasks", run_omp_tasks, ON_THREADS, OPENMP_POOL},
    {"pthreads-split", run_pthreads_split, ON_THREADS, NO_SETUP},
    {"ceiling", run_ceiling, ON_THREADS, SPIN_POOL},
};

static const struct bench_spec spec = {
    .bench = "fib",
    .variants = &variants[0].name,
    .nvariants = sizeof variants / sizeof variants[0],
    .stride = sizeof variants[0],
    .n_default = 32,
    .n_min = 0,
    .n_max = 60, /* fib(60) fits easily in a long long, and would take hours anyway */
    .jobs_max = JOBS_MAX,
};

int main(int argc, char **argv)
{
    struct bench_args args;
    const struct variant *v = &variants[bench_parse(&spec, argc, argv, &args)];
    input_n = (int)args.n;

    if (v->setup == EXECUTOR_POOL) {
        pool = rl_executor_create(args.threads);
        bind_workers(pool->workers, pool->nworkers);
    }
    if (v->setup == SPIN_POOL)
        spin_pool_start(args.threads);
    if (v->setup == OPENMP_POOL) {
#pragma omp parallel num_threads(args.threads)
        {
        }
    }

    struct bench_result r = {.threads = v->on == ON_CALLER        ? 1
                                        : v->on == ON_ONE_PER_JOB ? args.jobs
                                                                  : args.threads};
    /* Every parallel variant paired with seq, in this process (see bench_repeat). */
    bench_repeat(&spec, v->run, v->run == run_seq ? NULL : run_seq, &args,
                 (long long)args.jobs * fib_iterative((int)args.n), &r);
    if (pool != NULL)
        rl_executor_destroy(pool);
    if (v->setup == SPIN_POOL)
        spin_pool_stop();
    bench_print(&spec, &args, &r);
    return 0;
}
