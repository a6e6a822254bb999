/* page-desc-flag-bitfields.c: writeback and pinning threads update adjacent flag bitfields.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 51 and 67: pd->dirty = 0 in writeback_pass(), pd->pinned = 1 in pin_range()
 * why: dirty and pinned are bitfields of the same unsigned word, so each assignment is a
 *   read-modify-write of that word; each thread holds only its own lock (wb_lock, pin_lock).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NPAGES 256

struct page_desc {
    unsigned dirty : 1;     /* owned by the writeback path (wb_lock) */
    unsigned pinned : 1;    /* owned by the pinning path (pin_lock) */
    unsigned age : 6;
    uint32_t frame;
};

struct page_pool {
    struct page_desc pages[NPAGES];
    pthread_mutex_t wb_lock;
    pthread_mutex_t pin_lock;
    unsigned long written_back;
    unsigned long pinned_pages;
};

struct pin_request {
    struct page_pool *pool;
    size_t first, count;
};

static void write_page(const struct page_desc *pd, uint64_t *disk_sum)
{
    *disk_sum += pd->frame * 4096ull;
}

static void *writeback_pass(void *arg)
{
    struct page_pool *pool = arg;
    uint64_t disk_sum = 0;
    pthread_mutex_lock(&pool->wb_lock);
    for (size_t i = 0; i < NPAGES; i++) {
        struct page_desc *pd = &pool->pages[i];
        if (i % 2 == 0) {            /* even pages were dirtied at setup */
            write_page(pd, &disk_sum);
            pd->dirty = 0;
            pool->written_back++;
        }
    }
    pthread_mutex_unlock(&pool->wb_lock);
    return NULL;
}

static void *pin_range(void *arg)
{
    struct pin_request *req = arg;
    struct page_pool *pool = req->pool;
    pthread_mutex_lock(&pool->pin_lock);
    for (size_t i = req->first; i < req->first + req->count; i++) {
        struct page_desc *pd = &pool->pages[i];
        if (pd->frame != 0) {
            pd->pinned = 1;
            pool->pinned_pages++;
        }
    }
    pthread_mutex_unlock(&pool->pin_lock);
    return NULL;
}

static struct page_pool pool = { .wb_lock = PTHREAD_MUTEX_INITIALIZER,
                                 .pin_lock = PTHREAD_MUTEX_INITIALIZER };

int main(void)
{
    for (size_t i = 0; i < NPAGES; i++) {
        pool.pages[i].frame = (uint32_t)(1000 + i);
        pool.pages[i].dirty = i % 2 == 0;
    }

    struct pin_request req = { &pool, 64, 128 };
    pthread_t wb, pin;
    if (pthread_create(&wb, NULL, writeback_pass, &pool) != 0)
        return 1;
    if (pthread_create(&pin, NULL, pin_range, &req) != 0)
        return 1;
    pthread_join(wb, NULL);
    pthread_join(pin, NULL);

    unsigned still_dirty = 0;
    for (size_t i = 0; i < NPAGES; i++)
        still_dirty += pool.pages[i].dirty;
    printf("written back %lu, pinned %lu, still dirty %u\n", pool.written_back,
           pool.pinned_pages, still_dirty);
    return 0;
}
