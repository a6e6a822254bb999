/* scan-result-join-handoff.c: scanner threads return heap results through pthread_join.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: scan_shard() fills and returns a malloc'd struct scan_result (line 67); main reads it
 *   only after pthread_join() hands it back (lines 93-97, 105), then frees it
 * why: each scanner allocates, fills and returns its result; main merges it after join and the
 *   delta pass reads the first pass's results only through a thread created after that join.
 * tempts: memory written by one thread and read and freed by another with no lock, and a result
 *   buffer the next thread reads at the same address the previous thread wrote.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NSHARDS 3
#define SHARD_FILES 500

struct file_entry {
    uint32_t inode;
    uint32_t size;
};

struct scan_result {
    int shard;
    size_t nfiles;
    uint64_t total_bytes;
    struct file_entry *files;
};

struct scan_request {
    int shard;
    const struct scan_result *baseline;   /* previous pass, or NULL */
};

static uint32_t fake_stat_size(uint32_t inode, int pass)
{
    uint32_t s = inode * 2654435761u;
    return (s >> 12) + (pass && inode % 50 == 0 ? 4096u : 0u);
}

static void *scan_shard(void *arg)
{
    const struct scan_request *req = arg;
    struct scan_result *res = malloc(sizeof *res);
    if (!res)
        return NULL;
    res->shard = req->shard;
    res->nfiles = 0;
    res->total_bytes = 0;
    res->files = malloc(SHARD_FILES * sizeof *res->files);
    if (!res->files) {
        free(res);
        return NULL;
    }
    for (uint32_t i = 0; i < SHARD_FILES; i++) {
        uint32_t ino = (uint32_t)req->shard * 100000u + i;
        uint32_t size = fake_stat_size(ino, req->baseline != NULL);
        if (req->baseline && req->baseline->files[i].size == size)
            continue;                       /* unchanged since the last pass */
        res->files[res->nfiles++] = (struct file_entry){ ino, size };
        res->total_bytes += size;
    }
    return res;
}

static void free_result(struct scan_result *r)
{
    if (r) {
        free(r->files);
        free(r);
    }
}

int main(void)
{
    struct scan_request reqs[NSHARDS];
    struct scan_result *first[NSHARDS];
    pthread_t thr[NSHARDS];
    uint64_t bytes = 0;
    size_t files = 0;

    for (int s = 0; s < NSHARDS; s++) {
        reqs[s] = (struct scan_request){ s, NULL };
        if (pthread_create(&thr[s], NULL, scan_shard, &reqs[s]) != 0)
            return 1;
    }
    for (int s = 0; s < NSHARDS; s++) {
        void *ret = NULL;
        pthread_join(thr[s], &ret);
        first[s] = ret;
        if (first[s]) {
            files += first[s]->nfiles;
            bytes += first[s]->total_bytes;
        }
    }

    /* Delta pass over shard 0 against the first pass's result. */
    struct scan_request delta_req = { 0, first[0] };
    void *ret = NULL;
    if (first[0] && pthread_create(&thr[0], NULL, scan_shard, &delta_req) == 0) {
        pthread_join(thr[0], &ret);
    }
    struct scan_result *delta = ret;

    printf("first pass: %zu files, %llu bytes; shard 0 changed: %zu\n", files,
           (unsigned long long)bytes, delta ? delta->nfiles : (size_t)0);
    free_result(delta);
    for (int s = 0; s < NSHARDS; s++)
        free_result(first[s]);
    return 0;
}
