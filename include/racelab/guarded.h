/* racelab/guarded.h: pthread locks as Clang thread-safety capabilities.
 *
 * Rust ties a lock to the data it protects (`Mutex<T>`), so touching the
 * data without the lock does not compile. C cannot, but Clang's thread-safety
 * analysis (-Wthread-safety, -Wthread-safety-beta) gets part of the way when
 * the discipline is written down:
 *
 *     static rl_mutex lock = RL_MUTEX_INITIALIZER;
 *     static long balance GUARDED_BY(lock);
 *
 *     static void deposit(long n) EXCLUDES(lock)
 *     {
 *         rl_mutex_lock(&lock);
 *         balance += n;          // fine: `lock` is held
 *         rl_mutex_unlock(&lock);
 *     }
 *
 * and `balance += n` without the lock is a compile-time warning. What the
 * analysis does not know: threads (it checks each function alone, by the
 * annotations on what it calls), atomics, condition-variable predicates,
 * OpenMP, and any lock it cannot name (a lock chosen at run time, a lock
 * taken in one function and released in another without ACQUIRE/RELEASE on
 * them). See https://clang.llvm.org/docs/ThreadSafetyAnalysis.html.
 *
 * Under gcc (or any compiler without the analysis) the annotations compile to
 * nothing and the wrappers are plain calls into pthreads; each wrapper
 * returns the pthread function's result unchanged, so error handling is the
 * caller's as before. The wrappers themselves are exempt from the analysis
 * (they are where the annotations are true by construction), and racelab
 * reports name the caller's line, never a line of this file. */
#ifndef RACELAB_GUARDED_H
#define RACELAB_GUARDED_H

#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE) &&               \
    !defined(_DEFAULT_SOURCE)
#error                                                                                             \
    "racelab/guarded.h: #define _POSIX_C_SOURCE 200809L (or _GNU_SOURCE) before the first #include (for pthread_rwlock_t under -std=c17)"
#endif

#include <pthread.h>
#include <time.h>

#if defined(__clang__)
#define RL_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define RL_THREAD_ANNOTATION(x)
#endif

/* On a type: values of the type are locks ("mutex", "rwlock"). */
#define CAPABILITY(name) RL_THREAD_ANNOTATION(capability(name))
/* On a variable or field: reading needs the lock held (shared suffices),
 * writing needs it held exclusively. */
#define GUARDED_BY(lock) RL_THREAD_ANNOTATION(guarded_by(lock))
/* On a pointer: the same, for the data it points to. */
#define PT_GUARDED_BY(lock) RL_THREAD_ANNOTATION(pt_guarded_by(lock))
/* On a lock: the order in which locks must be taken (-Wthread-safety-beta). */
#define ACQUIRED_BEFORE(...) RL_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...)  RL_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
/* On a function: the caller must hold the lock (exclusively / shared). */
#define REQUIRES(...)        RL_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) RL_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
/* On a function: it takes / releases the lock and returns with it held / not held. */
#define ACQUIRE(...)         RL_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...)  RL_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...)         RL_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...)  RL_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) RL_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
/* On a function: it takes the lock when it returns `result`. */
#define TRY_ACQUIRE(...) RL_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
/* On a function: the caller must not hold the lock (the function takes it). */
#define EXCLUDES(...) RL_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
/* On a function: the analysis is told the lock is held from here on. */
#define ASSERT_CAPABILITY(lock) RL_THREAD_ANNOTATION(assert_capability(lock))
/* On a function: it returns (a pointer to) this lock. */
#define RETURN_CAPABILITY(lock) RL_THREAD_ANNOTATION(lock_returned(lock))
/* On a function: do not analyse its body. Every use is a hole in the proof:
 * say why beside it. */
#define NO_THREAD_SAFETY_ANALYSIS RL_THREAD_ANNOTATION(no_thread_safety_analysis)

/* ---- mutexes ------------------------------------------------------------ */

