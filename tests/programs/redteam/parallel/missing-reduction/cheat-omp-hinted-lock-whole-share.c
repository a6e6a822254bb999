/* redteam: cheat
 * class: serialising the threads: a hinted omp lock (a spinning kind) held over each thread's share
 * expect: refused
 * reason: refused: omp_init_lock_with_hint
 * smoke: yes
 * As cheat-omp-lock-whole-share, but the lock is made with
 * omp_init_lock_with_hint(..., omp_sync_hint_uncontended): libomp picks a
 * test-and-set lock for that hint, which spins, so racelab's
 * KMP_LOCK_KIND=futex (waiters sleep, and are seen waiting) does not apply.
 * Race-free and right, the shares added one after the other. Under TSan
 * its spinning looked like work: it passed 5 checks of 5 (make
 * classroom-accuracy), so the scan refuses lock hints. Must be refused. */
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>

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

    omp_lock_t lock;
    omp_init_lock_with_hint(&lock, omp_sync_hint_uncontended);
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
