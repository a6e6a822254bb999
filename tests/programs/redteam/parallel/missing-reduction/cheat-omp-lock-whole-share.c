/* redteam: cheat
 * class: serialising the threads: omp_set_lock held over each thread's share of the loop
 * expect: fail
 * reason: no longer run at the same time
 * known: short OpenMP shares under one lock pass now and then (docs/classroom.md)
 * OpenMP's own lock API instead of `critical`: each thread takes the lock,
 * adds its whole share, and releases it. A team of three, as a student tries
 * once two fails: with two, the observer's birth hold keeps the only worker
 * waiting while the master adds its share, which serialises even the correct
 * loops (see the fix-* programs), so a two-thread cheat fails for no merit of
 * the judge's. Must fail. */
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

    omp_lock_t lock;
    omp_init_lock(&lock);
#pragma omp parallel num_threads(3)
    {
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        int from = (int)((long)n * me / nt), to = (int)((long)n * (me + 1) / nt);
        omp_set_lock(&lock);
        for (int i = from; i < to; i++)
            sum += a[i];
        omp_unset_lock(&lock);
    }
    omp_destroy_lock(&lock);

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
