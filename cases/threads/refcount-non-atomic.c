/* racelab-case
 * title: Thread-hostile reference count (non-atomic ref++ / --ref)
 * bug: A cached blob is shared by reference counting: the cache holds one
 *   reference, and each worker, for each of its `reads` reads, takes one with
 *   `blob_get` while it reads the blob and drops it with `blob_put`, which
 *   frees the blob when the count reaches zero. The count is a plain int:
 *   `ref++` and `--ref` are each a load, an add and a store, and nothing
 *   orders one worker's updates against the other's. Two updates that
 *   overlap lose one of them: a lost increment lets a later put free the blob
 *   while a reader still uses it, a lost decrement leaks it. Here the workers
 *   take turns in time, so no update is lost in this run, but nothing
 *   synchronises them: the tools report the race that another run can lose.
 * fix: Make every update one indivisible read-modify-write:
 *   `atomic_fetch_add_explicit(&ref, 1, memory_order_relaxed)` to take a
 *   reference, and `atomic_fetch_sub_explicit(&ref, 1, memory_order_acq_rel)
 *   == 1` to decide who frees.
 * hint: `b->ref++` in `blob_get` and `--b->ref` in `blob_put` run in two threads.
 *   Is each one step or three, and what if the other thread's update comes in
 *   between?
 * hint: A shared reference count needs indivisible read-modify-writes (atomics):
 *   relaxed is enough to take a reference, but the decrement that may free needs
 *   acquire-release ordering.
 * hint: Declare `ref` as `atomic_int` (<stdatomic.h>, set with
 *   `atomic_init(&cached->ref, 1)`); take a reference with
 *   `atomic_fetch_add_explicit(&b->ref, 1, memory_order_relaxed)` and free when
 *   `atomic_fetch_sub_explicit(&b->ref, 1, memory_order_acq_rel) == 1`.
 * task: Two workers each read a cached blob `reads` times, taking a reference
 *   before each read and dropping it after; the last put must free the blob,
 *   once. Here the output looks right, but the tools report a race on the
 *   count that another run turns into a blob freed too early, or never. Make
 *   the count safe for any timing, the two workers reading on their own.
 * wrong-fix: volatile: `volatile int ref` still updates the count in three steps
 *   (load, add, store): an update of the other worker that falls between them
 *   is still lost.
 * wrong-fix: lock-per-thread: A lock that only one worker ever takes excludes
 *   nobody: the other worker's update can still fall between the load and the
 *   store.
 * wrong-fix: relaxed: Relaxed atomic updates keep the count right, but order
 *   nothing: the put that frees the blob is not ordered after the other
 *   worker's reads of it. The decrement that may free needs a stronger order.
 * overlap: lifetime
 * rust: `Rc<Blob>` cannot go to another thread: moving a clone into
 *   `thread::spawn` is rejected with E0277 (`Rc<...>` cannot be sent between
 *   threads safely: its count is not atomic). The idiom is `Arc`.
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: clean: the fix is an atomic count, not a lock, so there is no lock to
 *   annotate the count with; the analysis knows nothing of atomics or of threads.
 * analyzer: clean: the analyzer follows one path through one function; the racing
 *   updates of `ref` are in two threads.
 * tidy: clean: no clang-tidy check knows about shared reference counts.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); the count is a struct member.
 * param: reads 1 100000..200000 valgrind 50000..100000
 * oracle: stdout "characters read by the workers: {20*reads}, {20*reads}"
 * oracle: stdout "blob freed 1 time(s), by the last put"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define NWORKERS 2

struct blob {
    int ref; /* references held: the cache's and each reader's */
    char text[32];
};

static long reads;                 /* reads per worker: the `reads` parameter */
static struct blob *cached;        /* the cache: one blob, holding one reference */
static size_t text_read[NWORKERS]; /* characters each worker read from it (one slot each) */

/* Worker 2 starts only after worker 1 has dropped its references. A test
 * device: it orders in time only, and the detectors see no synchronisation
 * through it. */
static struct rl_handshake turn;

/* noinline: inlined into the worker, `ref++` and `--ref` would be folded into
 * nothing at -O1 and no tool would see an access (the bug stays). */
__attribute__((noinline)) static void blob_get(struct blob *b)
{
    b->ref++; /* BUG: load, add, store; another thread's get or put can come between */
}

/* Drops one reference; returns true when this put freed the blob. */
__attribute__((noinline)) static bool blob_put(struct blob *b)
{
    if (--b->ref == 0) { /* BUG: two puts can both see 1, or neither see 0 */
        free(b);
        return true;
    }
    return false;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (id == 2)
        rl_handshake_wait(&turn);
    struct blob *b = cached;
    bool freed = false;
    for (long r = 0; r < reads && !freed; r++) { /* a reference per read (say, per request) */
        blob_get(b);
        text_read[id - 1] += strlen(b->text); /* uses the blob while holding a reference */
        freed = blob_put(b);                  /* if this freed it, the loop must stop */
    }
    if (id == 1)
        rl_handshake_signal(&turn);
    return (void *)(intptr_t)freed;
}

int main(void)
{
    reads = rl_param("reads", 1);
    cached = malloc(sizeof *cached);
    if (cached == NULL)
        return 1;
    cached->ref = 1;
    strcpy(cached->text, "shared configuration");
    rl_handshake_init(&turn);

    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
    int frees = 0;
    for (int i = 0; i < NWORKERS; i++) {
        void *res;
        pthread_join(t[i], &res);
        frees += (int)(intptr_t)res;
    }
    rl_handshake_destroy(&turn);
    bool last = blob_put(cached); /* the cache lets go: this put must be the last */
    frees += last;
    printf("characters read by the workers: %zu, %zu\n", text_read[0], text_read[1]);
    printf("blob freed %d time(s), %s\n", frees, last ? "by the last put" : "before the last put");
    return 0;
}
