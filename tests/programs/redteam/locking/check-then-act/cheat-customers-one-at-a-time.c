/* redteam: cheat
 * class: serialising the threads: each customer created and joined before the next
 * expect: fail
 * reason: never ran at the same time
 * With the customers one after the other nobody can withdraw in the gap: the
 * buggy withdraw() stays as it is, and the result is right. The two customers
 * are no longer two threads at once. Must fail. */
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

static bool withdraw(long amount) EXCLUDES(acct_lock)
{
    rl_mutex_lock(&acct_lock);
    bool enough = balance >= amount; /* BUG: decided here... */
    rl_mutex_unlock(&acct_lock);


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
    pthread_create(&t1, NULL, customer, NULL);
    pthread_join(t1, NULL); /* one customer at a time */
    pthread_create(&t2, NULL, customer, NULL);
    pthread_join(t2, NULL);
    rl_mutex_lock(&acct_lock);
    printf("paid out = %ld, balance = %ld, granted = %d, refused = %d\n", paid, balance, granted,
           refused);
    rl_mutex_unlock(&acct_lock);
    rl_mutex_destroy(&acct_lock);
    return 0;
}
