/* crash.c: writes through a null pointer (hidden from the compiler, which
 * would otherwise turn the undefined store into a trap instruction).
 *
 * Expected: killed by SIGSEGV, reported as such; not a limit. */
#define _GNU_SOURCE
#include <stdio.h>

int *volatile target = NULL;

int main(void)
{
    puts("crashing");
    fflush(stdout);
    *target = 42;
    return 0;
}
