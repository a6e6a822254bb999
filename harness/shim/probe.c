/* probe.c: build/shim/probe.so, racelab's concurrency probe (LD_PRELOAD).
 *
 * Classroom mode checks that a student's fix is still concurrent: that the
 * threads were not serialised (each joined right after being created) and
 * did not take turns under one lock held for their whole life. This library
 * measures both in a plain run of the program:
 *   - pthread_create wraps the start routine: per thread its start and end
 *     (CLOCK_MONOTONIC), and the most threads running a start routine at the
 *     same moment (max_live). Only threads made with pthread_create count
 *     (libomp's workers do; the main thread does not). The end is recorded by
 *     a cleanup handler, so pthread_exit and cancellation end a thread too;
 *     detached threads are no different.
 *   - the lock calls: per worker thread, the longest continuous hold of one
 *     lock, measured from the lock call (waiting for a lock held by another
 *     thread is not running in parallel either) to its release. A condition
 *     wait releases the mutex, so it ends the hold; the reacquisition starts
 *     a new one. Read locks of a rwlock are shared: not counted as holds.
 *   - a thread's life starts again when it passes a pthread_barrier_wait
 *     (the start line classroom programs release their threads with).
 *   - per thread, how much of its life it was ready to run but waited for a
 *     CPU (the kernel's run_delay, read from /proc at its start and end; 0
 *     while it runs): on a loaded machine a thread that unlocks and wakes
 *     the next one is often preempted by it for milliseconds before it can
 *     end, which would look like time spent outside the lock.
 *
 * With RACELAB_PROBE_FILE unset nothing is recorded: each wrapper calls the
 * real function after one thread-local test. When set, the file is written at
 * start, after each thread's end and at exit, whole, at offset 0 (pwrite, then
 * ftruncate), so a program that _exits leaves its last state:
 *     threads N          created with pthread_create (started or not)
 *     max_live N
 *     state run|exit     exit: written by the exit handlers (or after them)
 *     thread I LIFETIME_NS LONGEST_HOLD_NS CPU_WAIT_NS [running]   the first 256 to start
 *     end
 * The variable is removed from the environment, and a forked child stops
 * writing, so that the program's own children do not overwrite the record.
 *
 * The executable may define pthread_create itself (racelab's thread-count
 * shim, harness/shim/thread_count.c) and call dlsym(RTLD_NEXT): that finds
 * this one, which calls libc's. Everything is set up on first use, so a
 * thread started before this library's constructor ran (from .preinit_array
 * or another library's constructor) is seen too.
 *
 * No synchronisation of the program's own is added: shared counters are C11
 * atomics, the lock wrappers touch only their thread's own table and the
 * clock, and never allocate. Writers of the file take turns through an
 * atomic flag without waiting: a writer that finds another at work leaves a
 * "pending" mark that the other one serves. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 256 /* threads listed in the file; later ones are counted only */
#define MAX_HELD    16  /* locks one thread holds at once that are tracked */
#define FILE_CAP    (128 + MAX_THREADS * 96)

/* The functions wrapped; real(R_name) is the definition this one hides. */
#define REAL_FUNCTIONS(X)                                                                          \
    X(pthread_create), X(pthread_mutex_lock), X(pthread_mutex_trylock),                            \
        X(pthread_mutex_timedlock), X(pthread_mutex_unlock), X(pthread_spin_lock),                 \
        X(pthread_spin_trylock), X(pthread_spin_unlock), X(pthread_rwlock_wrlock),                 \
        X(pthread_rwlock_rdlock), X(pthread_rwlock_unlock), X(pthread_cond_wait),                  \
        X(pthread_cond_timedwait), X(pthread_barrier_wait)
#define AS_ID(name)   R_##name
#define AS_NAME(name) #name
enum real_id { REAL_FUNCTIONS(AS_ID), R__COUNT };
static const char *const real_names[R__COUNT] = {REAL_FUNCTIONS(AS_NAME)};
static _Atomic(void *) real_fn[R__COUNT];

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

/* The next definition after this library's (libc's). The condition calls
 * have two versions on x86-64; plain dlsym may return the pre-2.3.2 one,
 * whose condition variables have another layout. */
static void *real(enum real_id id)
{
    void *f = atomic_load_explicit(&real_fn[id], memory_order_relaxed);
    if (f)
        return f;
    if (id == R_pthread_cond_wait || id == R_pthread_cond_timedwait)
        f = dlvsym(RTLD_NEXT, real_names[id], "GLIBC_2.3.2");
    if (!f)
        f = dlsym(RTLD_NEXT, real_names[id]);
    if (!f) {
        static const char msg[] = "racelab probe: a pthread function is missing\n";
        if (write(2, msg, sizeof msg - 1) < 0)
            _exit(127);
        abort();
    }
    atomic_store_explicit(&real_fn[id], f, memory_order_relaxed);
    return f;
}

