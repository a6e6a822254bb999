/* euler-conserved-nowait.c: converts primitive gas variables to conserved ones, then face sums.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 50, 54, 58: three `for nowait` loops write disjoint arrays from read-only inputs;
 *   line 64: explicit barrier before the face loop reads cons->mass/mom/energy at i and i + 1
 * why: the nowait loops never read each other's outputs, so letting threads run ahead is safe;
 *   the neighbour reads in the last loop come after the barrier.
 * tempts: consecutive nowait worksharing loops in one region, then a loop reading element i + 1
 *   of arrays that another thread wrote.
 */
#include <stdio.h>

#define NCELL 4096
#define GAMMA 1.4

struct primitive {
    double rho[NCELL], vel[NCELL], pres[NCELL];
};

struct conserved {
    double mass[NCELL], mom[NCELL], energy[NCELL];
};

struct face_totals {
    double mass_jump, mom_jump, energy_jump;
};

static struct primitive prim;
static struct conserved cons;

static void shock_tube(struct primitive *p)
{
    for (int i = 0; i < NCELL; i++) {
        int left = i < NCELL / 2;
        p->rho[i] = left ? 1.0 : 0.125;
        p->vel[i] = 0.0 + 0.001 * (i % 5);
        p->pres[i] = left ? 1.0 : 0.1;
    }
}

static struct face_totals to_conserved(const struct primitive *p, struct conserved *c,
                                       double cell_volume)
{
    double mj = 0.0, pj = 0.0, ej = 0.0;
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < NCELL; i++)
            c->mass[i] = p->rho[i] * cell_volume;

#pragma omp for nowait
        for (int i = 0; i < NCELL; i++)
            c->mom[i] = p->rho[i] * p->vel[i] * cell_volume;

#pragma omp for nowait
        for (int i = 0; i < NCELL; i++) {
            double kinetic = 0.5 * p->rho[i] * p->vel[i] * p->vel[i];
            c->energy[i] = (p->pres[i] / (GAMMA - 1.0) + kinetic) * cell_volume;
        }

#pragma omp barrier

#pragma omp for reduction(+ : mj, pj, ej)
        for (int i = 0; i < NCELL - 1; i++) {
            double dm = c->mass[i + 1] - c->mass[i];
            double dp = c->mom[i + 1] - c->mom[i];
            double de = c->energy[i + 1] - c->energy[i];
            mj += dm < 0 ? -dm : dm;
            pj += dp < 0 ? -dp : dp;
            ej += de < 0 ? -de : de;
        }
    }
    return (struct face_totals){mj, pj, ej};
}

int main(void)
{
    shock_tube(&prim);
    struct face_totals ft = to_conserved(&prim, &cons, 1.0 / NCELL);
    printf("total variation: mass %.5f momentum %.5f energy %.5f\n", ft.mass_jump, ft.mom_jump,
           ft.energy_jump);
    return 0;
}
