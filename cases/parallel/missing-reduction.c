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
 * overlap: work
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
 * oracle: stdout "sum = 450000"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <stdio.h>

#define N 100000

static int a[N];
static long sum; /* shared by every thread of the team */

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i % 10;

    /* BUG: no reduction clause. Both threads read-modify-write the one
     * shared `sum`; TSan reports a data race on it. */
#pragma omp parallel for num_threads(2)
    for (int i = 0; i < N; i++)
        sum += a[i];

    printf("sum = %ld\n", sum); /* 450000 only if no update was lost */
    return 0;
}
