/* frame-decoder-drop-counter.c: decoder threads bump a file-scope drop counter nobody reads.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: line 44: frames_dropped++ in decode_frame(), executed by both decoder threads
 * why: both decoder threads increment the static frames_dropped with a plain ++ on the bad-CRC
 *   path (every 16th frame). The stats page that read it was removed, so the counter is only
 *   ever incremented; clang 14 -O1 still keeps the load and store.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NFRAMES 512
#define PAYLOAD 32

struct frame {
    uint16_t seq;
    uint8_t payload[PAYLOAD];
    uint32_t crc;
};

struct decoder {
    const struct frame *frames;
    size_t first, count;
    uint64_t decoded_bytes;
};

static unsigned long frames_dropped; /* was exported on the stats page */

static uint32_t frame_crc(const struct frame *f)
{
    uint32_t h = 2166136261u ^ f->seq;
    for (size_t i = 0; i < PAYLOAD; i++)
        h = (h ^ f->payload[i]) * 16777619u;
    return h;
}

static int decode_frame(const struct frame *f, uint64_t *bytes)
{
    if (frame_crc(f) != f->crc) {
        frames_dropped++;
        return -1;
    }
    *bytes += PAYLOAD;
    return 0;
}

static void *decoder_main(void *arg)
{
    struct decoder *d = arg;
    for (size_t i = d->first; i < d->first + d->count; i++)
        (void)decode_frame(&d->frames[i], &d->decoded_bytes);
    return NULL;
}

static struct frame frames[NFRAMES];

int main(void)
{
    for (size_t i = 0; i < NFRAMES; i++) {
        frames[i].seq = (uint16_t)i;
        for (size_t j = 0; j < PAYLOAD; j++)
            frames[i].payload[j] = (uint8_t)(i * 31 + j);
        frames[i].crc = frame_crc(&frames[i]);
        if (i % 16 == 5)
            frames[i].crc ^= 0x1u; /* corrupted in transit */
    }

    struct decoder dec[2] = { { frames, 0, NFRAMES / 2, 0 },
                              { frames, NFRAMES / 2, NFRAMES / 2, 0 } };
    pthread_t thr[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&thr[i], NULL, decoder_main, &dec[i]) != 0)
            return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(thr[i], NULL);

    printf("decoded %llu + %llu bytes\n", (unsigned long long)dec[0].decoded_bytes,
           (unsigned long long)dec[1].decoded_bytes);
    return 0;
}
