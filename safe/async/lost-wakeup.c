/* racelab-case
 * title: Lost wake-up: a signal sent before anyone waits, with no predicate
 * discipline: A condition variable is only a way to sleep until a state may
 *   have changed; the state itself lives in a variable guarded by the same
 *   mutex. The job sets `loaded = true` under the mutex and then signals; main
 *   checks `loaded` under the mutex and waits only `while (!loaded)`. If the
 *   signal came first, main sees `loaded` and does not wait at all; if main
 *   waits first, the signal wakes it; a spurious wake-up just loops.
 * rust: `Notify::notify_one()` keeps a permit for a later `notified().await`,
 *   or, with std, `Condvar::wait_while(guard, |loaded| !*loaded)`: the
 *   predicate is part of the call.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: port 8080 1024..65535
 * oracle: stdout "config: port {port}"
 * threads: 1
 * timeout: 5
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "racelab/executor.h"
#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

static int port_to_load; /* what the configuration says: the `port` parameter */

static rl_mutex config_lock = RL_MUTEX_INITIALIZER;
static pthread_cond_t config_loaded = PTHREAD_COND_INITIALIZER;
static int config_port GUARDED_BY(config_lock);
static bool loaded GUARDED_BY(config_lock); /* the predicate */

/* Kept from the buggy twin, where it makes main start waiting only after the job
 * has signalled. A test device: it orders in time only; the detectors ignore it. */
static struct rl_handshake signalled;

static __attribute__((noinline)) int warm_cache(void)
{
    int sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += i % 7;
    return sum;
}

static void *start_service(void *arg)
{
    (void)arg;
    rl_mutex_lock(&config_lock);
    config_port = port_to_load;
    loaded = true; /* FIX: the state, set before the signal, under the mutex */
    pthread_cond_signal(&config_loaded);
    rl_mutex_unlock(&config_lock);
    rl_handshake_signal(&signalled);
    return RL_VALUE(warm_cache()); /* the rest of the job; main does not wait for it */
}

int main(void)
{
    port_to_load = (int)rl_param("port", 8080);
    rl_handshake_init(&signalled);
    struct rl_executor *pool = rl_executor_create(1);
    struct rl_future *service = rl_submit(pool, start_service, NULL);

    rl_handshake_wait(&signalled);
    rl_mutex_lock(&config_lock);
    while (!loaded) /* FIX: wait for the state; an early signal is not lost */
        rl_cond_wait(&config_loaded, &config_lock);
    int port = config_port;
    rl_mutex_unlock(&config_lock);
    printf("config: port %d\n", port);

    rl_future_get(service);
    rl_future_release(service);
    rl_executor_destroy(pool);
    rl_handshake_destroy(&signalled);
    return 0;
}
