/* spline-sampler-lastprivate.c: samples a piecewise-cubic camera path and keeps the end pose.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 61: firstprivate(basis, cfg) lastprivate(t, pose); t and pose read at lines 76-77
 * why: basis and cfg are copied into every thread before the loop, t and pose are private in
 *   the loop and the copy from the sequentially last iteration is written back after the loop's
 *   barrier, which is what the code reads afterwards.
 * tempts: variables declared before the loop are written in every iteration by every thread and
 *   read after it; basis[0] is only ever set before the loop.
 */
#include <stdio.h>

#define NSEG 8
#define NSAMPLES 4000

struct cubic {
    double c[4]; /* value = c0 + c1 u + c2 u^2 + c3 u^3, u in [0, 1) */
};

struct pose {
    double x, y;
};

struct sampler_config {
    double duration;   /* seconds for the whole path */
    double lookahead;  /* fraction of a segment */
    long evaluations;  /* per-thread statistics, only meaningful in a private copy */
};

struct camera_path {
    struct cubic x[NSEG], y[NSEG];
};

static struct camera_path path;
static struct pose samples[NSAMPLES];

static void build_path(struct camera_path *p)
{
    for (int s = 0; s < NSEG; s++) {
        p->x[s] = (struct cubic){{(double)s, 1.0, 0.0, 0.0}};                  /* straight */
        p->y[s] = (struct cubic){{s % 2 ? 1.0 : 0.0, 0.0, s % 2 ? -3.0 : 3.0,
                                  s % 2 ? 2.0 : -2.0}}; /* smooth up-down steps */
    }
}

static double eval_cubic(const struct cubic *c, const double *basis)
{
    return c->c[0] * basis[0] + c->c[1] * basis[1] + c->c[2] * basis[2] + c->c[3] * basis[3];
}

static struct pose sample_path(const struct camera_path *p, struct sampler_config cfg,
                               struct pose *out, int n, double *end_time)
{
    double basis[4] = {1.0, 0.0, 0.0, 0.0}; /* 1, u, u^2, u^3 */
    double t = 0.0;
    struct pose pose = {0.0, 0.0};

#pragma omp parallel for firstprivate(basis, cfg) lastprivate(t, pose)
    for (int i = 0; i < n; i++) {
        t = cfg.duration * i / (n - 1);
        double s = (double)i * NSEG / n;
        int seg = (int)s;
        double u = s - seg;
        basis[1] = u;
        basis[2] = u * u;
        basis[3] = u * u * u;
        pose.x = eval_cubic(&p->x[seg], basis);
        pose.y = eval_cubic(&p->y[seg], basis);
        cfg.evaluations += 2;
        out[i] = pose;
    }

    *end_time = t;
    return pose;
}

int main(void)
{
    struct sampler_config cfg = {.duration = 12.0, .lookahead = 0.1, .evaluations = 0};
    build_path(&path);
    double t_end;
    struct pose last = sample_path(&path, cfg, samples, NSAMPLES, &t_end);
    printf("end of path at t=%.2f s: (%.4f, %.4f); sample[mid] = (%.4f, %.4f)\n", t_end, last.x,
           last.y, samples[NSAMPLES / 2].x, samples[NSAMPLES / 2].y);
    return 0;
}
