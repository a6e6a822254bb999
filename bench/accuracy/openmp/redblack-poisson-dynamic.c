/* redblack-poisson-dynamic.c: red-black Gauss-Seidel for a 2-D Poisson problem, updated in place.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 41: an orphaned `omp for schedule(dynamic, 4)`, run per colour (lines 52-53) with
 *   an implicit barrier after each; a sweep writes only its colour, reads only the other one
 * why: cell (i, j) has colour (i + j) % 2 and its four neighbours all have the other colour, so
 *   within one colour's loop no cell is both written and read; the barrier between the colours
 *   orders the red writes before the black reads and vice versa.
 * tempts: an in-place 5-point stencil whose rows are handed out dynamically, so neighbouring
 *   rows are written and read by different threads in the same sweep.
 */
#include <stdio.h>

#define NG 66 /* grid points per side, including the boundary */

struct poisson_grid {
    double h;
    double u[NG][NG];
    double f[NG][NG];
};

static struct poisson_grid grid;

static void setup(struct poisson_grid *g)
{
    g->h = 1.0 / (NG - 1);
    for (int i = 0; i < NG; i++)
        for (int j = 0; j < NG; j++) {
            g->u[i][j] = 0.0;
            int in_source = i > NG / 3 && i < 2 * NG / 3 && j > NG / 3 && j < 2 * NG / 3;
            g->f[i][j] = in_source ? 10.0 : 0.0;
        }
}

static void relax_colour(struct poisson_grid *g, int colour)
{
    double h2 = g->h * g->h;
#pragma omp for schedule(dynamic, 4)
    for (int i = 1; i < NG - 1; i++)
        for (int j = 1 + (i + colour + 1) % 2; j < NG - 1; j += 2)
            g->u[i][j] = 0.25 * (g->u[i - 1][j] + g->u[i + 1][j] + g->u[i][j - 1] +
                                 g->u[i][j + 1] + h2 * g->f[i][j]);
}

static void solve(struct poisson_grid *g, int sweeps)
{
#pragma omp parallel
    for (int s = 0; s < sweeps; s++) {
        relax_colour(g, 0); /* red: (i + j) even */
        relax_colour(g, 1); /* black: (i + j) odd */
    }
}

static double centre_value(const struct poisson_grid *g)
{
    return g->u[NG / 2][NG / 2];
}

int main(void)
{
    setup(&grid);
    solve(&grid, 100);
    printf("u at the centre after 100 red-black sweeps: %.6f\n", centre_value(&grid));
    return 0;
}
