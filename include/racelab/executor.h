/* executor.h: a small thread-pool executor with futures and continuations.
 *
 * The async cases need a runtime the way real async C code has one (a libuv work
 * queue, a thread pool with futures): their bugs are in the *user code* around it.
 * So this runtime is written once, kept small enough to read in one sitting, and
 * proved by tests/executor.sh clean under ThreadSanitizer, Helgrind and DRD. When a
 * tool reports on an async case, the fault is in the case, not in here.
 *
 * API
 *   struct rl_executor *rl_executor_create(int nworkers);
 *       a pool of exactly `nworkers` threads taking jobs in FIFO order.
 *   void rl_executor_destroy(struct rl_executor *ex);
 *       drains: every job already queued, and every continuation those jobs
 *       trigger, runs to completion; then the workers are joined and `ex` freed.
 *   struct rl_future *rl_submit(ex, void *(*fn)(void *arg), void *arg);
 *       queue fn(arg); the returned future completes with fn's return value.
 *   struct rl_future *rl_future_then(f, void *(*fn)(void *value, void *arg), void *arg);
 *       when `f` completes, queue fn(value of f, arg) on f's executor (on whichever
 *       worker is free, not necessarily the one that ran `f`); the returned future
 *       completes with fn's return value.
 *   void *rl_future_get(struct rl_future *f);
 *       block until `f` has completed, then return its value.
 *   void rl_future_retain(struct rl_future *f);
 *       take one more reference to `f` (to hand it to another thread, say).
 *   void rl_future_release(struct rl_future *f);
 *       drop one reference to `f`.
 * Values are `void *`; RL_VALUE(i) and RL_INT(v) carry a small integer in one.
 *
 * Ownership: a future is reference counted. rl_submit and rl_future_then return it
 * holding one reference, the caller's, which the caller gives back with exactly one
 * rl_future_release (after its last rl_future_get or rl_future_then on it; the
 * result of a fire-and-forget rl_submit may be released at once). The runtime holds
 * its own reference until it has completed the future, so a caller may release a
 * future before it completes. Whoever hands a future to another thread that keeps
 * it retains it first, and that thread releases it. The last release frees it.
 * A future belongs to its executor: every reference must be released before
 * rl_executor_destroy, which checks that none is left.
 *
 * Rules: rl_executor_destroy must not be called from a worker (it joins them), nor
 * while another thread may still call into the executor; nothing may use it after
 * it returns. Until then jobs may submit further jobs and register continuations.
 * Any failure of the runtime itself (out of memory, a pthread call failing, a
 * submission after the pool was drained, a future released twice or never) prints a
 * message on stderr and exits with status 3, never silently.
 *
 * Why it is correct (the memory-ordering argument): one mutex, `ex->lock`, guards
 * all of the runtime's shared state: the queue, and every future's `ready`, `value`,
 * reference count and list of waiting continuations. A mutex orders everything a
 * thread did before its unlock before everything the next owner does after its
 * lock, so every hand-over between threads is ordered:
 * - submit -> job: the submitter fills the task and links it into the queue under
 *   the lock; a worker unlinks it under the lock. So whatever the submitter wrote
 *   before rl_submit (the job's argument, say) is visible to the job.
 * - job -> rl_future_get: the worker stores the value and sets `ready` under the
 *   lock; the getter reads `ready`, then the value, under the lock. So everything
 *   the job wrote before returning is visible once rl_future_get returns.
 *   The getter waits in a `while (!ready)` loop: a condition-variable wake-up may be
 *   spurious (and `done` is shared by all futures), so only the predicate, read
 *   under the mutex, says the value is there. The predicate also makes the wait
 *   immune to a lost wake-up: a get that starts after the broadcast finds `ready`
 *   set and never waits.
 * - job -> continuation: the completing worker sets the value and queues the
 *   waiting continuations in the same critical section, so a continuation sees all
 *   its predecessor did. Registering a continuation holds the same lock, so it is
 *   either on the list when the future completes, or sees `ready` and is queued at
 *   once: never both, never neither.
 * - last release -> free: the count changes under the lock, so the thread that
 *   drops it to zero locked after every other holder unlocked: their accesses come
 *   before the free (which is also why no detector sees a race on it).
 * - drain: a worker leaves only when the queue is empty and `stopping` is set (both
 *   read under the lock). A running job can queue more work (a continuation) only
 *   before its worker looks at the queue again, so no work is left behind; joining
 *   the workers then orders all of it before rl_executor_destroy returns.
 * The runtime never blocks while holding the lock except in pthread_cond_wait
 * (which releases it), and jobs run with no runtime lock held, so a job may submit,
 * register continuations, or wait for another future (see async/block-in-executor
 * for when that deadlocks). It uses no atomics and no lock-free tricks on purpose:
 * Helgrind and DRD model only pthread synchronisation, and a case must get a clean
 * verdict from them too. Why one lock rather than one per future: a per-future
 * mutex must be destroyed by the last releaser, often right after another thread
 * unlocked it, and Helgrind's pthread_mutex_destroy wrapper reads the mutex bytes
 * that glibc's unlock wrote after the point Helgrind takes as the release: a false
 * "possible data race" on a correct program.
 *
 * For case authors: the detectors see every call into the executor as a lock and
 * an unlock of `ex->lock`, so any two threads that both call into it between two
 * racing accesses get a happens-before edge that hides the race in some runs
 * (main's rl_future_release after a racy read, say, ordered before a worker that
 * dequeues the racy job late). Make sure no such call falls between the accesses:
 * e.g. have the job signal an rl_handshake once it has started, and wait for it
 * before the racy access (see async/future-read-before-ready). Each worker is one
 * pthread_create, for the header's `threads:` count. */
