/* racelab-case
 * title: Lock-order inversion (transfer between two accounts)
 * bug: `transfer(from, to)` locks `from` and then `to`, in argument order. One
 *   thread moves money from A to B (locks A, then B) while another moves money
 *   from B to A (locks B, then A). If each takes its first lock before the
 *   other takes its second, both wait forever. Here a barrier runs the two
 *   transfers one after the other, so the program never hangs, but both lock
 *   orders happen and the potential deadlock is visible to the detectors.
 * fix: Take the two locks in one global order, whatever the direction of the
 *   transfer: by a documented rank such as the account id (or by address).
 * hint: `transfer(from, to)` locks `from`, then `to`. In which order does A ->
 *   B take the two locks, and in which order does B -> A?
 * hint: A deadlock needs a cycle of threads waiting for each other; taking
 *   locks in one global order (a documented rank) makes such a cycle
 *   impossible.
 * hint: In `transfer()`, lock the account with the lower `id` first, whatever
 *   the direction (`first = from->id < to->id ? from : to`), then the other,
 *   and unlock in reverse order.
 * task: Two threads move money between accounts A and B (100 each): one moves
 *   `a_to_b` from A to B, the other `b_to_a` back. This run finishes, but the
 *   detectors warn that the two transfers can deadlock. Make that impossible,
 *   with the transfers still made by two threads.
 * rust: rustc allows it (two `Mutex::lock()` calls in opposite orders compile
 *   and can deadlock); the same global-order discipline is needed.
 * tsan: lock-order
 * helgrind: lock-order
 * drd: n/a: DRD has no lock-order checker, and the barrier stops a real
 *   deadlock from happening.
 * tsa: clean: the analysis can check a lock order only between locks it can
 *   name (`ACQUIRED_BEFORE` on two declared locks); here both locks are
 *   chosen at run time by `transfer`'s arguments, so it sees `from->lock`
 *   and `to->lock`, not A and B, and cannot tell that the two calls invert
 *   them.
 * analyzer: clean: it follows one call of `transfer` at a time, and each takes
 *   two locks and releases them in reverse order; the inversion needs both
 *   calls, made by two threads.
 * tidy: clean: no clang-tidy check looks at lock order.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
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
    /* BUG: the lock order depends on the direction of the transfer:
     * A->B locks A then B, B->A locks B then A. */
    rl_mutex_lock(&from->lock);
    rl_mutex_lock(&to->lock);
    from->balance -= amount;
    to->balance += amount;
    rl_mutex_unlock(&to->lock);
    rl_mutex_unlock(&from->lock);
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
    transfer(&acct_b, &acct_a, b_to_a); /* order B -> A: inverts the order */
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
