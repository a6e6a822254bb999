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
 * param: n 1000 100000..200000
 * oracle: stdout "sum of differences = {(n - 1) * (n - 1)}, wrong elements = 0"
 * threads: 1
 * timeout: 60
 * build: openmp
 */
#include <racelab/param.h>
#include <stdio.h>

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

/* No handshake here: the buggy twin holds thread 1 back until thread 0 has
 * read sq[HALF] in the second loop. With the barrier that order cannot
 * happen (thread 0 waits at the barrier for thread 1), so the handshake
 * would only deadlock: the barrier forbids exactly that interleaving. */

int main(void)
{
    n = (int)rl_param("n", 1000);
    if (n < 2 || n > N_MAX) {
        fprintf(stderr, "n must be 2 to %d\n", N_MAX);
        return 2;
    }
    for (int i = 0; i < n; i++)
        a[i] = i;

#pragma omp parallel num_threads(2)
    {
#pragma omp for schedule(static) /* FIX: implicit barrier at the end */
        for (int i = 0; i < n; i++)
            sq[i] = a[i] * a[i];

#pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            /* every sq element was written before any thread got here */
            diff[i] = i + 1 < n ? sq[i + 1] - sq[i] : 0;
    }

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
