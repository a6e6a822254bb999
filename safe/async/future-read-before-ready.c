/* racelab-case
 * title: Result used before completion (missing wait on a future)
 * discipline: What a job writes is read only after its future has completed:
 *   `rl_future_get(f)` takes the executor's mutex and waits on its condition
 *   variable while `!ready` (a `while`, not an `if`: wake-ups can be spurious,
 *   and the predicate, not the signal, says the job is done). The worker sets
 *   `ready` under that mutex after the job wrote the reply, and main reads
 *   `ready` under it before reading the reply: the write comes before the read.
 * rust: `let h = tokio::spawn(async move { lookup(21) }); let value =
 *   h.await.unwrap();`: the task owns its data and its result can only be
 *   reached by awaiting its `JoinHandle`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: key 21 1..1000000
 * oracle: stdout "value = {2*key}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "racelab/executor.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

/* The caller's request; the job fills in `reply`, then completes its future. */
struct request {
    int key;
    int reply;
};

/* Kept from the buggy twin, where they hold the job back until main has read the
 * reply. Test devices: they order in time only; the detectors ignore them. */
static struct rl_handshake started, slow_job;

static void *lookup(void *arg)
{
    struct request *req = arg;
    rl_handshake_signal(&started);
    rl_handshake_wait(&slow_job); /* the job is slow */
    req->reply = req->key * 2;    /* the answer, then the future completes */
    return NULL;
}

int main(void)
{
    rl_handshake_init(&started);
    rl_handshake_init(&slow_job);
    struct request *req = calloc(1, sizeof *req);
    if (req == NULL)
        return 1;
    req->key = (int)rl_param("key", 21); /* the lookup's answer is twice the key */
    struct rl_executor *ex = rl_executor_create(1);

    struct rl_future *f = rl_submit(ex, lookup, req);
    rl_handshake_wait(&started);
    rl_handshake_signal(&slow_job);
    rl_future_get(f);       /* FIX: wait until the job has completed its future */
    int value = req->reply; /* ordered after the job's write by the future */
    printf("value = %d\n", value);

    rl_future_release(f);
    rl_executor_destroy(ex);
    free(req);
    rl_handshake_destroy(&slow_job);
    rl_handshake_destroy(&started);
    return 0;
}
