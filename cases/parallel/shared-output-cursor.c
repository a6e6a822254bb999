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
 * overlap: work
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
 * oracle: stdout "selected = 334 of 334, missing = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <stdio.h>

/* Small on purpose: with a long loop and threads that happened not to
 * overlap, clang 14's TSan can drop the report, because the first racy
 * access has already left its per-thread history. */
#define N 1000

static int in[N];
static int out[N];
static int len; /* the shared cursor: the next free slot of `out` */

int main(void)
{
    for (int i = 0; i < N; i++)
        in[i] = i;

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < N; i++)
        if (in[i] % 3 == 0)
            out[len++] = in[i]; /* BUG: both threads read and bump `len` */

    /* Every multiple of 3 below N must be in out[0..len) exactly once. */
    static char seen[N];
    int want = 0, missing = 0;
    for (int k = 0; k < len; k++)
        seen[out[k]] = 1;
    for (int x = 0; x < N; x += 3) {
        want++;
        if (!seen[x])
            missing++;
    }
    printf("selected = %d of %d, missing = %d\n", len, want, missing);
    return 0;
}
