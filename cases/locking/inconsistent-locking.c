/* racelab-case
 * title: Inconsistent locking: one access path skips the lock
 * bug: `balance` is guarded by `balance_lock`, and `deposit()` takes it, but
 *   `withdraw()` reads and writes the balance without it (its author thought
 *   one locked side was enough). A lock only protects data when every access
 *   takes it: the depositor's lock does not stop the withdrawer, the two
 *   read-modify-writes interleave and updates are lost.
 * fix: Take the same lock on every access path: `withdraw()` locks
 *   `balance_lock` too. clang's `-Wthread-safety` checks this because the
 *   variable is declared `GUARDED_BY(balance_lock)`: it flags the unlocked
 *   update in `withdraw()`.
 * hint: `balance` is declared `GUARDED_BY(balance_lock)`. Which of `deposit()`
 *   and `withdraw()` actually takes that lock?
 * hint: A lock protects data only if every access, on every path, holds it. One
 *   lock held around each thread's whole loop is not accepted: deposits and
 *   withdrawals must still interleave.
 * hint: In `withdraw()`, put `rl_mutex_lock(&balance_lock)` before `balance -=
 *   amount;` and `rl_mutex_unlock(&balance_lock)` after it, as `deposit()`
 *   does.
 * task: A depositor thread pays 1 into the shared `balance` `deposits` times
 *   while a withdrawer thread takes 1 out `withdrawals` times, starting from
 *   100. The race detectors report `balance`, and it can end wrong. Make it
 *   right, with deposits and withdrawals still happening at the same time.
 * overlap: work
 * wrong-fix: lock-per-thread: A second mutex for `withdraw()` excludes
 *   nothing: the depositor holds one lock, the withdrawer another, and their
 *   updates of `balance` still interleave.
 * wrong-fix: volatile: A volatile `balance` still takes a load, a subtraction
 *   and a store to update; the other thread's update can still come in between.
 * rust: rejected: with the lock kept beside the data, two threads that both
 *   mutate `balance` borrow it mutably twice (E0499). Idiomatic Rust puts the
 *   balance inside the `Mutex`, so no access path can skip the lock.
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: data-race
 * analyzer: clean: the analyzer follows one path through one function; the two
 *   read-modify-writes that interleave are in two threads.
 * tidy: clean: no clang-tidy check knows which lock guards which variable.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
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
static long balance GUARDED_BY(balance_lock) = 100; /* on every path: the rule broken here */

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
    balance -= amount; /* BUG: no lock: races with deposit() */
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
