/* racelab-case
 * title: Ignored pthread error codes: a failed re-lock that unlocks the caller
 * discipline: Every pthread call's result is checked, and an unexpected error
 *   stops the program where it happened (`must()`), so a re-lock could not go
 *   unnoticed. The re-lock itself is gone: `audit_locked()` documents that its
 *   caller holds the lock and takes no lock, so `deposit()` keeps the lock
 *   from its read of the balance to its write.
 * rust: `let mut acct = account.lock().unwrap();` (the `LockResult` handled),
 *   and the helper takes `&mut Account` from the guard instead of locking.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: amount1 100 1..1000000
 * param: amount2 200 1..1000000
 * oracle: stdout "balance = {amount1+amount2} after 2 audited deposits"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

/* In C a field's GUARDED_BY cannot name the lock beside it (clang 14 refuses
 * it; clang 19 parses it but misreads every access: docs/toolchains.md): the
 * analysis checks who holds `lock` (REQUIRES, EXCLUDES below), not the fields. */
struct account {
    rl_mutex lock; /* PTHREAD_MUTEX_ERRORCHECK */
    long balance;  /* guarded by lock */
    int audits;    /* guarded by lock */
};

static struct account *the_account;
static long amount[2]; /* what each thread deposits: the `amount1` and `amount2` parameters */

/* The same interleaving as the buggy version: the first deposit pauses after
 * audit_locked() until the second deposit is complete (here the second one
 * waits for the lock instead). */
static struct rl_handshake paused, resume;

static void pause_point(int depositor)
{
    if (depositor == 0) {
        rl_handshake_signal(&paused);
        rl_handshake_wait(&resume);
    }
}

/* FIX: a pthread call that fails stops the program, naming the call. */
static void must(int rc, const char *what)
{
    if (rc != 0) {
        errno = rc; /* %m prints it; strerror is not thread-safe */
        fprintf(stderr, "%s: %m\n", what);
        abort();
    }
}

/* Records an operation in the audit log. The caller must hold a->lock. */
static void audit_locked(struct account *a) REQUIRES(a->lock)
{
    a->audits++; /* FIX: no second lock; the caller's lock covers this */
}

static void deposit(struct account *a, long amount, int depositor) EXCLUDES(a->lock)
{
    must(rl_mutex_lock(&a->lock), "pthread_mutex_lock");
    long balance = a->balance;
    audit_locked(a);
    pause_point(depositor);
    a->balance = balance + amount; /* still under the lock */
    must(rl_mutex_unlock(&a->lock), "pthread_mutex_unlock");
}

static void *first(void *arg)
{
    (void)arg;
    deposit(the_account, amount[0], 0);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    rl_handshake_wait(&paused);
    rl_handshake_signal(&resume); /* let the first finish: it holds the lock */
    deposit(the_account, amount[1], 1);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_mutexattr_t attr;
    amount[0] = rl_param("amount1", 100);
    amount[1] = rl_param("amount2", 200);
    the_account = calloc(1, sizeof *the_account);
    if (!the_account)
        return 1;
    must(pthread_mutexattr_init(&attr), "pthread_mutexattr_init");
    must(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK), "pthread_mutexattr_settype");
    must(rl_mutex_init(&the_account->lock, &attr), "pthread_mutex_init");
    must(pthread_mutexattr_destroy(&attr), "pthread_mutexattr_destroy");
    rl_handshake_init(&paused);
    rl_handshake_init(&resume);
    must(pthread_create(&t1, NULL, first, NULL), "pthread_create");
    must(pthread_create(&t2, NULL, second, NULL), "pthread_create");
    must(pthread_join(t1, NULL), "pthread_join");
    must(pthread_join(t2, NULL), "pthread_join");
    rl_handshake_destroy(&paused);
    rl_handshake_destroy(&resume);
    printf("balance = %ld after %d audited deposits\n", the_account->balance, the_account->audits);
    must(rl_mutex_destroy(&the_account->lock), "pthread_mutex_destroy");
    free(the_account);
    return 0;
}
