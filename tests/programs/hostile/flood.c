/* flood.c: 1 GB on stdout, as fast as the pipe takes it, then "flood done"
 * on stderr.
 *
 * Expected: the harness keeps its output cap of it and drops the rest; with
 * an output limit the run is killed as soon as it passes the limit; without,
 * it ends after draining (about a second). Either way, quickly. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char chunk[1 << 16];

int main(void)
{
    memset(chunk, 'x', sizeof chunk);
    for (long total = 0; total < (1L << 30); total += (long)sizeof chunk) {
        size_t done = 0;
        while (done < sizeof chunk) {
            ssize_t n = write(1, chunk + done, sizeof chunk - done);
            if (n < 0)
                return 1;
            done += (size_t)n;
        }
    }
    fputs("flood done\n", stderr);
    return 0;
}
