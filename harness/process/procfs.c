/* procfs.c: see procfs.h. */
#define _GNU_SOURCE
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A small /proc file, in one read (they are generated whole). */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n;
    while ((n = read(fd, buf, size - 1)) < 0 && errno == EINTR)
        ;
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

static unsigned long long status_field(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    return p ? strtoull(p + strlen(name), NULL, 10) : 0;
}

/* /proc/PID/status: state, ids, process group and session, threads, and the
 * resident memory that is the process's own: anonymous and shared memory
 * (RssAnon, RssShmem), not the mapped files (libraries, the binary) every
 * process of a fork bomb shares, which VmRSS would count once per process.
 * Kernel threads and zombies have no Rss lines. */
static int read_status(const char *pid, struct proc_info *pi)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    if (read_small(path, buf, sizeof buf) < 0)
        return -1;
    const char *state = strstr(buf, "\nState:\t"), *uid = strstr(buf, "\nUid:\t");
    const char *pgid = strstr(buf, "\nNSpgid:\t"), *sid = strstr(buf, "\nNSsid:\t");
    if (!state || !uid || !pgid || !sid ||
        sscanf(uid + 6, "%u %u %u", &pi->ruid, &pi->euid, &pi->suid) != 3)
        return -1;
    pi->pid = (pid_t)strtol(pid, NULL, 10);
    pi->ppid = (pid_t)status_field(buf, "\nPPid:\t");
    pi->state = state[8];
    pi->pgrp = strtol(pgid + 9, NULL, 10);
    pi->sid = strtol(sid + 8, NULL, 10);
    pi->threads = status_field(buf, "\nThreads:\t");
    pi->rss_bytes = (status_field(buf, "\nRssAnon:") + status_field(buf, "\nRssShmem:")) * 1024;
    return 0;
}

void procfs_each_process(void (*fn)(void *ctx, const struct proc_info *pi), void *ctx)
{
    DIR *d = opendir("/proc");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        struct proc_info pi = {.pgrp = -1, .sid = -1};
        if (read_status(e->d_name, &pi) == 0)
            fn(ctx, &pi);
    }
    closedir(d);
}

char procfs_stat_state(const char *stat_text)
{
    const char *close = strrchr(stat_text, ')');
    return close && close[1] == ' ' && close[2] ? close[2] : '?';
}
