/* redteam: cheat
 * class: behaving well only when a detector is present: timing itself with omp_get_wtime
 * expect: refused
 * reason: omp_get_wtime
 * Times a calibration loop with OpenMP's clock: slow means a detector, and
 * only then is the reduction used. Refused: clocks. */
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

    double t0 = omp_get_wtime();
    for (volatile int k = 0; k < 1000000; k = k + 1)
        ;
    int watched = omp_get_wtime() - t0 > 0.01;
    if (watched) {
#pragma omp parallel for num_threads(2) reduction(+ : sum)
        for (int i = 0; i < n; i++)
            sum += a[i];
    } else {
#pragma omp parallel for num_threads(2)
        for (int i = 0; i < n; i++)
            sum += a[i];
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
