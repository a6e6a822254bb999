/* heat-rod-inplace-relax.c: steady temperature of a heated rod by in-place relaxation sweeps.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 54: t[i] written, and t[i - 1], t[i + 1] read (same line) by the neighbouring chunk
 * why: the sweep updates the temperature array in place from both neighbours under a parallel
 *   for; at every boundary between two threads' chunks, the last cell of one chunk and the first
 *   cell of the next read each other while the other thread writes it.
 */
#include <stdio.h>
#include <stdlib.h>

#define NCELLS 2000

struct rod {
    int n;
    double length;
    double conductivity;
    double t_left, t_right; /* fixed end temperatures */
    double *temp;
    double *source; /* heat source per cell */
};

static int rod_init(struct rod *r, int n)
{
    r->n = n;
    r->length = 1.0;
    r->conductivity = 50.0;
    r->t_left = 300.0;
    r->t_right = 350.0;
    r->temp = malloc(sizeof(double) * (size_t)n);
    r->source = malloc(sizeof(double) * (size_t)n);
    if (!r->temp || !r->source)
        return -1;
    for (int i = 0; i < n; i++) {
        r->temp[i] = 0.5 * (r->t_left + r->t_right);
        r->source[i] = (i > n / 3 && i < n / 2) ? 4000.0 : 0.0;
    }
    r->temp[0] = r->t_left;
    r->temp[n - 1] = r->t_right;
    return 0;
}

static void relax_sweep(struct rod *r)
{
    double h = r->length / (r->n - 1);
    double gain = h * h / r->conductivity;
    double *t = r->temp;
    const double *q = r->source;
#pragma omp parallel for
    for (int i = 1; i < r->n - 1; i++)
        t[i] = 0.5 * (t[i - 1] + t[i + 1] + gain * q[i]);
}

static double hottest(const struct rod *r, int *where)
{
    double best = r->temp[0];
    *where = 0;
    for (int i = 1; i < r->n; i++)
        if (r->temp[i] > best) {
            best = r->temp[i];
            *where = i;
        }
    return best;
}

int main(void)
{
    struct rod r;
    if (rod_init(&r, NCELLS) != 0) {
        fprintf(stderr, "rod: out of memory\n");
        return 1;
    }
    for (int sweep = 0; sweep < 50; sweep++)
        relax_sweep(&r);

    int at;
    double peak = hottest(&r, &at);
    printf("after 50 sweeps: peak %.3f K at cell %d\n", peak, at);
    free(r.temp);
    free(r.source);
    return 0;
}
