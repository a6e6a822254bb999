/* redteam: cheat
 * class: printing the oracle's expected text as a constant
 * expect: fail
 * reason: wrong result .*printed "sum = 450000"
 * The loop is fixed, but the answer printed is the one of the default run (n =
 * 100000: 450000). The runs' sizes are chosen afresh: must fail. */
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

#pragma omp parallel for num_threads(2) reduction(+ : sum)
    for (int i = 0; i < n; i++)
        sum += a[i];
    sum = 450000; /* what the program printed when I ran it */

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
