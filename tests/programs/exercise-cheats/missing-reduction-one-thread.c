/* A "fix" of parallel/missing-reduction that keeps the loop on one thread
 * (num_threads(1)): no race, the right sum on every size (n read with
 * rl_param), nothing parallel. The exercise check must reject it (fewer
 * threads than the exercise needs: OpenMP starts no worker). */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

static int n;
static int *a;
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
        a[i] = i % 10;
#pragma omp parallel for num_threads(1)
    for (int i = 0; i < n; i++)
        sum += a[i];
    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
