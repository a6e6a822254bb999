/* racelab-case
 * title: Lock held across a continuation (unlocked by another worker)
 * discipline: A lock is taken and released within one stage, by one thread;
 *   what passes from stage to stage is data, never a held lock. Stage 1
 *   prepares the amount without touching the account; stage 2 locks, reads the
 *   balance, adds the amount and unlocks, all on whichever worker runs it, and
 *   hands the new balance on as its future's value, for main to print. The
 *   read-modify-write stays indivisible because it sits inside one critical
 *   section, and no worker waits for a lock whose owner is not even running.
 * rust: lock a `std::sync::Mutex` in a block that ends before the next
 *   `.await` (`{ let mut b = BALANCE.lock().unwrap(); *b += amount; }`), so no
 *   guard lives across a suspension point and the task stays `Send`. (Where a
 *   lock must span an `.await`, `tokio::sync::Mutex` is made for it.)
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Stage 1: prepare the deposit; the account is not touched here. */
static void *begin_deposit(void *arg)
{
    int amount = RL_INT(arg);
    return RL_VALUE(amount); /* FIX: hand data to the next stage, not a held lock */
}

/* Kept from the buggy twin, where they make the two stages run on different
 * workers. Test devices: they order in time only; the detectors ignore them. */
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

/* Stage 2, a continuation of stage 1: apply the deposit in one critical section. */
static void *finish_deposit(void *value, void *arg)
{
    (void)arg;
    rl_mutex_lock(&account_lock); /* FIX: locked and unlocked by this stage */
    int now = balance + RL_INT(value);
    balance = now;
    rl_mutex_unlock(&account_lock);
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
