/* racelab-case
 * title: Check-then-act across two critical sections (overdrawn account)
 * discipline: The check and the act happen in one critical section: the
 *   thread that finds enough money debits it before releasing the lock, so
 *   the other thread's check sees the new balance and refuses. Whatever a
 *   thread decides from shared state stays true only while it holds the lock
 *   under which it decided.
 * rust: one `MutexGuard` for the whole withdrawal: `let mut b =
 *   acct.lock().unwrap(); if *b >= amount { *b -= amount }`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Both threads reach it after their withdrawal, as in the buggy program; here
 * there is no gap between check and act for it to widen. */
static pthread_barrier_t checked;

static bool withdraw(long amount) EXCLUDES(acct_lock)
{
    /* FIX: one critical section: the decision is acted on before unlocking. */
    rl_mutex_lock(&acct_lock);
    bool enough = balance >= amount;
    if (enough) {
        balance -= amount;
        paid += amount;
        granted++;
    } else {
        refused++;
    }
    rl_mutex_unlock(&acct_lock);

    pthread_barrier_wait(&checked);
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
