/* racelab-case
 * title: Loop-carried dependence in a parallel loop
 * bug: `a[i] = a[i + 1] + 1` reads the element that the next iteration
 *   overwrites. Run in order, every iteration reads the old `a[i + 1]`; split
 *   between two threads, the last iteration of thread 0's half reads
 *   `a[HALF]`, which thread 1 writes in the first iteration of its half, with
 *   nothing ordering the two. If thread 1 gets there first, thread 0 reads the
 *   new value and `a[HALF - 1]` comes out wrong. Here it does, every run.
 * fix: Keep the loop sequential, or break the dependence: copy `a` first and
 *   read only the copy (`a[i] = old[i + 1] + 1`, a double buffer), so no
 *   iteration reads what another one writes.
 * hint: Iteration `i` reads `a[i + 1]`, which iteration `i + 1` writes. What if
 *   that iteration runs first, on the other thread?
 * hint: In a parallel loop no iteration may read what another iteration writes:
 *   break the dependence by reading a copy of the input (a double buffer).
 * hint: Add `static int old[ITERS + 1];`, `memcpy(old, a, sizeof a)` before the
 *   `parallel for` (<string.h>), and compute `a[i] = old[i + 1] + 1` in the
 *   loop; the handshake can stay.
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
 * oracle: stdout "elements differing from the sequential loop = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "racelab/handshake.h"

/* Small on purpose (clang 14's TSan can drop a report whose first access has
 * left the thread's history), and even, so that schedule(static) gives thread
 * 0 iterations 0..HALF-1 and thread 1 iterations HALF..ITERS-1. */
#define ITERS 1000
#define HALF  (ITERS / 2)

static int a[ITERS + 1];

/* Makes thread 0 read a[HALF] only after thread 1 has written it, as happens
 * whenever thread 1 runs ahead. A test device: it orders in time only, and
 * TSan sees no synchronisation through it. */
static struct rl_handshake written;

int main(void)
{
    for (int i = 0; i <= ITERS; i++)
        a[i] = i;
    rl_handshake_init(&written);

#pragma omp parallel for num_threads(2) schedule(static)
    for (int i = 0; i < ITERS; i++) {
        if (i == HALF - 1)
            rl_handshake_wait(&written); /* thread 0's last iteration */
        a[i] = a[i + 1] + 1; /* BUG: a[i + 1] is another iteration's output */
        if (i == HALF)
            rl_handshake_signal(&written); /* thread 1's first iteration */
    }

    rl_handshake_destroy(&written);
    /* In order, each a[i] = old a[i + 1] + 1 = i + 2. */
    int differing = 0;
    for (int i = 0; i < ITERS; i++)
        if (a[i] != i + 2)
            differing++;
    printf("elements differing from the sequential loop = %d\n", differing);
    return 0;
}
