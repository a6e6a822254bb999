/* garbled-report.c: spoils the detector's report file in its working
 * directory, which is where racelab run's tools write it.
 *
 * Under TSan it writes tsan.1 beside TSan's own log files: a report that
 * opens ("WARNING: ThreadSanitizer: data race") and never closes. Under
 * Valgrind it overwrites the start of valgrind.xml, which Valgrind is still
 * writing, with text that is not XML (appending would not do: Valgrind
 * writes on at its own offset, over it). The program is race-free and
 * exits 0.
 *
 * Expected: a tool error (exit 2), "TSan's output could not be read: ..."
 * or "Helgrind's output could not be read: ...", naming the file it kept in
 * the run's scratch directory, never "clean" and never a crash. */
#include <stdio.h>

int main(void)
{
    FILE *f = fopen("tsan.1", "w");
    if (f) {
        fputs("==================\nWARNING: ThreadSanitizer: data race (pid=1)\n"
              "  Write of size 4 at 0x1 by thread T1:\n",
              f);
        fclose(f);
    }
    f = fopen("valgrind.xml", "r+");
    if (f) {
        fputs("<<this is not XML>>", f);
        fclose(f);
    }
    puts("done");
    return 0;
}
