/* fft-bitreverse-swap.c: in-place bit-reversal reordering before an FFT, through an index table.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 57: iteration i swaps elements i and rev[i] only when i < rev[i]
 * why: rev[] is an involution (rev[rev[i]] == i), so every pair {i, rev[i]} is swapped by exactly
 *   one iteration, the one with the smaller index; no element is touched by two iterations.
 * tempts: an indirect in-place write x[rev[i]] in a parallel loop, where iteration rev[i] also
 *   names both elements, looks like two threads could swap the same pair.
 */
#include <stdio.h>
#include <stdlib.h>

#define LOG2N 12
#define NPOINTS (1 << LOG2N)

struct complexf {
    float re, im;
};

struct fft_plan {
    int log2n;
    int n;
    int *rev; /* bit-reversed index of each position */
};

static unsigned reverse_bits(unsigned v, int bits)
{
    unsigned r = 0;
    for (int b = 0; b < bits; b++) {
        r = (r << 1) | (v & 1u);
        v >>= 1;
    }
    return r;
}

static int plan_create(struct fft_plan *pl, int log2n)
{
    pl->log2n = log2n;
    pl->n = 1 << log2n;
    pl->rev = malloc(sizeof(int) * (size_t)pl->n);
    if (!pl->rev)
        return -1;
    for (int i = 0; i < pl->n; i++)
        pl->rev[i] = (int)reverse_bits((unsigned)i, log2n);
    return 0;
}

static void bit_reverse_permute(const struct fft_plan *pl, struct complexf *x)
{
    const int *rev = pl->rev;
#pragma omp parallel for
    for (int i = 0; i < pl->n; i++) {
        int j = rev[i];
        if (i < j) {
            struct complexf tmp = x[i];
            x[i] = x[j];
            x[j] = tmp;
        }
    }
}

int main(void)
{
    static struct complexf buf[NPOINTS];
    struct fft_plan plan;
    if (plan_create(&plan, LOG2N) != 0) {
        fprintf(stderr, "plan: out of memory\n");
        return 1;
    }
    for (int i = 0; i < NPOINTS; i++)
        buf[i] = (struct complexf){(float)i, (float)-i};

    bit_reverse_permute(&plan, buf);

    int misplaced = 0;
    for (int i = 0; i < NPOINTS; i++)
        if (buf[i].re != (float)plan.rev[i] || buf[i].im != -(float)plan.rev[i])
            misplaced++;
    printf("bit reversal of %d points: %d misplaced\n", NPOINTS, misplaced);
    free(plan.rev);
    return 0;
}
