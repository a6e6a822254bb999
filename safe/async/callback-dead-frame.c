/* racelab-case
 * title: Callback writes into a dead stack frame
 * discipline: Whatever a callback touches must live until the callback is done.
 *   `start_request()` allocates the reply buffer on the heap and hands it over:
 *   from then on the callback owns it and frees it when done, so the buffer no
 *   longer depends on a frame that returns at once. (Waiting for the callback
 *   before returning would work too, but makes the request synchronous.)
 * rust: `thread::spawn(move || { let mut buf = vec![0u8; 64]; fill(&mut buf) })`
 *   (or `async move` with an owned buffer): the closure owns what it writes.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Kept from the buggy twin, where it makes the callback run after main has reused
 * the stack. A test device: it orders in time only; the detectors ignore it. */
static struct rl_handshake go;

static void on_reply(char *buf)
{
    static const char reply[] = "reply 42";
    rl_handshake_wait(&go);
    memcpy(buf, reply, sizeof reply); /* the callback's own heap buffer */
    printf("callback got: %s\n", buf);
    free(buf); /* FIX: the owner frees it when done */
}

static __attribute__((noinline)) void start_request(void)
{
    char *buf = malloc(REPLY_SIZE); /* FIX: outlives this frame; the callback owns it */
    if (buf == NULL)
        exit(1);
    submit(on_reply, buf);
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
