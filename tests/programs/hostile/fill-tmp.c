/* fill-tmp.c: writes /tmp/racelab-fill-PID until the disk is full.
 *
 * /tmp by its absolute path, not $TMPDIR (which racelab points at the run's
 * scratch directory). It then removes nothing, prints how much it wrote and
 * exits 0; it has one thread and no race.
 *
 * Expected: a verdict (pass, or a limit the run broke) or a clear error,
 * never a crash or a hang of racelab, which itself keeps nothing in /tmp
 * that it cannot do without. tests/hostile.sh runs it with /tmp a small
 * tmpfs of a private mount namespace, so the machine's /tmp is not touched. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    char path[64], chunk[1 << 16];
    memset(chunk, 'x', sizeof chunk);
    snprintf(path, sizeof path, "/tmp/racelab-fill-%d", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    long written = 0;
    while (fwrite(chunk, 1, sizeof chunk, f) == sizeof chunk && fflush(f) == 0)
        written += sizeof chunk;
    fclose(f);
    printf("filled /tmp with %ld MB\n", written >> 20);
    return 0;
}
