/* handshake.h: a one-way signal between two threads that the race detectors cannot see.
 *
 * Some test programs must make one thread's access happen after another's *in time*
 * without creating a happens-before edge that ThreadSanitizer, Helgrind or DRD would
 * record (for example: a worker writing to memory after main freed it). A mutex,
 * condition variable, barrier or atomic would be recorded, and would hide the very
 * bug the program demonstrates. Sleeping is not deterministic.
 *
 * So the handshake is a pipe driven only through raw system calls
 * (`syscall(SYS_pipe2/SYS_write/SYS_read/SYS_close, ...)`):
 * - TSan intercepts the libc functions pipe/read/write/close (and adds a
 *   happens-before edge from a write to the read of the same file descriptor), but it
 *   does not intercept the generic `syscall()` function;
 * - Helgrind and DRD run every system call but give pipes no synchronisation meaning.
 *
 * It orders events in time ONLY. It is a test device, never a way to synchronise
 * data: to every tool the two threads stay unordered, as if the handshake were absent.
 *
 * Usage: a struct rl_handshake lives where both threads can reach it (a static, or
 * inside the shared object), is set up with rl_handshake_init() before the threads
 * that use it are created, and carries any number of signals, one byte each:
 * every rl_handshake_wait() consumes exactly one rl_handshake_signal(). It is one-way:
 * for signals in both directions use two handshakes. Any failure ends the program
 * with a message on stderr and exit status 3, never silently.
 *
 * Programs that include this header must define _GNU_SOURCE (or _DEFAULT_SOURCE)
 * before their first #include, since `syscall` is not part of strict C17. */
#ifndef RACELAB_HANDSHAKE_H
#define RACELAB_HANDSHAKE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE)
#error "racelab/handshake.h: #define _GNU_SOURCE before the first #include (for syscall)"
#endif

struct rl_handshake {
    int fd[2]; /* fd[0]: read end (waiter), fd[1]: write end (signaller) */
};

/* _exit, not exit: other threads are running (see executor.h). */
static inline void rl_handshake_fail_(const char *what, int err)
{
    errno = err;
    fprintf(stderr, "racelab handshake: %s: %m\n", what);
    fflush(NULL);
    _exit(3);
}

static inline void rl_handshake_init(struct rl_handshake *h)
{
    if (syscall(SYS_pipe2, h->fd, 0) != 0)
        rl_handshake_fail_("pipe2", errno);
}

/* Let one rl_handshake_wait() return (now or later). Never blocks in practice. */
static inline void rl_handshake_signal(struct rl_handshake *h)
{
    const char byte = 1;
    long n;
    do {
        n = syscall(SYS_write, h->fd[1], &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
        rl_handshake_fail_("write", n < 0 ? errno : EIO);
}

/* Block until one rl_handshake_signal() has been made (now or earlier). */
static inline void rl_handshake_wait(struct rl_handshake *h)
{
    char byte;
    long n;
    do {
        n = syscall(SYS_read, h->fd[0], &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
        rl_handshake_fail_("read", n < 0 ? errno : EIO);
}

/* Close both ends; call after every thread that used the handshake was joined. */
static inline void rl_handshake_destroy(struct rl_handshake *h)
{
    if (syscall(SYS_close, h->fd[0]) != 0 || syscall(SYS_close, h->fd[1]) != 0)
        rl_handshake_fail_("close", errno);
}

#endif
