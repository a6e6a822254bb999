/* threadprivate-mc-rng.c: Monte Carlo estimate of a region's area with per-thread RNG streams.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: lines 30-33: rng, draws and tol are threadprivate; line 71 copyin(tol); line 82 merges
 *   each thread's draws under `critical`
 * why: each thread has its own instance of the file-scope rng state, draw counter and tolerance,
 *   so the writes in next_uniform() never touch another thread's copy; copyin initialises the
 *   copies from the master's, and the only shared update (the total) is in a critical section.
 * tempts: file-scope statics written by every thread of the team with no lock, read again in a
 *   second parallel region.
 */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>

#define SAMPLES_PER_THREAD 20000

struct rng {
    uint64_t s;
};

struct mc_tolerance {
    double margin; /* points closer than this to the boundary are redrawn */
    int redraws;
};

static struct rng rng;
static long draws;
static struct mc_tolerance tol;
#pragma omp threadprivate(rng, draws, tol)

static long total_draws;

static double next_uniform(void)
{
    rng.s ^= rng.s << 13;
    rng.s ^= rng.s >> 7;
    rng.s ^= rng.s << 17;
    draws++;
    return (double)(rng.s >> 11) * (1.0 / 9007199254740992.0);
}

/* Inside the unit disc but outside a square hole of side 0.5 at the centre. */
static int inside_region(double x, double y)
{
    int in_disc = x * x + y * y < 1.0;
    int in_hole = x > -0.25 && x < 0.25 && y > -0.25 && y < 0.25;
    return in_disc && !in_hole;
}

static double boundary_distance_hint(double x, double y)
{
    double r2 = x * x + y * y;
    double d = r2 > 1.0 ? r2 - 1.0 : 1.0 - r2;
    return d;
}

int main(void)
{
#pragma omp parallel
    {
        rng.s = 0x9E3779B97F4A7C15ull * (uint64_t)(omp_get_thread_num() + 1);
        draws = 0;
    }

    tol.margin = 1e-4;
    long hits = 0, samples = 0;
#pragma omp parallel copyin(tol) reduction(+ : hits, samples)
    {
        for (int k = 0; k < SAMPLES_PER_THREAD; k++) {
            double x = 2.0 * next_uniform() - 1.0, y = 2.0 * next_uniform() - 1.0;
            if (boundary_distance_hint(x, y) < tol.margin) {
                tol.redraws++;
                continue;
            }
            hits += inside_region(x, y);
            samples++;
        }
#pragma omp critical
        total_draws += draws;
    }

    double area = 4.0 * (double)hits / (double)samples;
    printf("area %.3f (exact %.3f) from %ld samples, %ld draws\n", area,
           3.14159265358979 - 0.25, samples, total_draws);
    return 0;
}
