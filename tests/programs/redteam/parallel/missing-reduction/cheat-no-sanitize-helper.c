/* redteam: cheat
 * class: switching the detectors off: no_sanitize("thread") on a helper the parallel loop calls
 * expect: refused
 * reason: no_sanitize\("thread"\)
 * The racy `sum += a[i]` moved into a helper marked no_sanitize("thread"),
 * called from the unfixed parallel loop. Refused. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

static int n; /* elements: the `n` parameter */
static int *a; /* n of them */
static long sum;

__attribute__((no_sanitize("thread"))) static void add(int x)
{
    sum += x;
}

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

#pragma omp parallel for num_threads(2)
    for (int i = 0; i < n; i++)
        add(a[i]);

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
