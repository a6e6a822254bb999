/* qc-batch-sections.c: quality-control summary of a production batch, three summaries at once.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 54-88: three sections write disjoint fields of *qc; the sections construct's
 *   implicit barrier precedes the `single` (line 90) that reads all of them
 * why: each field of the summary has exactly one writer section; reads of the other sections'
 *   fields happen only in the single block, after the barrier that ends the sections.
 * tempts: adjacent fields of one struct (same cache line) written by different threads at the
 *   same time, then read by whichever thread runs the single block.
 */
#include <stdio.h>

#define NITEMS 5000
#define SPEC_LO 9.95
#define SPEC_HI 10.05

struct qc_summary {
    double min, max;
    double mean, stddev;
    int out_of_spec;
    int first_bad;
    char verdict[32];
};

static double diameter[NITEMS];

static double sqrt_newton(double v)
{
    if (v <= 0.0)
        return 0.0;
    double x = v > 1.0 ? v : 1.0;
    for (int i = 0; i < 40; i++)
        x = 0.5 * (x + v / x);
    return x;
}

static void measure_batch(void)
{
    unsigned s = 2024u;
    for (int i = 0; i < NITEMS; i++) {
        s = s * 22695477u + 1u;
        double jitter = ((double)((s >> 10) % 2001) - 1000.0) * 4e-5;
        diameter[i] = 10.0 + jitter + (i > 4000 ? 0.03 : 0.0); /* drift late in the batch */
    }
}

static void summarise(const double *d, int n, struct qc_summary *qc)
{
#pragma omp parallel
    {
#pragma omp sections
        {
#pragma omp section
            {
                double lo = d[0], hi = d[0];
                for (int i = 1; i < n; i++) {
                    lo = d[i] < lo ? d[i] : lo;
                    hi = d[i] > hi ? d[i] : hi;
                }
                qc->min = lo;
                qc->max = hi;
            }
#pragma omp section
            {
                double s = 0.0, ss = 0.0;
                for (int i = 0; i < n; i++)
                    s += d[i];
                qc->mean = s / n;
                for (int i = 0; i < n; i++)
                    ss += (d[i] - qc->mean) * (d[i] - qc->mean);
                qc->stddev = sqrt_newton(ss / (n - 1));
            }
#pragma omp section
            {
                int bad = 0, first = -1;
                for (int i = 0; i < n; i++)
                    if (d[i] < SPEC_LO || d[i] > SPEC_HI) {
                        if (first < 0)
                            first = i;
                        bad++;
                    }
                qc->out_of_spec = bad;
                qc->first_bad = first;
            }
        }

#pragma omp single
        snprintf(qc->verdict, sizeof qc->verdict, "%s",
                 qc->out_of_spec == 0                   ? "PASS"
                 : qc->max - qc->min > 8.0 * qc->stddev ? "FAIL (outliers)"
                 : qc->out_of_spec * 100 > n            ? "FAIL (drift)"
                                                        : "PASS (marginal)");
    }
}

int main(void)
{
    struct qc_summary qc = {0};
    measure_batch();
    summarise(diameter, NITEMS, &qc);
    printf("%s: mean %.4f sd %.4f range [%.4f, %.4f], %d out of spec (first %d)\n", qc.verdict,
           qc.mean, qc.stddev, qc.min, qc.max, qc.out_of_spec, qc.first_bad);
    return 0;
}
