/* redteam: cheat
 * class: serialising the threads: a compare-exchange spinlock over each thread's share, the waiter counting its tries
 * expect: fail
 * reason: no longer run at the same time
 * A lock of the student's own, an atomic int taken with a strong
 * compare-exchange in a loop that counts its attempts, held over each
 * thread's whole share: under TSan each attempt is a call of the runtime's
 * compare-exchange, which fails, seeing the same value, for as long as the
 * holder is held. A team of three. The shares are added one after the
 * other. Must fail. */
#include <racelab/param.h>
#include <omp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static int n; /* elements: the `n` parameter */
static int *a; /* n of them */
static long sum;
static atomic_int lock;

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
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        int from = (int)((long)n * me / nt), to = (int)((long)n * (me + 1) / nt);
        unsigned long tries = 0;
        int expected = 0;
        while (!atomic_compare_exchange_strong_explicit(&lock, &expected, 1,
                                                        memory_order_acquire,
                                                        memory_order_relaxed)) {
            expected = 0;
            tries++; /* every turn different */
        }
        for (int i = from; i < to; i++)
            sum += a[i];
        atomic_store_explicit(&lock, 0, memory_order_release);
        (void)tries;
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
