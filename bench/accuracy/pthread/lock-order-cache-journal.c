/* lock-order-cache-journal.c: page cache and journal take each other's locks in opposite orders.
 *
 * label: bug
 * kind: lock-order
 * build: pthread
 * needs: any
 * where: lines 60/47 and 84/73: cache_write_page() holds cache.lock then takes journal.lock
 *   (in journal_append); journal_checkpoint() holds journal.lock then takes cache.lock
 * why: the writer thread nests cache -> journal, the checkpoint thread nests journal -> cache.
 *   Here the checkpoint only starts after the writer is joined, so the run does not hang, but
 *   the two orders form a cycle that deadlocks as soon as both paths overlap.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NPAGES 32
#define MAXREC 64

struct page {
    int dirty;
    long lsn;
    char data[64];
};

static struct {
    pthread_mutex_t lock;
    struct page pages[NPAGES];
    int dirty_count;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct {
    pthread_mutex_t lock;
    struct {
        int page;
        long lsn;
    } recs[MAXREC];
    int n;
    long next_lsn;
    long checkpoint_lsn;
} journal = {.lock = PTHREAD_MUTEX_INITIALIZER, .next_lsn = 1};

/* Called with cache.lock held. */
static long journal_append(int page)
{
    pthread_mutex_lock(&journal.lock);
    long lsn = journal.next_lsn++;
    if (journal.n < MAXREC) {
        journal.recs[journal.n].page = page;
        journal.recs[journal.n].lsn = lsn;
        journal.n++;
    }
    pthread_mutex_unlock(&journal.lock);
    return lsn;
}

static void cache_write_page(int id, const char *data)
{
    pthread_mutex_lock(&cache.lock);
    struct page *pg = &cache.pages[id % NPAGES];
    snprintf(pg->data, sizeof pg->data, "%s", data);
    if (!pg->dirty)
        cache.dirty_count++;
    pg->dirty = 1;
    pg->lsn = journal_append(id % NPAGES);
    pthread_mutex_unlock(&cache.lock);
}

/* Called with journal.lock held. */
static void cache_mark_clean(int id, long lsn)
{
    pthread_mutex_lock(&cache.lock);
    struct page *pg = &cache.pages[id];
    if (pg->dirty && pg->lsn <= lsn) {
        pg->dirty = 0;
        cache.dirty_count--;
    }
    pthread_mutex_unlock(&cache.lock);
}

static void journal_checkpoint(void)
{
    pthread_mutex_lock(&journal.lock);
    for (int i = 0; i < journal.n; i++)
        cache_mark_clean(journal.recs[i].page, journal.recs[i].lsn);
    if (journal.n > 0)
        journal.checkpoint_lsn = journal.recs[journal.n - 1].lsn;
    journal.n = 0;
    pthread_mutex_unlock(&journal.lock);
}

static void *writer_main(void *arg)
{
    (void)arg;
    char buf[32];
    for (int i = 0; i < 48; i++) {
        snprintf(buf, sizeof buf, "row-%d", i);
        cache_write_page(i, buf);
    }
    return NULL;
}

static void *checkpointer_main(void *arg)
{
    (void)arg;
    journal_checkpoint();
    return NULL;
}

int main(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, writer_main, NULL) != 0)
        return 1;
    pthread_join(t, NULL); /* load phase done */
    if (pthread_create(&t, NULL, checkpointer_main, NULL) != 0)
        return 1;
    pthread_join(t, NULL);
    printf("checkpoint at lsn %ld, %d dirty pages left\n", journal.checkpoint_lsn,
           cache.dirty_count);
    return 0;
}
