/* route-cache-generation-peek.c: route lookups load the cache generation and never use it.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: O0
 * where: lines 41 and 72: rc->generation read in route_lookup() unlocked, written in reloader()
 * why: route_lookup() copies rc->generation into a local left over from a removed staleness
 *   check; the reloader bumps it under reload_lock, which lookups never take. -O1 drops the load.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NROUTES 64
#define NLOOKUPS 2000

struct route {
    uint32_t prefix;
    uint32_t mask;
    int ifindex;
};

struct route_cache {
    struct route table[NROUTES];   /* built before the workers start, read-only afterwards */
    size_t nroutes;
    pthread_mutex_t reload_lock;
    unsigned long generation;      /* bumped by the reloader under reload_lock */
    struct route staging[NROUTES]; /* reloader-private until the (future) swap */
    size_t nstaging;
};

struct lookup_job {
    struct route_cache *rc;
    uint32_t base;
    long hits;
};

static int route_lookup(struct route_cache *rc, uint32_t addr)
{
    unsigned long gen = rc->generation; /* staleness check removed, load kept */
    (void)gen;

    int best = -1;
    uint32_t best_mask = 0;
    for (size_t i = 0; i < rc->nroutes; i++) {
        const struct route *r = &rc->table[i];
        if ((addr & r->mask) == r->prefix && r->mask >= best_mask) {
            best = r->ifindex;
            best_mask = r->mask;
        }
    }
    return best;
}

static void *lookup_worker(void *arg)
{
    struct lookup_job *job = arg;
    for (uint32_t i = 0; i < NLOOKUPS; i++)
        if (route_lookup(job->rc, job->base + i * 2654435761u) >= 0)
            job->hits++;
    return NULL;
}

static void *reloader(void *arg)
{
    struct route_cache *rc = arg;
    pthread_mutex_lock(&rc->reload_lock);
    rc->nstaging = 0;
    for (uint32_t i = 0; i < NROUTES / 2; i++)
        rc->staging[rc->nstaging++] = (struct route){ i << 24, 0xff000000u, (int)(i % 4) };
    rc->generation++;
    pthread_mutex_unlock(&rc->reload_lock);
    return NULL;
}

static struct route_cache cache = { .reload_lock = PTHREAD_MUTEX_INITIALIZER };

int main(void)
{
    for (uint32_t i = 0; i < NROUTES; i++) {
        cache.table[i].prefix = (i * 4u) << 24;
        cache.table[i].mask = i % 2 ? 0xff000000u : 0xffff0000u;
        cache.table[i].ifindex = (int)(i % 8);
    }
    cache.nroutes = NROUTES;

    struct lookup_job jobs[2] = { { &cache, 0x01000000u, 0 }, { &cache, 0x80000000u, 0 } };
    pthread_t workers[2], rl;
    for (int i = 0; i < 2; i++)
        if (pthread_create(&workers[i], NULL, lookup_worker, &jobs[i]) != 0)
            return 1;
    if (pthread_create(&rl, NULL, reloader, &cache) != 0)
        return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(workers[i], NULL);
    pthread_join(rl, NULL);

    printf("lookups matched: %ld + %ld, generation %lu\n", jobs[0].hits, jobs[1].hits,
           cache.generation);
    return 0;
}
