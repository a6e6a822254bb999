/* racelab-case
 * title: Missing private: a scratch variable shared by the loop's threads
 * discipline: Declare scratch variables in the smallest scope that uses them:
 *   `tmp` declared inside the body of the parallel loop is private to each
 *   iteration, so no other thread can ever see it. (`private(tmp)` does the
 *   same for a variable that must be declared earlier, as in C89 code.)
 * rust: a block-local `let mut tmp` inside the closure passed to
 *   `out.par_iter_mut().enumerate().for_each`: each call owns its own `tmp`.
 * tsan: clean
 * helgrind: n/a: libomp synchronises its threads with atomic flags and
 *   futexes that Valgrind does not understand, so Helgrind reports races
 *   even in this correct loop.
 * drd: n/a: libomp synchronises its threads with atomic flags and futexes
 *   that Valgrind does not understand, so DRD reports races even in
 *   this correct loop.
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
        int tmp;                /* FIX: declared in the loop body: private */
        calibrate(in[i], &tmp); /* each iteration writes its own `tmp` ... */
        out[i] = tmp;           /* ... and reads it back: no other thread can */
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
