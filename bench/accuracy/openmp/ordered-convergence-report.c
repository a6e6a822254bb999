/* ordered-convergence-report.c: Newton solves for many parameters, reported in input order.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 71-76: the `ordered` block is the only code touching rp->len, rp->text and
 *   rp->worst; the loop is `for ordered schedule(dynamic, 4)` (line 67)
 * why: ordered blocks run one at a time in iteration order, each after the previous iteration's
 *   block has finished, so the shared cursor and buffer see a sequential history.
 * tempts: a shared text buffer and a shared length updated by whichever thread ran the
 *   iteration, with a dynamic schedule that scatters iterations across threads.
 */
#include <stdio.h>
#include <string.h>

#define NPARAM 64
#define REPORT_CAP 8192

struct solve_result {
    double root;
    int iterations;
    int converged;
};

struct report {
    size_t len;
    char text[REPORT_CAP];
    int worst; /* most iterations any solve needed */
};

static struct report rep;

/* Solve x^3 + p x - 1 = 0 by Newton's method from x = 1. */
static struct solve_result newton_cubic(double p)
{
    struct solve_result r = {1.0, 0, 0};
    for (int it = 0; it < 50; it++) {
        double x = r.root;
        double f = x * x * x + p * x - 1.0;
        double df = 3.0 * x * x + p;
        if (df == 0.0)
            break;
        double step = f / df;
        r.root = x - step;
        r.iterations = it + 1;
        if (step < 1e-12 && step > -1e-12) {
            r.converged = 1;
            break;
        }
    }
    return r;
}

static void report_line(struct report *rp, int k, double p, const struct solve_result *r)
{
    if (rp->len >= sizeof rp->text)
        return;
    int w = snprintf(rp->text + rp->len, sizeof rp->text - rp->len, "%2d p=%6.3f x=%.9f it=%d%s\n",
                     k, p, r->root, r->iterations, r->converged ? "" : " (no convergence)");
    if (w > 0)
        rp->len += (size_t)w < sizeof rp->text - rp->len ? (size_t)w : sizeof rp->text - rp->len;
}

static void solve_all(struct report *rp)
{
#pragma omp parallel for ordered schedule(dynamic, 4)
    for (int k = 0; k < NPARAM; k++) {
        double p = -1.0 + 0.1 * k;
        struct solve_result r = newton_cubic(p);
#pragma omp ordered
        {
            report_line(rp, k, p, &r);
            if (r.iterations > rp->worst)
                rp->worst = r.iterations;
        }
    }
}

int main(void)
{
    solve_all(&rep);
    int lines = 0;
    for (size_t i = 0; i < rep.len; i++)
        lines += rep.text[i] == '\n';
    const char *last = rep.text + rep.len - 1;
    while (last > rep.text && last[-1] != '\n')
        last--;
    printf("%d report lines, worst %d iterations; last: %s", lines, rep.worst, last);
    return 0;
}
