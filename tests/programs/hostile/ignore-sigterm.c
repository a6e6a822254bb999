/* ignore-sigterm.c: will not stop when asked.
 *
 * It ignores SIGTERM, SIGINT, SIGHUP and SIGQUIT, moves itself into a process
 * group of its own (setpgid), forks a child that does the same, and both
 * sleep forever.
 *
 * Expected: killed at the run's time limit all the same (racelab kills with
 * SIGKILL, and every process of the run, whatever its group), reported as a
 * timeout, and no process left once racelab returns. The child's pid is
 * written to the file argv[1] names, for the test to look for. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void stubborn(void)
{
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
}

int main(int argc, char **argv)
{
    stubborn();
    setpgid(0, 0);
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0); /* a group of its own, apart from its parent's too */
        for (;;)
            pause();
    }
    if (argc > 1 && child > 0) {
        FILE *f = fopen(argv[1], "w");
        if (f) {
            fprintf(f, "%d\n", (int)child);
            fclose(f);
        }
    }
    for (;;)
        pause();
}
