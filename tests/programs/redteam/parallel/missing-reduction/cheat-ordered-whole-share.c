/* redteam: cheat
 * class: serialising the threads: `omp ordered` around the body (one static half after the other)
 * expect: fail
 * reason: no longer run at the same time
 * An `ordered` region around `sum += a[i]` with schedule(static): the
 * iterations run in order, so the second thread's half waits for the first
 * thread's whole half. Race-free and serial. Must fail. */
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

#pragma omp parallel for ordered schedule(static) num_threads(2)
    for (int i = 0; i < n; i++) {
#pragma omp ordered
        sum += a[i];
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
