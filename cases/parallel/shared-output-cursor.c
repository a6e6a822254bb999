/* racelab-case
 * title: Shared output cursor in a parallel loop
 * bug: The loop keeps the multiples of 3 by appending them to `out` with
 *   `out[len++] = x`. `len` is shared: both threads load it, store into
 *   that slot and store it back incremented, with nothing ordering them. Two
 *   threads can take the same slot (one value overwrites the other) and an
 *   increment of `len` can be lost.
 * fix: Claim the slot indivisibly: `#pragma omp atomic capture` around
 *   `slot = len++`, then `out[slot] = x`; or fill per-thread buffers and
 *   concatenate them after the loop (a prefix sum of their lengths gives
 *   each thread its place, and keeps the input order).
 * hint: `out[len++] = in[i]` runs in both threads. Can two threads read the
 *   same `len` and take the same slot?
 * hint: Claiming a slot in a shared array must be one indivisible step (`omp
 *   atomic capture`), or each thread fills its own buffer and they are joined
 *   after the loop. One lock (a `critical`) held around a thread's whole share
 *   of the loop is not accepted.
 * hint: Inside the `if`, declare `int slot;`, claim it with `#pragma omp atomic
 *   capture` on `slot = len++;`, then write `out[slot] = in[i];` (give the
 *   bodies braces).
 * task: A parallel loop appends the multiples of 3 among the `n` elements of
 *   `in` to the list `out`; ThreadSanitizer reports a race, and some can go
 *   missing. Make every multiple of 3 land in `out` exactly once, with the
 *   loop's threads still selecting at the same time.
 * overlap: work
 * wrong-fix: volatile: A volatile `len` is still read, used and bumped in
 *   separate steps: two threads can still read the same `len` and take the
 *   same slot.
 * wrong-fix: lock-write-only: Bumping `len` under a lock while reading it
 *   outside is not enough: claiming a slot is the read and the bump together,
 *   and two threads can still read the same `len`.
 * rust: `v.par_iter().for_each(|&x| if x % 3 == 0 { out.push(x) })` with
 *   Rayon is rejected (E0596: cannot borrow `out` as mutable, it is captured
 *   in an `Fn` closure); the idiom is `v.par_iter().filter(..).collect()`.
 * tsan: data-race
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in the correct version of this loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in the
 *   correct version of this loop.
 * tsa: clean: no lock is involved: `len` is shared by OpenMP's default
 *   data-sharing rule, and the thread-safety analysis knows only variables
 *   annotated with the lock that guards them.
 * analyzer: clean: the analyzer does not model OpenMP threads: read as
 *   sequential code, `out[len++] = in[i]` is correct.
 * tidy: clean: no clang-tidy check run here looks at OpenMP data-sharing, so
 *   an unprotected shared cursor goes unnoticed.
 * cppcheck: clean: cppcheck reads `#pragma omp` as nothing: to it the parallel
 *   loop is an ordinary serial one.
 * param: n 1000 400000..800000
 * oracle: stdout "selected = {(n + 2) / 3} of {(n + 2) / 3}, missing = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

/* The default `n` is small on purpose: with a long loop and threads that
 * happened not to overlap, clang 14's TSan can drop the report, because the
 * first racy access has already left its per-thread history. */
#define N_MAX 800000 /* the largest `n` */

static int n; /* elements: the `n` parameter */
static int in[N_MAX];
static int out[N_MAX];
static char seen[N_MAX]; /* the check below: which values reached `out` */
static int len; /* the shared cursor: the next free slot of `out` */

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 1 || n > N_MAX) {
        fprintf(stderr, "n must be 1 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        in[i] = i;

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < n; i++)
        if (in[i] % 3 == 0)
            out[len++] = in[i]; /* BUG: both threads read and bump `len` */

    /* Every multiple of 3 below n must be in out[0..len) exactly once. */
    int want = 0, missing = 0;
    for (int k = 0; k < len; k++)
        seen[out[k]] = 1;
    for (int x = 0; x < n; x += 3) {
        want++;
        if (!seen[x])
            missing++;
    }
    printf("selected = %d of %d, missing = %d\n", len, want, missing);
    return 0;
}
