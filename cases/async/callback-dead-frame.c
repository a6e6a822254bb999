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
 * rust: `thread::spawn(|| fill(&mut buf))` with a local `buf` is rejected (E0373:
 *   the closure may outlive the function; for an async block: "async block may
 *   outlive the current function"). The idiom is `move` with an owned buffer.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race
 * oracle: stdout "scratch intact"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racelab/handshake.h"

#define REPLY_SIZE   64
#define SCRATCH_SIZE 256

/* A one-job executor: submit() runs fn(buf) on a new thread; drain() waits for it. */
struct job {
    void (*fn)(char *buf);
    char *buf;
};
static struct job pending;
static pthread_t worker;

static void *run_job(void *arg)
{
    struct job *j = arg;
    j->fn(j->buf);
    return NULL;
}

static void submit(void (*fn)(char *), char *buf)
{
    pending = (struct job){fn, buf};
    pthread_create(&worker, NULL, run_job, &pending);
}

static void drain(void)
{
    pthread_join(worker, NULL);
}

/* Lets the callback run only after main has reused the stack. A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake go;

static void on_reply(char *buf)
{
    static const char reply[] = "reply 42";
    rl_handshake_wait(&go);
    memcpy(buf, reply, sizeof reply); /* BUG: `buf` was in start_request's frame */
    printf("callback got: %s\n", buf);
}

static __attribute__((noinline)) void start_request(void)
{
    char buf[REPLY_SIZE]; /* BUG: lives only until this function returns */
    submit(on_reply, buf);
} /* returns at once: the callback has not run yet */

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
    fill(scratch, '.');
    rl_handshake_signal(&go);
    drain(); /* wait for the callback, then look at scratch again */
    return all_equal(scratch, '.');
}

int main(void)
{
    rl_handshake_init(&go);
    start_request();
    int intact = other_work();
    rl_handshake_destroy(&go);
    puts(intact ? "scratch intact" : "scratch overwritten by the callback");
    return 0;
}
