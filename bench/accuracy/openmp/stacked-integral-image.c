/* stacked-integral-image.c: summed-area tables for two video frames stored one above the other.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: line 60: sat[r][x] += sat[r - 1][x]: row r-1 read here and written here by another thread
 * why: the vertical pass is a running sum down each frame but is parallelised over the rows of
 *   both frames; with 2 threads each thread owns a whole frame and sums it in order, with 3 or
 *   more threads a frame is split and the first row of a chunk reads the row above it while the
 *   previous thread is still adding into that row.
 */
#include <stdint.h>
#include <stdio.h>

#define FRAMES 2
#define HEIGHT 64
#define WIDTH 64
#define ROWS (FRAMES * HEIGHT)

struct frame_stack {
    uint8_t pixels[ROWS][WIDTH];
    uint32_t sat[ROWS][WIDTH]; /* summed-area table, one per frame, same layout */
};

static struct frame_stack stack;

static void capture_frames(struct frame_stack *fs)
{
    uint32_t lcg = 12345u;
    for (int r = 0; r < ROWS; r++)
        for (int x = 0; x < WIDTH; x++) {
            lcg = lcg * 1664525u + 1013904223u;
            fs->pixels[r][x] = (uint8_t)((lcg >> 24) & 0x3f) + (uint8_t)(r % HEIGHT);
        }
}

/* Horizontal prefix sums: each row is independent. */
static void horizontal_pass(struct frame_stack *fs)
{
#pragma omp parallel for
    for (int r = 0; r < ROWS; r++) {
        uint32_t run = 0;
        for (int x = 0; x < WIDTH; x++) {
            run += fs->pixels[r][x];
            fs->sat[r][x] = run;
        }
    }
}

/* Vertical prefix sums: row r of a frame adds the finished row r - 1 of the same frame. */
static void vertical_pass(struct frame_stack *fs)
{
    uint32_t (*sat)[WIDTH] = fs->sat;
#pragma omp parallel for
    for (int r = 0; r < ROWS; r++) {
        if (r % HEIGHT == 0)
            continue; /* first row of a frame */
        for (int x = 0; x < WIDTH; x++)
            sat[r][x] += sat[r - 1][x];
    }
}

/* Sum of the box [y0, y1) x [x0, x1) within frame f, from its table. */
static uint32_t box_sum(const struct frame_stack *fs, int f, int y0, int x0, int y1, int x1)
{
    const uint32_t (*t)[WIDTH] = fs->sat + f * HEIGHT;
    uint32_t a = (y0 > 0 && x0 > 0) ? t[y0 - 1][x0 - 1] : 0;
    uint32_t b = y0 > 0 ? t[y0 - 1][x1 - 1] : 0;
    uint32_t c = x0 > 0 ? t[y1 - 1][x0 - 1] : 0;
    return t[y1 - 1][x1 - 1] - b - c + a;
}

static uint32_t box_sum_direct(const struct frame_stack *fs, int f, int y0, int x0, int y1,
                               int x1)
{
    uint32_t s = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            s += fs->pixels[f * HEIGHT + y][x];
    return s;
}

int main(void)
{
    capture_frames(&stack);
    horizontal_pass(&stack);
    vertical_pass(&stack);

    int mismatches = 0;
    for (int f = 0; f < FRAMES; f++)
        for (int y = 0; y + 16 <= HEIGHT; y += 16)
            if (box_sum(&stack, f, y, 8, y + 16, 40) != box_sum_direct(&stack, f, y, 8, y + 16, 40))
                mismatches++;
    printf("box queries checked, %d mismatches\n", mismatches);
    return 0;
}
