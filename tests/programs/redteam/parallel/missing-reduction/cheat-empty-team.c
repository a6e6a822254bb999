/* redteam: cheat
 * class: computing the answer in main from the size while an empty OpenMP team stands by
 * expect: fail
 * reason: no longer run at the same time
 * smoke: yes
 * A parallel region with two threads and nothing in it, so that the thread
 * count is right; then main adds the elements up alone. Must fail. */
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
        /* the team is here; it has nothing to do */
    }
    for (int i = 0; i < n; i++)
        sum += a[i];

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
