/* A "fix" of threads/shared-counter that deletes the threads: main does all
 * 2 * iters increments itself (iters read with rl_param, as the exercise
 * gives it). Race-free and right on every size, and no longer concurrent: the
 * exercise check must reject it (fewer threads than the exercise needs). */
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;

int main(void)
{
    iters = rl_param("iters", 100000);
    for (long i = 0; i < NTHREADS * iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    printf("counter = %ld\n", counter);
    return 0;
}
