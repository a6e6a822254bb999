/* racelab-case
 * title: Missing reduction clause in a parallel loop
 * bug: `#pragma omp parallel for` splits the loop between two threads, but
 *   `sum` is shared by default. `sum += a[i]` is a load, an add and a store of
 *   the same variable in both threads with nothing ordering them, so one
 *   thread can overwrite the other's partial sum and its work is lost.
 * fix: Add `reduction(+:sum)`: each thread accumulates into a private copy and
 *   the runtime combines the copies once at the end of the loop.
 * hint: `sum` is declared outside the parallel loop, so both threads share it.
 *   What happens to `sum += a[i]` when both run it at once?
 * hint: A variable that every iteration accumulates into is a reduction: each
 *   thread sums into a private copy, and the runtime combines the copies once,
 *   after the loop. One lock (a `critical`) held around a thread's whole share
 *   of the loop is not accepted.
 * hint: Add `reduction(+:sum)` to `#pragma omp parallel for num_threads(2)`.
 * task: A parallel loop adds up the `n` elements of `a` into `sum`;
 *   ThreadSanitizer reports a race, and the total can come out short. Make the
 *   total right, with the loop's threads still adding at the same time.
 * overlap: work
 * wrong-fix: volatile: A volatile `sum` still takes a load, an add and a store
 *   for each element; the other thread's update can still come in between.
 * rust: `a.par_iter().for_each(|x| sum += x)` with Rayon is rejected (E0596:
 *   cannot borrow `sum` as mutable, it is captured in an `Fn` closure); the
 *   idiom is `a.par_iter().sum()`.
 * tsan: data-race
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved: `sum` is shared by OpenMP's default
 *   data-sharing rule, and the thread-safety analysis knows only variables
 *   annotated with the lock that guards them.
 * analyzer: clean: the analyzer does not model OpenMP threads: it reads the
 *   loop body as sequential code, in which `sum += a[i]` is correct.
 * tidy: clean: no clang-tidy check run here looks at OpenMP data-sharing
 *   clauses, so a missing `reduction` goes unnoticed.
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
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
static long sum; /* shared by every thread of the team */

int main(void)
{
    n = (int)rl_param("n", 100000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        a[i] = i % 10; /* 0 + 1 + ... + 9 = 45 per 10 elements */

    /* BUG: no reduction clause. Both threads read-modify-write the one
     * shared `sum`; TSan reports a data race on it. */
#pragma omp parallel for num_threads(2)
    for (int i = 0; i < n; i++)
        sum += a[i];

    printf("sum = %ld\n", sum); /* the sum of a[] only if no update was lost */
    return 0;
}
