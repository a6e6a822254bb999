/* finite-volume-nowait-flux.c: MUSCL face fluxes for 1-D advection, loops in one region.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 52 writes slope[i] (loop 1, nowait); lines 57-58 read slope[i - 1], slope[i]
 * why: the slope loop ends with nowait, so a thread starts the face loop while its neighbour is
 *   still computing slopes; face i needs the slopes of both cells beside it, and at the edge of
 *   each thread's chunk of faces one of them belongs to another thread's share of the slope loop.
 */
#include <stdio.h>
#include <stdlib.h>

#define NCELL 4096

struct fv_state {
    int n;
    double dx, velocity, dt;
    double q[NCELL];     /* cell averages */
    double slope[NCELL]; /* limited slopes per cell */
    double flux[NCELL];  /* flux through the face left of each cell */
};

static struct fv_state st;

static double minmod(double a, double b)
{
    if (a * b <= 0.0)
        return 0.0;
    return (a < 0 ? -a : a) < (b < 0 ? -b : b) ? a : b;
}

static void init_square_pulse(struct fv_state *s)
{
    s->n = NCELL;
    s->dx = 1.0 / NCELL;
    s->velocity = 1.0;
    s->dt = 0.4 * s->dx;
    for (int i = 0; i < s->n; i++)
        s->q[i] = (i > NCELL / 4 && i < NCELL / 2) ? 1.0 : 0.0;
}

static void advance(struct fv_state *s)
{
    int n = s->n;
    double a = s->velocity;
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 1; i < n - 1; i++)
            s->slope[i] = minmod(s->q[i] - s->q[i - 1], s->q[i + 1] - s->q[i]);

#pragma omp for
        for (int i = 2; i < n - 1; i++) {
            /* reconstructed states on both sides of face i, then a Rusanov flux */
            double left = s->q[i - 1] + 0.5 * s->slope[i - 1];
            double right = s->q[i] - 0.5 * s->slope[i];
            s->flux[i] = 0.5 * a * (left + right) - 0.5 * (a < 0 ? -a : a) * (right - left);
        }

#pragma omp for
        for (int i = 2; i < n - 2; i++)
            s->q[i] -= s->dt / s->dx * (s->flux[i + 1] - s->flux[i]);
    }
}

int main(void)
{
    init_square_pulse(&st);
    for (int step = 0; step < 10; step++)
        advance(&st);

    double mass = 0.0;
    for (int i = 0; i < st.n; i++)
        mass += st.q[i] * st.dx;
    printf("mass after 10 steps %.6f\n", mass);
    return EXIT_SUCCESS;
}
