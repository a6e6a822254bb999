/* nested-velocity-smoother.c: smooths the two components of a velocity field side by side.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 31 writes smooth_scratch[i] and line 35 reads it, from both outer threads' teams
 * why: smooth_component() was written for one call at a time and keeps its line buffer in a
 *   file-scope static; the outer parallel region calls it for u and v at once, so the two outer
 *   threads (and their inner teams) write and read the same scratch entries concurrently.
 */
#include <omp.h>
#include <stdio.h>

#define NPTS 4096

struct velocity_field {
    int n;
    double u[NPTS];
    double v[NPTS];
};

static struct velocity_field field;
static double smooth_scratch[NPTS]; /* line buffer for smooth_component() */

/* One pass of a [1 2 1]/4 filter, written back into comp. Ends are left untouched. */
static void smooth_component(double *comp, int n)
{
#pragma omp parallel for
    for (int i = 1; i < n - 1; i++)
        smooth_scratch[i] = 0.25 * comp[i - 1] + 0.5 * comp[i] + 0.25 * comp[i + 1];

#pragma omp parallel for
    for (int i = 1; i < n - 1; i++)
        comp[i] = smooth_scratch[i];
}

static void init_field(struct velocity_field *f)
{
    f->n = NPTS;
    for (int i = 0; i < NPTS; i++) {
        f->u[i] = (i % 16 < 8) ? 1.0 : -1.0;    /* a square ripple */
        f->v[i] = (double)(i % 100) / 100.0;    /* a sawtooth */
    }
}

static double roughness(const double *c, int n)
{
    double r = 0.0;
    for (int i = 1; i < n; i++) {
        double d = c[i] - c[i - 1];
        r += d < 0 ? -d : d;
    }
    return r;
}

int main(void)
{
    init_field(&field);
    omp_set_max_active_levels(2);

#pragma omp parallel num_threads(2)
    {
        double *comp = omp_get_thread_num() == 0 ? field.u : field.v;
        for (int pass = 0; pass < 3; pass++)
            smooth_component(comp, field.n);
    }

    printf("roughness after smoothing: u %.3f, v %.3f\n", roughness(field.u, field.n),
           roughness(field.v, field.n));
    return 0;
}
