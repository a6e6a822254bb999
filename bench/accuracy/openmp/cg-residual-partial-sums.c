/* cg-residual-partial-sums.c: conjugate gradient on a 1-D Poisson matrix with a hand-rolled dot.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 43: *out += local, the per-thread partial sums folded into the shared result
 * why: dot() avoids a reduction clause by summing into a private partial and adding it to the
 *   shared result once per thread, but that final add is neither atomic nor in a critical
 *   section, so the threads' read-add-write of *out race and a partial sum can be lost.
 */
#include <stdio.h>
#include <stdlib.h>

#define N 3000

struct cg_work {
    int n;
    double *x, *r, *p, *ap;
    double rr;
};

/* y = A v with A = tridiag(-1, 2, -1). */
static void apply_laplacian(const double *v, double *y, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? v[i - 1] : 0.0;
        double right = i < n - 1 ? v[i + 1] : 0.0;
        y[i] = 2.0 * v[i] - left - right;
    }
}

static void dot(const double *a, const double *b, int n, double *out)
{
    *out = 0.0;
#pragma omp parallel
    {
        double local = 0.0;
#pragma omp for nowait
        for (int i = 0; i < n; i++)
            local += a[i] * b[i];
        *out += local;
    }
}

static int cg_solve(struct cg_work *w, int max_iter)
{
    int n = w->n;
    dot(w->r, w->r, n, &w->rr);
    for (int it = 0; it < max_iter; it++) {
        double pap;
        apply_laplacian(w->p, w->ap, n);
        dot(w->p, w->ap, n, &pap);
        double alpha = w->rr / pap;
#pragma omp parallel for
        for (int i = 0; i < n; i++) {
            w->x[i] += alpha * w->p[i];
            w->r[i] -= alpha * w->ap[i];
        }
        double rr_new;
        dot(w->r, w->r, n, &rr_new);
        double beta = rr_new / w->rr;
        w->rr = rr_new;
#pragma omp parallel for
        for (int i = 0; i < n; i++)
            w->p[i] = w->r[i] + beta * w->p[i];
    }
    return max_iter;
}

int main(void)
{
    struct cg_work w = {.n = N};
    double *block = calloc(4 * (size_t)N, sizeof(double));
    if (!block)
        return 1;
    w.x = block;
    w.r = block + N;
    w.p = block + 2 * N;
    w.ap = block + 3 * N;
    for (int i = 0; i < N; i++) {
        w.r[i] = 1.0; /* b = 1, x0 = 0 */
        w.p[i] = 1.0;
    }
    int iters = cg_solve(&w, 20);
    printf("after %d iterations: |r|^2 = %.6e, x[mid] = %.4f\n", iters, w.rr, w.x[N / 2]);
    free(block);
    return 0;
}
