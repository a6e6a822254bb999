/* stereo-level-meter.c: a level meter sums per-channel energy over a planar stereo buffer.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: line 53: m->energy[c] += s * s, read and written by two threads for the same channel
 * why: the loop runs over all samples of both channels flattened; with the default static
 *   schedule and 2 threads each thread gets exactly one channel, but with 3 or more threads two
 *   threads share a channel and update its shared energy accumulator with no synchronisation.
 */
#include <stdio.h>

#define CHANNELS 2
#define FRAMES 2048

struct planar_block {
    int channels;
    int frames;
    float *data; /* channel c occupies data[c * frames .. (c + 1) * frames) */
};

struct level_meter {
    double energy[CHANNELS];
    long samples_seen;
};

static float storage[CHANNELS * FRAMES];

/* A triangle wave per channel: the right channel is an octave up and quieter. */
static void synth_block(struct planar_block *blk)
{
    for (int c = 0; c < blk->channels; c++) {
        float *ch = blk->data + (long)c * blk->frames;
        int period = 64 >> c;
        float amp = c == 0 ? 0.8f : 0.4f;
        for (int f = 0; f < blk->frames; f++) {
            int phase = f % period;
            float tri = phase < period / 2 ? (float)phase / (period / 2)
                                           : 2.0f - (float)phase / (period / 2);
            ch[f] = amp * (2.0f * tri - 1.0f);
        }
    }
}

static void meter_accumulate(struct level_meter *m, const struct planar_block *blk)
{
    int total = blk->channels * blk->frames;
#pragma omp parallel for
    for (int k = 0; k < total; k++) {
        int c = k / blk->frames;
        double s = blk->data[k];
        m->energy[c] += s * s;
    }
    m->samples_seen += blk->frames;
}

static double mean_square(const struct level_meter *m, int c)
{
    return m->samples_seen ? m->energy[c] / (double)m->samples_seen : 0.0;
}

int main(void)
{
    struct planar_block blk = {CHANNELS, FRAMES, storage};
    struct level_meter meter = {{0.0, 0.0}, 0};

    synth_block(&blk);
    for (int pass = 0; pass < 4; pass++)
        meter_accumulate(&meter, &blk);

    printf("mean square: left %.4f right %.4f over %ld frames\n", mean_square(&meter, 0),
           mean_square(&meter, 1), meter.samples_seen);
    return 0;
}
