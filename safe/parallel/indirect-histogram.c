/* racelab-case
 * title: Indirect indices with duplicates: a parallel histogram
 * discipline: When iterations can update the same element through an index
 *   array, each update must be indivisible: `#pragma omp atomic` turns
 *   `hist[bin[i]]++` into one atomic add. (With many threads hitting few
 *   bins, per-thread histograms merged after the loop contend less:
 *   `reduction(+:hist[:BINS])`.)
 * rust: `let hist: Vec<AtomicU64>` and
 *   `bin.par_iter().for_each(|&b| { hist[b].fetch_add(1, Ordering::Relaxed); })`.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
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
static long hist[BINS]; /* shared; every update is atomic */

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
    for (int i = 0; i < n; i++) {
#pragma omp atomic
        hist[bin[i]]++; /* FIX: one indivisible read-modify-write */
    }

    long counted = 0;
    for (int b = 0; b < BINS; b++)
        counted += hist[b];
    printf("counted = %ld of %d\n", counted, n); /* always n */
    return 0;
}
