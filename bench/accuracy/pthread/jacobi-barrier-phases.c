/* jacobi-barrier-phases.c: a 12-thread Jacobi solver with barrier-separated phases.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 45 and 55: two pthread_barrier_wait() per sweep; between them only the serial
 *   thread reduces the residuals, swaps the grids and sets `converged`, which all threads read
 *   after the second barrier
 * why: every sweep reads `cur` and neighbour cells written in the previous sweep by other
 *   threads, but each such write is separated from the read by a barrier.
 * tempts: threads reading cells and shared pointers that other threads (or the serial thread)
 *   wrote, with no mutex anywhere; only the barriers order them.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define NTHREADS 12
#define N 600
#define MAX_SWEEPS 120

static double grid_a[N + 2], grid_b[N + 2]; /* boundary cells 0 and N+1 */
static double *cur = grid_a, *nxt = grid_b;
static double partial[NTHREADS];
static bool converged;
static int sweeps;
static pthread_barrier_t bar;

static void *solver_main(void *arg)
{
    const int id = (int)(long)arg;
    const int lo = 1 + id * N / NTHREADS, hi = 1 + (id + 1) * N / NTHREADS;
    const double h2 = 1.0 / ((N + 1.0) * (N + 1.0));
    for (;;) {
        double res = 0.0;
        for (int i = lo; i < hi; i++) {
            double v = 0.5 * (cur[i - 1] + cur[i + 1] + h2); /* -u'' = 1 */
            res += v > cur[i] ? v - cur[i] : cur[i] - v;
            nxt[i] = v;
        }
        partial[id] = res;

        if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
            double total = 0.0;
            for (int t = 0; t < NTHREADS; t++)
                total += partial[t];
            double *tmp = cur;
            cur = nxt;
            nxt = tmp;
            sweeps++;
            converged = total < 1e-9 || sweeps >= MAX_SWEEPS;
        }
        pthread_barrier_wait(&bar);
        if (converged)
            return NULL;
    }
}

int main(void)
{
    if (pthread_barrier_init(&bar, NULL, NTHREADS) != 0)
        return 1;
    pthread_t tids[NTHREADS];
    for (long t = 0; t < NTHREADS; t++)
        if (pthread_create(&tids[t], NULL, solver_main, (void *)t) != 0)
            return 1; /* the barrier counts on every solver */
    for (int t = 0; t < NTHREADS; t++)
        pthread_join(tids[t], NULL);
    pthread_barrier_destroy(&bar);
    printf("%d sweeps, u(0.5) = %.6f\n", sweeps, cur[(N + 1) / 2]);
    return 0;
}
