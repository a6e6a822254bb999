/* racelab-case
 * title: Continuation not awaited (waited on the wrong future)
 * bug: main submits `fetch_price` and registers a continuation,
 *   `cache_price`, that stores the price in the shared `cache`. It then waits
 *   for the fetch with `rl_future_get(fetch)` and reads the cache, as if the
 *   continuation were done too. But the fetch's future completes before its
 *   continuation even starts: the continuation is only queued then, and runs
 *   on the worker while main goes on. main's read races with the
 *   continuation's write; here the continuation has not written yet every
 *   time, so main finds the cache empty.
 * fix: Wait for the end of the chain: `rl_future_get` on the future that
 *   `rl_future_then` returned. It completes after the continuation has run,
 *   and orders the continuation's write before main's read.
 * hint: main waits for `fetch` and then reads the cache. Which job writes the
 *   cache, and which future did main wait for?
 * hint: A future completes when its own job returns; continuations registered on
 *   it are only queued then. Wait for the future of the last stage whose effects
 *   you use.
 * hint: Call `rl_future_get(cached)` (the future `rl_future_then` returned) before
 *   reading `cache->price`, and after `rl_handshake_signal(&go)`: `cache_price`
 *   waits for that signal.
 * task: main fetches a price, `price`, on an executor; a continuation of the
 *   fetch stores it in a shared cache, and main then prints the cache. It
 *   prints "cache: empty". Make main print the cached price, the fetch and the
 *   caching still running on the executor.
 * wrong-fix: sleep: A pause before reading the cache makes it likely that the
 *   continuation has run, but proves nothing (here it runs only after main's
 *   read), and the tools still see nothing that orders its write before it.
 * wrong-fix: volatile: A `volatile` cache is still read whenever main gets
 *   there, written or not: it makes the read happen, not happen after the
 *   continuation.
 * rust: compiles when the cache is an `Arc<Mutex<..>>` (a plain variable
 *   shared with a spawned task would be rejected, E0373): the mutex removes
 *   the data race but not the mistake. Awaiting the fetch's `JoinHandle` does
 *   not wait for the task that caches its result, and main reads an empty
 *   cache every time.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: nothing in the case is guarded by a lock: what orders the
 *   continuation's write before main's read is its future, and the analysis has no
 *   notion of futures, continuations or threads.
 * analyzer: clean: the analyzer follows one path through one function; the
 *   continuation's write and main's read are in two threads.
 * tidy: clean: no clang-tidy check knows which future covers which continuation.
 * cppcheck: clean: cppcheck has no model of threads, tasks or callbacks:
 *   racelab's executor is just functions to it; waiting on the wrong future is
 *   ordinary code to it.
 * param: price 42 1..1000000
 * oracle: stdout "cache: price {price}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "racelab/executor.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

/* The cache the continuation fills; 0 means empty. */
struct cache {
    int price;
};
static struct cache *cache;
static int quoted_price; /* what the remote service answers: the `price` parameter */

/* `started`: the worker has taken the continuation (so main's later calls into
 * the executor, whose mutex the tools do see, cannot order main's read before
 * the continuation's write); `go`: main has read the cache. Test devices: they
 * order in time only, and the detectors see no synchronisation through them. */
static struct rl_handshake started, go;

static void *fetch_price(void *arg)
{
    (void)arg;
    return RL_VALUE(quoted_price); /* say, from a remote service */
}

/* The continuation: runs after fetch_price, with its result. */
static void *cache_price(void *value, void *arg)
{
    (void)arg;
    rl_handshake_signal(&started);
    rl_handshake_wait(&go);
    cache->price = RL_INT(value); /* the continuation's write */
    return NULL;
}

int main(void)
{
    quoted_price = (int)rl_param("price", 42);
    rl_handshake_init(&started);
    rl_handshake_init(&go);
    cache = calloc(1, sizeof *cache);
    if (cache == NULL)
        return 1;
    struct rl_executor *pool = rl_executor_create(1);

    struct rl_future *fetch = rl_submit(pool, fetch_price, NULL);
    struct rl_future *cached = rl_future_then(fetch, cache_price, NULL);
    rl_future_get(fetch); /* BUG: waits for the fetch only, not for cache_price */
    rl_handshake_wait(&started);
    int price = cache->price; /* BUG: the continuation may not have written it yet */
    rl_handshake_signal(&go);
    if (price != 0)
        printf("cache: price %d\n", price);
    else
        printf("cache: empty\n");

    rl_future_release(cached);
    rl_future_release(fetch);
    rl_executor_destroy(pool);
    free(cache);
    rl_handshake_destroy(&go);
    rl_handshake_destroy(&started);
    return 0;
}
