/* racelab-case
 * title: Blocking on a future inside the executor (self-deadlock)
 * bug: The pool has one worker. `render_page` runs on it and needs the user
 *   record, so it submits `load_user` to the same pool and blocks in
 *   `rl_future_get` until that is done. But `load_user` is queued behind
 *   `render_page`, and the only worker that could run it is the one blocked
 *   waiting for it: neither job ever finishes, and main waits for the page
 *   forever. No detector sees anything wrong: every wait is a correct
 *   condition-variable wait that nothing will ever end. With more workers the
 *   same code hangs as soon as every worker blocks like this at once.
 * fix: Never block an executor thread on work queued to the same executor:
 *   chain instead. Submit `load_user` and register `render_page` as its
 *   continuation with `rl_future_then`; the worker is free between the two.
 * hint: The pool has one worker, and `render_page` runs on it. Who is left to run
 *   `load_user` while `render_page` waits in `rl_future_get`?
 * hint: Never block an executor thread on work queued to the same executor: chain
 *   the dependent work as a continuation, so the worker is free between the two
 *   jobs.
 * hint: In main, submit `load_user` and register `render_page` with
 *   `rl_future_then(user, render_page, NULL)`, changing it to `render_page(void
 *   *value, void *arg)` that takes the id from `RL_INT(value)`; only main calls
 *   `rl_future_get`, on the page's future (release both futures).
 * task: A pool with one worker renders a page for user `user`: the job
 *   `render_page` needs the user record, which the job `load_user` produces on
 *   the same pool. The program never prints the page: it hangs. Make it print
 *   the page, both jobs still running on the pool.
 * rust: compiles: blocking a runtime worker is not a type error. On a tokio
 *   runtime with one worker, a task that spawns another and then waits for it
 *   with a blocking call hangs the same way (tokio's own `Handle::block_on`
 *   would instead panic at run time: "Cannot start a runtime from within a
 *   runtime"). The idiom is `.await`, which frees the worker while waiting.
 * tsan: timeout
 * helgrind: timeout
 * drd: timeout
 * tsa: clean: no lock is held in the case's code: the deadlock is a worker waiting
 *   for work that only it could run, and the analysis knows nothing of executors or
 *   threads.
 * analyzer: clean: render_page holds no lock while it blocks, so
 *   BlockInCriticalSection has nothing to flag, and the analyzer does not know that
 *   the job it waits for needs the very worker it runs on.
 * tidy: clean: no clang-tidy check knows which thread a job runs on or what it
 *   waits for.
 * cppcheck: clean: cppcheck has no model of threads, tasks or callbacks:
 *   racelab's executor is just functions to it; a wait that can never end is
 *   not a warning it has.
 * param: user 42 1..1000000
 * oracle: stdout "page: <h1>user {user}</h1>"
 * threads: 1
 * timeout: 5
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "racelab/executor.h"
#include "racelab/param.h"

#define PAGE_SIZE 64

static struct rl_executor *pool; /* one worker */
static int user_id;              /* the user to load: the `user` parameter */

static void *load_user(void *arg)
{
    (void)arg;
    return RL_VALUE(user_id); /* the user id, say from a database */
}

static void *render_page(void *arg)
{
    (void)arg;
    struct rl_future *user = rl_submit(pool, load_user, NULL); /* queued behind this job */
    /* BUG: blocks the pool's only worker until load_user has run, which needs that worker */
    int id = RL_INT(rl_future_get(user));
    rl_future_release(user);
    char *page = malloc(PAGE_SIZE);
    if (page == NULL)
        abort(); /* not exit(): this runs on a worker, and exit is not thread-safe */
    snprintf(page, PAGE_SIZE, "<h1>user %d</h1>", id);
    return page;
}

int main(void)
{
    user_id = (int)rl_param("user", 42);
    pool = rl_executor_create(1);
    struct rl_future *page = rl_submit(pool, render_page, NULL);
    char *html = rl_future_get(page); /* never returns */
    printf("page: %s\n", html);
    free(html);
    rl_future_release(page);
    rl_executor_destroy(pool);
    return 0;
}
