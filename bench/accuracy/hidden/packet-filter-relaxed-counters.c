/* packet-filter-relaxed-counters.c: filter threads count verdicts with relaxed atomic adds.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: counters updated only by atomic_fetch_add_explicit(relaxed) (lines 55-59); main reads
 *   them and the verdict array after pthread_join (lines 87-95)
 * why: relaxed atomics are enough for counters nobody reads until after join; join orders every
 *   worker's writes (atomic and plain verdict[] slots) before main's reads.
 * tempts: "relaxed means no happens-before, so main's read of the totals is racy or stale", and
 *   plain stores to verdict[] slots next to each other in one array.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define NPACKETS 4096
#define NWORKERS 4

enum verdict { V_UNSEEN, V_ACCEPT, V_DROP };

struct packet {
    uint32_t src;
    uint16_t port;
    uint16_t len;
};

struct filter_stats {
    atomic_ulong accepted;
    atomic_ulong dropped;
    atomic_ulong bytes;
};

struct filter_job {
    const struct packet *pkts;
    unsigned char *verdict;
    size_t first, count;
    struct filter_stats *stats;
};

static int rule_matches(const struct packet *p)
{
    return p->port == 23 || (p->src >> 24) == 10;
}

static void *filter_main(void *arg)
{
    struct filter_job *job = arg;
    for (size_t i = job->first; i < job->first + job->count; i++) {
        const struct packet *p = &job->pkts[i];
        if (rule_matches(p)) {
            job->verdict[i] = V_DROP;
            atomic_fetch_add_explicit(&job->stats->dropped, 1, memory_order_relaxed);
        } else {
            job->verdict[i] = V_ACCEPT;
            atomic_fetch_add_explicit(&job->stats->accepted, 1, memory_order_relaxed);
            atomic_fetch_add_explicit(&job->stats->bytes, p->len, memory_order_relaxed);
        }
    }
    return NULL;
}

static struct packet pkts[NPACKETS];
static unsigned char verdict[NPACKETS];

int main(void)
{
    struct filter_stats stats;
    atomic_init(&stats.accepted, 0);
    atomic_init(&stats.dropped, 0);
    atomic_init(&stats.bytes, 0);
    for (size_t i = 0; i < NPACKETS; i++)
        pkts[i] = (struct packet){ (uint32_t)(i * 2654435761u), (uint16_t)(i % 100),
                                   (uint16_t)(60 + i % 1400) };

    struct filter_job jobs[NWORKERS];
    pthread_t thr[NWORKERS];
    for (int w = 0; w < NWORKERS; w++) {
        jobs[w] = (struct filter_job){ pkts, verdict, (size_t)w * (NPACKETS / NWORKERS),
                                       NPACKETS / NWORKERS, &stats };
        if (pthread_create(&thr[w], NULL, filter_main, &jobs[w]) != 0)
            return 1;
    }
    for (int w = 0; w < NWORKERS; w++)
        pthread_join(thr[w], NULL);

    size_t unseen = 0;
    for (size_t i = 0; i < NPACKETS; i++)
        unseen += verdict[i] == V_UNSEEN;
    printf("accepted %lu (%lu bytes), dropped %lu, unseen %zu\n",
           atomic_load_explicit(&stats.accepted, memory_order_relaxed),
           atomic_load_explicit(&stats.bytes, memory_order_relaxed),
           atomic_load_explicit(&stats.dropped, memory_order_relaxed), unseen);
    return 0;
}
