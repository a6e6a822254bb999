/* nested-sensor-covariance.c: per-group covariance of sensor pairs with nested parallel regions.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 94: outer loop, each iteration allocates its own workspace (line 96); inner
 *   regions at lines 66 and 76 end with implicit barriers before the workspace is read or freed
 * why: the outer threads never share a workspace and the results go to distinct out[g]; within one
 *   outer iteration, the inner team's writes to ws->centered finish at the inner region's end
 *   before the next inner region reads them and before the outer thread frees the buffer.
 * tempts: heap memory allocated by one thread, written by an inner team's threads, read by
 *   another inner team, and freed by the first thread; two levels of teams run at once.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define NGROUPS 4
#define NSAMP 2048

struct sensor_group {
    float a[NSAMP], b[NSAMP]; /* two sensors sampled together */
};

struct workspace {
    int n;
    double *centered_a, *centered_b;
};

static struct sensor_group groups[NGROUPS];

static struct workspace *workspace_new(int n)
{
    struct workspace *ws = malloc(sizeof *ws);
    if (!ws)
        return NULL;
    ws->n = n;
    ws->centered_a = malloc(sizeof(double) * (size_t)n);
    ws->centered_b = malloc(sizeof(double) * (size_t)n);
    if (!ws->centered_a || !ws->centered_b) {
        free(ws->centered_a);
        free(ws->centered_b);
        free(ws);
        return NULL;
    }
    return ws;
}

static void workspace_free(struct workspace *ws)
{
    free(ws->centered_a);
    free(ws->centered_b);
    free(ws);
}

static void demean(const struct sensor_group *g, struct workspace *ws)
{
    double ma = 0.0, mb = 0.0;
    for (int i = 0; i < ws->n; i++) {
        ma += g->a[i];
        mb += g->b[i];
    }
    ma /= ws->n;
    mb /= ws->n;
#pragma omp parallel for
    for (int i = 0; i < ws->n; i++) {
        ws->centered_a[i] = g->a[i] - ma;
        ws->centered_b[i] = g->b[i] - mb;
    }
}

static double covariance(const struct workspace *ws)
{
    double sab = 0.0;
#pragma omp parallel for reduction(+ : sab)
    for (int i = 0; i < ws->n; i++)
        sab += ws->centered_a[i] * ws->centered_b[i];
    return sab / (ws->n - 1);
}

int main(void)
{
    double out[NGROUPS] = {0};
    int failed = 0;

    for (int g = 0; g < NGROUPS; g++)
        for (int i = 0; i < NSAMP; i++) {
            groups[g].a[i] = (float)((i * (g + 3)) % 50);
            groups[g].b[i] = (g % 2 ? -0.5f : 0.5f) * groups[g].a[i] + (float)(i % 7);
        }

    omp_set_max_active_levels(2);
#pragma omp parallel for num_threads(2) reduction(+ : failed)
    for (int g = 0; g < NGROUPS; g++) {
        struct workspace *ws = workspace_new(NSAMP);
        if (!ws) {
            failed++;
            continue;
        }
        demean(&groups[g], ws);
        out[g] = covariance(ws);
        workspace_free(ws);
    }

    for (int g = 0; g < NGROUPS; g++)
        printf("group %d: cov(a, b) = %.3f\n", g, out[g]);
    return failed ? 1 : 0;
}
