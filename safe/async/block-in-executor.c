/* racelab-case
 * title: Blocking on a future inside the executor (self-deadlock)
 * discipline: Executor threads never block on work queued to their own
 *   executor; dependent work is chained. `load_user` is submitted, and
 *   `render_page` is registered as its continuation with `rl_future_then`: it
 *   is queued only when the user record is ready and receives it as its
 *   argument, so the one worker runs `load_user`, is free again, then runs
 *   `render_page`. Only main, which is not a worker, blocks in
 *   `rl_future_get`, on the end of the chain.
 * rust: `let id = tokio::spawn(load_user()).await.unwrap();` inside the task:
 *   `.await` suspends the task and frees the worker to run `load_user`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* A continuation: it runs once the user record is ready, and gets it as `value`. */
static void *render_page(void *value, void *arg)
{
    (void)arg;
    int id = RL_INT(value);
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
    struct rl_future *user = rl_submit(pool, load_user, NULL);
    /* FIX: chain, do not block a worker: render_page is queued when the user is ready */
    struct rl_future *page = rl_future_then(user, render_page, NULL);
    rl_future_release(user);
    char *html = rl_future_get(page); /* main is not a worker: it may block */
    printf("page: %s\n", html);
    free(html);
    rl_future_release(page);
    rl_executor_destroy(pool);
    return 0;
}
