/* racelab-case
 * title: Loop-carried dependence in a parallel loop
 * discipline: In a parallel loop, no iteration may read what another
 *   iteration writes. Copy `a` before the loop and read only the copy (a
 *   double buffer): every iteration then reads the old `a[i + 1]`, as the
 *   sequential loop did, whichever thread runs first. (If the new value were
 *   wanted, the loop would have to stay sequential.)
 * rust: `let old = a.clone();` then
 *   `a.par_iter_mut().enumerate().for_each(|(i, x)| *x = old[i + 1] + 1)`:
 *   the closure writes only its own element and reads only the clone.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
 * param: n 1000 300000..600000
 * oracle: stdout "sum = {n * (n + 3) / 2}, elements differing from the sequential loop = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#define _GNU_SOURCE
#include <racelab/param.h>
#include <stdio.h>
#include <string.h>

#include "racelab/handshake.h"

/* The default `n` is small on purpose: clang 14's TSan can drop a report
 * whose first access has left the thread's history. schedule(static) gives
 * thread 0 iterations 0..HALF-1 and thread 1 iterations HALF..n-1. */
#define N_MAX 600000        /* the largest `n` */
#define HALF  ((n + 1) / 2) /* thread 0's share of the n iterations */

static int n; /* iterations: the `n` parameter */
static int a[N_MAX + 1];
static int old[N_MAX + 1];

/* Kept from the buggy twin, where it makes thread 0 read a[HALF] after thread
 * 1 has written it. A test device: it orders in time only. Here that order is
 * harmless, because nobody reads `a` inside the loop. */
static struct rl_handshake written;

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 2 || n > N_MAX) {
        fprintf(stderr, "n must be 2 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i <= n; i++)
        a[i] = i;
    rl_handshake_init(&written);
    memcpy(old, a, (size_t)(n + 1) * sizeof *a); /* before the loop: no thread is running yet */

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < n; i++) {
        if (i == HALF - 1)
            rl_handshake_wait(&written); /* thread 0's last iteration */
        a[i] = old[i + 1] + 1; /* FIX: read the copy, which nobody writes */
        if (i == HALF)
            rl_handshake_signal(&written); /* thread 1's first iteration */
    }

    rl_handshake_destroy(&written);
    /* In order, each a[i] = old a[i + 1] + 1 = i + 2. */
    long sum = 0;
    int differing = 0;
    for (int i = 0; i < n; i++) {
        sum += a[i];
        if (a[i] != i + 2)
            differing++;
    }
    printf("sum = %ld, elements differing from the sequential loop = %d\n", sum, differing);
    return 0;
}
