/* crc-table-pthread-once.c: sixteen checksum threads share a CRC table built by pthread_once.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: line 38: pthread_once(&crc_once, crc_init_table) in crc32_update(); every thread reads
 *   crc_table only after its own pthread_once call returned
 * why: pthread_once runs crc_init_table exactly once and every call returns only after it has
 *   completed, so the table's writes happen before all of the readers' loads.
 * tempts: a plain static table written by whichever thread arrives first and read by fifteen
 *   others without a lock; the once-control's fast path is a bare atomic load in glibc.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NTHREADS 16
#define CHUNK 4096

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *buf, size_t len)
{
    pthread_once(&crc_once, crc_init_table);
    crc = ~crc;
    for (size_t i = 0; i < len; i++)
        crc = crc_table[(crc ^ buf[i]) & 0xffu] ^ (crc >> 8);
    return ~crc;
}

struct chunk_job {
    pthread_t tid;
    int index;
    unsigned char data[CHUNK];
    uint32_t crc;
};

static void *checksum_main(void *arg)
{
    struct chunk_job *job = arg;
    for (int i = 0; i < CHUNK; i++)
        job->data[i] = (unsigned char)(i * 31 + job->index);
    job->crc = crc32_update(0, job->data, CHUNK / 2);
    job->crc = crc32_update(job->crc, job->data + CHUNK / 2, CHUNK / 2);
    return NULL;
}

int main(void)
{
    static struct chunk_job jobs[NTHREADS];
    int started = 0;
    for (; started < NTHREADS; started++) {
        jobs[started].index = started;
        if (pthread_create(&jobs[started].tid, NULL, checksum_main, &jobs[started]) != 0)
            break;
    }
    uint32_t manifest = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(jobs[i].tid, NULL);
        manifest ^= jobs[i].crc;
    }
    printf("%d chunks, manifest crc %08x\n", started, (unsigned)manifest);
    return 0;
}
