/* racelab-case
 * title: Indirect indices with duplicates: a parallel histogram
 * bug: `hist[bin[i]]++` looks like one iteration per element, but many
 *   elements fall into the same bin: the two threads of the loop increment
 *   the same `hist[b]`, a load, an add and a store with nothing ordering
 *   them, and an increment can be lost. Distinct `i` do not mean distinct
 *   memory when the index goes through another array.
 * fix: Make each increment indivisible with `#pragma omp atomic`, or give
 *   every thread its own histogram and add them up after the loop
 *   (`reduction(+:hist[:BINS])`).
 * hint: The loop splits `i` between the threads, but which memory does
 *   `hist[bin[i]]++` write? Can two threads hit the same bin?
 * hint: When iterations can update the same element through an index array,
 *   each update must be indivisible (`omp atomic`), or each thread fills its
 *   own histogram and they are merged after the loop. One lock (a `critical`)
 *   held around a thread's whole share of the loop is not accepted.
 * hint: Put `#pragma omp atomic` right before `hist[bin[i]]++;` (give the loop
 *   body braces), or add `reduction(+:hist[:BINS])` to the `parallel for`.
 * task: A parallel loop counts `n` elements into a histogram of a few bins,
 *   each element's bin given by the array `bin`. ThreadSanitizer reports a
 *   race, and the bins can add up to fewer than `n`. Make the count right,
 *   with the loop's threads still counting at the same time.
 * overlap: work
 * wrong-fix: volatile: A volatile histogram still takes a load, an add and a
 *   store for each count; another thread's count of the same bin can still
 *   come in between.
 * rust: `bin.par_iter().for_each(|&b| hist[b] += 1)` on a `Vec` with Rayon is
 *   rejected (E0596: cannot borrow `hist` as mutable, it is captured in an
 *   `Fn` closure); the idiom is a `Vec<AtomicU64>` with `fetch_add`, or a
 *   `fold`/`reduce` of per-thread histograms.
 * tsan: data-race
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of OpenMP threads or of which elements two iterations touch.
 * analyzer: clean: the analyzer does not model OpenMP threads: read as
 *   sequential code, `hist[bin[i]]++` is correct; only the values in `bin`
 *   make two iterations, on two threads, update the same bin.
 * tidy: clean: no clang-tidy check run here looks at which elements the
 *   iterations of a parallel loop update.
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
 * param: n 1000 1000000..2000000
 * oracle: stdout "counted = {n} of {n}"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

/* The default `n` is small on purpose: with a long loop and threads that
 * happened not to overlap, clang 14's TSan can drop the report, because the
 * first racy access has already left its per-thread history. */
#define N_MAX 2000000 /* the largest `n` */
#define BINS  4

static int n;           /* elements: the `n` parameter */
static int bin[N_MAX];  /* which bin each element falls into */
static long hist[BINS]; /* shared by every thread of the team */

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    /* Every bin is hit by both halves of the loop, i.e. by both threads. */
    for (int i = 0; i < n; i++)
        bin[i] = (i * 7) % BINS;

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < n; i++)
        hist[bin[i]]++; /* BUG: two threads can increment the same bin */

    long counted = 0;
    for (int b = 0; b < BINS; b++)
        counted += hist[b];
    printf("counted = %ld of %d\n", counted, n); /* n only if no increment was lost */
    return 0;
}
