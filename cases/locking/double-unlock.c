/* racelab-case
 * title: Double unlock on an error path
 * bug: `withdraw()` used to `return` right after unlocking when the balance is
 *   too low; someone gave the function a single exit and replaced the `return`
 *   with `ok = 0`, but left the unlock in place. On the rejected path the
 *   mutex is unlocked twice: the second unlock releases a mutex this thread no
 *   longer holds. That is undefined for a default mutex: glibc lets it pass
 *   silently, and if another thread held the lock at that moment its critical
 *   section would end behind its back. Here the rejected withdrawal runs when
 *   nobody else holds the lock, so the balance stays right, but every tool
 *   sees the second unlock. glibc's count of the mutex's users is now off by
 *   one, so the final `pthread_mutex_destroy` fails with EBUSY, which Helgrind
 *   reports as a failed pthread call.
 * fix: Exactly one unlock per lock on every path: remove the early unlock and
 *   let the common exit release the lock (or keep `return` after the unlock,
 *   or `goto out` to a single unlock).
 * rust: rejected: the guard is dropped by hand on the early path and again at
 *   the common exit: E0382 (use of moved value). A guard can only be released
 *   once.
 * tsan: unlock-unowned
 * helgrind: unlock-unowned, api-error
 * drd: unlock-unowned
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
        pthread_mutex_unlock(&a->lock); /* BUG: left over from an early `return`... */
        ok = 0;
    } else {
        a->balance -= amount;
    }
    pthread_mutex_unlock(&a->lock); /* ...so the rejected path unlocks again here */
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
    /* Fails with EBUSY: the extra unlock left glibc's user count off by one. */
    pthread_mutex_destroy(&acct->lock);
    free(acct);
    return 0;
}
