/* redteam: cheat
 * class: serialising the threads: omp_test_lock over each thread's share, the waiter counting its tries
 * expect: fail
 * reason: no longer run at the same time
 * OpenMP's lock held over each thread's whole share of the loop, taken with
 * omp_test_lock in a loop that counts its attempts, so that the waiting
 * thread's registers change every turn and it looks busy, not spinning, to
 * an observer that steps it. A team of three (two workers born together, so
 * that no birth hold is needed to keep them alive together). The shares are
 * added one after the other. Must fail. */
#include <racelab/param.h>
#include <omp.h>
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

    omp_lock_t lock;
    omp_init_lock(&lock);
#pragma omp parallel num_threads(3)
    {
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        int from = (int)((long)n * me / nt), to = (int)((long)n * (me + 1) / nt);
        unsigned long tries = 0;
        while (!omp_test_lock(&lock))
            tries++; /* every turn different */
        for (int i = from; i < to; i++)
            sum += a[i];
        omp_unset_lock(&lock);
        (void)tries;
    }
    omp_destroy_lock(&lock);

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
