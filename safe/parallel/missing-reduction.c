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
 * oracle: stdout "sum = 450000"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <stdio.h>

#define N 100000

static int a[N];
static long sum; /* shared; written only by the reduction's final combine */

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i % 10;

    /* FIX: each thread adds into its own private `sum`; the partial sums are
     * combined into the shared `sum` at the end of the loop. */
#pragma omp parallel for num_threads(2) reduction(+:sum)
    for (int i = 0; i < N; i++)
        sum += a[i];

    printf("sum = %ld\n", sum); /* always 450000 */
    return 0;
}
