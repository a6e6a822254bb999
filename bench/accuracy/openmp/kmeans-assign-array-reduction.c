/* kmeans-assign-array-reduction.c: one k-means iteration on 2-D points with array reductions.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 65: reduction(+ : count[:K], sum_x[:K], sum_y[:K], inertia), updated at 70-73
 * why: the per-cluster accumulators are array-section reductions, so every thread adds into its
 *   own zero-initialised copy of the arrays and the copies are summed at the end of the loop.
 * tempts: count[c], sum_x[c], sum_y[c] are indexed by the cluster label computed in the loop,
 *   so many iterations on every thread update the same element.
 */
#include <stdio.h>

#define NPOINTS 6000
#define K 4

struct point2 {
    float x, y;
};

struct clustering {
    struct point2 centre[K];
    int label[NPOINTS];
    double inertia;
};

static struct point2 pts[NPOINTS];
static struct clustering model;

static void make_blobs(void)
{
    static const struct point2 truth[K] = {{0, 0}, {5, 0}, {0, 5}, {5, 5}};
    unsigned s = 99u;
    for (int i = 0; i < NPOINTS; i++) {
        s = s * 1664525u + 1013904223u;
        float dx = (float)((s >> 8) & 0xff) / 128.0f - 1.0f;
        float dy = (float)((s >> 16) & 0xff) / 128.0f - 1.0f;
        pts[i] = (struct point2){truth[i % K].x + dx, truth[i % K].y + dy};
    }
}

static int nearest(const struct clustering *m, struct point2 p, float *d2_out)
{
    int best = 0;
    float best_d2 = 1e30f;
    for (int c = 0; c < K; c++) {
        float dx = p.x - m->centre[c].x, dy = p.y - m->centre[c].y;
        float d2 = dx * dx + dy * dy;
        if (d2 < best_d2) {
            best_d2 = d2;
            best = c;
        }
    }
    *d2_out = best_d2;
    return best;
}

static void kmeans_step(struct clustering *m, const struct point2 *p, int n)
{
    long count[K] = {0};
    double sum_x[K] = {0}, sum_y[K] = {0};
    double inertia = 0.0;

#pragma omp parallel for reduction(+ : count[:K], sum_x[:K], sum_y[:K], inertia)
    for (int i = 0; i < n; i++) {
        float d2;
        int c = nearest(m, p[i], &d2);
        m->label[i] = c;
        count[c]++;
        sum_x[c] += p[i].x;
        sum_y[c] += p[i].y;
        inertia += d2;
    }

    for (int c = 0; c < K; c++)
        if (count[c] > 0)
            m->centre[c] = (struct point2){(float)(sum_x[c] / count[c]),
                                           (float)(sum_y[c] / count[c])};
    m->inertia = inertia;
}

int main(void)
{
    make_blobs();
    model.centre[0] = (struct point2){1, 1};
    model.centre[1] = (struct point2){4, 1};
    model.centre[2] = (struct point2){1, 4};
    model.centre[3] = (struct point2){4, 4};
    for (int it = 0; it < 5; it++)
        kmeans_step(&model, pts, NPOINTS);
    printf("inertia %.2f; centre 3 at (%.2f, %.2f)\n", model.inertia, model.centre[3].x,
           model.centre[3].y);
    return 0;
}
