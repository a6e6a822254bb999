/* spsc-audio-ring-acq-rel.c: a lock-free single-producer/single-consumer ring for audio frames.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 87 then 63: the producer fills a frame and then stores write_idx with release;
 *   the consumer loads it with acquire (line 71) before reading the frame (75) and gives the
 *   slot back with a release store of read_idx (76), which the producer acquires at line 53
 * why: each frame is written before the release that publishes it and read after the acquire
 *   that sees it; a slot is reused only after the consumer's release of read_idx was observed.
 * tempts: plain frame buffers written and read by two threads with no lock; cached indices make
 *   most fast paths touch no atomic at all.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define RING 32u
#define FRAME_SAMPLES 64
#define NFRAMES 2000u

struct frame {
    uint32_t seq;
    int16_t pcm[FRAME_SAMPLES];
};

struct audio_ring {
    _Alignas(64) atomic_uint write_idx;
    unsigned cached_read; /* producer's private copy of read_idx */
    _Alignas(64) atomic_uint read_idx;
    unsigned cached_write; /* consumer's private copy of write_idx */
    _Alignas(64) struct frame frames[RING];
};

static struct audio_ring ring;

static void synth(struct frame *f, uint32_t seq)
{
    f->seq = seq;
    for (int i = 0; i < FRAME_SAMPLES; i++)
        f->pcm[i] = (int16_t)(((int)(seq * 31u) + i * 97) % 2000 - 1000);
}

/* Producer side. */
static struct frame *ring_claim(struct audio_ring *r)
{
    unsigned w = atomic_load_explicit(&r->write_idx, memory_order_relaxed);
    if (w - r->cached_read == RING) {
        r->cached_read = atomic_load_explicit(&r->read_idx, memory_order_acquire);
        if (w - r->cached_read == RING)
            return NULL;
    }
    return &r->frames[w % RING];
}

static void ring_commit(struct audio_ring *r)
{
    unsigned w = atomic_load_explicit(&r->write_idx, memory_order_relaxed);
    atomic_store_explicit(&r->write_idx, w + 1, memory_order_release);
}

/* Consumer side: copies one frame out, returns 0 if the ring is empty. */
static int ring_take(struct audio_ring *r, struct frame *out)
{
    unsigned rd = atomic_load_explicit(&r->read_idx, memory_order_relaxed);
    if (rd == r->cached_write) {
        r->cached_write = atomic_load_explicit(&r->write_idx, memory_order_acquire);
        if (rd == r->cached_write)
            return 0;
    }
    *out = r->frames[rd % RING];
    atomic_store_explicit(&r->read_idx, rd + 1, memory_order_release);
    return 1;
}

static void *capture_main(void *arg)
{
    (void)arg;
    for (uint32_t seq = 0; seq < NFRAMES; seq++) {
        struct frame *f;
        while ((f = ring_claim(&ring)) == NULL)
            sched_yield();
        synth(f, seq);
        ring_commit(&ring);
    }
    return NULL;
}

int main(void)
{
    pthread_t capture;
    if (pthread_create(&capture, NULL, capture_main, NULL) != 0)
        return 1;
    long long energy = 0;
    unsigned gaps = 0;
    for (uint32_t expect = 0; expect < NFRAMES;) {
        struct frame f;
        if (!ring_take(&ring, &f)) {
            sched_yield();
            continue;
        }
        gaps += f.seq != expect;
        for (int i = 0; i < FRAME_SAMPLES; i++)
            energy += (long long)f.pcm[i] * f.pcm[i];
        expect++;
    }
    pthread_join(capture, NULL);
    printf("%u frames played, %u gaps, energy %lld\n", NFRAMES, gaps, energy);
    return 0;
}
