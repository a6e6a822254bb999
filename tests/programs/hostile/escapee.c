/* escapee.c: leaves the process group the harness kills.
 *
 * The program forks a child that calls setsid() (a new session, so a new
 * process group) and forks a grandchild, which sleeps 600 s holding stdout
 * open; the child prints the grandchild's pid ("escapee PID"), also into the
 * file argv[1] names if any, and exits, and so does the program, at once.
 *
 * Expected under racelab's sandbox with a dedicated uid: the grandchild is
 * killed with every other process of the uid before proc_run() returns, and
 * the run ends at once (not after 600 s). */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        setsid();
        pid_t grandchild = fork();
        if (grandchild == 0) {
            sleep(600);
            _exit(0);
        }
        printf("escapee %d\n", (int)grandchild);
        fflush(stdout);
        FILE *f = argc > 1 ? fopen(argv[1], "w") : NULL;
        if (f) {
            fprintf(f, "escapee %d\n", (int)grandchild);
            fclose(f);
        }
        _exit(0);
    }
    waitpid(child, NULL, 0);
    return 0;
}
