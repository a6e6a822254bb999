/* batched-residual-workspace.c: residuals r = b - A x for a batch of two small dense systems.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: lines 42 and 50: s->work[j] written by row_products(), read by compensated_sum()
 * why: each system carries one workspace vector that the rows of that system use in turn; the
 *   row loop runs over both systems flattened, so with 2 threads each system's rows stay on one
 *   thread, while with 3 or more threads two threads fill and read the same workspace at once.
 */
#include <stdio.h>

#define BATCH 2
#define DIM 48

struct dense_system {
    double a[DIM][DIM];
    double x[DIM];
    double b[DIM];
    double resid[DIM];
    double work[DIM]; /* scratch for the products of one row */
};

static struct dense_system batch[BATCH];

static void build_system(struct dense_system *s, int id)
{
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++)
            s->a[i][j] = (i == j) ? 4.0 + id : 1.0 / (1.0 + (i > j ? i - j : j - i));
        s->x[i] = 1.0 + 0.01 * i;
        s->b[i] = 0.0;
        for (int j = 0; j < DIM; j++)
            s->b[i] += s->a[i][j] * (1.0 + 0.01 * j);
    }
}

static void row_products(const double *row, const double *x, double *out, int n)
{
    for (int j = 0; j < n; j++)
        out[j] = row[j] * x[j];
}

/* Kahan summation, so the residual of an exact solution comes out near zero. */
static double compensated_sum(const double *v, int n)
{
    double sum = 0.0, carry = 0.0;
    for (int j = 0; j < n; j++) {
        double y = v[j] - carry;
        double t = sum + y;
        carry = (t - sum) - y;
        sum = t;
    }
    return sum;
}

static void batch_residuals(struct dense_system *sys, int count)
{
    int rows = count * DIM;
#pragma omp parallel for
    for (int g = 0; g < rows; g++) {
        struct dense_system *s = &sys[g / DIM];
        int i = g % DIM;
        row_products(s->a[i], s->x, s->work, DIM);
        s->resid[i] = s->b[i] - compensated_sum(s->work, DIM);
    }
}

int main(void)
{
    for (int k = 0; k < BATCH; k++)
        build_system(&batch[k], k);

    batch_residuals(batch, BATCH);

    for (int k = 0; k < BATCH; k++) {
        double worst = 0.0;
        for (int i = 0; i < DIM; i++) {
            double r = batch[k].resid[i] < 0 ? -batch[k].resid[i] : batch[k].resid[i];
            if (r > worst)
                worst = r;
        }
        printf("system %d: max |b - Ax| = %.3g\n", k, worst);
    }
    return 0;
}
