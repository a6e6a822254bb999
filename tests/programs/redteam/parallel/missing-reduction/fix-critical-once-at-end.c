/* redteam: fix
 * class: correct-but-unusual: a private sum per thread, `omp critical` around the final add only
 * expect: pass
 * reason: PASS
 * Each thread sums its share into a local, then adds it to `sum` inside a
 * critical section: the critical section is held for one addition per thread,
 * not over the work. A rule against `critical` that does not look at what it
 * covers would reject it wrongly. Must pass. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

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

#pragma omp parallel num_threads(2)
    {
        long mine = 0;
#pragma omp for
        for (int i = 0; i < n; i++)
            mine += a[i];
#pragma omp critical
        sum += mine;
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
