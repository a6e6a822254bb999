/* redteam: fix
 * class: correct-but-unusual: lock-free: a compare-and-swap loop on an atomic balance
 * expect: pass
 * reason: PASS
 * No lock: the balance is an atomic_long, and a withdrawal succeeds only by
 * swapping in `balance - amount` when the balance is still the one it checked;
 * the counters are atomics. The check and the act are one atomic step. Must
 * pass. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

static long opening; /* the `balance` parameter */
static atomic_long balance, paid;
static atomic_int granted, refused;
static pthread_barrier_t checked;

static bool withdraw(long amount)
{
    long seen = atomic_load(&balance);
    bool enough;
    /* FIX: the check and the debit are one compare-and-swap */
    while ((enough = seen >= amount) &&
           !atomic_compare_exchange_weak(&balance, &seen, seen - amount))
        ; /* someone else changed it: `seen` is fresh, decide again */
    if (enough) {
        atomic_fetch_add(&paid, amount);
        atomic_fetch_add(&granted, 1);
    } else {
        atomic_fetch_add(&refused, 1);
    }
    pthread_barrier_wait(&checked);
    return enough;
}

static void *customer(void *arg)
{
    (void)arg;
    withdraw(opening);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    opening = rl_param("balance", 100);
    atomic_store(&balance, opening);
    pthread_barrier_init(&checked, NULL, 2);
    pthread_create(&t1, NULL, customer, NULL);
    pthread_create(&t2, NULL, customer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&checked);
    printf("paid out = %ld, balance = %ld, granted = %d, refused = %d\n", atomic_load(&paid),
           atomic_load(&balance), atomic_load(&granted), atomic_load(&refused));
    return 0;
}