/* One started thread, written by that thread, read by whoever writes the file. */
struct record {
    _Atomic uint64_t start_ns, end_ns, longest_ns, cpu_wait_ns;
};
static struct record records[MAX_THREADS];
static atomic_ulong threads_created, threads_started, live_now, live_max;
static atomic_int out_fd = -1;
static atomic_bool enabled, exited, write_busy, write_pending;
static atomic_int init_state; /* SETUP_* below */

struct held {
    const volatile void *lock;
    uint64_t since;
    bool shared;
};
/* The thread's own state: rec is NULL unless it is a worker being recorded. */
struct tstate {
    struct record *rec;
    struct record spare; /* the record of a thread beyond MAX_THREADS (not listed) */
    uint64_t longest;
    uint64_t cpu_wait_at_start;
    unsigned nheld;
    struct held held[MAX_HELD];
};
static _Thread_local struct tstate me __attribute__((tls_model("initial-exec")));

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* How long this thread has been ready to run but waiting for a CPU (the
 * kernel's run_delay, /proc/thread-self/schedstat), 0 when unknown. open and
 * read are cancellation points: none may act here. */
static uint64_t cpu_wait_ns(void)
{
    char buf[96];
    int cancel_state, saved_errno = errno;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel_state);
    int fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    pthread_setcancelstate(cancel_state, NULL);
    errno = saved_errno;
    uint64_t v = 0;
    if (n > 0) {
        buf[n] = '\0';
        if (sscanf(buf, "%*u %" SCNu64, &v) != 1) /* "CPU_TIME RUN_DELAY SLICES" */
            v = 0;
    }
    return v;
}

static void note_acquire(const volatile void *lock, uint64_t since, bool shared)
{
    if (me.nheld < MAX_HELD)
        me.held[me.nheld++] = (struct held){lock, since, shared};
}

/* The innermost hold of lock ends at t; false when it was not tracked. */
static bool note_release(const volatile void *lock, uint64_t t)
{
    for (unsigned i = me.nheld; i-- > 0;) {
        if (me.held[i].lock != lock)
            continue;
        uint64_t hold = t - me.held[i].since;
        if (!me.held[i].shared && hold > me.longest) {
            me.longest = hold;
            atomic_store_explicit(&me.rec->longest_ns, hold, memory_order_relaxed);
        }
        memmove(&me.held[i], &me.held[i + 1], (me.nheld - i - 1) * sizeof me.held[0]);
        me.nheld--;
        return true;
    }
    return false;
}

/* --- the file ------------------------------------------------------------------------------ */

/* The whole file into buf (FILE_CAP bytes), then to the file. Not a hot
 * path: threads' ends and exit only. */
static void write_now(char *buf)
{
    int fd = atomic_load_explicit(&out_fd, memory_order_relaxed);
    if (fd < 0)
        return;
    uint64_t t = now_ns();
    unsigned long started = atomic_load(&threads_started);
    int n = snprintf(buf, FILE_CAP, "threads %lu\nmax_live %lu\nstate %s\n",
                     atomic_load(&threads_created), atomic_load(&live_max),
                     atomic_load(&exited) ? "exit" : "run");
    for (unsigned long i = 0; i < started && i < MAX_THREADS; i++) {
        uint64_t start = atomic_load_explicit(&records[i].start_ns, memory_order_relaxed);
        uint64_t end = atomic_load_explicit(&records[i].end_ns, memory_order_acquire);
        uint64_t hold = atomic_load_explicit(&records[i].longest_ns, memory_order_relaxed);
        uint64_t waited = atomic_load_explicit(&records[i].cpu_wait_ns, memory_order_relaxed);
        n += snprintf(buf + n, FILE_CAP - (size_t)n,
                      "thread %lu %" PRIu64 " %" PRIu64 " %" PRIu64 "%s\n", i,
                      !start ? 0
                      : end  ? end - start
                             : t - start,
                      hold, end ? waited : 0, end ? "" : " running");
    }
    n += snprintf(buf + n, FILE_CAP - (size_t)n, "end\n");
    if (pwrite(fd, buf, (size_t)n, 0) != n)
        return; /* nothing better to do: the harness then reports a broken file */
    if (ftruncate(fd, n) < 0)
        return;
}

/* Write the file, or leave it to the writer at work. At exit, wait for that
 * writer a little and then write anyway (it may be this very thread,
 * interrupted by a signal handler that called exit). */
