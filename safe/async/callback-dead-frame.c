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
 * oracle: stdout "scratch intact"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racelab/executor.h"
#include "racelab/handshake.h"

#define REPLY_SIZE   64
#define SCRATCH_SIZE 256

/* The pool that runs the callbacks (one worker). */
static struct rl_executor *pool;

/* Kept from the buggy twin, where they make the callback write only after main
 * has reused the stack. Test devices: they order in time only; the detectors
 * ignore them. */
static struct rl_handshake started, go;

static void *on_reply(void *arg)
{
    char *buf = arg;
    static const char reply[] = "reply 42";
    rl_handshake_signal(&started);
    rl_handshake_wait(&go);
    memcpy(buf, reply, sizeof reply); /* the callback's own heap buffer */
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

static __attribute__((noinline)) int all_equal(const char *p, char c)
{
    for (int i = 0; i < SCRATCH_SIZE; i++)
        if (p[i] != c)
            return 0;
    return 1;
}

/* Called right after start_request(): its frame takes the same stack memory. */
static __attribute__((noinline)) int other_work(void)
{
    char scratch[SCRATCH_SIZE];
    rl_handshake_wait(&started);
    fill(scratch, '.');
    rl_handshake_signal(&go);
    rl_executor_destroy(pool); /* drain: wait for the callback, then look again */
    return all_equal(scratch, '.');
}

int main(void)
{
    rl_handshake_init(&started);
    rl_handshake_init(&go);
    pool = rl_executor_create(1);
    start_request();
    int intact = other_work();
    rl_handshake_destroy(&go);
    rl_handshake_destroy(&started);
    puts(intact ? "scratch intact" : "scratch overwritten by the callback");
    return 0;
}
