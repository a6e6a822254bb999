/* run_clock.c: see run_clock.h. */
#define _GNU_SOURCE
#include "run_clock.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "util.h"

/* The thread's CPU time to the nanosecond (schedstat's first field) and
 * whether it is runnable now (stat's state R: running or waiting for a CPU);
 * -1 when it cannot be read. schedstat's second field, the time spent
 * waiting on a run queue, is no use here: it grows only when the waiting
 * thread is let run, in chunks of hundreds of milliseconds for a starved
 * one. */
static int read_thread(pid_t pid, pid_t tid, double *cpu_s, bool *runnable)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    unsigned long long ran;
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    if (sscanf(buf, "%llu", &ran) != 1)
        return -1;
    *cpu_s = (double)ran / 1e9;
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    *runnable = procfs_stat_state(buf) == 'R';
    return 0;
}

/* The CPU time (user + system, every thread, ended ones too) the process
 * has used, in seconds, at the scheduler tick's resolution; -1 when
 * unreadable. Used only without schedstat. */
static double process_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    /* After the command's closing parenthesis: state is field 3, utime 14, stime 15. */
    const char *p = strrchr(buf, ')');
    unsigned long long utime, stime;
    if (!p ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static int cores_of(pid_t pid)
{
    cpu_set_t set;
    if (sched_getaffinity(pid, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void run_clock_start(struct run_clock *c, pid_t pid, double limit_s, double now)
{
    memset(c, 0, sizeof *c);
    c->pid = pid;
    c->limit_s = limit_s > 0 ? limit_s : 0;
    c->start = c->last = now;
    c->cores = cores_of(pid);
    double cpu;
    bool runnable;
    c->wall_only = read_thread(pid, pid, &cpu, &runnable) < 0;
    c->ring[0] = (struct run_clock_mark){now, 0};
    c->nmarks = 1;
}

void run_clock_free(struct run_clock *c)
{
    free(c->threads);
    c->threads = NULL;
    c->nthreads = c->cap = 0;
}

/* The thread's schedstat at the last sample, or NULL (a new thread). The
 * task directory lists threads in the same order each time, so the search
 * starts where the previous one ended. */
static const struct run_clock_thread *previous(const struct run_clock *c, pid_t tid, size_t *hint)
{
    for (size_t k = 0; k < c->nthreads; k++) {
        size_t i = (*hint + k) % c->nthreads;
        if (c->threads[i].tid == tid) {
            *hint = i + 1;
            return &c->threads[i];
        }
    }
    return NULL;
}

/* What every thread ran since the last sample, summed, and how many were
 * runnable through the interval (at its start and at its end: one that
 * slept between is taken for runnable, which only makes the limit a little
 * longer); keep the new readings. Threads that ended meanwhile lose only
 * their last interval. */
static void take_deltas(struct run_clock *c, double *ran, int *runnable)
{
    char path[48];
    snprintf(path, sizeof path, "/proc/%d/task", (int)c->pid);
    DIR *d = opendir(path);
    *ran = 0;
    *runnable = 0;
    if (!d)
        return;
    struct run_clock_thread *now = NULL;
    size_t n = 0, cap = 0, hint = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long tid = strtol(e->d_name, &end, 10);
        double cpu;
        bool r;
        if (*end || tid <= 0 || read_thread(c->pid, (pid_t)tid, &cpu, &r) < 0)
            continue;
        const struct run_clock_thread *was = previous(c, (pid_t)tid, &hint);
        double d_cpu = cpu - (was ? was->cpu_s : 0);
        *ran += d_cpu > 0 ? d_cpu : 0;
        *runnable += r && (!was || was->runnable);
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            now = xrealloc(now, cap * sizeof *now);
        }
        now[n++] = (struct run_clock_thread){(pid_t)tid, cpu, r};
    }
    closedir(d);
    free(c->threads);
    c->threads = now;
    c->nthreads = n;
    c->cap = cap;
}

double run_clock_served(double ran, int runnable, int cores, double dt)
{
    if (runnable <= 0 || dt <= 0)
        return 1; /* blocked: waiting for itself, not for the machine */
    /* Asked for: a CPU per runnable thread, but no more than its cores can
     * give (eight threads on two cores ask for two). */
    double asked = (runnable < cores ? runnable : (cores > 0 ? cores : 1)) * dt;
    return ran >= asked ? 1 : ran / asked;
}

void run_clock_sample(struct run_clock *c, double now)
{
    double dt = now - c->last;
    if (dt <= 0)
        return;
    double ran = 0;
    int runnable = 0;
    if (!c->wall_only) {
        take_deltas(c, &ran, &runnable);
    } else {
        double cpu = process_cpu_s(c->pid);
        ran = cpu > c->cpu_s ? cpu - c->cpu_s : 0;
    }
    c->counted_s += dt * run_clock_served(ran, runnable, c->cores, dt);
    c->cpu_s += ran;
    c->last = now;
    c->ring[c->nmarks % RUN_CLOCK_RING] = (struct run_clock_mark){now, c->cpu_s};
    c->nmarks++;
}

bool run_clock_expired(struct run_clock *c, double now)
{
    if (c->limit_s <= 0)
        return false;
    if (c->counted_s + (now - c->last) >= c->limit_s)
        run_clock_sample(c, now);
    return c->counted_s >= c->limit_s || run_clock_starved(c, now);
}

double run_clock_left_s(const struct run_clock *c, double now)
{
    if (c->limit_s <= 0)
        return 1e9;
    double own = c->limit_s - c->counted_s - (now - c->last);
    double wall = c->start + c->limit_s * RUN_CLOCK_STRETCH - now;
    double left = own < wall ? own : wall;
    return left > 0 ? left : 0;
}

bool run_clock_starved(const struct run_clock *c, double now)
{
    return c->limit_s > 0 && now - c->start >= c->limit_s * RUN_CLOCK_STRETCH &&
           c->counted_s < c->limit_s;
}

double run_clock_waited_s(const struct run_clock *c)
{
    double waited = (c->last - c->start) - c->counted_s;
    return waited > 0 ? waited : 0;
}

double run_clock_cpu_rate(const struct run_clock *c, double window_s)
{
    if (c->nmarks < 2)
        return -1;
    const struct run_clock_mark *last = &c->ring[(c->nmarks - 1) % RUN_CLOCK_RING];
    size_t oldest = c->nmarks > RUN_CLOCK_RING ? c->nmarks - RUN_CLOCK_RING : 0;
    for (size_t i = c->nmarks - 1; i-- > oldest;) {
        const struct run_clock_mark *m = &c->ring[i % RUN_CLOCK_RING];
        if (last->wall - m->wall >= window_s)
            return (last->cpu - m->cpu) / (last->wall - m->wall);
    }
    return -1;
}
