/* escape_write.c: tries to write outside its scratch directory.
 *
 * Creates a file named racelab-escape-XXXXXX (mkstemp) in /tmp, /var/tmp,
 * /dev/shm and in the directory given as argv[1] (the test passes the
 * repository), and prints one line per attempt: "ok PATH" or
 * "failed DIR: reason".
 *
 * Expected under racelab's sandbox (a dedicated uid and a private /tmp): the
 * repository refuses it (the uid owns nothing there), and the files in /tmp,
 * /var/tmp and /dev/shm land in the run's own tmpfs, gone with the run:
 * nothing appears on the real file system. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void attempt(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/racelab-escape-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        printf("failed %s: %s\n", dir, strerror(errno));
        return;
    }
    if (write(fd, "escaped\n", 8) != 8)
        printf("failed %s: %s\n", dir, strerror(errno));
    else
        printf("ok %s\n", path);
    close(fd);
}

int main(int argc, char **argv)
{
    attempt("/tmp");
    attempt("/var/tmp");
    attempt("/dev/shm");
    if (argc > 1)
        attempt(argv[1]);
    return 0;
}
