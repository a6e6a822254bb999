/* audio-block-task-pipeline.c: a block pipeline (load, pre-emphasis, limiter, meter) as tasks.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 75-89: depend(out/in/inout) chain each block's tasks; meter tasks are ordered by
 *   inout on the shared meter, and taskwait (line 92) ends the chain before meter is read
 * why: every read of raw[b], raw[b - 1], filt[b] and the meter comes after the task that writes
 *   it through a matching dependence, and the pre-emphasis of block b also waits on raw[b - 1].
 * tempts: tasks of one block run on different threads, one block's filter reads the previous
 *   block's samples, and all meter tasks update one shared struct.
 */
#include <stdio.h>

#define NBLK 16
#define BLK 256

struct meter {
    double energy;
    float peak;
    int blocks;
};

static float raw[NBLK][BLK];
static float filt[NBLK][BLK];
static struct meter meter;

static void load_block(float *dst, int b)
{
    for (int i = 0; i < BLK; i++) {
        int t = b * BLK + i;
        dst[i] = (float)((t * 13) % 97) / 97.0f - 0.5f;
    }
}

/* y[i] = x[i] - 0.95 x[i - 1]; the first sample uses the last one of the previous block. */
static void pre_emphasis(float *dst, const float *src, const float *prev)
{
    float last = prev ? prev[BLK - 1] : 0.0f;
    for (int i = 0; i < BLK; i++) {
        dst[i] = src[i] - 0.95f * last;
        last = src[i];
    }
}

static void soft_limit(float *blk, float ceiling)
{
    for (int i = 0; i < BLK; i++) {
        float v = blk[i];
        if (v > ceiling)
            blk[i] = ceiling + 0.1f * (v - ceiling);
        else if (v < -ceiling)
            blk[i] = -ceiling + 0.1f * (v + ceiling);
    }
}

static void meter_block(struct meter *m, const float *blk)
{
    for (int i = 0; i < BLK; i++) {
        float a = blk[i] < 0 ? -blk[i] : blk[i];
        m->energy += (double)blk[i] * blk[i];
        if (a > m->peak)
            m->peak = a;
    }
    m->blocks++;
}

int main(void)
{
#pragma omp parallel
#pragma omp single
    {
        for (int b = 0; b < NBLK; b++) {
#pragma omp task depend(out: raw[b]) firstprivate(b)
            load_block(raw[b], b);

            if (b == 0) {
#pragma omp task depend(in: raw[b]) depend(out: filt[b]) firstprivate(b)
                pre_emphasis(filt[b], raw[b], NULL);
            } else {
#pragma omp task depend(in: raw[b], raw[b - 1]) depend(out: filt[b]) firstprivate(b)
                pre_emphasis(filt[b], raw[b], raw[b - 1]);
            }

#pragma omp task depend(inout: filt[b]) firstprivate(b)
            soft_limit(filt[b], 0.6f);

#pragma omp task depend(in: filt[b]) depend(inout: meter) firstprivate(b)
            meter_block(&meter, filt[b]);
        }
#pragma omp taskwait
        printf("%d blocks metered inside the region\n", meter.blocks);
    }

    printf("energy %.3f, peak %.3f\n", meter.energy, meter.peak);
    return 0;
}
