/* A "fix" of parallel/missing-reduction that keeps the loop on one thread
 * (num_threads(1)): no race, the right sum, nothing parallel. The exercise
 * check must reject it (fewer threads than the exercise needs). */
#include <stdio.h>

#define N 100000

static int a[N];
static long sum;

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i % 10;
#pragma omp parallel for num_threads(1)
    for (int i = 0; i < N; i++)
        sum += a[i];
    printf("sum = %ld\n", sum);
    return 0;
}
