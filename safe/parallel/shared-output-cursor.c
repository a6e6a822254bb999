/* racelab-case
 * title: Shared output cursor in a parallel loop
 * discipline: A thread that appends to a shared array claims its slot with
 *   one indivisible operation: `#pragma omp atomic capture` around
 *   `slot = len++` gives every caller a different `slot`, and the element is
 *   then written into a slot no other thread owns. The order of `out` is
 *   the order of the claims; where the input order matters, fill per-thread
 *   buffers and concatenate them after the loop instead.
 * rust: `let out: Vec<i32> = v.par_iter().copied().filter(|x| x % 3 == 0)
 *   .collect();` Rayon collects per-thread pieces and joins them in input
 *   order.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
 * param: n 1000 400000..800000
 * oracle: stdout "selected = {(n + 2) / 3} of {(n + 2) / 3}, missing = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

/* The default `n` is small on purpose: with a long loop and threads that
 * happened not to overlap, clang 14's TSan can drop the report, because the
 * first racy access has already left its per-thread history. */
#define N_MAX 800000 /* the largest `n` */

static int n; /* elements: the `n` parameter */
static int in[N_MAX];
static int out[N_MAX];
static char seen[N_MAX]; /* the check below: which values reached `out` */
static int len; /* the shared cursor: claimed only atomically in the loop */

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        in[i] = i;

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < n; i++) {
        if (in[i] % 3 == 0) {
            int slot;
#pragma omp atomic capture
            slot = len++; /* FIX: each thread gets a slot of its own */
            out[slot] = in[i];
        }
    }

    /* Every multiple of 3 below n must be in out[0..len) exactly once. */
    int want = 0, missing = 0;
    for (int k = 0; k < len; k++)
        seen[out[k]] = 1;
    for (int x = 0; x < n; x += 3) {
        want++;
        if (!seen[x])
            missing++;
    }
    printf("selected = %d of %d, missing = %d\n", len, want, missing);
    return 0;
}
