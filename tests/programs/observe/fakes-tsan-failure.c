/* Prints, on its own stderr, the line ThreadSanitizer prints when it fails,
 * and exits normally: under TSan with the report channel open, that line is
 * the program's (TSan's own failures go to the channel), so the run is an
 * ordinary run, not a tool error. */
#include <stdio.h>

int main(void)
{
    fputs("FATAL: ThreadSanitizer: unexpected memory mapping 0x7b0000000000\n", stderr);
    puts("done");
    return 0;
}
