/* redteam: fix
 * class: correct-but-unusual: per-thread partial sums by omp_get_thread_num, added after the loop
 * expect: pass
 * reason: PASS
 * A hand-made reduction: each thread adds into its own padded slot of `part`,
 * and main adds the slots after the parallel region (its implicit barrier
 * orders them). Must pass. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>

static int n; /* elements: the `n` parameter */
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

    struct {
        _Alignas(64) long s;
    } part[2] = {{0}, {0}};
#pragma omp parallel num_threads(2)
    {
        long *mine = &part[omp_get_thread_num()].s;
#pragma omp for
        for (int i = 0; i < n; i++)
            *mine += a[i];
    }
    sum = part[0].s + part[1].s;

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
