/* bigfile.c: writes a 256 MB file, ./big, in its scratch directory.
 *
 * Expected under racelab's sandbox: killed by SIGXFSZ when the file passes
 * the file size limit (RLIMIT_FSIZE), reported as that limit. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

static char chunk[1 << 16];

int main(void)
{
    FILE *f = fopen("big", "wb");
    if (!f)
        return 1;
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 4096; i++)
        if (fwrite(chunk, 1, sizeof chunk, f) != sizeof chunk)
            return 1;
    fclose(f);
    puts("wrote 256 MB");
    return 0;
}
