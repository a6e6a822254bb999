/* racelab-case
 * title: Callback writes into a dead stack frame
 * bug: `start_request()` keeps the reply buffer in its own stack frame, submits a
 *   callback that fills it from a worker thread, and returns at once. When the
 *   callback runs, that frame is gone and the same stack memory belongs to
 *   whatever main calls next: here `other_work()`, whose local `scratch` the
 *   callback overwrites while main is using it.
 * fix: Give the callback a context it owns: allocate the buffer on the heap and
 *   let the callback free it when done (or wait for the callback before the
 *   frame returns).
 * hint: `buf` is a local of `start_request()`, which returns at once. Where is
 *   `buf` when `on_reply` finally writes it?
 * hint: Whatever a callback touches must live until the callback is done: hand it
 *   memory it owns, not a pointer into a stack frame that is about to return.
 * hint: In `start_request()`, `malloc(REPLY_SIZE)` the buffer (abort if NULL) and
 *   submit that; `on_reply` frees it after its `printf`. Waiting for the callback
 *   inside `start_request()` would hang here: `on_reply` waits for main's `go`.
 * task: `start_request()` hands a reply buffer to a callback that a worker runs
 *   later; the callback writes "reply `reply`" into it. Meanwhile main fills a
 *   scratch array with the byte `fill` and adds it up: the sum comes out wrong,
 *   as something writes into main's scratch. Make both the callback's reply
 *   and main's sum right, the callback still running on the worker.
 * wrong-fix: sleep: A pause before `start_request()` returns keeps its frame
 *   alive only for as long as the pause: the callback may run later still
 *   (here it waits for main), and it then writes into a frame that is gone.
 * rust: `tokio::spawn(async { on_reply(&mut buf) })` with `buf` a local of
 *   `start_request` is rejected (E0373: "async block may outlive the current
 *   function, but it borrows `buf`"). The idiom is `async move` with an owned
 *   buffer.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: no lock is involved, and the analysis checks only locks and the data
 *   they guard: it does not follow `buf` into the callback.
 * analyzer: clean: the analyzer reports a stack address only when it is returned or
 *   stored in a global; here it goes into the executor's task on the heap, and the
 *   analyzer does not follow it to the worker thread that writes it after
 *   start_request has returned.
 * tidy: clean: no clang-tidy check follows a pointer handed to another thread.
 * cppcheck: clean: cppcheck has no model of threads, tasks or callbacks:
 *   racelab's executor is just functions to it; its dangling-pointer checks
 *   follow one function, and the stack address escapes through a task.
 * param: reply 42 1..1000000
 * param: fill 46 1..127
 * oracle: stdout "callback got: reply {reply}"
 * oracle: stdout "scratch sum = {256*fill}, intact"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racelab/executor.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

#define REPLY_SIZE   64
#define SCRATCH_SIZE 256

/* The pool that runs the callbacks (one worker). */
static struct rl_executor *pool;

static int reply_value; /* what the reply says: the `reply` parameter */
static char fill_byte;  /* what main's other work fills its scratch with: the `fill` parameter */

/* `started`: the worker has taken the callback (so main's later calls into the
 * pool, whose mutex the tools do see, cannot order main's stores before the
 * callback's); `go`: main has reused the stack, the callback may write. Test
 * devices: they order in time only, and the detectors see no synchronisation. */
static struct rl_handshake started, go;

static void *on_reply(void *arg)
{
    char *buf = arg;
    char reply[REPLY_SIZE];
    int len = snprintf(reply, sizeof reply, "reply %d", reply_value);
    rl_handshake_signal(&started);
    rl_handshake_wait(&go);
    memcpy(buf, reply, (size_t)len + 1); /* BUG: `buf` was in start_request's frame */
    printf("callback got: %s\n", buf);
    return NULL;
}

static __attribute__((noinline)) void start_request(void)
{
    char buf[REPLY_SIZE]; /* BUG: lives only until this function returns */
    rl_future_release(rl_submit(pool, on_reply, buf)); /* fire and forget */
} /* returns at once: the callback has not run yet */

/* noinline: keeps every access to `scratch` a real store or load. */
static __attribute__((noinline)) void fill(char *p, char c)
{
    memset(p, c, SCRATCH_SIZE);
}

static __attribute__((noinline)) long sum_of(const char *p)
{
    long sum = 0;
    for (int i = 0; i < SCRATCH_SIZE; i++)
        sum += p[i];
    return sum;
}

/* Called right after start_request(): its frame takes the same stack memory.
 * Returns the sum of the scratch bytes, SCRATCH_SIZE * fill_byte if intact. */
static __attribute__((noinline)) long other_work(void)
{
    char scratch[SCRATCH_SIZE];
    rl_handshake_wait(&started);
    fill(scratch, fill_byte);
    rl_handshake_signal(&go);
    rl_executor_destroy(pool); /* drain: wait for the callback, then look again */
    return sum_of(scratch);
}

int main(void)
{
    reply_value = (int)rl_param("reply", 42);
    fill_byte = (char)rl_param("fill", '.');
    rl_handshake_init(&started);
    rl_handshake_init(&go);
    pool = rl_executor_create(1);
    start_request();
    long sum = other_work();
    rl_handshake_destroy(&go);
    rl_handshake_destroy(&started);
    printf("scratch sum = %ld, %s\n", sum,
           sum == (long)SCRATCH_SIZE * fill_byte ? "intact" : "overwritten by the callback");
    return 0;
}
