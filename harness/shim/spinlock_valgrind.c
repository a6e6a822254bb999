/* spinlock_valgrind.c: pthread_spin_lock, for the Valgrind (and plain) build of the shim only.
 *
 * glibc's x86-64 pthread_spin_lock, when the lock is taken, spins until it
 * looks free and then retries by jumping back to its own first instruction.
 * Valgrind redirects that address to the tool's wrapper, so a thread that had
 * to wait enters the wrapper again from inside its first call: the inner call
 * takes the lock and tells the tool, then the outer one tells it again.
 * Helgrind then reports "Bug in libpthread: recursive write lock granted on
 * mutex/wrlock which does not support recursion" in a correct program (about
 * nine times per thread in a run of two threads doing 100,000 locked
 * increments each). DRD counts nested synchronisation calls per thread and
 * ignores the inner pair, so it is not fooled; this serves it all the same.
 *
 * Under Valgrind this definition, in the executable and so before libc's,
 * takes the lock with pthread_spin_trylock instead: the tools wrap it too,
 * and it is one compare-and-swap with no loop to re-enter. Between attempts
 * the thread yields, so the holder runs. Helgrind is told first of a blocking
 * lock, as its own wrapper would tell it, so that locking a spinlock the
 * thread already holds is still reported. Natively the next definition is
 * called, unchanged: libc's, or the concurrency probe's when it is preloaded
 * (it times each hold from the lock call, waiting included).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <valgrind/helgrind.h>

typedef int (*spin_lock_fn)(pthread_spinlock_t *);

/* Found on first use (a constructor may lock before ours would run); dlsym
 * always finds the same function, so two threads racing to fill this in
 * store the same value. */
static _Atomic(spin_lock_fn) next_spin_lock;

static spin_lock_fn find_next_spin_lock(void)
{
    spin_lock_fn next = atomic_load_explicit(&next_spin_lock, memory_order_relaxed);
    if (!next) {
        next = (spin_lock_fn)dlsym(RTLD_NEXT, "pthread_spin_lock");
        atomic_store_explicit(&next_spin_lock, next, memory_order_relaxed);
    }
    return next;
}

int pthread_spin_lock(pthread_spinlock_t *lock)
{
    if (!RUNNING_ON_VALGRIND) {
        spin_lock_fn next = find_next_spin_lock();
        if (next)
            return next(lock);
    }
    VALGRIND_DO_CLIENT_REQUEST_STMT(_VG_USERREQ__HG_PTHREAD_SPIN_LOCK_PRE, lock, 0 /* blocking */,
                                    0, 0, 0);
    int rc;
    while ((rc = pthread_spin_trylock(lock)) == EBUSY)
        sched_yield();
    return rc;
}
