/* racelab-case
 * title: Double unlock on an error path
 * discipline: Every path through a critical section unlocks exactly once.
 *   `withdraw()` has a single exit: both branches only record their outcome,
 *   and the one unlock at the end releases the lock the function took at the
 *   start. (With early returns instead, each `return` comes right after its own
 *   unlock; `goto out` to a single unlock is the C idiom for longer functions.)
 * rust: the `MutexGuard` releases the lock when it goes out of scope, exactly
 *   once; an early `return` or `drop(guard)` cannot be followed by a second
 *   release.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * oracle: stdout "balance = 30, rejected = 1"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
    pthread_mutex_t lock;
    long balance;  /* guarded by `lock` */
    int rejected;  /* guarded by `lock`: withdrawals refused */
};

static struct account *acct;
static pthread_barrier_t turn; /* runs the two withdrawals one after the other */

/* Take `amount` out of `a`; 1 if done, 0 if the balance is too low. */
static int withdraw(struct account *a, long amount)
{
    int ok = 1;
    pthread_mutex_lock(&a->lock);
    if (a->balance < amount) {
        a->rejected++;
        ok = 0; /* FIX: no unlock here: the common exit below releases the lock */
    } else {
        a->balance -= amount;
    }
    pthread_mutex_unlock(&a->lock); /* the only unlock, on every path */
    return ok;
}

static void *first_customer(void *arg)
{
    (void)arg;
    withdraw(acct, 70);          /* 100 -> 30 */
    pthread_barrier_wait(&turn);
    return NULL;
}

static void *second_customer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&turn); /* wait until the first withdrawal is done */
    withdraw(acct, 50);          /* only 30 left: rejected */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    acct = calloc(1, sizeof *acct);
    if (!acct)
        return 1;
    pthread_mutex_init(&acct->lock, NULL);
    acct->balance = 100;
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&t1, NULL, first_customer, NULL);
    pthread_create(&t2, NULL, second_customer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&turn);
    printf("balance = %ld, rejected = %d\n", acct->balance, acct->rejected);
    pthread_mutex_destroy(&acct->lock);
    free(acct);
    return 0;
}