#ifndef RACELAB_EXECUTOR_H
#define RACELAB_EXECUTOR_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RL_VALUE(i) ((void *)(intptr_t)(i))
#define RL_INT(v)   ((int)(intptr_t)(v))

struct rl_executor;

struct rl_future {
    bool ready;              /* guarded by ex->lock */
    void *value;             /* guarded by ex->lock; set once, together with ready */
    int refs;                /* guarded by ex->lock */
    struct rl_task *waiting; /* continuations not yet queued, newest first; ex->lock */
    struct rl_executor *ex;  /* set before the future is shared, then read-only */
};

/* One unit of work in the queue: a submitted job or a continuation. */
struct rl_task {
    struct rl_task *next;
    void *(*job)(void *arg);               /* a submitted job, or NULL */
    void *(*then)(void *value, void *arg); /* a continuation, or NULL */
    void *arg;
    void *value;              /* for a continuation: its predecessor's value */
    struct rl_future *result; /* completed by this task; the task holds a reference */
};

struct rl_executor {
    pthread_mutex_t lock;        /* guards everything below but `nworkers`, `workers` */
    pthread_cond_t wake;         /* for workers: a task was queued, or stopping was set */
    pthread_cond_t done;         /* for getters: some future became ready */
    struct rl_task *head, *tail; /* the FIFO queue */
    bool stopping;
    int running; /* workers that have not left */
    int futures; /* futures not yet freed */
    int nworkers;
    pthread_t *workers;
};

/* Fatal errors end the process with _exit(3), not exit(): other threads are
 * still running, and exit()'s atexit handlers and stdio teardown would race
 * with them (exit and strerror are not thread-safe; %m is). */
static inline void rl_executor_fail_(const char *what, int err)
{
    errno = err;
    fprintf(stderr, "racelab executor: %s: %m\n", what);
    fflush(NULL);
    _exit(3);
}

static inline void rl_executor_misuse_(const char *what)
{
    fprintf(stderr, "racelab executor: %s\n", what);
    fflush(NULL);
    _exit(3);
}

static inline void rl_check_(int err, const char *what)
{
    if (err != 0)
        rl_executor_fail_(what, err);
}

