/* executor_test.c: functional tests of include/racelab/executor.h.
 *
 * Every async case relies on this runtime being correct and race-free, so that a
 * tool's report on a case points at the case. tests/executor.sh runs this program
 * natively, under ThreadSanitizer, Helgrind and DRD; each must finish with exit
 * status 0 and no report. The program checks its own results and exits 1 on the
 * first failed check. It synchronises only through the runtime and pthreads (no
 * sleeps, no atomics), so every tool can follow it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/executor.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

/* A counter and a log, shared by jobs, under one mutex. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int order[256];
static int order_len;

static void count(void)
{
    pthread_mutex_lock(&log_lock);
    counter++;
    pthread_mutex_unlock(&log_lock);
}

static void record(int i)
{
    pthread_mutex_lock(&log_lock);
    if (order_len < 256)
        order[order_len++] = i;
    pthread_mutex_unlock(&log_lock);
}

static void reset(void)
{
    pthread_mutex_lock(&log_lock);
    counter = 0;
    order_len = 0;
    pthread_mutex_unlock(&log_lock);
}

static int counted(void)
{
    pthread_mutex_lock(&log_lock);
    int n = counter;
    pthread_mutex_unlock(&log_lock);
    return n;
}

static void *square(void *arg)
{
    int i = RL_INT(arg);
    return RL_VALUE(i * i);
}

static void *add_one(void *value, void *arg)
{
    (void)arg;
    return RL_VALUE(RL_INT(value) + 1);
}

static void *add_arg(void *value, void *arg)
{
    return RL_VALUE(RL_INT(value) + RL_INT(arg));
}

/* Many independent jobs; every result comes back to its own future. */
static void test_many_submits(int nworkers)
{
    enum { N = 500 };
    static struct rl_future *f[N];
    struct rl_executor *ex = rl_executor_create(nworkers);
    for (int i = 0; i < N; i++)
        f[i] = rl_submit(ex, square, RL_VALUE(i));
    for (int i = N - 1; i >= 0; i--) { /* reverse: some are not done yet */
        CHECK(RL_INT(rl_future_get(f[i])) == i * i);
        CHECK(RL_INT(rl_future_get(f[i])) == i * i); /* get twice: same value */
        rl_future_release(f[i]);
    }
    rl_executor_destroy(ex);
    printf("ok: %d submits on %d worker(s)\n", N, nworkers);
}

/* Chains of continuations, several at once; each stage sees its predecessor's value.
 * Every intermediate future is released as soon as the next stage is registered,
 * often before it completes. */
static void test_chains(int nworkers)
{
    enum { CHAINS = 8, LENGTH = 50 };
    struct rl_future *tail[CHAINS];
    struct rl_executor *ex = rl_executor_create(nworkers);
    for (int c = 0; c < CHAINS; c++) {
        struct rl_future *f = rl_submit(ex, square, RL_VALUE(c));
        for (int k = 0; k < LENGTH; k++) {
            struct rl_future *next = rl_future_then(f, add_one, NULL);
            rl_future_release(f);
            f = next;
        }
        tail[c] = f;
    }
    for (int c = 0; c < CHAINS; c++) {
        CHECK(RL_INT(rl_future_get(tail[c])) == c * c + LENGTH);
        rl_future_release(tail[c]);
    }
    rl_executor_destroy(ex);
    printf("ok: %d chains of %d continuations on %d worker(s)\n", CHAINS, LENGTH, nworkers);
}

/* Continuations registered on a future that has already completed, and several
 * continuations on one future (fan-out). */
static void test_then_after_ready(int nworkers)
{
    enum { FANOUT = 10 };
    struct rl_future *g[FANOUT];
    struct rl_executor *ex = rl_executor_create(nworkers);
    struct rl_future *f = rl_submit(ex, square, RL_VALUE(7));
    CHECK(RL_INT(rl_future_get(f)) == 49); /* f is ready from here on */
    for (int i = 0; i < FANOUT; i++)
        g[i] = rl_future_then(f, add_arg, RL_VALUE(i));
    rl_future_release(f); /* the continuations do not need it any more */
    for (int i = 0; i < FANOUT; i++) {
        CHECK(RL_INT(rl_future_get(g[i])) == 49 + i);
        rl_future_release(g[i]);
    }
    rl_executor_destroy(ex);
    printf("ok: %d continuations on a ready future on %d worker(s)\n", FANOUT, nworkers);
}

/* One future, waited for by several threads at once. The job waits for a gate that
 * main opens once every getter has started, so most getters really block. */
struct gate {
    pthread_mutex_t lock;
    pthread_cond_t open_cv;
    int open;
};
static struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static void *gated_job(void *arg)
{
    pthread_mutex_lock(&gate.lock);
    while (!gate.open)
        pthread_cond_wait(&gate.open_cv, &gate.lock);
    pthread_mutex_unlock(&gate.lock);
    return arg;
}

static void *getter(void *arg)
{
    struct rl_future *f = arg; /* this thread's own reference */
    int v = RL_INT(rl_future_get(f));
    rl_future_release(f);
    return RL_VALUE(v);
}