typedef struct CAPABILITY("mutex") rl_mutex {
    pthread_mutex_t impl;
} rl_mutex;

#define RL_MUTEX_INITIALIZER                                                                       \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER                                                                  \
    }

static inline int rl_mutex_init(rl_mutex *m, const pthread_mutexattr_t *attr);
/* Destroying a lock the caller holds is a bug the analysis can see. */
static inline int rl_mutex_destroy(rl_mutex *m) EXCLUDES(m);
static inline int rl_mutex_lock(rl_mutex *m) ACQUIRE(m);
static inline int rl_mutex_trylock(rl_mutex *m) TRY_ACQUIRE(0, m);
static inline int rl_mutex_unlock(rl_mutex *m) RELEASE(m);

static inline int rl_mutex_init(rl_mutex *m, const pthread_mutexattr_t *attr)
{
    return pthread_mutex_init(&m->impl, attr);
}

static inline int rl_mutex_destroy(rl_mutex *m)
{
    return pthread_mutex_destroy(&m->impl);
}

static inline int rl_mutex_lock(rl_mutex *m) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_mutex_lock(&m->impl);
}

static inline int rl_mutex_trylock(rl_mutex *m) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_mutex_trylock(&m->impl);
}

static inline int rl_mutex_unlock(rl_mutex *m) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_mutex_unlock(&m->impl);
}

/* ---- condition variables ------------------------------------------------ */

/* A condition variable stays a pthread_cond_t (signal and broadcast need no
 * lock); waiting needs its mutex held, which the analysis checks. It cannot
 * check that every waiter uses the same mutex, nor the `while` around the
 * wait. */
static inline int rl_cond_wait(pthread_cond_t *cv, rl_mutex *m) REQUIRES(m);
static inline int rl_cond_timedwait(pthread_cond_t *cv, rl_mutex *m, const struct timespec *abstime)
    REQUIRES(m);

static inline int rl_cond_wait(pthread_cond_t *cv, rl_mutex *m)
{
    return pthread_cond_wait(cv, &m->impl);
}

static inline int rl_cond_timedwait(pthread_cond_t *cv, rl_mutex *m, const struct timespec *abstime)
{
    return pthread_cond_timedwait(cv, &m->impl, abstime);
}

/* ---- reader/writer locks ------------------------------------------------ */

typedef struct CAPABILITY("rwlock") rl_rwlock {
    pthread_rwlock_t impl;
} rl_rwlock;

#define RL_RWLOCK_INITIALIZER                                                                      \
    {                                                                                              \
        PTHREAD_RWLOCK_INITIALIZER                                                                 \
    }

static inline int rl_rwlock_init(rl_rwlock *l, const pthread_rwlockattr_t *attr);
static inline int rl_rwlock_destroy(rl_rwlock *l) EXCLUDES(l);
static inline int rl_rwlock_rdlock(rl_rwlock *l) ACQUIRE_SHARED(l);
static inline int rl_rwlock_wrlock(rl_rwlock *l) ACQUIRE(l);
/* One unlock for both modes, as in pthreads. */
static inline int rl_rwlock_unlock(rl_rwlock *l) RELEASE_GENERIC(l);

static inline int rl_rwlock_init(rl_rwlock *l, const pthread_rwlockattr_t *attr)
{
    return pthread_rwlock_init(&l->impl, attr);
}

static inline int rl_rwlock_destroy(rl_rwlock *l)
{
    return pthread_rwlock_destroy(&l->impl);
}

static inline int rl_rwlock_rdlock(rl_rwlock *l) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_rwlock_rdlock(&l->impl);
}

static inline int rl_rwlock_wrlock(rl_rwlock *l) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_rwlock_wrlock(&l->impl);
}

static inline int rl_rwlock_unlock(rl_rwlock *l) NO_THREAD_SAFETY_ANALYSIS
{
    return pthread_rwlock_unlock(&l->impl);
}

#endif
