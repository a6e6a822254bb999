/* redteam: cheat
 * class: serialising the threads: a named critical with a lock hint (spinning) around each share
 * expect: refused
 * reason: refused: #pragma omp critical hint
 * As cheat-critical-whole-share, with `hint(omp_sync_hint_uncontended)` on
 * the critical: libomp then uses a test-and-set lock, which spins whatever
 * KMP_LOCK_KIND says, as cheat-omp-hinted-lock-whole-share's does. Race-free
 * and right, the shares added one after the other. Must be refused. */
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
#pragma omp critical(share) hint(omp_sync_hint_uncontended)
        for (int i = from; i < to; i++)
            sum += a[i];
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
