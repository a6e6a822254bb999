/* reaper.c: see reaper.h. */
#define _GNU_SOURCE
#include "reaper.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "util.h"

/* The children racelab forked itself and has not reaped yet. Forks happen
 * under the lock, so that a scan never sees a child that is not recorded. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t *started;
static size_t nstarted, capstarted;

static bool is_started(pid_t pid)
{
    for (size_t i = 0; i < nstarted; i++)
        if (started[i] == pid)
            return true;
    return false;
}

pid_t reaper_fork(void)
{
    pthread_mutex_lock(&lock);
    pid_t pid = fork();
    if (pid > 0) {
        started = grow_array(started, &capstarted, nstarted + 1, sizeof *started);
        started[nstarted++] = pid;
    }
    if (pid != 0) /* the child holds a copy it never touches */
        pthread_mutex_unlock(&lock);
    return pid;
}

void reaper_forget(pid_t pid)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nstarted; i++)
        if (started[i] == pid) {
            started[i] = started[--nstarted];
            break;
        }
    pthread_mutex_unlock(&lock);
}

struct orphan_scan {
    pid_t self, pgid;
    bool all;
    pid_t *found;
    size_t n, cap;
};

static void find_orphan(void *ctx, const struct proc_info *pi)
{
    struct orphan_scan *s = ctx;
    if (pi->ppid != s->self || is_started(pi->pid))
        return;
    if (s->all || (s->pgid > 0 && pi->pgrp == s->pgid)) {
        s->found = grow_array(s->found, &s->cap, s->n + 1, sizeof *s->found);
        s->found[s->n++] = pi->pid;
    }
}

/* A killed orphan's own children come to us in turn: rounds until a scan
 * finds none. The bound only guards against a fork bomb that outruns the
 * kills; the sandbox's process limit stops those first. */
#define MAX_ROUNDS 1000

int reaper_collect(pid_t pgid)
{
    struct orphan_scan s = {.self = getpid(), .pgid = pgid};
    int killed = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
        s.n = 0;
        pthread_mutex_lock(&lock);
        s.all = pgid < 0 || nstarted == 0;
        procfs_each_process(find_orphan, &s);
        for (size_t i = 0; i < s.n; i++)
            kill(s.found[i], SIGKILL);
        pthread_mutex_unlock(&lock);
        if (s.n == 0)
            break;
        /* Another thread collecting at the same time may reap one first. */
        for (size_t i = 0; i < s.n; i++)
            while (waitpid(s.found[i], NULL, __WALL) < 0 && errno == EINTR)
                ;
        killed += (int)s.n;
    }
    free(s.found);
    return killed;
}

static void collect_at_exit(void)
{
    reaper_collect(-1);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int start_errno;

static void start_once(void)
{
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        start_errno = errno;
    else
        atexit(collect_at_exit);
}

int reaper_start(void)
{
    pthread_once(&once, start_once);
    errno = start_errno;
    return start_errno ? -1 : 0;
}
