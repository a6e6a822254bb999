/* racelab-case
 * title: Missing barrier: `nowait` before a loop that reads a neighbour
 * bug: The first loop squares `a` into `sq`; `nowait` removes the barrier at
 *   its end, so a thread starts the second loop as soon as its own chunk is
 *   done. The second loop computes `diff[i] = sq[i + 1] - sq[i]`, and for the
 *   last `i` of thread 0's chunk `sq[i + 1]` belongs to thread 1's chunk of
 *   the first loop, which may not have been written yet: thread 0 reads it
 *   with nothing ordering the two. Here it reads it too early, every run.
 * fix: Drop `nowait` (the implicit barrier at the end of the first loop makes
 *   every `sq` element written before any is read), or put
 *   `#pragma omp barrier` between the loops.
 * hint: The second loop reads `sq[i + 1]`, which another thread may write in
 *   the first loop. What does `nowait` remove between the two loops?
 * hint: A loop that reads what other threads wrote in an earlier loop needs a
 *   barrier between the two; the implicit barrier at the end of `omp for` is
 *   exactly that. One lock (a `critical`) held around a thread's whole share of
 *   the loops is not accepted.
 * hint: Drop `nowait` from the first `#pragma omp for` (or put `#pragma omp
 *   barrier` between the loops), and remove the `read_done` handshake: it
 *   forces the very order the barrier forbids, so it would deadlock.
 * task: A parallel region squares the `n` elements of `a` into `sq` in one
 *   loop, then computes the differences of neighbouring squares into `diff`
 *   in a second loop, and an element of `diff` comes out wrong. Make every
 *   element right, with the threads still sharing the work of both loops.
 * overlap: work
 * wrong-fix: sleep: A pause before the second loop only makes it likely that
 *   the other thread has written its squares; nothing guarantees it, and the
 *   detectors still see the read and the write unordered.
 * wrong-fix: volatile: Making `sq` volatile changes nothing: the square is
 *   still read by one thread with nothing ordering it after the other
 *   thread's write.
 * rust: Rayon has no `nowait` (every `for_each` returns only when all its
 *   work is done); running the two loops at once with `rayon::join`, one
 *   filling `sq` and one reading it, is rejected (E0502: cannot borrow `sq`
 *   as immutable because it is also borrowed as mutable).
 * tsan: data-race, wrong-result
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved, and the thread-safety analysis knows
 *   nothing of OpenMP threads or barriers.
 * analyzer: clean: the analyzer does not model OpenMP threads: read as
 *   sequential code, the first loop ends before the second starts, which is
 *   exactly what `nowait` no longer guarantees.
 * tidy: clean: no clang-tidy check run here looks at `nowait` or at the
 *   barriers between OpenMP loops.
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
 * param: n 1000 100000..200000
 * oracle: stdout "sum of differences = {(n - 1) * (n - 1)}, wrong elements = 0"
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
 * thread 0 iterations 0..HALF-1 and thread 1 iterations HALF..n-1, in both
 * loops. */
#define N_MAX 200000        /* the largest `n` */
#define HALF  ((n + 1) / 2) /* thread 0's share of the n iterations */

static int n; /* elements: the `n` parameter */
static long a[N_MAX];
static long sq[N_MAX];
static long diff[N_MAX];

/* Holds thread 1 back until thread 0 has read sq[HALF], as happens whenever
 * thread 1 starts late. A test device: it orders in time only, and TSan sees
 * no synchronisation through it. */
static struct rl_handshake read_done;

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 2 || n > N_MAX) {
        fprintf(stderr, "n must be 2 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        a[i] = i;
    rl_handshake_init(&read_done);

#pragma omp parallel num_threads(2)
    {
#pragma omp for schedule(static) nowait /* BUG: no barrier after this loop */
        for (int i = 0; i < n; i++) {
            if (i == HALF)
                rl_handshake_wait(&read_done); /* thread 1's first iteration */
            sq[i] = a[i] * a[i];
        }

#pragma omp for schedule(static)
        for (int i = 0; i < n; i++) {
            /* for i == HALF - 1, sq[HALF] is thread 1's, maybe not written yet */
            diff[i] = i + 1 < n ? sq[i + 1] - sq[i] : 0;
            if (i == HALF - 1)
                rl_handshake_signal(&read_done); /* thread 0's last iteration */
        }
    }

    rl_handshake_destroy(&read_done);
    /* (i + 1)^2 - i^2 = 2i + 1 */
    long sum = 0;
    int wrong = 0;
    for (int i = 0; i + 1 < n; i++) {
        sum += diff[i];
        if (diff[i] != 2 * i + 1)
            wrong++;
    }
    printf("sum of differences = %ld, wrong elements = %d\n", sum, wrong);
    return 0;
}
