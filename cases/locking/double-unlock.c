/* racelab-case
 * title: Double unlock on an error path
 * bug: `withdraw()` used to `return` right after unlocking when the balance is
 *   too low; someone gave the function a single exit and replaced the `return`
 *   with `ok = 0`, but left the unlock in place. On the rejected path the
 *   mutex is unlocked twice: the second unlock releases a mutex this thread no
 *   longer holds. That is undefined for a default mutex: glibc lets it pass
 *   silently, and if another thread held the lock at that moment its critical
 *   section would end behind its back. Here the rejected withdrawal runs when
 *   nobody else holds the lock, so the balance stays right, but every tool
 *   sees the second unlock. glibc's count of the mutex's users is now off by
 *   one, so the final `pthread_mutex_destroy` fails with EBUSY, which Helgrind
 *   reports as a failed pthread call. clang's `-Wthread-safety` reports the
 *   second unlock twice over: the lock is held on one path into it and not on
 *   the other, and on the rejected path it releases a lock not held.
 * fix: Exactly one unlock per lock on every path: remove the early unlock and
 *   let the common exit release the lock (or keep `return` after the unlock,
 *   or `goto out` to a single unlock).
 * hint: Follow the rejected path of `withdraw()` (balance too low): how many
 *   times does it unlock `acct_lock`?
 * hint: Every path through a critical section unlocks exactly once, the lock it
 *   took.
 * hint: Delete the `rl_mutex_unlock(&acct_lock)` inside `if (balance < amount)`
 *   and let the single unlock at the end of `withdraw()` release the lock on
 *   both paths.
 * task: Two customer threads, one after the other, withdraw 70% and then half
 *   of an account's opening `balance`; the second withdrawal is refused, as it
 *   should be, but the race detectors report a misuse of the account's lock. Make
 *   the program correct, with the two customers still two threads.
 * rust: rejected: the guard is dropped by hand on the early path and again at
 *   the common exit: E0382 (use of moved value). A guard can only be released
 *   once.
 * tsan: unlock-unowned
 * helgrind: unlock-unowned, api-error
 * drd: unlock-unowned
 * tsa: unlock-unowned, lock-held-at-exit
 * analyzer: unlock-unowned
 * tidy: clean: no clang-tidy check follows which locks a thread holds.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: balance 100 10..1000000
 * oracle: stdout "balance = {balance - balance * 7 / 10}, rejected = 1"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

/* The account. */
static rl_mutex acct_lock;
static long opening; /* the opening balance: the `balance` parameter */
static long balance GUARDED_BY(acct_lock);
static int rejected GUARDED_BY(acct_lock); /* withdrawals refused */

static pthread_barrier_t turn; /* runs the two withdrawals one after the other */

/* Take `amount` out of the account; 1 if done, 0 if the balance is too low. */
static int withdraw(long amount) EXCLUDES(acct_lock)
{
    int ok = 1;
    rl_mutex_lock(&acct_lock);
    if (balance < amount) {
        rejected++;
        rl_mutex_unlock(&acct_lock); /* BUG: left over from an early `return`... */
        ok = 0;
    } else {
        balance -= amount;
    }
    rl_mutex_unlock(&acct_lock); /* ...so the rejected path unlocks again here */
    return ok;
}

static void *first_customer(void *arg)
{
    (void)arg;
    withdraw(opening * 7 / 10); /* 70%: 100 -> 30 */
    pthread_barrier_wait(&turn);
    return NULL;
}

static void *second_customer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&turn); /* wait until the first withdrawal is done */
    withdraw(opening / 2);       /* half, but only 30% is left: rejected */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    opening = rl_param("balance", 100);
    rl_mutex_init(&acct_lock, NULL);
    rl_mutex_lock(&acct_lock);
    balance = opening;
    rl_mutex_unlock(&acct_lock);
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&t1, NULL, first_customer, NULL);
    pthread_create(&t2, NULL, second_customer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&turn);
    rl_mutex_lock(&acct_lock);
    printf("balance = %ld, rejected = %d\n", balance, rejected);
    rl_mutex_unlock(&acct_lock);
    /* Fails with EBUSY: the extra unlock left glibc's user count off by one. */
    rl_mutex_destroy(&acct_lock);
    return 0;
}
