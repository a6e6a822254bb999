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
 *   `private(...)` clause. One lock (a `critical`) held around a thread's whole
 *   share of the loop is not accepted.
 * hint: Remove the file-scope `static int tmp;` and declare `int tmp;` inside
 *   the loop body, before `calibrate(in[i], &tmp)`.
 * task: A parallel loop computes `out[i] = 3 * in[i] + 1` for `n` elements
 *   through the helper `calibrate()`. ThreadSanitizer reports a race, and
 *   elements can come out wrong. Make every element right, with the loop's
 *   threads still working at the same time.
 * overlap: work
 * wrong-fix: volatile: A volatile `tmp` is still one variable that both
 *   threads store into and read back: the other thread's value can still be
 *   there when you read it.
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
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
 * param: n 1000 250000..500000
 * oracle: stdout "sum = {3 * n * (n - 1) / 2 + n}, wrong elements = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

/* The default `n` is small on purpose: with 100,000 iterations and threads
 * that happened not to overlap, clang 14's TSan sometimes dropped the report,
 * because the first racy access had already left its per-thread history. */
#define N_MAX 500000 /* the largest `n` */

static int n; /* elements: the `n` parameter */
static int in[N_MAX];
static int out[N_MAX];
static int tmp; /* BUG: declared outside the parallel loop, so it is shared */

/* Returns its result through an out-parameter, like many C APIs. noinline
 * keeps `tmp` in memory at -O1, as it would be across a real library call. */
__attribute__((noinline)) static void calibrate(int raw, int *result)
{
    *result = raw * 3 + 1;
}

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        in[i] = i;

#pragma omp parallel for num_threads(2)
    for (int i = 0; i < n; i++) {
        calibrate(in[i], &tmp); /* both threads write the one `tmp` ... */
        out[i] = tmp;           /* ... and may read the other's value: race */
    }

    long sum = 0;
    int wrong = 0;
    for (int i = 0; i < n; i++) {
        sum += out[i];
        if (out[i] != in[i] * 3 + 1)
            wrong++;
    }
    printf("sum = %ld, wrong elements = %d\n", sum, wrong);
    return 0;
}
