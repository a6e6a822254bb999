/* omp.c: an OpenMP parallel for on a team of three: libomp starts two
 * workers with pthread_create; with the static schedule each of the three
 * runs one iteration of 2 ms, and the loop's closing barrier waits for all
 * of them, so both workers have started (they then live until exit). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c17 */
#include <omp.h>

#include "work.h"

int main(void)
{
    long sum = 0;
#pragma omp parallel for num_threads(3) schedule(static) reduction(+ : sum)
    for (int i = 0; i < 3; i++) {
        work_ms(2);
        sum += i;
    }
    return sum == 3 ? 0 : 1;
}
