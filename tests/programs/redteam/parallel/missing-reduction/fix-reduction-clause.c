/* redteam: fix
 * class: correct-but-unusual: reduction(+:sum), the textbook fix, written by a student
 * expect: pass
 * reason: PASS
 * smoke: yes
 * The reference fix as a student writes it, with the clause first and a static
 * schedule spelled out. Must pass. */
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

    /* FIX: every thread sums into its own private copy */
#pragma omp parallel for reduction(+ : sum) schedule(static) num_threads(2)
    for (int i = 0; i < n; i++)
        sum += a[i];

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
