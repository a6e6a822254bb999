/* c11_threads.c: C11 <threads.h> built from pthread calls that the detectors see.
 *
 * glibc implements thrd_create, mtx_lock, cnd_wait ... inside libc, where they
 * call libc's internal pthread functions, so:
 *   - TSan, which intercepts pthread_* by symbol, never sees those calls: a
 *     thread made by thrd_create runs instrumented code without TSan's thread
 *     state (SEGV in the runtime), and mtx_lock orders nothing for it;
 *   - DRD's pthread_create wrapper does see libc's internal call, but glibc
 *     passes it a marker ((void *)-1) where the attribute pointer goes, which
 *     the wrapper reads: SIGSEGV;
 *   - thread_count.c never counted those threads.
 * Defined here, in the executable, these come before libc's for every caller,
 * and each is the pthread call it stands for: TSan intercepts it (the TSan
 * build of this file is instrumented, so a plain call reaches the
 * interceptor), Valgrind wraps it, and thrd_create calls pthread_create,
 * which in the executable is thread_count.c's counting definition.
 *
 * glibc's mtx_t, cnd_t and once_flag have the size and alignment of
 * pthread_mutex_t, pthread_cond_t and pthread_once_t (checked below), and
 * libc's own functions use them as those, so a pointer to one is passed as a
 * pointer to the other; thrd_t is pthread_t. tss_* are left to libc: thread-
 * specific storage orders nothing between threads, so no tool misses them.
 *
 * Results are C11's, function by function: thrd_success, or the one failure
 * C11 names for that call (thrd_busy, thrd_timedout, thrd_nomem), or
 * thrd_error for any other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>

_Static_assert(sizeof(thrd_t) == sizeof(pthread_t), "thrd_t is not pthread_t");
_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t) &&
                   _Alignof(mtx_t) >= _Alignof(pthread_mutex_t),
               "mtx_t is not laid out as pthread_mutex_t");
_Static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t) &&
                   _Alignof(cnd_t) >= _Alignof(pthread_cond_t),
               "cnd_t is not laid out as pthread_cond_t");
/* ... and ONCE_FLAG_INIT ({ 0 }) is PTHREAD_ONCE_INIT (0). */
_Static_assert(sizeof(once_flag) == sizeof(pthread_once_t) &&
                   _Alignof(once_flag) >= _Alignof(pthread_once_t),
               "once_flag is not laid out as pthread_once_t");

#ifdef RACELAB_SHIM_TSAN
/* TSan's pthread_once interceptor orders the init function before every
 * return from pthread_once: nothing to add. */
#define ONCE_DONE(flag) ((void)(flag))
#define ONCE_SEEN(flag) ((void)(flag))
#else
#include <valgrind/helgrind.h>
/* Helgrind does not know pthread_once (DRD wraps it): a value the init
 * function wrote would race with every other caller's read of it. A
 * happens-before edge on the flag, from the end of the init function to each
 * caller's return, tells it (DRD ignores this Helgrind request). */
#define ONCE_DONE(flag) ANNOTATE_HAPPENS_BEFORE(flag)
#define ONCE_SEEN(flag) ANNOTATE_HAPPENS_AFTER(flag)
#endif

/* --- threads ------------------------------------------------------------------------------- */

/* A C11 start function returns int, a pthread one void *: the new thread
 * runs this trampoline, which carries the int in the pointer (and thrd_exit
 * does the same), so that thrd_join gets it back. */
struct c11_start {
    thrd_start_t func;
    void *arg;
};

static void *c11_thread_main(void *p)
{
    struct c11_start start = *(struct c11_start *)p;
    free(p);
    return (void *)(intptr_t)start.func(start.arg);
}

int thrd_create(thrd_t *thr, thrd_start_t func, void *arg)
{
    struct c11_start *start = malloc(sizeof *start);
    if (!start)
        return thrd_nomem;
    start->func = func;
    start->arg = arg;
    /* thread_count.c's pthread_create: counted, then made by the real one.
     * EAGAIN (out of memory or at a thread limit: pthread_create does not
     * say which) is thrd_error, as glibc's own thrd_create makes it. */
    int rc = pthread_create(thr, NULL, c11_thread_main, start);
    if (rc != 0) {
        free(start);
        return rc == ENOMEM ? thrd_nomem : thrd_error;
    }
    return thrd_success;
}

void thrd_exit(int res)
{
    pthread_exit((void *)(intptr_t)res);
}

int thrd_join(thrd_t thr, int *res)
{
    void *value;
    if (pthread_join(thr, &value) != 0)
        return thrd_error;
    if (res)
        *res = (int)(intptr_t)value;
    return thrd_success;
}

int thrd_detach(thrd_t thr)
{
    return pthread_detach(thr) == 0 ? thrd_success : thrd_error;
}

