/* procfs.h: what /proc says about every process, for the sandbox's polling
 * and kills (sandbox.c) and for finding the processes a run left behind
 * (reaper.c). */
#ifndef RACELAB_PROCFS_H
#define RACELAB_PROCFS_H

#include <sys/types.h>

struct proc_info {
    pid_t pid, ppid;
    char state; /* 'R', 'S', 'D', 'Z', ... */
    unsigned ruid, euid, suid;
    long pgrp, sid; /* as seen from our own PID namespace */
    unsigned long threads;
    unsigned long long rss_bytes; /* RssAnon + RssShmem */
};

/* The state letter (R, S, D, t, ...) of a /proc/PID/stat or
 * /proc/PID/task/TID/stat text, '?' when it has none: "pid (comm) S ...",
 * where comm may hold spaces and parentheses. */
char procfs_stat_state(const char *stat_text);

/* Call fn for every process /proc lists (processes that vanish meanwhile are
 * skipped). */
void procfs_each_process(void (*fn)(void *ctx, const struct proc_info *pi), void *ctx);

#endif
