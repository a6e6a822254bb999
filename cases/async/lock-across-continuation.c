/* racelab-case
 * title: Lock held across a continuation (unlocked by another worker)
 * bug: A deposit runs in two stages. Stage 1 locks `account_lock`, reads the
 *   balance and computes the new one; stage 2, its continuation, stores it and
 *   unlocks, meaning the account to stay locked in between. But a continuation
 *   runs on whichever worker is free, and here that is another worker: it
 *   unlocks a mutex it does not own. That fails with EPERM for an
 *   error-checking mutex and is undefined for a default one (glibc releases it
 *   anyway, so the result looks right). Meanwhile the lock was held with no job
 *   running at all, and a pool whose workers all wait for such a lock stalls.
 *   Helgrind and DRD do not let the foreign unlock release the mutex: to them
 *   the stage-1 worker still holds it when the pool is drained and it exits.
 * fix: Lock and unlock within one stage, and hand data (not a held lock) to the
 *   next: stage 1 only prepares the amount; stage 2 locks, applies it to the
 *   balance it reads under the lock, and unlocks.
 * hint: `begin_deposit` locks `account_lock` and `finish_deposit` unlocks it. Do
 *   the two stages always run on the same worker thread?
 * hint: A mutex belongs to the thread that locked it: lock and unlock within one
 *   stage, and pass data, never a held lock, to the next stage.
 * hint: Let `begin_deposit` only return `RL_VALUE(amount)`; in `finish_deposit`
 *   lock `account_lock`, compute `balance + RL_INT(value)`, store it and unlock,
 *   all in that one function.
 * task: A deposit of `amount` onto an account opened with `balance` runs in
 *   two stages on a pool of two workers, the second a continuation of the
 *   first. The balance printed looks right, but the tools report a mutex
 *   unlocked by a thread that never locked it. Make the deposit correct, both
 *   stages still running on the pool.
 * rust: rejected without an error code: holding a `std::sync::MutexGuard`
 *   across `.await` in a `tokio::spawn`ed task gives "future cannot be sent
 *   between threads safely" (the guard is not `Send`, and the task may resume
 *   on another worker thread).
 * tsan: unlock-unowned
 * helgrind: unlock-unowned, lock-held-at-exit
 * drd: unlock-unowned, lock-held-at-exit
 * tsa: unlock-unowned, lock-held-at-exit, data-race
 * analyzer: clean: PthreadLock reports a lock taken twice or released twice along
 *   one path; it does not mind a function that returns with a lock held, and
 *   finish_deposit, analysed alone, may well have been called with the lock held.
 * tidy: clean: no clang-tidy check pairs a lock with its unlock.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: balance 100 0..1000000
 * param: amount 10 1..1000
 * oracle: stdout "balance = {balance+amount}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#include "racelab/executor.h"
#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

static rl_mutex account_lock = RL_MUTEX_INITIALIZER;
static int balance GUARDED_BY(account_lock); /* opened by main: the `balance` parameter */

/* Stage 1: lock the account, compute the new balance. */
static void *begin_deposit(void *arg)
{
    int amount = RL_INT(arg);
    rl_mutex_lock(&account_lock); /* BUG: meant to stay locked until stage 2 */
    return RL_VALUE(balance + amount);
}

/* Two other requests keep the pool busy so that the two stages run on different
 * workers, as they may in any run of a real pool. `park` takes a worker first and
 * holds it until `unpark` runs; `unpark` is queued behind stage 1, so the worker
 * that ran stage 1 takes it and is held until stage 2 is done. The parked worker
 * is then the only one free to run stage 2. Test devices: the handshakes order
 * in time only, and the detectors see no synchronisation through them. */
static struct rl_handshake parked, stage2_done;

static void *park(void *arg)
{
    rl_handshake_wait(&parked);
    return arg;
}

static void *unpark(void *arg)
{
    rl_handshake_signal(&parked);
    rl_handshake_wait(&stage2_done);
    return arg;
}

/* Stage 2, a continuation of stage 1: store the new balance, unlock. */
static void *finish_deposit(void *value, void *arg)
{
    (void)arg;
    int now = RL_INT(value);
    balance = now;
    rl_mutex_unlock(&account_lock); /* BUG: locked by the worker that ran stage 1 */
    rl_handshake_signal(&stage2_done);
    return RL_VALUE(now); /* the new balance, for whoever waits for the deposit */
}

int main(void)
{
    int opening = (int)rl_param("balance", 100), amount = (int)rl_param("amount", 10);
    rl_mutex_lock(&account_lock); /* no worker exists yet, but `balance` is guarded */
    balance = opening;
    rl_mutex_unlock(&account_lock);
    rl_handshake_init(&parked);
    rl_handshake_init(&stage2_done);
    struct rl_executor *pool = rl_executor_create(2);

    struct rl_future *other1 = rl_submit(pool, park, NULL);
    struct rl_future *stage1 = rl_submit(pool, begin_deposit, RL_VALUE(amount));
    struct rl_future *other2 = rl_submit(pool, unpark, NULL);
    struct rl_future *stage2 = rl_future_then(stage1, finish_deposit, NULL);
    int final_balance = RL_INT(rl_future_get(stage2)); /* data, handed on by the future */
    printf("balance = %d\n", final_balance);

    rl_future_release(stage2);
    rl_future_release(other2);
    rl_future_release(stage1);
    rl_future_release(other1);
    rl_executor_destroy(pool);
    rl_handshake_destroy(&stage2_done);
    rl_handshake_destroy(&parked);
    return 0;
}
