/* racelab-case
 * title: Loop-carried dependence in a parallel loop
 * bug: `a[i] = a[i + 1] + 1` reads the element that the next iteration
 *   overwrites. Run in order, every iteration reads the old `a[i + 1]`; split
 *   between two threads, the last iteration of thread 0's half reads
 *   `a[HALF]`, which thread 1 writes in the first iteration of its half, with
 *   nothing ordering the two. If thread 1 gets there first, thread 0 reads the
 *   new value and `a[HALF - 1]` comes out wrong. Here it does, every run.
 * fix: Break the dependence: copy `a` first and read only the copy (`a[i] =
 *   old[i + 1] + 1`, a double buffer), so no iteration reads what another one
 *   writes. (If the new values were wanted, the loop would have to stay
 *   sequential.)
 * hint: Iteration `i` reads `a[i + 1]`, which iteration `i + 1` writes. What if
 *   that iteration runs first, on the other thread?
 * hint: In a parallel loop no iteration may read what another iteration writes:
 *   break the dependence by reading a copy of the input (a double buffer). One
 *   lock (a `critical`) held around a thread's whole share of the loop is not
 *   accepted.
 * hint: Add `static int old[N_MAX + 1];`, `memcpy(old, a, (size_t)(n + 1) *
 *   sizeof *a)` before the `parallel for` (<string.h>), and compute `a[i] =
 *   old[i + 1] + 1` in the loop; the handshake can stay.
 * task: A parallel loop computes `a[i] = a[i + 1] + 1` for the first `n`
 *   elements of `a`, and one element comes out different from what the same
 *   loop computes run sequentially. Make every element right, with the loop's
 *   threads still working at the same time.
 * overlap: work
 * wrong-fix: volatile: Making `a` volatile changes nothing: the iteration that
 *   reads a neighbour and the one that overwrites it still run on two threads
 *   with nothing ordering them.
 * rust: `a[..N].par_iter_mut().enumerate().for_each(|(i, x)| *x = a[i + 1] + 1)`
 *   with Rayon is rejected (E0502: cannot borrow `a` as immutable because the
 *   loop borrows it as mutable); the idiom reads a clone taken before the
 *   loop: `let old = a.clone();` and `*x = old[i + 1] + 1`.
 * tsan: data-race, wrong-result
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved, and the thread-safety analysis does not
 *   know that OpenMP splits the iterations of the loop between threads.
 * analyzer: clean: the analyzer does not model OpenMP threads: read as
 *   sequential code, `a[i] = a[i + 1] + 1` is correct.
 * tidy: clean: no clang-tidy check run here looks for dependences between
 *   the iterations of a parallel loop.
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
 * param: n 1000 300000..600000
 * oracle: stdout "sum = {n * (n + 3) / 2}, elements differing from the sequential loop = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#define _GNU_SOURCE
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/handshake.h"

/* The default `n` is small on purpose: clang 14's TSan can drop a report
 * whose first access has left the thread's history. schedule(static) gives
 * thread 0 iterations 0..HALF-1 and thread 1 iterations HALF..n-1. */
#define N_MAX 600000        /* the largest `n` */
#define HALF  ((n + 1) / 2) /* thread 0's share of the n iterations */

static int n; /* iterations: the `n` parameter */
static int a[N_MAX + 1];

/* Makes thread 0 read a[HALF] only after thread 1 has written it, as happens
 * whenever thread 1 runs ahead. A test device: it orders in time only, and
 * TSan sees no synchronisation through it. */
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

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < n; i++) {
        if (i == HALF - 1)
            rl_handshake_wait(&written); /* thread 0's last iteration */
        a[i] = a[i + 1] + 1; /* BUG: a[i + 1] is another iteration's output */
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
