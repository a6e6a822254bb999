/* log-reopen-sighup-flag.c: a SIGHUP handler only sets a volatile sig_atomic_t flag.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: on_sighup() (line 34) only stores reopen_requested; SIGHUP is blocked in the watcher
 *   thread (pthread_sigmask, line 83) so the handler runs on the main thread, which also reads
 *   and clears the flag (lines 91-92)
 * why: a rotation watcher thread sends SIGHUP to the process; the handler sets the flag and
 *   the main loop reopens its log. Handler and loop run on the same thread.
 * tempts: the flag is written "asynchronously" after a kill() from another thread and read in a
 *   loop with no lock or atomic; volatile sig_atomic_t is exactly what C allows here.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define MAX_TICKS 2000

static volatile sig_atomic_t reopen_requested;

struct log_sink {
    int generation;        /* main thread only */
    unsigned long lines;   /* main thread only */
};

static void on_sighup(int sig)
{
    (void)sig;
    reopen_requested = 1;
}

struct watcher {
    int rotations;         /* how many rotations the watcher detects */
    int signals_sent;
};

static void *rotation_watcher(void *arg)
{
    struct watcher *w = arg;
    struct timespec pause = { 0, 2 * 1000 * 1000 };
    for (int i = 0; i < w->rotations; i++) {
        nanosleep(&pause, NULL);   /* logrotate moved the file */
        if (kill(getpid(), SIGHUP) == 0)
            w->signals_sent++;
    }
    return NULL;
}

static void sink_reopen(struct log_sink *s)
{
    s->generation++;
}

static void sink_write(struct log_sink *s, const char *msg)
{
    (void)msg;
    s->lines++;
}

int main(void)
{
    struct sigaction sa;
    sa.sa_handler = on_sighup;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGHUP, &sa, NULL) != 0)
        return 1;

    sigset_t hup, old;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);

    struct log_sink sink = { 0, 0 };
    struct watcher w = { 1, 0 };
    pthread_t thr;

    /* Threads inherit the mask: block SIGHUP while creating the watcher. */
    pthread_sigmask(SIG_BLOCK, &hup, &old);
    if (pthread_create(&thr, NULL, rotation_watcher, &w) != 0)
        return 1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    struct timespec tick = { 0, 100 * 1000 };
    for (int t = 0; t < MAX_TICKS && sink.generation < w.rotations; t++) {
        sink_write(&sink, "request served");
        if (reopen_requested) {
            reopen_requested = 0;
            sink_reopen(&sink);
        }
        nanosleep(&tick, NULL);
    }
    pthread_join(thr, NULL);

    printf("log generation %d after %lu lines (%d signal(s) sent)\n", sink.generation,
           sink.lines, w.signals_sent);
    return 0;
}
