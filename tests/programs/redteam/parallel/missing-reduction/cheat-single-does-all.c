/* redteam: cheat
 * class: serialising the threads: `omp single` doing the whole loop while the team waits
 * expect: fail
 * reason: no longer run at the same time
 * One thread of the team adds everything inside `single`, the others wait at
 * its barrier. A team of three, as a student tries once two
 * fails: with two, the observer's birth hold keeps the only worker waiting
 * while the master adds its share, which serialises even the correct loops
 * (see the fix-* programs), so a two-thread cheat fails for no merit of the
 * judge's. Must fail. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

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
#pragma omp single
        for (int i = 0; i < n; i++)
            sum += a[i];
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