static inline void rl_lock_(struct rl_executor *ex)
{
    rl_check_(pthread_mutex_lock(&ex->lock), "pthread_mutex_lock");
}

static inline void rl_unlock_(struct rl_executor *ex)
{
    rl_check_(pthread_mutex_unlock(&ex->lock), "pthread_mutex_unlock");
}

static inline void *rl_alloc_(size_t size)
{
    void *p = calloc(1, size);
    if (p == NULL)
        rl_executor_fail_("calloc", ENOMEM);
    return p;
}

/* Queue a task. The caller holds ex->lock. */
static inline void rl_enqueue_locked_(struct rl_executor *ex, struct rl_task *t)
{
    if (ex->running == 0)
        rl_executor_misuse_("work submitted after the pool was drained");
    t->next = NULL;
    if (ex->tail != NULL)
        ex->tail->next = t;
    else
        ex->head = t;
    ex->tail = t;
    /* Signal while holding the lock: a worker between its check of the queue and
     * its wait holds the lock, so it cannot miss this (and DRD and Helgrind flag
     * a signal sent without the mutex as a likely race). */
    rl_check_(pthread_cond_signal(&ex->wake), "pthread_cond_signal");
}

/* A new future holding `refs` references (the caller's and the task's). It is not
 * shared yet, so its fields need no lock here; the count of live futures does. */
static inline struct rl_future *rl_future_new_(struct rl_executor *ex, int refs)
{
    struct rl_future *f = rl_alloc_(sizeof *f);
    f->refs = refs;
    f->ex = ex;
    rl_lock_(ex);
    ex->futures++;
    rl_unlock_(ex);
    return f;
}

/* Drop one reference. The caller holds ex->lock; returns true if `f` must be freed
 * (after the unlock: nobody else can reach it any more). */
static inline bool rl_future_drop_locked_(struct rl_future *f)
{
    if (f->refs <= 0)
        rl_executor_misuse_("rl_future_release of a released future");
    if (--f->refs > 0)
        return false;
    f->ex->futures--;
    return true;
}

static inline void rl_future_retain(struct rl_future *f)
{
    rl_lock_(f->ex);
    if (f->refs <= 0)
        rl_executor_misuse_("rl_future_retain of a released future");
    f->refs++;
    rl_unlock_(f->ex);
}

static inline void rl_future_release(struct rl_future *f)
{
    rl_lock_(f->ex);
    bool last = rl_future_drop_locked_(f);
    rl_unlock_(f->ex);
    if (last)
        free(f);
}

/* Run a task and complete its future: set the value, wake the getters, queue the
 * continuations (in registration order), drop the task's reference. */
static inline void rl_task_run_(struct rl_executor *ex, struct rl_task *t)
{
    void *value = t->job != NULL ? t->job(t->arg) : t->then(t->value, t->arg);
    struct rl_future *f = t->result;
    free(t);

    rl_lock_(ex);
    f->value = value;
    f->ready = true;
    struct rl_task *list = f->waiting, *fifo = NULL;
    f->waiting = NULL;
    while (list != NULL) { /* reverse: the list is newest first */
        struct rl_task *next = list->next;
        list->next = fifo;
        fifo = list;
        list = next;
    }
    while (fifo != NULL) {
        struct rl_task *next = fifo->next;
        fifo->value = value;
        rl_enqueue_locked_(ex, fifo);
        fifo = next;
    }
    rl_check_(pthread_cond_broadcast(&ex->done), "pthread_cond_broadcast");
    bool last = rl_future_drop_locked_(f);
    rl_unlock_(ex);
    if (last)
        free(f);
}

static inline void *rl_worker_(void *arg)
{
    struct rl_executor *ex = arg;
    for (;;) {
        rl_lock_(ex);
        while (ex->head == NULL && !ex->stopping) /* a predicate loop, as in get */
            rl_check_(pthread_cond_wait(&ex->wake, &ex->lock), "pthread_cond_wait");
        struct rl_task *t = ex->head;
        if (t == NULL) { /* stopping, and nothing left to do */
            ex->running--;
            rl_unlock_(ex);
            return NULL;
        }
        ex->head = t->next;
        if (ex->head == NULL)
            ex->tail = NULL;
        rl_unlock_(ex);
        rl_task_run_(ex, t); /* no runtime lock held: a job may block, submit, get */
    }
}

