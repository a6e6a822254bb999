/* heat-stencil-swap-one-barrier.c: the serial thread swaps the grids with no barrier after it.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 44 and 34: the PTHREAD_BARRIER_SERIAL_THREAD worker writes `cur`, the others read
 *   `cur` at the top of the next step
 * why: after the step barrier one worker swaps the cur/next grid pointers, but there is no second
 *   barrier, so the other seven workers read `cur` for the next step with no happens-before with
 *   that write (and may compute from the wrong grid).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 8
#define CELLS 1024
#define STEPS 40

static double grid_a[CELLS], grid_b[CELLS];
static double *cur = grid_a, *next = grid_b;
static pthread_barrier_t step_done;

struct band {
    pthread_t tid;
    int lo, hi;
};

static void *diffuse_main(void *arg)
{
    const struct band *b = arg;
    for (int step = 0; step < STEPS; step++) {
        const double *src = cur;
        double *dst = next;
        for (int i = b->lo; i < b->hi; i++) {
            double left = i > 0 ? src[i - 1] : src[i];
            double right = i < CELLS - 1 ? src[i + 1] : src[i];
            dst[i] = src[i] + 0.25 * (left - 2.0 * src[i] + right);
        }
        int rc = pthread_barrier_wait(&step_done);
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
            double *t = cur;
            cur = next;
            next = t;
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < CELLS; i++)
        grid_a[i] = (i > CELLS / 2 - 16 && i < CELLS / 2 + 16) ? 100.0 : 0.0;
    if (pthread_barrier_init(&step_done, NULL, NWORKERS) != 0)
        return 1;

    static struct band bands[NWORKERS];
    for (int w = 0; w < NWORKERS; w++) {
        bands[w].lo = w * CELLS / NWORKERS;
        bands[w].hi = (w + 1) * CELLS / NWORKERS;
        if (pthread_create(&bands[w].tid, NULL, diffuse_main, &bands[w]) != 0)
            return 1; /* the barrier needs every worker */
    }
    for (int w = 0; w < NWORKERS; w++)
        pthread_join(bands[w].tid, NULL);
    pthread_barrier_destroy(&step_done);

    double heat = 0.0;
    for (int i = 0; i < CELLS; i++)
        heat += cur[i];
    printf("total heat after %d steps: %.1f, centre %.3f\n", STEPS, heat, cur[CELLS / 2]);
    return 0;
}
