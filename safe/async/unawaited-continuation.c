/* racelab-case
 * title: Continuation not awaited (waited on the wrong future)
 * discipline: Wait for the future of the last stage whose effects you use. A
 *   future completes when its own job returns; continuations registered on it
 *   are only queued then. `rl_future_then` returns the continuation's future,
 *   and main waits on that one before it reads the cache: the executor's mutex
 *   orders the continuation's write before main's read.
 * rust: await the handle of the task that does the caching (or let one task
 *   do both, `let price = fetch().await; cache(price).await;`), so the cache
 *   is read after it was written.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Kept from the buggy twin, where they make main read before the continuation
 * writes. Test devices: they order in time only; the detectors ignore them. */
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
    rl_future_get(fetch);
    rl_handshake_wait(&started);
    rl_handshake_signal(&go);
    rl_future_get(cached);    /* FIX: wait for the end of the chain */
    int price = cache->price; /* ordered after the continuation's write */
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
