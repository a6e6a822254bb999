/* sandbox.h: running untrusted programs (students' submissions) safely.
 *
 * proc_run() with a struct proc_limits (proc.h) applies the limits; this
 * module holds what proc.c needs to do it (the child's setup between fork and
 * exec, the polling of a run's memory and tasks, the kill of every process of
 * a uid) and what a caller needs to choose them:
 *
 * - dedicated uids, one per concurrent run ("slots"): unused ids from 64000
 *   up, each locked against other racelab processes for the sandbox's life;
 * - what this machine can enforce (root? do namespaces work?);
 * - the default limits for grading;
 * - the scratch directories a run may write, owned by its uid.
 *
 * As root: every limit. Not root: no dedicated uid (so no RLIMIT_NPROC, and a
 * process that leaves the process group with setsid() is only killed once
 * racelab, its subreaper, knows it is left over: reaper.h), and no
 * namespaces unless unprivileged user namespaces work; rlimits, the memory
 * and task polling, the output limit and the time limit still hold.
 * sandbox_available() says which case this is. */
#ifndef RACELAB_SANDBOX_H
#define RACELAB_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

#include "proc.h"

/* --- for callers --- */

struct sandbox_slot {
    unsigned uid, gid; /* 0, 0 when not root: no switch */
    int lock_fd;       /* flock()ed while the slot is ours; -1 when none */
};

struct sandbox {
    struct sandbox_slot *slots;
    int nslots;
};

/* The first uid tried for slots. */
#define SANDBOX_FIRST_UID 64000u

/* Choose nslots unused uids (each gid is the same number): no process has
 * it, /etc/passwd and /etc/group do not name it, no other racelab holds it.
 * Not root: every slot is uid 0 (no switch) and this succeeds. Returns 0, or
 * -1 with *err. */
int sandbox_slots_init(struct sandbox *sb, int nslots, char **err);
void sandbox_slots_free(struct sandbox *sb);

/* true when every limit of struct proc_limits is enforced here (root, and
 * the namespaces work); otherwise *why says what is not. *why is set in both
 * cases (a static string). Probes once per process (a short run of
 * /bin/true in a sandbox), then answers from memory. Thread-safe. */
bool sandbox_available(const char **why);

/* The defaults for grading: CPU 60 s, files 64 MB, output 64 MB, 256 open
 * files, 128 tasks, 1 GB of memory, no network and a private /tmp (when
 * this machine can: see sandbox_available()); uid 0. The time limit
 * stays the caller's (the case's timeout). */
void sandbox_default_limits(struct proc_limits *lim);

/* Set lim's uid and gid to slot's (0 when not root). */
void sandbox_use_slot(struct proc_limits *lim, const struct sandbox *sb, int slot);

/* Make path (a directory the caller just created) the run's own: chown to
 * limits->uid/gid and mode 0700. No-op without limits or uid. Returns 0 or -1
 * with errno. */
int sandbox_prepare_dir(const char *path, const struct proc_limits *limits);

/* Give a directory a run wrote back to the harness (after the run: its uid
 * has no process left): everything under it is chowned to the harness's own
 * ids, so that a later run of the same uid cannot change what is kept.
 * No-op without uid. Returns 0 or -1. */
int sandbox_reclaim_dir(const char *path, const struct proc_limits *limits);

/* Can limits->uid read (and search) every path in paths (NULL-terminated)?
 * Returns 0, or -1 with *err naming the first that it cannot: a source in a
 * 0700 home directory, say. No-op without uid. */
int sandbox_check_access(const struct proc_limits *limits, const char *const *paths, char **err);

/* --- for proc.c --- */

/* What the child needs between fork and exec, prepared before fork
 * (formatting allocates, and the child may not). */
struct sandbox_child {
    const struct proc_limits *limits;
    unsigned gid;      /* limits->gid, or the uid's number when 0 */
    int unshare_flags; /* CLONE_NEW*: with CLONE_NEWUSER when not root */
    char uid_map[32], gid_map[32];
    char tmpfs_opts[64];
    /* What private_tmp must not hide: the top entry under /tmp (say) of the
     * program and of its directory, e.g. a checkout in /tmp/ci-clone. The
     * child binds it back into the fresh tmpfs: the rest of /tmp stays
     * hidden. */
    char keep[2][4096];
    bool keep_dir[2];
    int nkeep;
};
/* Before fork: file is the program, cwd the run's directory (NULL: ours), visible
 * one more path whose directory stays visible under a private /tmp (NULL: none).
 * Returns 0, or the number of a step that cannot work (> 0). */
int sandbox_child_prepare(struct sandbox_child *c, const struct proc_limits *limits,
                          const char *file, const char *cwd, const char *visible);
/* In the child, async-signal-safe: rlimits, namespaces, mounts, ids,
 * no_new_privs. Returns 0, or the number of the failed step (> 0) with
 * errno set. */
int sandbox_child_setup(const struct sandbox_child *c);
/* "setresuid", "unshare(CLONE_NEWNET|...)", ...: a static string. */
const char *sandbox_step_name(int step);

struct sandbox_usage {
    unsigned long long rss_bytes; /* sum of RssAnon + RssShmem of every live process */
    unsigned long tasks;          /* threads of those processes, all counted */
    unsigned long procs;
    unsigned long zombies; /* dead, not yet reaped: not in the counts above */
};
/* The run's live processes: those of process group pgid, or with uid != 0
 * every process whose real uid is uid. Reads /proc. */
void sandbox_usage(pid_t pgid, unsigned uid, struct sandbox_usage *u);

/* Kill every process of uid (real or saved uid), however it left its
 * process group, and wait until none is left (while their number still
 * falls: at most 5 s without progress, 120 s in all): the killed
 * orphans' zombies too, which init reaps (about a second here), since they
 * still count against the uid's RLIMIT_NPROC in the next run. Returns how
 * many are still alive, zombies aside (0 normally). Thread-safe. */
int sandbox_kill_uid(unsigned uid);

/* Kill what is left of process group pgid (a run's, without a dedicated uid)
 * and wait until none of it is alive (while their number still falls: at
 * most 5 s without progress, 120 s in all): SIGKILL is delivered at once but
 * a process takes a moment to die (thousands of them, seconds), and one that
 * was forking as the group was signalled may leave a child behind. Zombies do not count (init
 * reaps them and no limit of ours counts them). Returns how many are still
 * alive (0 normally). Thread-safe. */
int sandbox_kill_group(pid_t pgid);

#endif
