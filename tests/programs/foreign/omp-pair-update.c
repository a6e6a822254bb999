/* omp-pair-update.c: a race only a team larger than two threads shows.
 *
 * Each iteration updates a[i] from its partner a[i ^ 1] (line 21): the
 * pairs (2k, 2k+1) conflict. Under the default static schedule a team of 2
 * (or 4) splits the 1000 iterations at even indices, so both halves of every
 * pair run on one thread; a team of 8 splits at 125, 375, 625 and 875, and
 * two threads race on those pairs. The program does not set its team size.
 * Expected under racelab run: with OMP_NUM_THREADS=2 and --explore off, no
 * finding; by default, a data race found under OMP_NUM_THREADS=8. */
#include <stdio.h>

#define N 1000
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < N; i++)
        a[i] = a[i] + 0.5 * a[i ^ 1];
    double sum = 0;
    for (int i = 0; i < N; i++)
        sum += a[i];
    printf("sum %.1f\n", sum);
    return 0;
}
