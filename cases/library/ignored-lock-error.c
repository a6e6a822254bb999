/* racelab-case
 * title: Ignored pthread error codes: a failed re-lock that unlocks the caller
 * bug: `deposit()` locks the account's error-checking mutex and calls the
 *   helper `audit()`, which locks it again. An ERRORCHECK mutex does not hang
 *   on the re-lock: `pthread_mutex_lock` fails with EDEADLK. Nobody checks,
 *   so `audit()` goes on and its `pthread_mutex_unlock` succeeds: it releases
 *   the lock its caller still counts on. The rest of `deposit()` runs
 *   unlocked, another thread's deposit slips in, and one deposit is lost (the
 *   final unlock then fails with EPERM, ignored as well). The error codes
 *   that would have reported the mistake at once were thrown away.
 * fix: Check the result of every pthread call (abort, or handle it) so the
 *   first EDEADLK stops the program where the mistake is; then remove the
 *   mistake: `audit_locked()` requires the caller to hold the lock and takes
 *   no lock itself.
 * hint: `audit()` locks `a->lock`, which `deposit()` already holds, and the
 *   mutex is ERRORCHECK. What does that `rl_mutex_lock` return, and who looks
 *   at it?
 * hint: Check the result of every pthread call, and never lock a lock you
 *   already hold: a helper called with the lock held requires it instead of
 *   taking it.
 * hint: Replace `audit()` with `audit_locked()`, declared `REQUIRES(a->lock)`,
 *   which only does `a->audits++`, and check each pthread call's result (a
 *   `must(rc, what)` that aborts). In `second()`, signal `resume` before
 *   calling `deposit()`: the first deposit now keeps the lock while it pauses.
 * task: Two threads deposit `amount1` and `amount2` into one account, each
 *   deposit audited by the helper `audit()`. The final balance misses one of
 *   the deposits, and nothing in the output says what went wrong. Make both
 *   deposits count, each thread still making its own.
 * rust: rustc allows it with a warning: `Mutex::lock()` returns a
 *   `LockResult`, which is `#[must_use]`, so a statement `m.lock();` that
 *   ignores it only warns; the guard inside the ignored result is dropped at
 *   once, so what follows runs unlocked. std's mutex has no error-checking
 *   mode: the re-lock itself would deadlock in Rust, not fail.
 * tsan: data-race, unlock-unowned, wrong-result
 * helgrind: data-race, double-lock, unlock-unowned, api-error, wrong-result
 * drd: data-race, double-lock, unlock-unowned, wrong-result
 * tsa: double-lock
 * analyzer: double-lock
 * tidy: clean: no clang-tidy check run here looks at whether the result of a
 *   pthread call is checked, or at which locks a function takes.
 * cppcheck: clean: cppcheck's POSIX library does not ask for
 *   pthread_mutex_lock's result to be used, and it does not follow locks.
 * param: amount1 100 1..1000000
 * param: amount2 200 1..1000000
 * oracle: stdout "balance = {amount1+amount2} after 2 audited deposits"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

/* In C a field's GUARDED_BY cannot name the lock beside it (clang 14 refuses
 * it; clang 19 parses it but misreads every access: docs/toolchains.md): the
 * analysis checks who holds `lock` (EXCLUDES below), not the fields. */
struct account {
    rl_mutex lock; /* PTHREAD_MUTEX_ERRORCHECK */
    long balance;  /* guarded by lock */
    int audits;    /* guarded by lock */
};

static struct account *the_account;
static long amount[2]; /* what each thread deposits: the `amount1` and `amount2` parameters */

/* Test device: the first deposit pauses after audit() until the second
 * deposit is complete. It orders in time only; no detector sees it. */
static struct rl_handshake paused, resume;

static void pause_point(int depositor)
{
    if (depositor == 0) {
        rl_handshake_signal(&paused);
        rl_handshake_wait(&resume);
    }
}

/* Records an operation in the audit log. It takes the lock itself, so its
 * caller must not hold it. */
static void audit(struct account *a) EXCLUDES(a->lock)
{
    rl_mutex_lock(&a->lock); /* BUG: EDEADLK, the caller holds it; ignored */
    a->audits++;
    rl_mutex_unlock(&a->lock); /* BUG: succeeds: releases the caller's lock */
}

static void deposit(struct account *a, long amount, int depositor) EXCLUDES(a->lock)
{
    rl_mutex_lock(&a->lock);
    long balance = a->balance;
    audit(a); /* BUG: with the lock held: audit() locks it again */
    pause_point(depositor);
    a->balance = balance + amount; /* no longer under the lock */
    rl_mutex_unlock(&a->lock);     /* BUG: EPERM, not locked any more; ignored */
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
    deposit(the_account, amount[1], 1);
    rl_handshake_signal(&resume);
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
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    rl_mutex_init(&the_account->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    rl_handshake_init(&paused);
    rl_handshake_init(&resume);
    pthread_create(&t1, NULL, first, NULL);
    pthread_create(&t2, NULL, second, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    rl_handshake_destroy(&paused);
    rl_handshake_destroy(&resume);
    printf("balance = %ld after %d audited deposits\n", the_account->balance, the_account->audits);
    rl_mutex_destroy(&the_account->lock);
    free(the_account);
    return 0;
}
