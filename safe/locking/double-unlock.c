/* racelab-case
 * title: Double unlock on an error path
 * discipline: Every path through a critical section unlocks exactly once.
 *   `withdraw()` has a single exit: both branches only record their outcome,
 *   and the one unlock at the end releases the lock the function took at the
 *   start. (With early returns instead, each `return` comes right after its own
 *   unlock; `goto out` to a single unlock is the C idiom for longer functions.)
 *   clang's `-Wthread-safety` follows every path through the function and
 *   checks that the lock is held where it is released.
 * rust: the `MutexGuard` releases the lock when it goes out of scope, exactly
 *   once; an early `return` or `drop(guard)` cannot be followed by a second
 *   release.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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
        ok = 0; /* FIX: no unlock here: the common exit below releases the lock */
    } else {
        balance -= amount;
    }
    rl_mutex_unlock(&acct_lock); /* the only unlock, on every path */
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
    rl_mutex_destroy(&acct_lock);
    return 0;
}
