/* multigrid-task-missing-depend.c: one two-grid correction step written with dependent tasks.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: lines 55 and 65: restrict_residual() writes coarse->rhs[], coarse_relax() reads it
 * why: the coarse relaxation task lists only what it writes (inout on coarse->u) and omits
 *   in on coarse->rhs, so nothing orders it after the restriction task that fills rhs; the two
 *   tasks may run at once on different threads of the team.
 */
#include <stdio.h>
#include <stdlib.h>

#define NFINE 1025
#define NCOARSE 513

struct level {
    int n;
    double h;
    double *u;     /* current approximation */
    double *rhs;   /* right-hand side */
    double *resid; /* residual rhs - A u */
};

static int level_init(struct level *lv, int n)
{
    lv->n = n;
    lv->h = 1.0 / (n - 1);
    lv->u = calloc((size_t)n, sizeof(double));
    lv->rhs = calloc((size_t)n, sizeof(double));
    lv->resid = calloc((size_t)n, sizeof(double));
    return lv->u && lv->rhs && lv->resid ? 0 : -1;
}

static void level_free(struct level *lv)
{
    free(lv->u);
    free(lv->rhs);
    free(lv->resid);
}

static void compute_residual(struct level *lv)
{
    double inv_h2 = 1.0 / (lv->h * lv->h);
    for (int i = 1; i < lv->n - 1; i++)
        lv->resid[i] = lv->rhs[i] - (2.0 * lv->u[i] - lv->u[i - 1] - lv->u[i + 1]) * inv_h2;
}

/* Full weighting: coarse point i sits on fine point 2i. */
static void restrict_residual(const struct level *fine, struct level *coarse)
{
    const double *r = fine->resid;
    for (int i = 1; i < coarse->n - 1; i++)
        coarse->rhs[i] = 0.25 * (r[2 * i - 1] + 2.0 * r[2 * i] + r[2 * i + 1]);
}

/* Weighted Jacobi sweeps on the coarse error equation. */
static void coarse_relax(struct level *coarse, int sweeps)
{
    double h2 = coarse->h * coarse->h;
    double *u = coarse->u;
    for (int s = 0; s < sweeps; s++)
        for (int i = 1; i < coarse->n - 1; i++) {
            double jac = 0.5 * (u[i - 1] + u[i + 1] + h2 * coarse->rhs[i]);
            u[i] = u[i] + 0.8 * (jac - u[i]);
        }
}

int main(void)
{
    struct level fine, coarse;
    if (level_init(&fine, NFINE) || level_init(&coarse, NCOARSE)) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (int i = 0; i < fine.n; i++)
        fine.rhs[i] = (i % 64) < 32 ? 1.0 : -1.0;

    double *crhs = coarse.rhs, *cu = coarse.u, *fres = fine.resid;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out: fres[0:NFINE])
        compute_residual(&fine);
#pragma omp task depend(in: fres[0:NFINE]) depend(out: crhs[0:NCOARSE])
        restrict_residual(&fine, &coarse);
#pragma omp task depend(inout: cu[0:NCOARSE])
        coarse_relax(&coarse, 4);
#pragma omp taskwait
    }

    double peak = 0.0;
    for (int i = 0; i < coarse.n; i++)
        if (coarse.u[i] > peak)
            peak = coarse.u[i];
    printf("coarse correction peak %.6f\n", peak);
    level_free(&fine);
    level_free(&coarse);
    return 0;
}
