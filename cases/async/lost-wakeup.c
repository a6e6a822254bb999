/* racelab-case
 * title: Lost wake-up: a signal sent before anyone waits, with no predicate
 * bug: A job starts a service: it loads the configuration, tells main by
 *   signalling the condition variable `config_loaded` (holding its mutex, as
 *   it should), and goes on warming a cache. main locks the mutex and waits on
 *   `config_loaded`, but tests no predicate: it waits for the signal itself.
 *   A condition variable has no memory: a signal nobody is waiting for is
 *   simply lost. Here the job signals before main starts waiting, so main
 *   waits forever. Every access is properly locked, so no detector sees
 *   anything: only the time limit notices the hang.
 * fix: Wait for a state, not for a signal: the job sets `loaded = true` under
 *   the mutex before signalling, and main waits `while (!loaded)`. A signal
 *   sent early is then harmless: main finds `loaded` set and never waits.
 * hint: The job signals `config_loaded` before main starts waiting. What does a
 *   condition variable remember of a signal nobody was waiting for?
 * hint: Wait for a state, not for a signal: keep a predicate guarded by the same
 *   mutex, set it before signalling, and wait only while it is false.
 * hint: Add `static bool loaded GUARDED_BY(config_lock);` (<stdbool.h>), set
 *   `loaded = true` in `start_service` before `pthread_cond_signal`, and in main
 *   wait with `while (!loaded) rl_cond_wait(&config_loaded, &config_lock);`.
 * task: A job on the pool loads the configuration, port `port`, and signals
 *   main, which waits for it before printing the port. The program hangs and
 *   never prints it. Make main print the port every time, the configuration
 *   still loaded by the job.
 * wrong-fix: sleep: A pause moves the signal or the wait in time but cannot
 *   make main be waiting when the signal comes: here it comes first whatever
 *   you add, and main still waits for ever.
 * rust: compiles. tokio's `Notify::notify_one()` stores a permit when no task
 *   is waiting, so the same program written with it does not lose the wake-up;
 *   `std::sync::Condvar::notify_one` (or tokio's `notify_waiters`) has no
 *   memory, and waiting without a predicate hangs just like this.
 * tsan: timeout
 * helgrind: timeout
 * drd: timeout
 * tsa: clean: every access holds the lock, which is all the analysis checks; it
 *   cannot see that a wait needs a predicate tested in a loop, nor that the signal
 *   may come first.
 * analyzer: clean: the analyzer does not model condition variables: a wait that can
 *   never be woken looks like any other call to it.
 * tidy: clean: bugprone-spuriously-wake-up-functions checks only C11 `cnd_wait`
 *   (and C++ `wait`) called under an `if` rather than a loop; this is
 *   pthread_cond_wait, with no predicate at all.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom; a lost
 *   signal is about timing, which it does not model.
 * param: port 8080 1024..65535
 * oracle: stdout "config: port {port}"
 * threads: 1
 * timeout: 5
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#include "racelab/executor.h"
#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

static int port_to_load; /* what the configuration says: the `port` parameter */

static rl_mutex config_lock = RL_MUTEX_INITIALIZER;
static pthread_cond_t config_loaded = PTHREAD_COND_INITIALIZER;
static int config_port GUARDED_BY(config_lock);

/* Makes main start waiting only after the job has signalled. A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
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
    pthread_cond_signal(&config_loaded); /* nobody is waiting yet: the signal is lost */
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
    /* BUG: no predicate: waits for the signal itself, which was sent and lost */
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
