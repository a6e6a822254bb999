/* racelab-case
 * title: Check-then-act across two critical sections (overdrawn account)
 * bug: `withdraw()` checks the balance under the account's lock, unlocks,
 *   and locks again to debit. Every access is locked, so there is no data
 *   race, but the check and the act are not one atomic step: between them the
 *   other thread can debit too. Here two threads each withdraw the whole
 *   opening `balance`; both checks run before either debit (a barrier in the
 *   gap stands for bad luck), both see enough money, both are paid, and the
 *   balance ends below 0 by as much as it held.
 *   Race detectors look for unordered accesses, and there are none: no tool
 *   can see this atomicity violation; only the result shows it.
 * fix: Check and act in one critical section: lock, test the balance, debit
 *   if it suffices, unlock. (Lock-free: a compare-and-swap loop on the
 *   balance.) A decision must be made under the same lock hold as the action
 *   that relies on it.
 * hint: `withdraw()` decides `enough` under the lock, unlocks, and debits under
 *   a second lock. What can the other customer do in between?
 * hint: A decision must be acted on under the same lock hold that made it:
 *   check and act in one critical section.
 * hint: In `withdraw()`, hold the lock from the balance check through the debit
 *   (or `refused++`) and unlock once; move `pthread_barrier_wait(&checked)`
 *   after that unlock, since waiting at the barrier with the lock held would
 *   deadlock.
 * task: Two customer threads each try to withdraw the whole opening `balance`
 *   of one account. Only one of them should be paid, but both are, and the
 *   balance goes below 0. Make the account refuse the second withdrawal, with
 *   the two customers still two threads.
 * wrong-fix: sleep: A pause changes only when the other customer runs; the
 *   barrier here stands for the bad luck of both checking before either
 *   debits, and no pause can rule that out.
 * wrong-fix: volatile: `balance` is already read under the lock; volatile
 *   changes nothing about what the other customer can do between the check
 *   and the debit.
 * rust: rustc allows it: two separate `lock()` calls, one to read and one to
 *   write, type-check; with the same bad timing the balance goes to -100.
 * tsan: wrong-result
 * helgrind: wrong-result
 * drd: wrong-result
 * tsa: clean: every access holds the lock the annotations name, which is all
 *   the analysis checks; it cannot tell that a decision made under one hold of
 *   the lock is acted on under another.
 * analyzer: clean: both critical sections take and release the lock
 *   correctly; the analyzer checks how locks are used, not what the program
 *   decides under them.
 * tidy: clean: no clang-tidy check looks for a check and an act split across
 *   two critical sections.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: balance 100 1..1000000
 * oracle: stdout "paid out = {balance}, balance = 0, granted = 1, refused = 1"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdbool.h>
#include <stdio.h>

#include "racelab/guarded.h"

/* The account. */
static long opening; /* its opening balance: the `balance` parameter */
static rl_mutex acct_lock;
static long balance GUARDED_BY(acct_lock); /* must never go below 0 */
static long paid GUARDED_BY(acct_lock);    /* paid out to the customers */
static int granted GUARDED_BY(acct_lock);
static int refused GUARDED_BY(acct_lock);

/* Both threads reach it after their check: it widens the window between check
 * and act to the worst case, every run. A test device; the barrier's ordering
 * hides nothing here, since every access is locked anyway. */
static pthread_barrier_t checked;

static bool withdraw(long amount) EXCLUDES(acct_lock)
{
    rl_mutex_lock(&acct_lock);
    bool enough = balance >= amount; /* BUG: decided here... */
    rl_mutex_unlock(&acct_lock);

    pthread_barrier_wait(&checked); /* ...the other thread runs in the gap... */

    rl_mutex_lock(&acct_lock);
    if (enough) {
        balance -= amount; /* ...and acted on here, when it may be stale */
        paid += amount;
        granted++;
    } else {
        refused++;
    }
    rl_mutex_unlock(&acct_lock);
    return enough;
}

static void *customer(void *arg)
{
    (void)arg;
    withdraw(opening); /* the whole account */
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
    pthread_barrier_init(&checked, NULL, 2);
    pthread_create(&t1, NULL, customer, NULL);
    pthread_create(&t2, NULL, customer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&checked);
    rl_mutex_lock(&acct_lock);
    printf("paid out = %ld, balance = %ld, granted = %d, refused = %d\n", paid, balance, granted,
           refused);
    rl_mutex_unlock(&acct_lock);
    rl_mutex_destroy(&acct_lock);
    return 0;
}
