/* redteam: cheat
 * class: serialising the threads: a hinted critical written as _Pragma, around each share
 * expect: refused
 * reason: refused: #pragma omp critical hint
 * As cheat-critical-hint-whole-share, with the pragma written as the
 * operator _Pragma, in case the scan looked only at `#pragma` lines.
 * Race-free and right, the shares added one after the other. Must be
 * refused. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>

static int n;  /* elements: the `n` parameter */
static int *a; /* n of them */
static long sum;

int main(void)
{
    n = (int)rl_param("n", 100000);
    if (n < 1) {
        fprintf(stderr, "n must be at least 1\n");
        return 2;
    }
    a = malloc((size_t)n * sizeof *a);
    if (a == NULL) {
        fprintf(stderr, "out of memory for %d elements\n", n);
        return 2;
    }
    for (int i = 0; i < n; i++)
        a[i] = i % 10; /* 0 + 1 + ... + 9 = 45 per 10 elements */

#pragma omp parallel num_threads(3)
    {
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        int from = (int)((long)n * me / nt), to = (int)((long)n * (me + 1) / nt);
        /* clang-format takes _Pragma for an expression and would join the lines */
        /* clang-format off */
        _Pragma("omp critical(share) hint(omp_sync_hint_uncontended)")
        for (int i = from; i < to; i++)
            sum += a[i];
        /* clang-format on */
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
