/* simd-dot-reduction.c: weighted least-squares normal equations for a line fit, vectorised.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 48 and 64: `parallel for simd` with reduction(+:...) on every accumulator
 * why: every accumulator is a reduction variable, so each thread and SIMD lane sums into its own
 *   private copy and the copies are combined at the end of the loop.
 * tempts: five shared scalars updated in every iteration of a threaded, vectorised loop.
 */
#include <stdio.h>

#define NOBS 8000

struct observations {
    int n;
    float t[NOBS];
    float y[NOBS];
    float w[NOBS]; /* inverse variance of each observation */
};

struct line_fit {
    double slope, intercept;
    double chi2;
};

static struct observations obs = {.n = NOBS};

static void simulate(struct observations *o)
{
    unsigned s = 7u;
    for (int i = 0; i < o->n; i++) {
        s = s * 1103515245u + 12345u;
        float noise = (float)((s >> 16) % 1000) / 1000.0f - 0.5f;
        o->t[i] = (float)i / o->n;
        o->y[i] = 3.0f * o->t[i] + 1.5f + 0.05f * noise;
        o->w[i] = (i % 10 == 0) ? 0.25f : 1.0f; /* every tenth point is noisier */
    }
}

static struct line_fit fit_line(const struct observations *o)
{
    double sw = 0.0, st = 0.0, sy = 0.0, stt = 0.0, sty = 0.0;
    const float *t = o->t, *y = o->y, *w = o->w;
    int n = o->n;

#pragma omp parallel for simd reduction(+ : sw, st, sy, stt, sty)
    for (int i = 0; i < n; i++) {
        double wi = w[i], ti = t[i], yi = y[i];
        sw += wi;
        st += wi * ti;
        sy += wi * yi;
        stt += wi * ti * ti;
        sty += wi * ti * yi;
    }

    struct line_fit f;
    double det = sw * stt - st * st;
    f.slope = (sw * sty - st * sy) / det;
    f.intercept = (stt * sy - st * sty) / det;

    double chi2 = 0.0;
#pragma omp parallel for simd reduction(+ : chi2)
    for (int i = 0; i < n; i++) {
        double r = y[i] - (f.slope * t[i] + f.intercept);
        chi2 += w[i] * r * r;
    }
    f.chi2 = chi2;
    return f;
}

int main(void)
{
    simulate(&obs);
    struct line_fit f = fit_line(&obs);
    printf("slope %.4f intercept %.4f chi2/n %.3e\n", f.slope, f.intercept, f.chi2 / obs.n);
    return 0;
}
