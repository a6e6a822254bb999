/* async-flush-ctx-freed.c: a detached flusher reads a context that its caller already freed.
 *
 * label: bug
 * kind: use-after-free
 * build: pthread
 * needs: any
 * where: lines 94 and 51: main frees the flush_ctx right after start_async_flush(), the detached
 *   flusher reads ctx->records[i]
 * why: start_async_flush() hands the caller's heap context to a detached thread and returns; the
 *   caller frees it at once, believing the flusher copied it, and nothing (no join, no handshake)
 *   orders the flusher's reads of the context before that free.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RECORDS 64

struct flush_ctx {
    char path[32];
    unsigned nrecords;
    int records[MAX_RECORDS];
};

static sem_t flushes_done;
static unsigned long flushed_sum; /* written by the flusher before sem_post */
static unsigned flushed_count;

static struct flush_ctx *flush_ctx_new(const char *path, const int *vals, unsigned n)
{
    struct flush_ctx *ctx = malloc(sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    snprintf(ctx->path, sizeof ctx->path, "%s", path);
    ctx->nrecords = n < MAX_RECORDS ? n : MAX_RECORDS;
    memcpy(ctx->records, vals, ctx->nrecords * sizeof vals[0]);
    return ctx;
}

static void *flusher_main(void *arg)
{
    const struct flush_ctx *ctx = arg;
    unsigned n = ctx->nrecords;
    if (n > MAX_RECORDS)
        n = MAX_RECORDS;
    unsigned long sum = 0;
    for (unsigned i = 0; i < n; i++)
        sum = sum * 3u + (unsigned)ctx->records[i]; /* stand-in for write(2) */
    flushed_sum = sum;
    flushed_count = n;
    sem_post(&flushes_done);
    return NULL;
}

/* Flushes the records described by ctx in the background. */
static int start_async_flush(struct flush_ctx *ctx)
{
    pthread_attr_t attr;
    pthread_t tid;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&tid, &attr, flusher_main, ctx);
    pthread_attr_destroy(&attr);
    return rc;
}

static unsigned long compact_index(const int *vals, unsigned n)
{
    unsigned long h = 0;
    for (int pass = 0; pass < 200; pass++)
        for (unsigned i = 0; i < n; i++)
            h ^= (unsigned long)vals[i] << (pass % 13);
    return h;
}

int main(void)
{
    int vals[MAX_RECORDS];
    for (int i = 0; i < MAX_RECORDS; i++)
        vals[i] = i * i + 3;
    if (sem_init(&flushes_done, 0, 0) != 0)
        return 1;

    struct flush_ctx *ctx = flush_ctx_new("/var/lib/app/segment.7", vals, MAX_RECORDS);
    if (ctx == NULL)
        return 1;
    if (start_async_flush(ctx) != 0) {
        free(ctx);
        return 1;
    }
    free(ctx); /* the flusher is on its own now */

    unsigned long idx = compact_index(vals, MAX_RECORDS);
    sem_wait(&flushes_done); /* do not exit before the flush */
    printf("index %lx, flushed %u records (sum %lx)\n", idx, flushed_count,
           flushed_sum & 0xffffffful);
    sem_destroy(&flushes_done);
    return 0;
}