static void test_get_from_many_threads(int nworkers)
{
    enum { GETTERS = 6 };
    pthread_t t[GETTERS];
    struct rl_executor *ex = rl_executor_create(nworkers);
    pthread_mutex_lock(&gate.lock);
    gate.open = 0;
    pthread_mutex_unlock(&gate.lock);
    struct rl_future *f = rl_submit(ex, gated_job, RL_VALUE(1234));
    struct rl_future *g = rl_future_then(f, add_one, NULL);
    for (int i = 0; i < GETTERS; i++) {
        struct rl_future *mine = i % 2 ? f : g;
        rl_future_retain(mine);
        CHECK(pthread_create(&t[i], NULL, getter, mine) == 0);
    }
    rl_future_release(f); /* main keeps no reference to f: the getters and g do */
    pthread_mutex_lock(&gate.lock);
    gate.open = 1;
    pthread_cond_broadcast(&gate.open_cv);
    pthread_mutex_unlock(&gate.lock);
    for (int i = 0; i < GETTERS; i++) {
        void *v;
        CHECK(pthread_join(t[i], &v) == 0);
        CHECK(RL_INT(v) == (i % 2 ? 1234 : 1235));
    }
    CHECK(RL_INT(rl_future_get(g)) == 1235);
    rl_future_release(g);
    rl_executor_destroy(ex);
    printf("ok: %d threads waiting for one future on %d worker(s)\n", GETTERS, nworkers);
}

/* Destroy with work still queued: fire-and-forget jobs (released at once) and
 * continuations nobody waits for. Destroy must run all of them before it returns. */
static void *count_job(void *arg)
{
    count();
    return arg;
}

static void *count_then(void *value, void *arg)
{
    (void)arg;
    count();
    return value;
}

static void test_destroy_drains(int nworkers)
{
    enum { N = 100 };
    reset();
    struct rl_executor *ex = rl_executor_create(nworkers);
    for (int i = 0; i < N; i++) {
        struct rl_future *f = rl_submit(ex, count_job, NULL);
        rl_future_release(rl_future_then(f, count_then, NULL));
        rl_future_release(f);
    }
    rl_executor_destroy(ex); /* joins the workers: their counts are visible now */
    CHECK(counted() == 2 * N);
    printf("ok: destroy ran %d pending jobs and continuations on %d worker(s)\n", 2 * N, nworkers);
}

/* Jobs that submit jobs and register continuations from inside a worker, while
 * the pool is being drained. */
struct spawn_arg {
    struct rl_executor *ex;
    int depth;
};

static void *spawner(void *arg)
{
    struct spawn_arg *a = arg;
    count();
    if (a->depth > 0) {
        struct spawn_arg *child = malloc(sizeof *child);
        CHECK(child != NULL);
        *child = (struct spawn_arg){a->ex, a->depth - 1};
        struct rl_future *f = rl_submit(a->ex, spawner, child);
        rl_future_release(rl_future_then(f, count_then, NULL));
        rl_future_release(f);
    }
    free(a);
    return NULL;
}

static void test_nested_submits(int nworkers)
{
    enum { ROOTS = 4, DEPTH = 10 };
    reset();
    struct rl_executor *ex = rl_executor_create(nworkers);
    for (int i = 0; i < ROOTS; i++) {
        struct spawn_arg *a = malloc(sizeof *a);
        CHECK(a != NULL);
        *a = (struct spawn_arg){ex, DEPTH};
        rl_future_release(rl_submit(ex, spawner, a));
    }
    rl_executor_destroy(ex); /* drains work that jobs queue while it drains */
    CHECK(counted() == ROOTS * (DEPTH + 1) + ROOTS * DEPTH);
    printf("ok: jobs submitting jobs, drained on %d worker(s)\n", nworkers);
}

/* With one worker the queue is strictly FIFO: jobs run in submission order, and a
 * future's continuations in registration order. */
static void *record_job(void *arg)
{
    record(RL_INT(arg));
    return arg;
}

static void *record_then(void *value, void *arg)
{
    (void)value;
    record(RL_INT(arg));
    return NULL;
}

static void test_one_worker_fifo(void)
{
    enum { N = 40 };
    reset();
    struct rl_executor *ex = rl_executor_create(1);
    struct rl_future *first = rl_submit(ex, record_job, RL_VALUE(0));
    for (int i = 1; i < N; i++)
        rl_future_release(rl_submit(ex, record_job, RL_VALUE(i)));
    for (int i = 0; i < N; i++)
        rl_future_release(rl_future_then(first, record_then, RL_VALUE(N + i)));
    rl_future_release(first);
    rl_executor_destroy(ex);
    pthread_mutex_lock(&log_lock);
    CHECK(order_len == 2 * N);
    for (int i = 0; i < N; i++)
        CHECK(order[i] == i); /* the jobs, in order */
    /* The continuations run after `first`, in registration order; some may have been
     * queued before the later jobs ran (if `first` completed early). */
    int next = N;
    for (int i = 0; i < 2 * N; i++)
        if (order[i] >= N)
            CHECK(order[i] == next++);
    CHECK(next == 2 * N);
    pthread_mutex_unlock(&log_lock);
    printf("ok: one worker runs jobs and continuations in FIFO order\n");
}

int main(void)
{
    const int pools[] = {1, 2, 4};
    for (size_t p = 0; p < sizeof pools / sizeof pools[0]; p++) {
        int n = pools[p];
        test_many_submits(n);
        test_chains(n);
        test_then_after_ready(n);
        test_get_from_many_threads(n);
        test_destroy_drains(n);
        test_nested_submits(n);
    }
    test_one_worker_fifo();
    puts("executor: all tests passed");
    return 0;
}