static void publish_now(bool at_exit)
{
    static char bufs[2][FILE_CAP];
    if (at_exit)
        atomic_store(&exited, true);
    atomic_store(&write_pending, true);
    for (int tries = 0;;) {
        if (atomic_exchange(&write_busy, true)) {
            if (!at_exit)
                return;
            if (++tries < 10000) {
                sched_yield();
                continue;
            }
            write_now(bufs[1]);
            return;
        }
        while (atomic_exchange(&write_pending, false))
            write_now(bufs[0]);
        atomic_store(&write_busy, false);
        if (!atomic_load(&write_pending))
            return;
    }
}

/* pwrite is a cancellation point: a thread ending with a cancellation request
 * pending must not be unwound from the middle of the write. */
static void publish(bool at_exit)
{
    if (atomic_load_explicit(&out_fd, memory_order_relaxed) < 0)
        return;
    int saved_errno = errno, cancel_state;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel_state);
    publish_now(at_exit);
    pthread_setcancelstate(cancel_state, NULL);
    errno = saved_errno;
}

/* A forked child keeps running this library but must not write the parent's file. */
static void in_child(void)
{
    int fd = atomic_exchange(&out_fd, -1);
    if (fd >= 0)
        close(fd);
    atomic_store(&enabled, false);
}

/* Start recording if RACELAB_PROBE_FILE names a file that can be written. */
static void probe_decide(void)
{
    const char *path = getenv("RACELAB_PROBE_FILE");
    int fd = -1, saved_errno = errno;
    if (path && *path)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    unsetenv("RACELAB_PROBE_FILE");
    errno = saved_errno;
    if (fd < 0) {
        atomic_store(&enabled, false);
        return;
    }
    atomic_store(&out_fd, fd);
    pthread_atfork(NULL, NULL, in_child);
    atomic_store(&enabled, true);
    publish(false);
}

/* Runs once, before the first thread made by pthread_create exists (the first
 * such call comes here first), so getenv and unsetenv are safe. Returns the
 * state reached: SETUP_DONE, or SETUP_PROVISIONAL when there is no
 * environment yet (a thread started from .preinit_array, before libc's own
 * initialisation): threads are then recorded in case, and the constructor
 * decides. */
enum { SETUP_NONE, SETUP_RUNNING, SETUP_DONE, SETUP_PROVISIONAL };
static int probe_setup(void)
{
    extern char **environ;
    for (int i = 0; i < R__COUNT; i++)
        real((enum real_id)i);
    if (!environ) {
        atomic_store(&enabled, true);
        return SETUP_PROVISIONAL;
    }
    probe_decide();
    return SETUP_DONE;
}

static void ensure_setup(void)
{
    if (atomic_load_explicit(&init_state, memory_order_acquire) >= SETUP_DONE)
        return;
    int expected = SETUP_NONE;
    if (atomic_compare_exchange_strong(&init_state, &expected, SETUP_RUNNING)) {
        atomic_store_explicit(&init_state, probe_setup(), memory_order_release);
        return;
    }
    while (atomic_load_explicit(&init_state, memory_order_acquire) == SETUP_RUNNING)
        sched_yield();
}

/* libc is initialised before this library (which depends on it): the environment is there. */
__attribute__((constructor)) static void probe_init(void)
{
    ensure_setup();
    int provisional = SETUP_PROVISIONAL;
    if (atomic_compare_exchange_strong(&init_state, &provisional, SETUP_DONE))
        probe_decide();
}

__attribute__((destructor)) static void probe_fini(void)
{
    publish(true);
}

/* --- threads ------------------------------------------------------------------------------- */

struct start {
    void *(*fn)(void *);
    void *arg;
};

/* The cleanup handler: runs on return, pthread_exit and cancellation. */
static void thread_end(void *unused)
{
    (void)unused;
    uint64_t t = now_ns();
    while (me.nheld) /* a lock still held ends its hold with the thread */
        note_release(me.held[me.nheld - 1].lock, t);
    struct record *r = me.rec;
    me.rec = NULL;
    uint64_t waited = cpu_wait_ns();
    waited = waited > me.cpu_wait_at_start ? waited - me.cpu_wait_at_start : 0;
    atomic_store_explicit(&r->cpu_wait_ns, waited, memory_order_relaxed);
    atomic_store_explicit(&r->end_ns, t, memory_order_release);
    atomic_fetch_sub(&live_now, 1);
    publish(false);
}

