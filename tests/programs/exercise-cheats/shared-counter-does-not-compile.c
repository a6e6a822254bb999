/* A fix of threads/shared-counter with a typo: it does not compile, and the
 * exercise check says so with the compiler's file:line. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long counter;

int main(void)
{
    atomic_fetch_add(&counter, 1)
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
