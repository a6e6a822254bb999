/* racelab-case
 * title: Missing private: a scratch variable shared by the loop's threads
 * bug: The scratch variable `tmp` is declared outside the parallel loop, so
 *   OpenMP makes it shared: both threads store their own intermediate result
 *   into the one `tmp` and read it back, and a thread can read the value the
 *   other thread has just stored, writing a wrong element of `out`.
 * fix: Give each iteration its own scratch variable: declare `tmp` inside the
 *   loop body (variables declared inside a parallel construct are private), or
 *   list it in `private(tmp)`.
 * hint: `tmp` is declared outside the parallel loop. By OpenMP's default rules,
 *   is it private to each thread or shared by them?
 * hint: A scratch variable must be private to each iteration: declare it in the
 *   smallest scope that uses it (inside the loop body), or list it in a
 *   `private(...)` clause.
 * hint: Remove the file-scope `static int tmp;` and declare `int tmp;` inside
 *   the loop body, before `calibrate(in[i], &tmp)`.
 * rust: `out.par_iter_mut().enumerate().for_each(|(i, o)| { calibrate(input[i],
 *   &mut tmp); *o = tmp; })` with Rayon is rejected (E0596: cannot borrow
 *   `tmp` as mutable, it is captured in an `Fn` closure); the idiom is a
 *   block-local `let`.
 * tsan: data-race
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved: `tmp` is shared because it is declared
 *   outside the parallel loop, and the thread-safety analysis knows nothing
 *   of OpenMP's data-sharing rules.
 * analyzer: clean: the analyzer does not model OpenMP threads: read as
 *   sequential code, each iteration writes `tmp` and reads its own value back.
 * tidy: clean: no clang-tidy check run here looks at where the variables of
 *   an OpenMP loop are declared or which clauses make them private.
 * oracle: stdout "wrong elements = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <stdio.h>

/* Small on purpose: with 100,000 iterations and threads that happened not to
 * overlap, clang 14's TSan sometimes dropped the report, because the first
 * racy access had already left its per-thread history. */
#define N 1000

static int in[N];
static int out[N];
static int tmp; /* BUG: declared outside the parallel loop, so it is shared */

/* Returns its result through an out-parameter, like many C APIs. noinline
 * keeps `tmp` in memory at -O1, as it would be across a real library call. */
__attribute__((noinline)) static void calibrate(int raw, int *result)
{
    *result = raw * 3 + 1;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        in[i] = i;

#pragma omp parallel for num_threads(2)
    for (int i = 0; i < N; i++) {
        calibrate(in[i], &tmp); /* both threads write the one `tmp` ... */
        out[i] = tmp;           /* ... and may read the other's value: race */
    }

    int wrong = 0;
    for (int i = 0; i < N; i++)
        if (out[i] != in[i] * 3 + 1)
            wrong++;
    printf("wrong elements = %d\n", wrong);
    return 0;
}
