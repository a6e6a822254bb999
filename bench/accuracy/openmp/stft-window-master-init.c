/* stft-window-master-init.c: frames of a signal are windowed before a short-time transform.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 49 (master writes win->coef[k]) and line 57 (every thread reads win->coef[k])
 * why: the master thread builds the window table inside the parallel region, but `master` has no
 *   implied barrier and `omp for` has no barrier at its start, so the other threads go straight
 *   into the framing loop and read the table while the master is still filling it.
 */
#include <stdio.h>
#include <stdlib.h>

#define FRAME_LEN 256
#define HOP 128
#define SIGNAL_LEN (64 * HOP + FRAME_LEN)
#define NFRAMES ((SIGNAL_LEN - FRAME_LEN) / HOP + 1)

struct window_table {
    int len;
    float coef[FRAME_LEN];
};

struct frame_set {
    float data[NFRAMES][FRAME_LEN];
    float energy[NFRAMES];
};

static float signal_in[SIGNAL_LEN];
static struct window_table window;
static struct frame_set frames;

/* Welch window (a parabola), no trig needed. */
static float welch(int k, int len)
{
    float t = (k - 0.5f * (len - 1)) / (0.5f * (len + 1));
    return 1.0f - t * t;
}

static void frame_signal(const float *x, struct window_table *win, struct frame_set *out)
{
#pragma omp parallel
    {
#pragma omp master
        {
            win->len = FRAME_LEN;
            for (int k = 0; k < FRAME_LEN; k++)
                win->coef[k] = welch(k, FRAME_LEN);
        }

#pragma omp for
        for (int f = 0; f < NFRAMES; f++) {
            const float *src = x + (long)f * HOP;
            float e = 0.0f;
            for (int k = 0; k < FRAME_LEN; k++) {
                float v = src[k] * win->coef[k];
                out->data[f][k] = v;
                e += v * v;
            }
            out->energy[f] = e;
        }
    }
}

int main(void)
{
    for (int i = 0; i < SIGNAL_LEN; i++)
        signal_in[i] = (float)((i * 7) % 31) / 31.0f - 0.5f;

    frame_signal(signal_in, &window, &frames);

    float total = 0.0f;
    int silent = 0;
    for (int f = 0; f < NFRAMES; f++) {
        total += frames.energy[f];
        silent += frames.energy[f] == 0.0f;
    }
    printf("%d frames, total energy %.3f, %d silent frames\n", NFRAMES, total, silent);
    return EXIT_SUCCESS;
}
