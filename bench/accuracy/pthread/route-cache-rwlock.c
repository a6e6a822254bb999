/* route-cache-rwlock.c: a route cache read by eight lookups and refreshed by two updaters.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 49-55 and 62-73: lookups only read entries under pthread_rwlock_rdlock and copy
 *   the value out; inserts and refreshes write under pthread_rwlock_wrlock, re-checking after the
 *   read lock was dropped
 * why: no entry is written while a read lock is held, and every reader takes its own copy.
 * tempts: many threads reading the same entries that other threads rewrite; tools that model
 *   rwlocks weakly (or not at all) see unordered reads and writes.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NREADERS 8
#define NUPDATERS 2
#define NSLOTS 32

struct route {
    uint32_t prefix;
    uint32_t next_hop;
    int metric;
    int valid;
};

static struct {
    pthread_rwlock_t lock;
    struct route slots[NSLOTS]; /* guarded by lock */
    unsigned long version;      /* guarded by lock */
} table = {.lock = PTHREAD_RWLOCK_INITIALIZER};

static uint32_t compute_next_hop(uint32_t prefix, int metric)
{
    uint32_t h = prefix ^ (uint32_t)metric;
    for (int i = 0; i < 8; i++)
        h = h * 2654435761u + 0x9e37u;
    return 0xc0a80000u | (h & 0xffffu);
}

/* Returns 1 and the route in *out if cached. */
static int route_lookup(uint32_t prefix, struct route *out)
{
    int hit = 0;
    pthread_rwlock_rdlock(&table.lock);
    const struct route *r = &table.slots[prefix % NSLOTS];
    if (r->valid && r->prefix == prefix) {
        *out = *r;
        hit = 1;
    }
    pthread_rwlock_unlock(&table.lock);
    return hit;
}

static void route_store(uint32_t prefix, int metric, struct route *out)
{
    uint32_t hop = compute_next_hop(prefix, metric); /* slow part, no lock */
    pthread_rwlock_wrlock(&table.lock);
    struct route *r = &table.slots[prefix % NSLOTS];
    if (!r->valid || r->prefix != prefix || r->metric != metric) {
        r->prefix = prefix;
        r->next_hop = hop;
        r->metric = metric;
        r->valid = 1;
        table.version++;
    }
    if (out != NULL)
        *out = *r;
    pthread_rwlock_unlock(&table.lock);
}

static void *reader_main(void *arg)
{
    uint32_t base = (uint32_t)(uintptr_t)arg;
    unsigned long sum = 0;
    for (int i = 0; i < 400; i++) {
        uint32_t prefix = 0x0a000000u + (base * 7 + (uint32_t)i) % 48;
        struct route r;
        if (!route_lookup(prefix, &r))
            route_store(prefix, 10, &r);
        sum += r.next_hop & 0xff;
    }
    return (void *)(uintptr_t)sum;
}

static void *updater_main(void *arg)
{
    int metric = 20 + (int)(uintptr_t)arg;
    for (int round = 0; round < 20; round++)
        for (uint32_t p = 0; p < NSLOTS; p += 3)
            route_store(0x0a000000u + p, metric + round % 2, NULL);
    return NULL;
}

int main(void)
{
    pthread_t tids[NREADERS + NUPDATERS];
    int started = 0;
    for (; started < NREADERS + NUPDATERS; started++) {
        void *(*fn)(void *) = started < NREADERS ? reader_main : updater_main;
        if (pthread_create(&tids[started], NULL, fn, (void *)(uintptr_t)started) != 0)
            break;
    }
    uintptr_t sum = 0;
    for (int i = 0; i < started; i++) {
        void *r;
        pthread_join(tids[i], &r);
        sum += (uintptr_t)r;
    }
    printf("route cache version %lu, lookup digest %lu\n", table.version, (unsigned long)sum);
    return 0;
}
