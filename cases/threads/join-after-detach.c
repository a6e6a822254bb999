/* racelab-case
 * title: Join after detach (a detached thread cannot be joined)
 * bug: `start_job()` creates a worker and detaches it ("nobody needs to wait
 *   for it"); later main needs the worker's result and calls `pthread_join`
 *   on it. A detached thread is not joinable: POSIX leaves the join undefined.
 *   glibc returns EINVAL while the thread still exists, and once the detached
 *   thread has ended and its descriptor is reused, the join may wait for
 *   another thread or crash. Here the worker is still running at the join:
 *   the join fails with EINVAL and the result is lost.
 * fix: Exactly one of the two for every thread: join it when its result or
 *   its end matters (here), or detach it and let it report through something
 *   else (a queue, a condition variable) and never join it.
 * hint: Follow `t` from `start_job()` to main's `pthread_join`: what did
 *   `start_job()` do to the thread in between?
 * hint: Every thread is either joined or detached, exactly once: a detached thread
 *   can no longer be joined, so a thread whose result you need must stay joinable.
 * hint: Delete `pthread_detach(t)` in `start_job()` and keep main's
 *   `pthread_join(t, &result)`, but after `rl_handshake_signal(&join_tried)`: the
 *   worker waits for that signal. The `worker_done` handshake can go.
 * task: main starts a job that sums 1 to `n` on a worker thread, then asks for
 *   the job's result; instead of the sum it prints "job result lost". Make main
 *   receive the result of the job, which still runs on its own thread.
 * wrong-fix: sleep: Waiting before the join changes nothing: what `start_job()`
 *   did to the thread makes it unjoinable for good, however long main waits.
 * rust: `JoinHandle::join(self)` consumes the handle, and detaching a thread
 *   is dropping its handle: `drop(handle); handle.join()` is rejected with
 *   E0382 (use of moved value).
 * tsan: n/a: ThreadSanitizer (clang 14 and 19) cannot judge this: its pthread_join
 *   interceptor stops the program with an internal error ("CHECK failed" in
 *   its thread registry) when the thread is detached, instead of a report.
 * helgrind: api-error, wrong-result
 * drd: wrong-result
 * tsa: clean: the analysis checks locks and the data they guard; a thread handle is
 *   not a lock, so it has nothing to say about joining or detaching one.
 * analyzer: clean: the analyzer does not track what pthread_detach does to a thread
 *   handle, so a later pthread_join on it looks like any other call.
 * tidy: clean: no clang-tidy check pairs pthread_detach with pthread_join.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); joining a detached thread is not in its
 *   POSIX library.
 * param: n 100 50..100000
 * oracle: stdout "job result = {n*(n+1)/2}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

/* The worker starts only after main's join has been tried, so that the join
 * always meets a live detached thread (after it ended, the join would be
 * undefined in a worse way). A test device: it orders in time only. */
static struct rl_handshake join_tried;
/* Main cannot join the detached worker, so this is how it waits for the
 * worker's last step before main returns. Also a test device. */
static struct rl_handshake worker_done;

static void *sum_job(void *arg)
{
    long n = (long)(intptr_t)arg, sum = 0;
    rl_handshake_wait(&join_tried);
    for (long i = 1; i <= n; i++)
        sum += i;
    rl_handshake_signal(&worker_done);
    return (void *)(intptr_t)sum;
}

static pthread_t start_job(long n)
{
    pthread_t t;
    pthread_create(&t, NULL, sum_job, (void *)(intptr_t)n);
    pthread_detach(t); /* BUG: from now on nobody may join t */
    return t;
}

int main(void)
{
    rl_handshake_init(&join_tried);
    rl_handshake_init(&worker_done);
    long n = rl_param("n", 100); /* the job sums 1..n */
    pthread_t t = start_job(n);
    void *result;
    int err = pthread_join(t, &result); /* BUG: t is detached: EINVAL here */
    rl_handshake_signal(&join_tried);
    rl_handshake_wait(&worker_done);
    rl_handshake_destroy(&join_tried);
    rl_handshake_destroy(&worker_done);
    char msg[64]; /* for strerror_r: strerror's buffer is shared by every thread */
    if (err != 0) /* the GNU strerror_r (_GNU_SOURCE) returns the message */
        printf("job result lost: pthread_join: %s\n", strerror_r(err, msg, sizeof msg));
    else
        printf("job result = %ld\n", (long)(intptr_t)result);
    return 0;
}
