/* block-encoder-cancel-hoist.c: an encoder polls a plain bool cancel flag inside its block loop.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 46 and 59: job->cancelled read in encode_blocks(), written in cancel_job()
 * why: the encoder checks job->cancelled (a plain bool) on every block while the control thread
 *   sets it with no lock or atomic. -O1 hoists the read out of the loop, but one load remains.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NBLOCKS 4096

struct encode_job {
    const uint32_t *blocks;
    size_t nblocks;
    bool cancelled;       /* set by the control thread */
    uint64_t digest;
    size_t encoded;
};

struct control {
    struct encode_job *job;
    const char *reason;
};

static uint64_t mix_block(uint64_t h, uint32_t b)
{
    h ^= b;
    h *= 1099511628211ull;
    h ^= h >> 29;
    return h;
}

static void *encode_blocks(void *arg)
{
    struct encode_job *job = arg;
    uint64_t h = 14695981039346656037ull;
    size_t i;
    for (i = 0; i < job->nblocks; i++) {
        if (job->cancelled)
            break;
        h = mix_block(h, job->blocks[i]);
    }
    job->digest = h;
    job->encoded = i;
    return NULL;
}

static void *cancel_job(void *arg)
{
    struct control *c = arg;
    if (c->reason != NULL)
        c->job->cancelled = true;
    return NULL;
}

int main(void)
{
    uint32_t *blocks = malloc(NBLOCKS * sizeof *blocks);
    if (!blocks)
        return 1;
    for (size_t i = 0; i < NBLOCKS; i++)
        blocks[i] = (uint32_t)(i * 2654435761u);

    struct encode_job job = { .blocks = blocks, .nblocks = NBLOCKS };
    struct control ctl = { &job, "client disconnected" };
    pthread_t enc, ctl_thr;
    if (pthread_create(&enc, NULL, encode_blocks, &job) != 0)
        return 1;
    if (pthread_create(&ctl_thr, NULL, cancel_job, &ctl) != 0)
        return 1;
    pthread_join(enc, NULL);
    pthread_join(ctl_thr, NULL);

    printf("encoded %zu/%d blocks, digest %016llx\n", job.encoded, NBLOCKS,
           (unsigned long long)job.digest);
    free(blocks);
    return 0;
}
