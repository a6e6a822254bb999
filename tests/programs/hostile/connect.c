/* connect.c: tries to reach the network: a TCP connection to 127.0.0.1 on
 * the port given as argv[1] (the test listens there).
 *
 * Prints "connected" and exits 1 when it got through, "connect failed:
 * reason" and exits 0 otherwise.
 *
 * Expected under racelab's sandbox (no_network): it fails, since the run's
 * network namespace has only a loopback that is down, and the test's
 * listener never sees a connection. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) {
        printf("connect failed: socket: %s\n", strerror(errno));
        return 0;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) == 0) {
        puts("connected");
        return 1;
    }
    printf("connect failed: %s\n", strerror(errno));
    close(s);
    return 0;
}
