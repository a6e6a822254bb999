/* kmer-count-bucket-locks.c: counts k-mers of a DNA sequence in a hash table with bucket locks.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 65-75: omp_set_lock/omp_unset_lock on the bucket's lock around the whole lookup,
 *   insert and increment; the table is walked and freed only after the region (lines 97-108)
 * why: every access to a bucket's chain and counts is made while holding that bucket's lock,
 *   and nodes are published into the chain under the same lock that later readers take.
 * tempts: heap nodes allocated by one thread and incremented by another, a chain head updated
 *   by many threads, and many locks (one per bucket) instead of one.
 */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SEQ_LEN 6000
#define K 6
#define NBUCKETS 256

struct kmer_node {
    uint32_t code; /* 2 bits per base */
    long count;
    struct kmer_node *next;
};

struct kmer_table {
    struct kmer_node *head[NBUCKETS];
    omp_lock_t lock[NBUCKETS];
    int alloc_failures;
};

static char sequence[SEQ_LEN + 1];
static struct kmer_table table;

static uint32_t encode(const char *s)
{
    uint32_t code = 0;
    for (int i = 0; i < K; i++) {
        uint32_t b = s[i] == 'A' ? 0 : s[i] == 'C' ? 1 : s[i] == 'G' ? 2 : 3;
        code = (code << 2) | b;
    }
    return code;
}

static unsigned bucket_of(uint32_t code)
{
    return (code * 2654435761u) >> 24; /* top 8 bits: 0..255 */
}

static void table_init(struct kmer_table *t)
{
    for (int b = 0; b < NBUCKETS; b++) {
        t->head[b] = NULL;
        omp_init_lock(&t->lock[b]);
    }
    t->alloc_failures = 0;
}

static void table_add(struct kmer_table *t, uint32_t code)
{
    unsigned b = bucket_of(code);
    omp_set_lock(&t->lock[b]);
    struct kmer_node *n = t->head[b];
    while (n && n->code != code)
        n = n->next;
    if (!n && (n = malloc(sizeof *n)) != NULL) {
        *n = (struct kmer_node){code, 0, t->head[b]};
        t->head[b] = n;
    }
    if (n)
        n->count++;
    omp_unset_lock(&t->lock[b]);
    if (!n) {
#pragma omp atomic
        t->alloc_failures++;
    }
}

int main(void)
{
    static const char bases[] = "ACGT";
    unsigned s = 17u;
    for (int i = 0; i < SEQ_LEN; i++) {
        s = s * 1103515245u + 12345u;
        sequence[i] = (i % 50 < 10) ? "GATTAC"[i % 6] : bases[(s >> 16) & 3];
    }
    table_init(&table);

#pragma omp parallel for schedule(dynamic, 64)
    for (int i = 0; i <= SEQ_LEN - K; i++)
        table_add(&table, encode(sequence + i));

    long distinct = 0, total = 0, best = 0;
    for (int b = 0; b < NBUCKETS; b++) {
        struct kmer_node *n = table.head[b];
        while (n) {
            struct kmer_node *next = n->next;
            distinct++;
            total += n->count;
            best = n->count > best ? n->count : best;
            free(n);
            n = next;
        }
        omp_destroy_lock(&table.lock[b]);
    }
    printf("%ld k-mers, %ld distinct, most frequent seen %ld times, %d alloc failures\n", total,
           distinct, best, table.alloc_failures);
    return 0;
}
