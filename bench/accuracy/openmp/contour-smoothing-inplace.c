/* contour-smoothing-inplace.c: Laplacian smoothing of two closed polylines, Gauss-Seidel style.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: lines 64-65 read the neighbours pts[a] and pts[b]; lines 66-67 write pts[v]
 * why: vertices are smoothed in place from their neighbours, found through the neighbour index
 *   array; the loop covers both contours, and with 2 threads each contour is one thread's chunk,
 *   but with 3 or more threads a contour is split and a vertex at a chunk edge (or at the wrap of
 *   the ring) reads a neighbour that another thread is rewriting.
 */
#include <stdio.h>

#define CONTOURS 2
#define VERTS_PER_CONTOUR 1024
#define NVERT (CONTOURS * VERTS_PER_CONTOUR)

struct point {
    double x, y;
};

struct contour_set {
    struct point pts[NVERT];
    int nbr[NVERT][2]; /* previous and next vertex on the same closed contour */
    int contour_of[NVERT];
};

static struct contour_set shapes;

/* A jagged square outline per contour, the second one offset and larger. */
static void build_contours(struct contour_set *cs)
{
    for (int c = 0; c < CONTOURS; c++) {
        int first = c * VERTS_PER_CONTOUR;
        double size = 1.0 + c, off = 5.0 * c;
        for (int k = 0; k < VERTS_PER_CONTOUR; k++) {
            int side = k / (VERTS_PER_CONTOUR / 4);
            double t = (double)(k % (VERTS_PER_CONTOUR / 4)) / (VERTS_PER_CONTOUR / 4);
            double jag = (k % 2) ? 0.01 : -0.01;
            struct point p;
            switch (side) {
            case 0: p = (struct point){t, jag}; break;
            case 1: p = (struct point){1.0 + jag, t}; break;
            case 2: p = (struct point){1.0 - t, 1.0 + jag}; break;
            default: p = (struct point){jag, 1.0 - t}; break;
            }
            int v = first + k;
            cs->pts[v] = (struct point){off + size * p.x, off + size * p.y};
            cs->nbr[v][0] = first + (k + VERTS_PER_CONTOUR - 1) % VERTS_PER_CONTOUR;
            cs->nbr[v][1] = first + (k + 1) % VERTS_PER_CONTOUR;
            cs->contour_of[v] = c;
        }
    }
}

static void smooth_pass(struct contour_set *cs, double lambda)
{
    struct point *pts = cs->pts;
    const int (*nbr)[2] = (const int (*)[2])cs->nbr;
#pragma omp parallel for
    for (int v = 0; v < NVERT; v++) {
        int a = nbr[v][0], b = nbr[v][1];
        double mx = 0.5 * (pts[a].x + pts[b].x);
        double my = 0.5 * (pts[a].y + pts[b].y);
        pts[v].x += lambda * (mx - pts[v].x);
        pts[v].y += lambda * (my - pts[v].y);
    }
}

static double perimeter(const struct contour_set *cs, int c)
{
    double len = 0.0;
    for (int v = c * VERTS_PER_CONTOUR; v < (c + 1) * VERTS_PER_CONTOUR; v++) {
        const struct point *p = &cs->pts[v], *q = &cs->pts[cs->nbr[v][1]];
        double dx = q->x - p->x, dy = q->y - p->y;
        len += dx < 0 ? -dx : dx;
        len += dy < 0 ? -dy : dy;
    }
    return len;
}

int main(void)
{
    build_contours(&shapes);
    for (int it = 0; it < 3; it++)
        smooth_pass(&shapes, 0.5);
    for (int c = 0; c < CONTOURS; c++)
        printf("contour %d: L1 perimeter after smoothing %.4f\n", c, perimeter(&shapes, c));
    return 0;
}
