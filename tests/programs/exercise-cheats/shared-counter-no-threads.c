/* A "fix" of threads/shared-counter that deletes the threads: main does all
 * 200,000 increments itself. Race-free and right, and no longer concurrent:
 * the exercise check must reject it (fewer threads than the exercise needs). */
#include <stdio.h>

static long counter;

int main(void)
{
    for (int i = 0; i < 200000; i++)
        counter++;
    printf("counter = %ld\n", counter);
    return 0;
}
