/* racelab-case
 * title: Inconsistent locking: one access path skips the lock
 * discipline: Every access to `acct->balance`, on every path, holds the lock
 *   that guards it: `deposit()` and `withdraw()` both take `acct->lock` around
 *   their read-modify-write, so the two can never interleave. (Annotating the
 *   field `GUARDED_BY(lock)` lets clang's `-Wthread-safety` check the rule.)
 * rust: the balance lives inside the lock, `Mutex<i64>`; the only way to reach
 *   it is `lock()`, so no access path can skip the lock.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * oracle: stdout "balance = 100"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS 1000

struct account {
    pthread_mutex_t lock;
    long balance; /* guarded by `lock`, on every path */
};

static struct account *acct;
static pthread_barrier_t start;

static void deposit(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock);
    a->balance += amount;
    pthread_mutex_unlock(&a->lock);
}

/* noinline: at -O1 the inlined loop would become a single subtraction. */
__attribute__((noinline)) static void withdraw(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock); /* FIX: the same lock as deposit() */
    a->balance -= amount;
    pthread_mutex_unlock(&a->lock);
}

static void *depositor(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both threads start together */
    for (int i = 0; i < ROUNDS; i++)
        deposit(acct, 1);
    return NULL;
}

static void *withdrawer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ROUNDS; i++)
        withdraw(acct, 1);
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
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&t1, NULL, depositor, NULL);
    pthread_create(&t2, NULL, withdrawer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&start);
    printf("balance = %ld\n", acct->balance);
    pthread_mutex_destroy(&acct->lock);
    free(acct);
    return 0;
}
