/* racelab-case
 * title: Lock-order inversion (transfer between two accounts)
 * discipline: Every thread takes the account locks in one global order: the
 *   account with the lower `id` (a documented rank) first, whatever the
 *   direction of the transfer. With a single order no cycle of waiting threads
 *   can form, so the two transfers can never deadlock.
 * rust: the same discipline: lock the two `Mutex`es in a fixed order (e.g. by
 *   account id) in every code path.
 * tsan: clean
 * helgrind: clean
 * drd: n/a: DRD has no lock-order checker, so it cannot confirm the lock
 *   order.
 * param: a_to_b 30 1..100000
 * param: b_to_a 20 1..100000
 * oracle: stdout "A = {100 - a_to_b + b_to_a}, B = {100 + a_to_b - b_to_a}"
 * threads: 2
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

/* `balance` is guarded by `lock`, but C cannot tell the analysis so: a field's
 * GUARDED_BY cannot name another field of its struct (clang 14 refuses it;
 * clang 19 parses it but misreads every access: docs/toolchains.md). The
 * analysis checks the lock calls, not the balances. */
struct account {
    int id;       /* rank of the account, unique */
    long balance; /* guarded by `lock` */
    rl_mutex lock;
};

static struct account acct_a = {1, 100, RL_MUTEX_INITIALIZER};
static struct account acct_b = {2, 100, RL_MUTEX_INITIALIZER};
static pthread_barrier_t turn; /* runs the two transfers one after the other */
static long a_to_b, b_to_a;    /* the amounts moved: the parameters of the same names */

static void transfer(struct account *from, struct account *to, long amount)
    EXCLUDES(from->lock, to->lock)
{
    /* FIX: lock by rank, lower id first, whatever the direction:
     * A->B and B->A both lock A then B. */
    struct account *first = from->id < to->id ? from : to;
    struct account *second = from->id < to->id ? to : from;
    rl_mutex_lock(&first->lock);
    rl_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    rl_mutex_unlock(&second->lock);
    rl_mutex_unlock(&first->lock);
}

static void *pay_a_to_b(void *arg)
{
    (void)arg;
    transfer(&acct_a, &acct_b, a_to_b); /* order A -> B */
    pthread_barrier_wait(&turn);
    return NULL;
}

static void *pay_b_to_a(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&turn);        /* wait until A -> B has finished */
    transfer(&acct_b, &acct_a, b_to_a); /* also order A -> B */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    a_to_b = rl_param("a_to_b", 30);
    b_to_a = rl_param("b_to_a", 20);
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&t1, NULL, pay_a_to_b, NULL);
    pthread_create(&t2, NULL, pay_b_to_a, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&turn);
    printf("A = %ld, B = %ld\n", acct_a.balance, acct_b.balance);
    return 0;
}
