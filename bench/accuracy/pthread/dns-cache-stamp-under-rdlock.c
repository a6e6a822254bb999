/* dns-cache-stamp-under-rdlock.c: cache lookups refresh an entry's LRU stamp under a read lock.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: line 68: e->last_used = now in dns_cache_lookup(), executed under the read lock by
 *   several resolver threads on the same hot entry
 * why: a read lock lets all eight resolvers in at once, and each writes the shared entry's
 *   last_used field while holding it; read locks give those writes no happens-before.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NRESOLVERS 8
#define NENTRIES 8
#define LOOKUPS 300

struct dns_entry {
    char name[32];
    uint32_t addr;
    uint32_t ttl;
    uint64_t last_used; /* ns, for LRU eviction */
};

static struct {
    pthread_rwlock_t lock;
    struct dns_entry entries[NENTRIES];
    int count;
} cache = {.lock = PTHREAD_RWLOCK_INITIALIZER};

static const char *const hosts[NENTRIES] = {
    "api.internal", "db.internal", "cache.internal", "auth.internal",
    "mq.internal",  "s3.internal", "log.internal",   "cdn.internal",
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void dns_cache_insert(const char *name, uint32_t addr, uint32_t ttl)
{
    pthread_rwlock_wrlock(&cache.lock);
    if (cache.count < NENTRIES) {
        struct dns_entry *e = &cache.entries[cache.count++];
        snprintf(e->name, sizeof e->name, "%s", name);
        e->addr = addr;
        e->ttl = ttl;
        e->last_used = now_ns();
    }
    pthread_rwlock_unlock(&cache.lock);
}

static int dns_cache_lookup(const char *name, uint32_t *addr, uint64_t now)
{
    int found = 0;
    pthread_rwlock_rdlock(&cache.lock);
    for (int i = 0; i < cache.count; i++) {
        struct dns_entry *e = &cache.entries[i];
        if (strcmp(e->name, name) == 0) {
            e->last_used = now;
            *addr = e->addr;
            found = 1;
            break;
        }
    }
    pthread_rwlock_unlock(&cache.lock);
    return found;
}

static void *resolver_main(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    unsigned long hits = 0, sum = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        /* half of the traffic goes to api.internal */
        const char *h = (i & 1) ? hosts[0] : hosts[(seed + (unsigned)i) % NENTRIES];
        uint32_t addr;
        if (dns_cache_lookup(h, &addr, now_ns())) {
            hits++;
            sum += addr & 0xff;
        }
    }
    return (void *)(uintptr_t)(hits + sum);
}

int main(void)
{
    for (int i = 0; i < NENTRIES; i++)
        dns_cache_insert(hosts[i], 0x0a000001u + (uint32_t)i, 300);

    pthread_t tids[NRESOLVERS];
    int started = 0;
    for (; started < NRESOLVERS; started++)
        if (pthread_create(&tids[started], NULL, resolver_main, (void *)(uintptr_t)started))
            break;
    uintptr_t total = 0;
    for (int i = 0; i < started; i++) {
        void *r;
        pthread_join(tids[i], &r);
        total += (uintptr_t)r;
    }

    int oldest = 0;
    pthread_rwlock_rdlock(&cache.lock);
    for (int i = 1; i < cache.count; i++)
        if (cache.entries[i].last_used < cache.entries[oldest].last_used)
            oldest = i;
    pthread_rwlock_unlock(&cache.lock);
    printf("lookup score %lu, eviction candidate %s\n", (unsigned long)total, hosts[oldest]);
    return 0;
}
