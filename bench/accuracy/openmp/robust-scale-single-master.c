/* robust-scale-single-master.c: robust standardisation of readings with a gamma lookup table.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 68: single copyprivate(med, mad) broadcasts the scale; lines 72-77: master fills
 *   tab->entry, then the explicit barrier at line 78 before the loop reads the table (line 85)
 * why: copyprivate writes the single thread's values into every thread's private med and mad
 *   before any thread leaves the single; the master's table writes happen before the barrier,
 *   and every read of the table comes after it.
 * tempts: one thread computes values that all threads use right away, and a table written by
 *   the master thread only, inside the same parallel region as its readers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREAD 4001
#define LUT_SIZE 256

struct lookup_table {
    int size;
    float entry[LUT_SIZE];
};

static float readings[NREAD];
static float scaled[NREAD];
static struct lookup_table lut;

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Median and median absolute deviation, on a scratch copy. */
static void median_mad(const float *x, int n, float *med, float *mad)
{
    float *tmp = malloc(sizeof(float) * (size_t)n);
    if (!tmp) {
        *med = 0.0f;
        *mad = 1.0f;
        return;
    }
    memcpy(tmp, x, sizeof(float) * (size_t)n);
    qsort(tmp, (size_t)n, sizeof(float), cmp_float);
    *med = tmp[n / 2];
    for (int i = 0; i < n; i++)
        tmp[i] = tmp[i] > *med ? tmp[i] - *med : *med - tmp[i];
    qsort(tmp, (size_t)n, sizeof(float), cmp_float);
    *mad = tmp[n / 2] > 0.0f ? tmp[n / 2] : 1.0f;
    free(tmp);
}

/* Squared-ramp gamma curve on [0, 1]. */
static float gamma_curve(int k, int size)
{
    float t = (float)k / (size - 1);
    return t * (2.0f - t);
}

static void standardise(const float *x, float *out, int n, struct lookup_table *tab)
{
#pragma omp parallel
    {
        float med, mad;
#pragma omp single copyprivate(med, mad)
        median_mad(x, n, &med, &mad);

        /* outliers are clamped to +-4 MAD, then mapped through the table to [0, 1] */
#pragma omp master
        {
            tab->size = LUT_SIZE;
            for (int k = 0; k < LUT_SIZE; k++)
                tab->entry[k] = gamma_curve(k, LUT_SIZE);
        }
#pragma omp barrier

#pragma omp for
        for (int i = 0; i < n; i++) {
            float z = (x[i] - med) / mad;
            z = z < -4.0f ? -4.0f : (z > 4.0f ? 4.0f : z);
            int k = (int)((z + 4.0f) / 8.0f * (tab->size - 1));
            out[i] = tab->entry[k];
        }
    }
}

int main(void)
{
    for (int i = 0; i < NREAD; i++)
        readings[i] = 20.0f + (float)((i * 31) % 101) / 10.0f + (i % 500 == 0 ? 300.0f : 0.0f);
    standardise(readings, scaled, NREAD, &lut);

    double mean = 0.0;
    for (int i = 0; i < NREAD; i++)
        mean += scaled[i];
    printf("mean scaled reading %.4f, max-outlier maps to %.3f\n", mean / NREAD, scaled[0]);
    return 0;
}
