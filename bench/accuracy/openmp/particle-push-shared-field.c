/* particle-push-shared-field.c: a leapfrog push of charged particles in an analytic field.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: lines 46-47 write the shared ex, ey (via interpolate_field); lines 66-67 read them
 * why: the interpolated field components ex and ey are declared before the loop and are not
 *   listed as private (only the parameter block is firstprivate), so all threads store into and
 *   load from the same two variables while each pushes its own particles.
 */
#include <stdio.h>

#define NPART 4000

struct particle {
    double x, y;
    double vx, vy;
};

struct field_params {
    double e0;     /* field strength */
    double k;      /* wave number of the modulation */
    double qm;     /* charge-to-mass ratio */
    double dt;     /* time step */
    long evaluations;
};

static struct particle swarm[NPART];

/* A cheap periodic modulation (a parabola per period) instead of a trig call. */
static double wave(double s)
{
    double t = s - (double)(long)s;
    if (t < 0)
        t += 1.0;
    return 4.0 * t * (1.0 - t) - 0.5;
}

/* Field at (x, y) written to *ex and *ey; counts evaluations in the caller's private copy. */
static void interpolate_field(struct field_params *fp, double x, double y, double *ex,
                              double *ey)
{
    fp->evaluations++;
    double gx = wave(fp->k * x), gy = wave(fp->k * y);
    *ex = fp->e0 * gx * (1.0 + 0.1 * gy);
    *ey = fp->e0 * gy * (1.0 - 0.1 * gx);
}

static void seed_swarm(void)
{
    for (int i = 0; i < NPART; i++) {
        swarm[i].x = (double)(i % 80) / 80.0;
        swarm[i].y = (double)(i / 80) / 50.0;
        swarm[i].vx = 0.0;
        swarm[i].vy = 0.0;
    }
}

static void push_particles(struct particle *p, int n, struct field_params fp)
{
    double ex = 0.0, ey = 0.0; /* field at the current particle */
#pragma omp parallel for firstprivate(fp)
    for (int i = 0; i < n; i++) {
        interpolate_field(&fp, p[i].x, p[i].y, &ex, &ey);
        p[i].vx += fp.qm * ex * fp.dt;
        p[i].vy += fp.qm * ey * fp.dt;
        p[i].x += p[i].vx * fp.dt;
        p[i].y += p[i].vy * fp.dt;
    }
}

int main(void)
{
    struct field_params fp = {.e0 = 2.0, .k = 3.0, .qm = -1.0, .dt = 0.01, .evaluations = 0};
    seed_swarm();
    for (int step = 0; step < 5; step++)
        push_particles(swarm, NPART, fp);

    double ke = 0.0;
    for (int i = 0; i < NPART; i++)
        ke += 0.5 * (swarm[i].vx * swarm[i].vx + swarm[i].vy * swarm[i].vy);
    printf("kinetic energy after 5 steps: %.6e\n", ke);
    return 0;
}
