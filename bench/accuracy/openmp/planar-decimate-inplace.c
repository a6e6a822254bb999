/* planar-decimate-inplace.c: halves the sample rate of a planar stereo buffer in place.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: line 49: ch[j] written by iteration j; ch[2j], ch[2j+1] read (same line) by iteration j/2
 * why: in-place decimation is correct when a channel is processed in increasing order, since
 *   iteration j only reads samples at 2j and 2j+1 that no earlier iteration wrote; the loop covers
 *   both channels, so with 2 threads each channel stays on one thread, but with 3 or more threads
 *   the later outputs of a channel are written by another thread while the earlier iterations
 *   still read those samples as inputs.
 */
#include <stdio.h>

#define CHANNELS 2
#define FRAMES 4096

struct planar_audio {
    int channels;
    int frames; /* frames per channel currently valid */
    int stride; /* distance between the starts of two channels */
    int rate_hz;
    float *data;
};

static float buffer[CHANNELS * FRAMES];

static void fill_ramp(struct planar_audio *pa)
{
    for (int c = 0; c < pa->channels; c++) {
        float *ch = pa->data + (long)c * pa->stride;
        for (int f = 0; f < pa->frames; f++)
            ch[f] = (float)((f * (c + 3)) % 200) * 0.005f - 0.5f;
    }
}

/* 2:1 decimation with a two-tap box filter, writing the result into the first half of each
 * channel's storage. */
static void decimate_by_two(struct planar_audio *pa)
{
    int half = pa->frames / 2;
    int stride = pa->stride;
    float *base = pa->data;
#pragma omp parallel for
    for (int k = 0; k < pa->channels * half; k++) {
        float *ch = base + (long)(k / half) * stride;
        int j = k % half;
        ch[j] = 0.5f * (ch[2 * j] + ch[2 * j + 1]);
    }
    pa->frames = half;
    pa->rate_hz /= 2;
}

static double channel_mean(const struct planar_audio *pa, int c)
{
    const float *ch = pa->data + (long)c * pa->stride;
    double s = 0.0;
    for (int f = 0; f < pa->frames; f++)
        s += ch[f];
    return pa->frames ? s / pa->frames : 0.0;
}

int main(void)
{
    struct planar_audio pa = {CHANNELS, FRAMES, FRAMES, 48000, buffer};

    fill_ramp(&pa);
    double before0 = channel_mean(&pa, 0), before1 = channel_mean(&pa, 1);
    decimate_by_two(&pa);

    printf("%d Hz, %d frames; mean L %.4f -> %.4f, R %.4f -> %.4f\n", pa.rate_hz, pa.frames,
           before0, channel_mean(&pa, 0), before1, channel_mean(&pa, 1));
    return 0;
}
