/* racelab-case
 * title: Lock handed over: unlocked by a thread that does not own it
 * discipline: A mutex is unlocked by the thread that locked it, in the same
 *   function. Work moves between threads as data plus a signal: the main thread
 *   finishes stage 1 and unlocks, then posts a semaphore; the worker waits for
 *   it, takes the lock itself for stage 2 and unlocks it. `record.stage` tells
 *   readers whether the record is complete, so no lock has to stay held across
 *   threads. With `record` declared `GUARDED_BY(record_lock)`, clang's
 *   `-Wthread-safety` checks that each function that touches it takes the lock
 *   and releases only what it took.
 * rust: the `MutexGuard` stays in the thread that locked; the stage-1 result is
 *   sent over a channel (or the worker locks the `Arc<Mutex<Record>>` itself).
 * tsan: clean
 * helgrind: clean
 * drd: clean
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
    /* FIX: the worker takes the lock itself and releases what it took. */
    rl_mutex_lock(&record_lock);
    record.value += 1; /* stage 2 */
    record.stage = 2;
    rl_mutex_unlock(&record_lock);
    return NULL;
}

int main(void)
{
    pthread_t worker;
    const int start = (int)rl_param("start", 41); /* stage 1's value */
    sem_init(&stage1_done, 0, 0);
    pthread_create(&worker, NULL, finish_record, NULL);

    rl_mutex_lock(&record_lock);
    record.value = start;          /* stage 1 */
    record.stage = 1;              /* readers see "half built" */
    rl_mutex_unlock(&record_lock); /* FIX: unlock before handing over */
    sem_post(&stage1_done);        /* hand over a signal, not the lock */

    pthread_join(worker, NULL);
    rl_mutex_lock(&record_lock);
    printf("stage = %d, value = %d\n", record.stage, record.value);
    rl_mutex_unlock(&record_lock);
    sem_destroy(&stage1_done);
    return 0;
}