static inline struct rl_executor *rl_executor_create(int nworkers)
{
    if (nworkers < 1)
        rl_executor_misuse_("rl_executor_create needs at least one worker");
    struct rl_executor *ex = rl_alloc_(sizeof *ex);
    ex->workers = rl_alloc_((size_t)nworkers * sizeof *ex->workers);
    ex->nworkers = nworkers;
    ex->running = nworkers; /* before any worker exists: no lock needed yet */
    rl_check_(pthread_mutex_init(&ex->lock, NULL), "pthread_mutex_init");
    rl_check_(pthread_cond_init(&ex->wake, NULL), "pthread_cond_init");
    rl_check_(pthread_cond_init(&ex->done, NULL), "pthread_cond_init");
    for (int i = 0; i < nworkers; i++)
        rl_check_(pthread_create(&ex->workers[i], NULL, rl_worker_, ex), "pthread_create");
    return ex;
}

static inline void rl_executor_destroy(struct rl_executor *ex)
{
    rl_lock_(ex);
    ex->stopping = true;
    rl_check_(pthread_cond_broadcast(&ex->wake), "pthread_cond_broadcast");
    rl_unlock_(ex);
    for (int i = 0; i < ex->nworkers; i++)
        rl_check_(pthread_join(ex->workers[i], NULL), "pthread_join");
    /* The workers are joined: everything they did is ordered before this point. */
    if (ex->futures != 0) {
        fprintf(stderr, "racelab executor: %d future(s) never released\n", ex->futures);
        rl_executor_misuse_("rl_executor_destroy: futures still held");
    }
    rl_check_(pthread_cond_destroy(&ex->done), "pthread_cond_destroy");
    rl_check_(pthread_cond_destroy(&ex->wake), "pthread_cond_destroy");
    rl_check_(pthread_mutex_destroy(&ex->lock), "pthread_mutex_destroy");
    free(ex->workers);
    free(ex);
}

static inline struct rl_future *rl_submit(struct rl_executor *ex, void *(*fn)(void *arg), void *arg)
{
    struct rl_future *f = rl_future_new_(ex, 2); /* the caller's and the task's */
    struct rl_task *t = rl_alloc_(sizeof *t);
    t->job = fn;
    t->arg = arg;
    t->result = f;
    rl_lock_(ex);
    rl_enqueue_locked_(ex, t);
    rl_unlock_(ex);
    return f;
}

static inline struct rl_future *rl_future_then(struct rl_future *f,
                                               void *(*fn)(void *value, void *arg), void *arg)
{
    struct rl_executor *ex = f->ex;
    struct rl_future *next = rl_future_new_(ex, 2); /* the caller's and the task's */
    struct rl_task *t = rl_alloc_(sizeof *t);
    t->then = fn;
    t->arg = arg;
    t->result = next;
    rl_lock_(ex);
    if (f->refs <= 0)
        rl_executor_misuse_("rl_future_then on a released future");
    if (f->ready) {
        t->value = f->value;
        rl_enqueue_locked_(ex, t);
    } else {
        t->next = f->waiting; /* queued when f completes */
        f->waiting = t;
    }
    rl_unlock_(ex);
    return next;
}

static inline void *rl_future_get(struct rl_future *f)
{
    struct rl_executor *ex = f->ex;
    rl_lock_(ex);
    if (f->refs <= 0)
        rl_executor_misuse_("rl_future_get on a released future");
    while (!f->ready) /* not `if`: a wake-up may be spurious, or for another future */
        rl_check_(pthread_cond_wait(&ex->done, &ex->lock), "pthread_cond_wait");
    void *value = f->value;
    rl_unlock_(ex);
    return value;
}

#endif
