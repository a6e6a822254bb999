/* luma-histogram-atomic.c: a luma histogram of an RGB image and an auto-levels range from it.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 58-59: `#pragma omp atomic` on hist->count[bin]++; read only after the region
 * why: many pixels fall into the same bin from every thread, and each increment is an atomic
 *   update; the totals are read after the parallel loop's implicit barrier.
 * tempts: an indirect increment count[bin] hit by all threads looks like the classic lost-update
 *   histogram race.
 */
#include <stdint.h>
#include <stdio.h>

#define WIDTH 96
#define HEIGHT 64
#define BINS 64

struct rgb {
    uint8_t r, g, b;
};

struct image {
    int width, height;
    struct rgb px[HEIGHT][WIDTH];
};

struct histogram {
    int bins;
    long count[BINS];
};

static struct image img = {WIDTH, HEIGHT, {{{0, 0, 0}}}};
static struct histogram hist = {BINS, {0}};

static void render_gradient(struct image *im)
{
    for (int y = 0; y < im->height; y++)
        for (int x = 0; x < im->width; x++) {
            int v = (x * 255) / (im->width - 1);
            im->px[y][x] = (struct rgb){(uint8_t)v, (uint8_t)((v + y) % 256), (uint8_t)(y * 3)};
        }
}

/* Rec. 601 luma in integer arithmetic, 0..255. */
static int luma(struct rgb p)
{
    return (299 * p.r + 587 * p.g + 114 * p.b) / 1000;
}

static void build_histogram(const struct image *im, struct histogram *h)
{
#pragma omp parallel for
    for (int y = 0; y < im->height; y++)
        for (int x = 0; x < im->width; x++) {
            int bin = luma(im->px[y][x]) * h->bins / 256;
#pragma omp atomic
            h->count[bin]++;
        }
}

/* Luma range holding all but `clip` pixels on each side. */
static void auto_levels(const struct histogram *h, long clip, int *lo, int *hi)
{
    long acc = 0;
    *lo = 0;
    while (*lo < h->bins - 1 && (acc += h->count[*lo]) <= clip)
        (*lo)++;
    acc = 0;
    *hi = h->bins - 1;
    while (*hi > 0 && (acc += h->count[*hi]) <= clip)
        (*hi)--;
}

int main(void)
{
    render_gradient(&img);
    build_histogram(&img, &hist);

    long total = 0;
    for (int b = 0; b < BINS; b++)
        total += hist.count[b];
    int lo, hi;
    auto_levels(&hist, total / 100, &lo, &hi);
    printf("%ld pixels counted, levels from bin %d to bin %d\n", total, lo, hi);
    return 0;
}
