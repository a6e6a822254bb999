/* amr-flag-cells-atomic-capture.c: flags mesh cells for refinement into a compact list.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 67-68: `atomic capture` hands each flagged cell a unique slot of list.cells;
 *   lines 72-79: `critical(worst_cell)` updates the (value, index) pair of the worst cell
 * why: the captured old value of list->count is a slot no other thread receives, so the stores
 *   into list->cells never collide; the worst-cell pair is read and written only inside one
 *   named critical section; all results are read after the region.
 * tempts: a shared output cursor and a shared list written from every thread, and a two-field
 *   "running maximum" with a read before the decision to write.
 */
#include <stdio.h>
#include <stdlib.h>

#define NX 128
#define NY 64
#define NCELLS (NX * NY)

struct refine_list {
    int count;
    int cells[NCELLS];
};

struct worst {
    double indicator;
    int cell;
};

static double field[NCELLS];
static struct refine_list list;
static struct worst worst_cell = {-1.0, -1};

/* A smooth bump plus a sharp front along x = 2y: the front is what needs refining. */
static void init_field(void)
{
    for (int j = 0; j < NY; j++)
        for (int i = 0; i < NX; i++) {
            int d = i - 2 * j;
            field[j * NX + i] = (d > 0 ? 1.0 : 0.0) + 0.001 * ((i * j) % 17);
        }
}

static double gradient_indicator(const double *f, int i, int j)
{
    double gx = (i + 1 < NX ? f[j * NX + i + 1] : f[j * NX + i]) - f[j * NX + i];
    double gy = (j + 1 < NY ? f[(j + 1) * NX + i] : f[j * NX + i]) - f[j * NX + i];
    return (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void flag_cells(const double *f, double threshold)
{
#pragma omp parallel for
    for (int c = 0; c < NCELLS; c++) {
        int i = c % NX, j = c / NX;
        double ind = gradient_indicator(f, i, j);
        if (ind > threshold) {
            int slot;
#pragma omp atomic capture
            slot = list.count++;
            list.cells[slot] = c;
        }
        if (ind > 0.0) {
#pragma omp critical(worst_cell)
            {
                if (ind > worst_cell.indicator ||
                    (ind == worst_cell.indicator && c < worst_cell.cell)) {
                    worst_cell.indicator = ind;
                    worst_cell.cell = c;
                }
            }
        }
    }
}

int main(void)
{
    init_field();
    flag_cells(field, 0.5);
    qsort(list.cells, (size_t)list.count, sizeof(int), cmp_int);
    printf("%d cells flagged, first %d, worst cell %d (indicator %.3f)\n", list.count,
           list.count ? list.cells[0] : -1, worst_cell.cell, worst_cell.indicator);
    return 0;
}
