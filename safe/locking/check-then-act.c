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
 * oracle: stdout "balance = 0, granted = 1, refused = 1"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
    pthread_mutex_t lock;
    long balance;         /* guarded by `lock`; must never go below 0 */
    int granted, refused; /* guarded by `lock` */
};

static struct account *acct;

/* Both threads reach it after their withdrawal, as in the buggy program; here
 * there is no gap between check and act for it to widen. */
static pthread_barrier_t checked;

static bool withdraw(struct account *a, long amount)
{
    /* FIX: one critical section: the decision is acted on before unlocking. */
    pthread_mutex_lock(&a->lock);
    bool enough = a->balance >= amount;
    if (enough) {
        a->balance -= amount;
        a->granted++;
    } else {
        a->refused++;
    }
    pthread_mutex_unlock(&a->lock);

    pthread_barrier_wait(&checked);
    return enough;
}

static void *customer(void *arg)
{
    (void)arg;
    withdraw(acct, 100);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    acct = calloc(1, sizeof *acct);
    if (acct == NULL)
        return 1;
    pthread_mutex_init(&acct->lock, NULL);
    acct->balance = 100;
    pthread_barrier_init(&checked, NULL, 2);
    pthread_create(&t1, NULL, customer, NULL);
    pthread_create(&t2, NULL, customer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&checked);
    printf("balance = %ld, granted = %d, refused = %d\n", acct->balance,
           acct->granted, acct->refused);
    pthread_mutex_destroy(&acct->lock);
    free(acct);
    return 0;
}