thrd_t thrd_current(void)
{
    return pthread_self();
}

int thrd_equal(thrd_t lhs, thrd_t rhs)
{
    return pthread_equal(lhs, rhs);
}

void thrd_yield(void)
{
    sched_yield();
}

/* C11: 0 after the whole sleep, -1 when a signal cut it short, another
 * negative value on failure. TIME_UTC is CLOCK_REALTIME. */
int thrd_sleep(const struct timespec *duration, struct timespec *remaining)
{
    int rc = clock_nanosleep(CLOCK_REALTIME, 0, duration, remaining);
    return rc == 0 ? 0 : rc == EINTR ? -1 : -2;
}

/* --- mutexes ------------------------------------------------------------------------------- */

/* A type C11 does not list is undefined behaviour; glibc's mtx_init makes a
 * plain mutex of it, and so does this one: the shim changes what the tools
 * see, never what the program does. */
int mtx_init(mtx_t *mtx, int type)
{
    int kind = type == (mtx_plain | mtx_recursive) || type == (mtx_timed | mtx_recursive)
                   ? PTHREAD_MUTEX_RECURSIVE
                   : PTHREAD_MUTEX_DEFAULT;
    pthread_mutexattr_t attr;
    if (pthread_mutexattr_init(&attr) != 0)
        return thrd_error;
    int rc = pthread_mutexattr_settype(&attr, kind);
    if (rc == 0)
        rc = pthread_mutex_init((pthread_mutex_t *)mtx, &attr);
    pthread_mutexattr_destroy(&attr);
    return rc == 0 ? thrd_success : thrd_error;
}

int mtx_lock(mtx_t *mtx)
{
    return pthread_mutex_lock((pthread_mutex_t *)mtx) == 0 ? thrd_success : thrd_error;
}

int mtx_timedlock(mtx_t *restrict mtx, const struct timespec *restrict deadline)
{
    int rc = pthread_mutex_timedlock((pthread_mutex_t *)mtx, deadline);
    return rc == 0 ? thrd_success : rc == ETIMEDOUT ? thrd_timedout : thrd_error;
}

int mtx_trylock(mtx_t *mtx)
{
    int rc = pthread_mutex_trylock((pthread_mutex_t *)mtx);
    return rc == 0 ? thrd_success : rc == EBUSY ? thrd_busy : thrd_error;
}

int mtx_unlock(mtx_t *mtx)
{
    return pthread_mutex_unlock((pthread_mutex_t *)mtx) == 0 ? thrd_success : thrd_error;
}

void mtx_destroy(mtx_t *mtx)
{
    pthread_mutex_destroy((pthread_mutex_t *)mtx);
}

/* --- condition variables ------------------------------------------------------------------- */

int cnd_init(cnd_t *cnd)
{
    int rc = pthread_cond_init((pthread_cond_t *)cnd, NULL);
    return rc == 0 ? thrd_success : rc == ENOMEM ? thrd_nomem : thrd_error;
}

int cnd_signal(cnd_t *cnd)
{
    return pthread_cond_signal((pthread_cond_t *)cnd) == 0 ? thrd_success : thrd_error;
}

int cnd_broadcast(cnd_t *cnd)
{
    return pthread_cond_broadcast((pthread_cond_t *)cnd) == 0 ? thrd_success : thrd_error;
}

int cnd_wait(cnd_t *cnd, mtx_t *mtx)
{
    return pthread_cond_wait((pthread_cond_t *)cnd, (pthread_mutex_t *)mtx) == 0 ? thrd_success
                                                                                 : thrd_error;
}

int cnd_timedwait(cnd_t *restrict cnd, mtx_t *restrict mtx,
                  const struct timespec *restrict deadline)
{
    int rc = pthread_cond_timedwait((pthread_cond_t *)cnd, (pthread_mutex_t *)mtx, deadline);
    return rc == 0 ? thrd_success : rc == ETIMEDOUT ? thrd_timedout : thrd_error;
}

void cnd_destroy(cnd_t *cnd)
{
    pthread_cond_destroy((pthread_cond_t *)cnd);
}

/* --- call_once ----------------------------------------------------------------------------- */

/* pthread_once's init function takes no argument, so the call being served
 * is found through the calling thread (pthread_once runs the function in the
 * thread that called it); `outer` keeps a call_once made from inside another
 * one's function. */
struct once_call {
    once_flag *flag;
    void (*func)(void);
};
static _Thread_local struct once_call *current_once;

static void once_trampoline(void)
{
    struct once_call *call = current_once;
    call->func();
    ONCE_DONE(call->flag);
}

void call_once(once_flag *flag, void (*func)(void))
{
    struct once_call call = {flag, func}, *outer = current_once;
    current_once = &call;
    pthread_once((pthread_once_t *)flag, once_trampoline);
    current_once = outer;
    ONCE_SEEN(flag);
}
