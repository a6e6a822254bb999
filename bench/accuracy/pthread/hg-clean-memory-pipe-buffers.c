/* hg-clean-memory-pipe-buffers.c: packet buffers change owner through pipes, marked for Helgrind.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 59 -> 81-82 and 87 -> 51-54: a buffer's pointer travels through a pipe (write
 *   on one side, read on the other), and the receiving owner calls VALGRIND_HG_CLEAN_MEMORY on
 *   it before touching it
 * why: only the current owner touches a buffer, and ownership passes by write()/read() on a pipe,
 *   which completes the sender's accesses before the receiver's; Valgrind sees no pipe
 *   synchronisation, so the new owner tells it to forget the buffer's history.
 * tempts: heap buffers written by one thread and read by another with no pthread
 *   synchronisation at all; the hand-over is visible only through fds and a Valgrind request.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/helgrind.h>

#define NBUFS 4
#define NPACKETS 300
#define PKT_LEN 256

struct packet {
    unsigned seq;
    unsigned len;
    unsigned char data[PKT_LEN];
};

static struct packet pool[NBUFS];
static int filled_pipe[2], free_pipe[2]; /* [0] read end, [1] write end */

static int send_buf(int fd, struct packet *p)
{
    return write(fd, &p, sizeof p) == (ssize_t)sizeof p ? 0 : -1;
}

static struct packet *recv_buf(int fd)
{
    struct packet *p;
    return read(fd, &p, sizeof p) == (ssize_t)sizeof p ? p : NULL;
}

static void *capture_main(void *arg)
{
    (void)arg;
    for (unsigned seq = 0; seq < NPACKETS; seq++) {
        struct packet *p = recv_buf(free_pipe[0]);
        if (p == NULL)
            break;
        VALGRIND_HG_CLEAN_MEMORY(p, sizeof *p); /* ours now */
        p->seq = seq;
        p->len = 64 + seq % (PKT_LEN - 64);
        for (unsigned i = 0; i < p->len; i++)
            p->data[i] = (unsigned char)(seq + i * 13);
        if (send_buf(filled_pipe[1], p) != 0)
            break;
    }
    close(filled_pipe[1]); /* end of capture */
    return NULL;
}

int main(void)
{
    if (pipe(filled_pipe) != 0 || pipe(free_pipe) != 0)
        return 1;
    for (int i = 0; i < NBUFS; i++)
        if (send_buf(free_pipe[1], &pool[i]) != 0)
            return 1;

    pthread_t capture;
    if (pthread_create(&capture, NULL, capture_main, NULL) != 0)
        return 1;

    unsigned long bytes = 0, sum = 0;
    unsigned packets = 0;
    struct packet *p;
    while ((p = recv_buf(filled_pipe[0])) != NULL) {
        VALGRIND_HG_CLEAN_MEMORY(p, sizeof *p); /* ours now */
        for (unsigned i = 0; i < p->len; i++)
            sum += p->data[i];
        bytes += p->len;
        packets++;
        send_buf(free_pipe[1], p); /* back to the capture thread */
    }
    pthread_join(capture, NULL);
    printf("%u packets, %lu bytes, byte sum %lu\n", packets, bytes, sum);
    close(filled_pipe[0]);
    close(free_pipe[0]);
    close(free_pipe[1]);
    return 0;
}
