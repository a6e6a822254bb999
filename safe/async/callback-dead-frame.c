/* racelab-case
 * title: Callback writes into a dead stack frame
 * discipline: Whatever a callback touches must live until the callback is done.
 *   `start_request()` allocates the reply buffer on the heap and hands it over:
 *   from then on the callback owns it and frees it when done, so the buffer no
 *   longer depends on a frame that returns at once. (Waiting for the callback
 *   before returning would work too, but makes the request synchronous.)
 * rust: `tokio::spawn(async move { on_reply(&mut buf) })` with `buf` a `Vec`:
 *   the task owns the buffer it writes and drops it when done.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Kept from the buggy twin, where they make the callback write only after main
 * has reused the stack. Test devices: they order in time only; the detectors
 * ignore them. */
static struct rl_handshake started, go;

static void *on_reply(void *arg)
{
    char *buf = arg;
    char reply[REPLY_SIZE];
    int len = snprintf(reply, sizeof reply, "reply %d", reply_value);
    rl_handshake_signal(&started);
    rl_handshake_wait(&go);
    memcpy(buf, reply, (size_t)len + 1); /* the callback's own heap buffer */
    printf("callback got: %s\n", buf);
    free(buf); /* FIX: the owner frees it when done */
    return NULL;
}

static __attribute__((noinline)) void start_request(void)
{
    char *buf = malloc(REPLY_SIZE); /* FIX: outlives this frame; the callback owns it */
    if (buf == NULL)
        abort(); /* not exit(): the pool's worker is running, and exit is not thread-safe */
    rl_future_release(rl_submit(pool, on_reply, buf)); /* fire and forget */
} /* returns at once: the callback has not run yet, and that is fine */

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
