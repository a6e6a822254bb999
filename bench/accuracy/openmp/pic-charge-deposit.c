/* pic-charge-deposit.c: cloud-in-cell charge deposition of particles onto a periodic 1-D grid.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: lines 64 and 65: rho[c] += ... and rho[cn] += ..., cells hit by particles of both threads
 * why: each particle scatters its charge to the two grid cells around it, found through the cell
 *   index array; particles are not sorted by cell, so particles in every thread's share of the
 *   loop land in the same cells and the read-modify-write updates of rho[] race.
 */
#include <stdint.h>
#include <stdio.h>

#define NPART 4096
#define NCELL 64
#define LENGTH 1.0

struct particles {
    double x[NPART];
    double q[NPART];
    int cell[NPART]; /* index of the grid cell left of each particle */
    double frac[NPART];
};

struct grid {
    double dx;
    double rho[NCELL];
};

static struct particles parts;
static struct grid mesh = {LENGTH / NCELL, {0}};

static uint32_t rng_state = 2463534242u;

static double uniform01(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return (rng_state >> 8) * (1.0 / 16777216.0);
}

static void locate_particles(struct particles *p, const struct grid *g)
{
    for (int i = 0; i < NPART; i++) {
        double s = p->x[i] / g->dx;
        int c = (int)s;
        if (c >= NCELL)
            c = NCELL - 1;
        p->cell[i] = c;
        p->frac[i] = s - c;
    }
}

static void deposit_charge(const struct particles *p, struct grid *g)
{
    double *rho = g->rho;
    double inv_dx = 1.0 / g->dx;
#pragma omp parallel for
    for (int i = 0; i < NPART; i++) {
        int c = p->cell[i];
        int cn = (c + 1) % NCELL; /* periodic wrap */
        rho[c] += p->q[i] * (1.0 - p->frac[i]) * inv_dx;
        rho[cn] += p->q[i] * p->frac[i] * inv_dx;
    }
}

int main(void)
{
    for (int i = 0; i < NPART; i++) {
        parts.x[i] = uniform01() * LENGTH;
        parts.q[i] = (i % 2 ? -1.0 : 1.0) / NPART;
    }
    locate_particles(&parts, &mesh);
    deposit_charge(&parts, &mesh);

    double total = 0.0;
    for (int c = 0; c < NCELL; c++)
        total += mesh.rho[c] * mesh.dx;
    printf("net deposited charge %.3e over %d cells\n", total, NCELL);
    return 0;
}