static void *thread_main(void *p)
{
    struct start s = *(struct start *)p;
    free(p);
    unsigned long slot = atomic_fetch_add(&threads_started, 1);
    me.rec = slot < MAX_THREADS ? &records[slot] : &me.spare;
    me.nheld = 0;
    me.longest = 0;
    me.cpu_wait_at_start = cpu_wait_ns();
    atomic_store_explicit(&me.rec->start_ns, now_ns(), memory_order_relaxed);
    unsigned long live = atomic_fetch_add(&live_now, 1) + 1;
    unsigned long max = atomic_load(&live_max);
    while (live > max && !atomic_compare_exchange_weak(&live_max, &max, live))
        ;
    void *ret;
    pthread_cleanup_push(thread_end, NULL);
    ret = s.fn(s.arg);
    pthread_cleanup_pop(1);
    return ret;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    ensure_setup();
    create_fn create = (create_fn)real(R_pthread_create);
    if (!atomic_load_explicit(&enabled, memory_order_relaxed))
        return create(thread, attr, fn, arg);
    struct start *s = malloc(sizeof *s);
    if (!s)
        return EAGAIN;
    *s = (struct start){fn, arg};
    atomic_fetch_add(&threads_created, 1);
    int rc = create(thread, attr, thread_main, s);
    if (rc != 0) {
        atomic_fetch_sub(&threads_created, 1);
        free(s);
    }
    return rc;
}

/* A barrier is a start line: classroom programs create their threads and
 * release them together through one, so that they race. The time a thread
 * waits there for the others to be created is not its work: its life, for
 * the lock rule, starts again when the barrier lets it through (the last
 * one, if several). A thread whose whole body after the barrier is one lock
 * then shows the 100% it is, however long thread creation took. */
int pthread_barrier_wait(pthread_barrier_t *barrier)
{
    int rc = ((int (*)(pthread_barrier_t *))real(R_pthread_barrier_wait))(barrier);
    if (me.rec && me.nheld == 0) {
        me.cpu_wait_at_start = cpu_wait_ns();
        atomic_store_explicit(&me.rec->start_ns, now_ns(), memory_order_relaxed);
    }
    return rc;
}

/* --- locks --------------------------------------------------------------------------------- */

/* EOWNERDEAD: a robust mutex acquired from a dead owner is held all the same. */
#define ACQUIRED(rc) ((rc) == 0 || (rc) == EOWNERDEAD)

/* name's wrapper, given its parameter list (the lock is `lock`) and its
 * arguments: the real call, and the bookkeeping around it for a worker. */
#define REAL_CALL(name, params, args) ((int(*) params)real(R_##name)) args
#define LOCK_WRAPPER(name, shared, params, args)                                                   \
    int name params                                                                                \
    {                                                                                              \
        if (!me.rec)                                                                               \
            return REAL_CALL(name, params, args);                                                  \
        uint64_t since = now_ns();                                                                 \
        int rc = REAL_CALL(name, params, args);                                                    \
        if (ACQUIRED(rc))                                                                          \
            note_acquire(lock, since, shared);                                                     \
        return rc;                                                                                 \
    }
#define UNLOCK_WRAPPER(name, type)                                                                 \
    int name(type *lock)                                                                           \
    {                                                                                              \
        if (me.rec)                                                                                \
            note_release(lock, now_ns());                                                          \
        return REAL_CALL(name, (type * lock), (lock));                                             \
    }
/* A condition wait releases the mutex: the hold ends there and a new one
 * starts on return (the mutex is held again, whatever the result). */
#define WAIT_WRAPPER(name, params, args)                                                           \
    int name params                                                                                \
    {                                                                                              \
        if (!me.rec)                                                                               \
            return REAL_CALL(name, params, args);                                                  \
        bool held = note_release(lock, now_ns());                                                  \
        int rc = REAL_CALL(name, params, args);                                                    \
        if (held)                                                                                  \
            note_acquire(lock, now_ns(), false);                                                   \
        return rc;                                                                                 \
    }

LOCK_WRAPPER(pthread_mutex_lock, false, (pthread_mutex_t * lock), (lock))
LOCK_WRAPPER(pthread_mutex_trylock, false, (pthread_mutex_t * lock), (lock))
LOCK_WRAPPER(pthread_mutex_timedlock, false, (pthread_mutex_t * lock, const struct timespec *t),
             (lock, t))
UNLOCK_WRAPPER(pthread_mutex_unlock, pthread_mutex_t)
LOCK_WRAPPER(pthread_spin_lock, false, (pthread_spinlock_t * lock), (lock))
LOCK_WRAPPER(pthread_spin_trylock, false, (pthread_spinlock_t * lock), (lock))
UNLOCK_WRAPPER(pthread_spin_unlock, pthread_spinlock_t)
LOCK_WRAPPER(pthread_rwlock_wrlock, false, (pthread_rwlock_t * lock), (lock))
LOCK_WRAPPER(pthread_rwlock_rdlock, true, (pthread_rwlock_t * lock), (lock))
UNLOCK_WRAPPER(pthread_rwlock_unlock, pthread_rwlock_t)
WAIT_WRAPPER(pthread_cond_wait, (pthread_cond_t * c, pthread_mutex_t *lock), (c, lock))
WAIT_WRAPPER(pthread_cond_timedwait,
             (pthread_cond_t * c, pthread_mutex_t *lock, const struct timespec *t), (c, lock, t))
