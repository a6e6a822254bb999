/* racelab-case
 * title: Missing barrier: `nowait` before a loop that reads a neighbour
 * discipline: A loop that reads elements another thread wrote in an earlier
 *   loop needs a barrier between the two. The implicit barrier at the end of
 *   `omp for` is that barrier: no thread starts the second loop before every
 *   thread has finished the first. `nowait` is only safe when each thread
 *   reads nothing but what it wrote itself (the same static schedule over
 *   the same iteration count, and no neighbours).
 * rust: two Rayon calls in sequence: `sq.par_iter_mut()...for_each(..)`
 *   returns only when every element is written, then
 *   `diff.par_iter_mut().enumerate().for_each(|(i, d)| *d = sq[i + 1] - sq[i])`.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
 * oracle: stdout "wrong elements = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <stdio.h>

/* Small on purpose (clang 14's TSan can drop a report whose first access has
 * left the thread's history), and even, so that schedule(static) gives thread
 * 0 iterations 0..HALF-1 and thread 1 iterations HALF..N-1 in both loops. */
#define N    1000
#define HALF (N / 2)

static long a[N];
static long sq[N];
static long diff[N];

/* No handshake here: the buggy twin holds thread 1 back until thread 0 has
 * read sq[HALF] in the second loop. With the barrier that order cannot
 * happen (thread 0 waits at the barrier for thread 1), so the handshake
 * would only deadlock: the barrier forbids exactly that interleaving. */

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i;

#pragma omp parallel num_threads(2)
    {
#pragma omp for schedule(static) /* FIX: implicit barrier at the end */
        for (int i = 0; i < N; i++)
            sq[i] = a[i] * a[i];

#pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            /* every sq element was written before any thread got here */
            diff[i] = i + 1 < N ? sq[i + 1] - sq[i] : 0;
    }

    /* (i + 1)^2 - i^2 = 2i + 1 */
    int wrong = 0;
    for (int i = 0; i + 1 < N; i++)
        if (diff[i] != 2 * i + 1)
            wrong++;
    printf("wrong elements = %d\n", wrong);
    return 0;
}
