/* racelab-case
 * title: Inconsistent locking: one access path skips the lock
 * discipline: Every access to `balance`, on every path, holds the lock that
 *   guards it: `deposit()` and `withdraw()` both take `balance_lock` around
 *   their read-modify-write, so the two can never interleave. The rule is
 *   written down, `balance` is declared `GUARDED_BY(balance_lock)`, so clang's
 *   `-Wthread-safety` checks it on every access.
 * rust: the balance lives inside the lock, `Mutex<i64>`; the only way to reach
 *   it is `lock()`, so no access path can skip the lock.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: deposits 1000 1000000..2000000 valgrind 5000..15000
 * param: withdrawals 1000 1000000..2000000 valgrind 5000..15000
 * oracle: stdout "balance = {100 + deposits - withdrawals}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

/* How many deposits of 1 and withdrawals of 1: the parameters of the same names. */
static long deposits, withdrawals;

static rl_mutex balance_lock;
static long balance GUARDED_BY(balance_lock) = 100; /* on every path */

static pthread_barrier_t start;

static void deposit(long amount) EXCLUDES(balance_lock)
{
    rl_mutex_lock(&balance_lock);
    balance += amount;
    rl_mutex_unlock(&balance_lock);
}

/* noinline: at -O1 the inlined loop would become a single subtraction. */
__attribute__((noinline)) static void withdraw(long amount) EXCLUDES(balance_lock)
{
    rl_mutex_lock(&balance_lock); /* FIX: the same lock as deposit() */
    balance -= amount;
    rl_mutex_unlock(&balance_lock);
}

static void *depositor(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both threads start together */
    for (long i = 0; i < deposits; i++)
        deposit(1);
    return NULL;
}

static void *withdrawer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < withdrawals; i++)
        withdraw(1);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    deposits = rl_param("deposits", 1000);
    withdrawals = rl_param("withdrawals", 1000);
    rl_mutex_init(&balance_lock, NULL);
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&t1, NULL, depositor, NULL);
    pthread_create(&t2, NULL, withdrawer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&start);
    rl_mutex_lock(&balance_lock);
    printf("balance = %ld\n", balance);
    rl_mutex_unlock(&balance_lock);
    rl_mutex_destroy(&balance_lock);
    return 0;
}
