/* redteam: fix
 * class: correct-but-unusual: an `omp atomic` update with a `hint(...)` clause
 * expect: pass
 * reason: PASS
 * The atomic fix, with a contention hint (OpenMP 5.0). A hint on a lock or a
 * `critical` is refused (libomp gives those a spinning lock, which under TSan
 * looks like work); on an atomic it only advises how to do the update, which
 * stays one indivisible read-modify-write: correct, and both threads add at
 * the same time. Must pass, not be refused with the locks. */
#include <omp.h>
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

#pragma omp parallel for num_threads(2)
    for (int i = 0; i < n; i++) {
#pragma omp atomic update hint(omp_sync_hint_contended)
        sum += a[i];
    }

    printf("sum = %ld\n", sum);
    free(a);
    return 0;
}
