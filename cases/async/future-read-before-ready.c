/* racelab-case
 * title: Result used before completion (missing wait on a future)
 * bug: main submits a lookup to the executor; the job writes its answer into
 *   the caller's `struct request` and then completes its future. main reads
 *   `req->reply` at once instead of first waiting for the future. The read
 *   races with the job's write and sees whatever is there: here the job has not
 *   finished yet every time, so main prints 0 instead of twice the key.
 * fix: Wait for the future before touching what the job writes:
 *   `rl_future_get(f)` takes the executor's mutex and waits on its condition
 *   variable in a `while (!ready)` loop, so the job's write comes before it.
 * hint: main reads `req->reply` right after submitting the job. How does it know
 *   that `lookup` has written it?
 * hint: What a job writes may be read only after its future has completed: waiting
 *   on the future (a mutex and a condition variable inside) orders the job's write
 *   before the read.
 * hint: Call `rl_future_get(f)` before `int value = req->reply;`, and after
 *   `rl_handshake_signal(&slow_job)`: the job waits for that signal, so waiting
 *   earlier would hang.
 * task: main submits a `lookup` job for the key `key` to an executor and prints
 *   the job's reply, which should be twice the key; it prints 0. Make main
 *   print the job's reply, the lookup still running on the executor.
 * wrong-fix: sleep: A pause before the read makes it likely that the job has
 *   finished, but proves nothing (here the job finishes only after main's
 *   read), and the tools still see nothing that orders its write before it.
 * wrong-fix: volatile: A `volatile` reply is still read whenever main gets
 *   there, done or not: it makes the read happen, not happen after the job.
 * wrong-fix: lock-write-only: A lock around the job's write alone does not
 *   make main's read wait for it: main can still read before the job has
 *   written.
 * rust: `tokio::spawn(async { req.reply = req.key * 2 })` borrowing main's local
 *   `req` is rejected (E0373: the async block may outlive main), and reading
 *   `req.reply` while the task borrows it mutably adds E0503. The result can
 *   only travel as the task's output, through its `JoinHandle`.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: nothing in the case is guarded by a lock: what orders the job's write
 *   before main's read is the future, and the analysis has no notion of a future or
 *   of the thread that completes it.
 * analyzer: clean: the analyzer follows one path through one function; the job's
 *   write and main's read are in two threads.
 * tidy: clean: no clang-tidy check knows that a future must be waited for before
 *   its job's results are read.
 * cppcheck: clean: cppcheck has no model of threads, tasks or callbacks:
 *   racelab's executor is just functions to it; reading a result before its
 *   future is ready is a data race it cannot see.
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

/* `started`: the worker has taken the job (so main's later calls into the
 * executor, whose mutex the tools do see, cannot order main's read before the
 * job's write); `slow_job`: holds the job back until main has read the reply.
 * Test devices: they order in time only; the detectors see no synchronisation. */
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
    int value = req->reply; /* BUG: read before rl_future_get(f): the job is still running */
    rl_handshake_signal(&slow_job);
    printf("value = %d\n", value);

    rl_future_release(f);
    rl_executor_destroy(ex);
    free(req);
    rl_handshake_destroy(&slow_job);
    rl_handshake_destroy(&started);
    return 0;
}
