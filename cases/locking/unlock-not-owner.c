/* racelab-case
 * title: Lock handed over: unlocked by a thread that does not own it
 * bug: The main thread locks `record_lock` to build a record in two stages and
 *   hands stage 2 to a worker, meaning the record to stay locked until it is
 *   complete. The worker believes the lock was handed over with the work and
 *   unlocks it, but a mutex belongs to the thread that locked it: unlocking it
 *   from another thread fails with EPERM for an error-checking mutex and is
 *   undefined for a default one (glibc silently releases it, so the main
 *   thread's critical section ends early and its own unlock later releases a
 *   mutex that is no longer locked). The tools report the worker's unlock.
 *   clang's `-Wthread-safety` knows no hand-over either: to it the worker
 *   holds no lock, so its stage-2 writes to `record` (declared
 *   `GUARDED_BY(record_lock)`) are unprotected and its unlock releases a lock
 *   it does not hold.
 * fix: Hand over data or a signal, never a held lock: each thread unlocks what
 *   it locked, and the hand-over is a semaphore (or a condition variable with
 *   a predicate) that the worker waits for before taking the lock itself.
 * hint: main locks `record_lock`, but which thread unlocks it? Does a mutex
 *   change owners when the work is handed over?
 * hint: A mutex is unlocked by the thread that locked it: hand over data and a
 *   signal (here the semaphore), never a held lock.
 * hint: In main, unlock `record_lock` before `sem_post(&stage1_done)` and lock
 *   it again around the final `printf`; in `finish_record()`, lock it before
 *   stage 2 and unlock it after.
 * task: The main thread builds a record in two stages: it writes `start`
 *   (stage 1), then hands the record to a worker thread, which adds 1 (stage
 *   2). The race detectors report a misuse of `record_lock`. Make the hand-over
 *   correct, with stage 2 still done by the worker thread.
 * rust: rejected: `MutexGuard` is not `Send`, so moving the guard into another
 *   thread gives E0277 (`MutexGuard<'_, T>` cannot be sent between threads
 *   safely).
 * tsan: unlock-unowned
 * helgrind: unlock-unowned
 * drd: unlock-unowned
 * tsa: data-race, unlock-unowned
 * analyzer: clean: it follows one function at a time and reports an unlock
 *   only of a lock it saw unlocked there; the worker's function never touched
 *   the lock before, so nothing looks wrong.
 * tidy: clean: no clang-tidy check follows which thread holds a lock.
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: start 41 1..1000000
 * oracle: stdout "stage = 2, value = {start + 1}"
 * threads: 1
 * timeout: 30
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <racelab/param.h>
#include <semaphore.h>
#include <stdio.h>

#include "racelab/guarded.h"

struct record {
    int stage; /* 0 empty, 1 half built, 2 complete */
    int value;
};

static rl_mutex record_lock = RL_MUTEX_INITIALIZER;
static struct record record GUARDED_BY(record_lock);
static sem_t stage1_done; /* main -> worker hand-over */

static void *finish_record(void *arg)
{
    (void)arg;
    sem_wait(&stage1_done);
    record.value += 1; /* stage 2, meant to run under the main thread's lock */
    record.stage = 2;
    /* BUG: this thread never locked record_lock, yet it unlocks it. */
    rl_mutex_unlock(&record_lock);
    return NULL;
}

int main(void)
{
    pthread_t worker;
    const int start = (int)rl_param("start", 41); /* stage 1's value */
    sem_init(&stage1_done, 0, 0);
    pthread_create(&worker, NULL, finish_record, NULL);

    rl_mutex_lock(&record_lock); /* meant to cover both stages */
    record.value = start;        /* stage 1 */
    record.stage = 1;
    sem_post(&stage1_done); /* BUG: hands over work AND the lock */

    pthread_join(worker, NULL);
    printf("stage = %d, value = %d\n", record.stage, record.value);
    /* The owner unlocks as planned; glibc had already released the mutex at
     * the worker's unlock, the tools model that unlock as failed (EPERM). */
    rl_mutex_unlock(&record_lock);
    sem_destroy(&stage1_done);
    return 0;
}
