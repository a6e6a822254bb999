/* slow-condvar-request-reply.c: tens of thousands of synchronous request/reply round trips (slow).
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 40-51 and 57-65: both sides wait in predicate loops on ch.lock (worker for
 *   has_request, caller for has_reply) and change the slot and flags only while holding it
 * why: a textbook one-slot channel; each round trip is two condvar hand-offs, so the run takes
 *   about 0.3-0.5 s natively by design and far longer under Valgrind, whose scheduler makes
 *   every hand-off a thread switch.
 * tempts: two threads that spend most of the run blocked in pthread_cond_wait on each other,
 *   which a tool's timeout may take for a deadlock.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define ROUND_TRIPS 25000

static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool has_request, has_reply, closing; /* guarded by lock */
    uint64_t request, reply;              /* guarded by lock */
} ch = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false, false, 0, 0};

static uint64_t lookup_price(uint64_t sku)
{
    uint64_t h = sku * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return 100 + h % 9900;
}

static void *pricing_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&ch.lock);
    for (;;) {
        while (!ch.has_request && !ch.closing)
            pthread_cond_wait(&ch.changed, &ch.lock);
        if (!ch.has_request)
            break;
        ch.reply = lookup_price(ch.request);
        ch.has_request = false;
        ch.has_reply = true;
        pthread_cond_broadcast(&ch.changed);
    }
    pthread_mutex_unlock(&ch.lock);
    return NULL;
}

static uint64_t price_of(uint64_t sku)
{
    pthread_mutex_lock(&ch.lock);
    ch.request = sku;
    ch.has_request = true;
    pthread_cond_broadcast(&ch.changed);
    while (!ch.has_reply)
        pthread_cond_wait(&ch.changed, &ch.lock);
    ch.has_reply = false;
    uint64_t price = ch.reply;
    pthread_mutex_unlock(&ch.lock);
    return price;
}

int main(void)
{
    pthread_t pricing;
    if (pthread_create(&pricing, NULL, pricing_main, NULL) != 0)
        return 1;
    uint64_t basket = 0;
    for (uint64_t sku = 1; sku <= ROUND_TRIPS; sku++)
        basket += price_of(sku);

    pthread_mutex_lock(&ch.lock);
    ch.closing = true;
    pthread_cond_broadcast(&ch.changed);
    pthread_mutex_unlock(&ch.lock);
    pthread_join(pricing, NULL);
    printf("%d prices fetched, basket total %llu\n", ROUND_TRIPS, (unsigned long long)basket);
    return 0;
}
