/* memhog.c: takes 2 GB in 64 MB steps (malloc + memset, so every page is
 * really resident), printing each step, then holds it all for 600 s.
 *
 * Expected under racelab's sandbox: killed at the memory limit (the harness
 * polls the resident memory of the run every 50 ms), long before 2 GB. Not
 * RLIMIT_AS, which ThreadSanitizer's huge reservations could not live with. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STEP (64L << 20)

/* Where the blocks are kept: without it the compiler may drop an allocation
 * nobody reads, memset and all. */
char *blocks[32];

int main(void)
{
    for (int i = 0; i < 32; i++) {
        long total = (i + 1) * STEP;
        char *block = blocks[i] = malloc(STEP);
        if (!block) {
            puts("malloc failed");
            return 1;
        }
        memset(block, 1, STEP);
        printf("%ld MB\n", total >> 20);
        fflush(stdout);
    }
    puts("holding 2 GB");
    fflush(stdout);
    sleep(600); /* past any test's timeout: only a kill ends it early */
    return 0;
}
