/* racelab-case
 * title: Missing reduction clause in a parallel loop
 * discipline: A variable that every iteration accumulates into is declared a
 *   reduction: `reduction(+:sum)` gives each thread a private `sum` starting at
 *   0, and the runtime adds the private copies into the shared one once, after
 *   the loop, with the synchronisation it needs.
 * rust: `a.par_iter().sum()` (or `map(..).reduce(..)`): Rayon combines the
 *   per-thread partial results itself.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
 * param: n 100000 1000000..2000000
 * oracle: stdout "sum = {45 * (n / 10) + (n % 10) * (n % 10 - 1) / 2}"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

#define N_MAX 2000000 /* the largest `n` */

static int n; /* elements: the `n` parameter */
static int a[N_MAX];
static long sum; /* shared; written only by the reduction's final combine */

int main(void)
{
    n = (int)rl_param("n", 100000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        a[i] = i % 10; /* 0 + 1 + ... + 9 = 45 per 10 elements */

    /* FIX: each thread adds into its own private `sum`; the partial sums are
     * combined into the shared `sum` at the end of the loop. */
#pragma omp parallel for num_threads(2) reduction(+:sum)
    for (int i = 0; i < n; i++)
        sum += a[i];

    printf("sum = %ld\n", sum); /* always the sum of a[] */
    return 0;
}
