/* exercise_watch.c: `racelab exercise watch`, the rustlings loop.
 *
 * Checks the current exercise, then again every time its file is saved
 * (inotify on the file's directory: editors save by writing in place, which
 * is IN_CLOSE_WRITE, or by writing a new file and renaming it over the old
 * one, which is IN_MOVED_TO), and waits for a key: n moves to the next
 * exercise not yet done (only when the student asks, never by itself), h
 * shows one more hint, l the list, q quits. Without a terminal on stdin it
 * prints the same output and reads no keys; SIGINT or SIGTERM end it, and the
 * terminal is always given back as it was. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "exercise_cli.h"
#include "util.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

struct watch {
    struct exercise_session *s;
    int index;            /* the exercise being watched */
    int inotify_fd, wd;   /* the watch on its directory, -1 when none */
    char *dir, *base;     /* its file, split */
    bool keys;            /* stdin is a terminal: read single keys */
    struct termios saved; /* the terminal as we found it */
};

static int watch_target(struct watch *w, int index, char **err)
{
    w->index = index;
    w->s->ws.current = &w->s->cat.cases[index];
    if (w->wd >= 0)
        inotify_rm_watch(w->inotify_fd, w->wd);
    free(w->dir);
    char *path = workspace_file(&w->s->ws, w->s->ws.current);
    char *slash = strrchr(path, '/');
    w->base = slash + 1;
    *slash = '\0';
    w->dir = path; /* w->base points into it */
    w->wd = inotify_add_watch(w->inotify_fd, w->dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
    if (w->wd < 0) {
        *err = xasprintf("%s: cannot watch it: %s", w->dir, strerror(errno));
        return -1;
    }
    return 0;
}

/* Drain the inotify queue: did any event name the watched file? */
static bool file_saved(struct watch *w)
{
    bool saved = false;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    while ((n = read(w->inotify_fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            if (ev->len && strcmp(ev->name, w->base) == 0 && !(ev->mask & IN_CREATE))
                saved = true;
            p += sizeof *ev + ev->len;
        }
    }
    return saved;
}

static void banner(struct watch *w)
{
    const struct rl_case *c = &w->s->cat.cases[w->index];
    printf("\nwatching %s/%s: save it to check again%s\n", w->dir, w->base,
           w->keys ? "; keys: n next exercise, h hint, l list, q quit" : "");
    (void)c;
    fflush(stdout);
}

static void check_now(struct watch *w)
{
    if (w->keys)
        fputs("\033[2J\033[H", stdout); /* a clean screen for each verdict */
    exercise_check_print(w->s, w->index, stdout);
    banner(w);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* One key: what the student asked. false to quit. */
static bool on_key(struct watch *w, char key)
{
    char *err = NULL;
    switch (key) {
    case 'q':
    case 4: /* ^D */
        return false;
    case 'h':
        putchar('\n');
        exercise_print_hint(w->s, w->index, true, stdout);
        banner(w);
        return true;
    case 'l': {
        size_t done = workspace_done(&w->s->ws);
        printf("\n%zu of %zu done; pending:", done, w->s->cat.len);
        for (size_t i = 0; i < w->s->cat.len; i++)
            if (!w->s->ws.state[i].done)
                printf(" %s", w->s->cat.cases[i].id);
        putchar('\n');
        exercise_print_progress(w->s, stdout);
        banner(w);
        return true;
    }
    case 'n': {
        int next = exercise_next_pending(w->s, w->index);
        if (next < 0) {
            printf("\nevery exercise is done: well done! (q quits)\n");
            fflush(stdout);
            return true;
        }
        if (watch_target(w, next, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            return false;
        }
        check_now(w);
        return true;
    }
    default:
        return true;
    }
}

int exercise_watch(struct exercise_session *s, int index)
{
    struct watch w = {.s = s, .wd = -1, .keys = isatty(STDIN_FILENO)};
    w.inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    char *err = NULL;
    if (w.inotify_fd < 0) {
        fprintf(stderr, "racelab: inotify: %s\n", strerror(errno));
        return 2;
    }
    if (watch_target(&w, index, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        close(w.inotify_fd);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    if (w.keys && tcgetattr(STDIN_FILENO, &w.saved) == 0) {
        struct termios raw = w.saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    } else {
        w.keys = false;
    }
    check_now(&w);
    bool running = true;
    while (running && !stop_signal) {
        struct pollfd fds[2] = {{.fd = w.inotify_fd, .events = POLLIN},
                                {.fd = STDIN_FILENO, .events = POLLIN}};
        int n = poll(fds, w.keys ? 2 : 1, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents & POLLIN && file_saved(&w)) {
            /* An editor's save is several events; let them settle. */
            sleep_ms(100);
            file_saved(&w);
            check_now(&w);
        }
        if (w.keys && fds[1].revents & (POLLIN | POLLHUP)) {
            char key;
            running = read(STDIN_FILENO, &key, 1) == 1 && on_key(&w, key);
        }
    }
    if (w.keys)
        tcsetattr(STDIN_FILENO, TCSANOW, &w.saved);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    close(w.inotify_fd);
    free(w.dir);
    putchar('\n');
    return 0;
}
