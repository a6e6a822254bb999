/* sandbox.c: see sandbox.h.
 *
 * The child's setup uses raw syscalls for the ids (glibc's setuid() family
 * broadcasts to every thread of the process through a lock another thread
 * may have held at fork: the child has one thread and needs none of that). */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "reaper.h"
#include "util.h"

#define MB (1ull << 20)
/* Where the slots' lock files live (the first that can be used). */
static const char *const lock_dirs[] = {"/run/racelab", "/tmp/racelab-slots"};
/* Directories anyone may write, covered by a fresh tmpfs with private_tmp. */
static const char *const tmp_dirs[] = {"/tmp", "/var/tmp", "/dev/shm", "/run/lock"};
#define NTMP_DIRS (sizeof tmp_dirs / sizeof *tmp_dirs)

enum step {
    STEP_NONE,
    STEP_RLIMIT_CPU,
    STEP_RLIMIT_FSIZE,
    STEP_RLIMIT_NOFILE,
    STEP_RLIMIT_NPROC,
    STEP_UNSHARE,
    STEP_SETGROUPS_DENY,
    STEP_UID_MAP,
    STEP_GID_MAP,
    STEP_MOUNT_PRIVATE,
    STEP_MOUNT_TMP, /* + index into tmp_dirs */
    STEP_SETGROUPS = STEP_MOUNT_TMP + NTMP_DIRS,
    STEP_SETRESGID,
    STEP_SETRESUID,
    STEP_NO_NEW_PRIVS,
    STEP_PRIVATE_TMP_HIDES, /* keeping the program's tree visible under a private /tmp */
    STEP__COUNT
};

const char *sandbox_step_name(int step)
{
    static const char *const names[STEP__COUNT] = {
        [STEP_RLIMIT_CPU] = "setrlimit(RLIMIT_CPU)",
        [STEP_RLIMIT_FSIZE] = "setrlimit(RLIMIT_FSIZE)",
        [STEP_RLIMIT_NOFILE] = "setrlimit(RLIMIT_NOFILE)",
        [STEP_RLIMIT_NPROC] = "setrlimit(RLIMIT_NPROC)",
        [STEP_UNSHARE] = "unshare (network, mount and IPC namespaces)",
        [STEP_SETGROUPS_DENY] = "writing /proc/self/setgroups",
        [STEP_UID_MAP] = "writing /proc/self/uid_map",
        [STEP_GID_MAP] = "writing /proc/self/gid_map",
        [STEP_MOUNT_PRIVATE] = "making / a private mount",
        [STEP_MOUNT_TMP] = "mounting a tmpfs on /tmp",
        [STEP_MOUNT_TMP + 1] = "mounting a tmpfs on /var/tmp",
        [STEP_MOUNT_TMP + 2] = "mounting a tmpfs on /dev/shm",
        [STEP_MOUNT_TMP + 3] = "mounting a tmpfs on /run/lock",
        [STEP_SETGROUPS] = "setgroups",
        [STEP_SETRESGID] = "setresgid",
        [STEP_SETRESUID] = "setresuid",
        [STEP_NO_NEW_PRIVS] = "prctl(PR_SET_NO_NEW_PRIVS)",
        [STEP_PRIVATE_TMP_HIDES] = "private /tmp (binding the program's or its working "
                                   "directory's tree back into it)",
    };
    return step > 0 && step < STEP__COUNT && names[step] ? names[step] : "sandbox setup";
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the child's setup --- */

/* If path lies under one of tmp_dirs, remember the entry right under it
 * (/tmp/ci-clone for /tmp/ci-clone/build/x) in c->keep, once. */
static void keep_visible(struct sandbox_child *c, const char *path)
{
    char *real = path ? realpath(path, NULL) : NULL;
    for (size_t i = 0; real && i < NTMP_DIRS; i++) {
        size_t n = strlen(tmp_dirs[i]);
        if (strncmp(real, tmp_dirs[i], n) != 0 || real[n] != '/' || !real[n + 1])
            continue;
        size_t top = n + 1 + strcspn(real + n + 1, "/");
        bool seen = false;
        for (int k = 0; k < c->nkeep; k++)
            seen |= strlen(c->keep[k]) == top && strncmp(c->keep[k], real, top) == 0;
        if (seen || c->nkeep == 2 || top >= sizeof c->keep[0])
            continue;
        memcpy(c->keep[c->nkeep], real, top);
        c->keep[c->nkeep][top] = '\0';
        struct stat st;
        c->keep_dir[c->nkeep] = stat(c->keep[c->nkeep], &st) == 0 && S_ISDIR(st.st_mode);
        c->nkeep++;
    }
    free(real);
}

int sandbox_child_prepare(struct sandbox_child *c, const struct proc_limits *limits,
                          const char *file, const char *cwd, const char *visible)
{
    memset(c, 0, sizeof *c);
    c->limits = limits;
    c->gid = limits->gid ? limits->gid : limits->uid;
    if (limits->no_network)
        c->unshare_flags |= CLONE_NEWNET;
    if (limits->private_tmp)
        c->unshare_flags |= CLONE_NEWNS | CLONE_NEWIPC;
    /* Without root, namespaces need a user namespace of their own, where
     * this user is mapped onto itself. */
    if (c->unshare_flags && geteuid() != 0) {
        c->unshare_flags |= CLONE_NEWUSER;
        snprintf(c->uid_map, sizeof c->uid_map, "%u %u 1", (unsigned)geteuid(),
                 (unsigned)geteuid());
        snprintf(c->gid_map, sizeof c->gid_map, "%u %u 1", (unsigned)getegid(),
                 (unsigned)getegid());
    }
    snprintf(c->tmpfs_opts, sizeof c->tmpfs_opts, "size=%llu,mode=1777",
             limits->tmp_bytes ? limits->tmp_bytes : 64 * MB);
    if (limits->private_tmp) {
        char *dir = cwd ? xstrdup(cwd) : getcwd(NULL, 0);
        keep_visible(c, file);
        keep_visible(c, dir);
        free(dir);
        if (visible) { /* it may not exist yet: its directory does */
            char *parent = xstrdup(visible);
            char *slash = strrchr(parent, '/');
            if (slash && slash != parent)
                *slash = '\0';
            keep_visible(c, parent);
            free(parent);
        }
    }
    return 0;
}

static int write_proc(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int err = errno;
    close(fd);
    errno = err;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Lower a limit to want (never above the current hard limit, which only
 * root may raise). */
static int limit(int resource, unsigned long long soft, unsigned long long hard)
{
    struct rlimit r;
    if (getrlimit(resource, &r) < 0)
        return -1;
    if (geteuid() != 0 && r.rlim_max != RLIM_INFINITY && hard > r.rlim_max)
        hard = r.rlim_max;
    r.rlim_cur = soft < hard ? soft : hard;
    r.rlim_max = hard;
    return setrlimit(resource, &r);
}

int sandbox_child_setup(const struct sandbox_child *c)
{
    const struct proc_limits *l = c->limits;
    if (l->cpu_s > 0) {
        /* Whole seconds, rounded up: SIGXCPU at the soft limit, SIGKILL a
         * second later if the program catches it. */
        unsigned long long s = (unsigned long long)l->cpu_s;
        s += (double)s < l->cpu_s;
        if (limit(RLIMIT_CPU, s, s + 1) < 0)
            return STEP_RLIMIT_CPU;
    }
    if (l->file_bytes && limit(RLIMIT_FSIZE, l->file_bytes, l->file_bytes) < 0)
        return STEP_RLIMIT_FSIZE;
    if (l->nofile && limit(RLIMIT_NOFILE, l->nofile, l->nofile) < 0)
        return STEP_RLIMIT_NOFILE;
    /* It counts every task of the real uid: only a dedicated uid's are the run's. */
    if (l->nproc && l->uid && limit(RLIMIT_NPROC, l->nproc, l->nproc) < 0)
        return STEP_RLIMIT_NPROC;
    if (c->unshare_flags) {
        if (unshare(c->unshare_flags) < 0)
            return STEP_UNSHARE;
        if (c->unshare_flags & CLONE_NEWUSER) {
            if (write_proc("/proc/self/setgroups", "deny") < 0)
                return STEP_SETGROUPS_DENY;
            if (write_proc("/proc/self/uid_map", c->uid_map) < 0)
                return STEP_UID_MAP;
            if (write_proc("/proc/self/gid_map", c->gid_map) < 0)
                return STEP_GID_MAP;
        }
    }
    if (l->private_tmp) {
        /* Else, where / is a shared mount (systemd), the tmpfs would appear
         * on the host too. */
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            return STEP_MOUNT_PRIVATE;
        /* Handles on what must stay visible, taken before the tmpfs hides it. */
        int keep_fd[2] = {-1, -1};
        for (int k = 0; k < c->nkeep; k++)
            if ((keep_fd[k] = open(c->keep[k], O_PATH | O_CLOEXEC)) < 0)
                return STEP_PRIVATE_TMP_HIDES;
        for (size_t i = 0; i < NTMP_DIRS; i++)
            if (mount("tmpfs", tmp_dirs[i], "tmpfs", MS_NOSUID | MS_NODEV, c->tmpfs_opts) < 0 &&
                errno != ENOENT && errno != ENOTDIR)
                return STEP_MOUNT_TMP + (int)i;
        for (int k = 0; k < c->nkeep; k++) {
            /* "/proc/self/fd/N", written by hand: no snprintf after fork. */
            char from[32] = "/proc/self/fd/", digits[12];
            int nd = 0;
            for (int v = keep_fd[k]; nd == 0 || v > 0; v /= 10)
                digits[nd++] = (char)('0' + v % 10);
            size_t at = strlen(from);
            while (nd > 0)
                from[at++] = digits[--nd];
            from[at] = '\0';
            int made = c->keep_dir[k]
                           ? mkdir(c->keep[k], 0755)
                           : close(open(c->keep[k], O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
            if ((made < 0 && errno != EEXIST) ||
                mount(from, c->keep[k], NULL, MS_BIND | MS_REC, NULL) < 0)
                return STEP_PRIVATE_TMP_HIDES;
            close(keep_fd[k]);
        }
    }
    if (l->uid) {
        if (syscall(SYS_setgroups, 0, NULL) < 0)
            return STEP_SETGROUPS;
        if (syscall(SYS_setresgid, c->gid, c->gid, c->gid) < 0)
            return STEP_SETRESGID;
        if (syscall(SYS_setresuid, l->uid, l->uid, l->uid) < 0)
            return STEP_SETRESUID;
    }
    /* Set-uid binaries (su, mount, ...) then run with the caller's ids: the
     * program cannot leave its uid, so the kill by uid reaches everything. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return STEP_NO_NEW_PRIVS;
    return 0;
}

/* --- watching a run --- */

struct usage_scan {
    pid_t pgid;
    unsigned uid;
    struct sandbox_usage *u;
};

static void add_usage(void *ctx, const struct proc_info *pi)
{
    struct usage_scan *s = ctx;
    bool ours = s->uid ? pi->ruid == s->uid || pi->euid == s->uid || pi->suid == s->uid
                       : pi->pgrp == (long)s->pgid;
    if (!ours)
        return;
    if (pi->state == 'Z' || pi->state == 'X') {
        s->u->zombies++;
        return;
    }
    s->u->procs++;
    s->u->tasks += pi->threads;
    s->u->rss_bytes += pi->rss_bytes;
}

void sandbox_usage(pid_t pgid, unsigned uid, struct sandbox_usage *u)
{
    memset(u, 0, sizeof *u);
    struct usage_scan s = {pgid, uid, u};
    procfs_each_process(add_usage, &s);
}

/* How long a kill is waited out. Killed processes can take many seconds to
 * die: a fork bomb of 10,000 processes sharing one mapping, on a loaded host,
 * was seen dying at 300 a second, its forks and exits queued on that
 * mapping's lock (D state in dup_mmap). So the wait goes on while the count
 * still falls, and gives up only after KILL_STALL_S without progress, or
 * KILL_MAX_S in all. */
#define KILL_STALL_S 5.0
#define KILL_MAX_S   120.0

struct kill_wait {
    double start, progress; /* when the wait began; when the count last fell */
    unsigned fewest;        /* the lowest count seen */
};

static void kill_wait_start(struct kill_wait *w)
{
    w->start = w->progress = now_s();
    w->fewest = UINT_MAX;
}

/* Is it worth waiting on, with count processes left? */
static bool kill_wait_more(struct kill_wait *w, unsigned count)
{
    double t = now_s();
    if (count < w->fewest) {
        w->fewest = count;
        w->progress = t;
    }
    return t - w->progress < KILL_STALL_S && t - w->start < KILL_MAX_S;
}

int sandbox_kill_uid(unsigned uid)
{
    if (!uid)
        return 0;
    struct kill_wait w;
    kill_wait_start(&w);
    for (;;) {
        /* Only a live process of the uid can start another: none, none later. */
        struct sandbox_usage u;
        sandbox_usage(0, uid, &u);
        if ((u.procs == 0 && u.zombies == 0) || !kill_wait_more(&w, u.procs + u.zombies))
            return (int)u.procs;
        if (u.procs == 0) {
            struct timespec wait = {0, 20000000}; /* for init to reap the zombies */
            nanosleep(&wait, NULL);
            continue;
        }
        /* A helper with the uid's ids may signal exactly its processes:
         * kill(-1) reaches all of them (but itself), wherever they are. */
        pid_t pid = reaper_fork();
        if (pid == 0) {
            if (syscall(SYS_setresuid, uid, uid, uid) < 0)
                _exit(1);
            /* A zombie counts as signalled: a fixed number of passes, not
             * "until ESRCH"; the parent checks what is left. */
            for (int pass = 0; pass < 20; pass++) {
                if (kill(-1, SIGKILL) < 0 && errno == ESRCH)
                    break;
                struct timespec ms = {0, 1000000};
                nanosleep(&ms, NULL);
            }
            _exit(0);
        }
        if (pid > 0) {
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
            reaper_forget(pid);
        }
        struct timespec wait = {0, 5000000}; /* for the killed to finish dying */
        nanosleep(&wait, NULL);
    }
}

int sandbox_kill_group(pid_t pgid)
{
    if (pgid <= 0)
        return 0;
    struct kill_wait w;
    kill_wait_start(&w);
    for (;;) {
        /* The common case costs one system call: no process has the group id
         * (a zombie still does, so ESRCH means all gone and reaped). */
        if (kill(-pgid, SIGKILL) < 0 && errno == ESRCH)
            return 0;
        struct sandbox_usage u;
        sandbox_usage(pgid, 0, &u);
        if (u.procs == 0 || !kill_wait_more(&w, u.procs))
            return (int)u.procs;
        struct timespec wait = {0, 5000000}; /* for the killed to finish dying */
        nanosleep(&wait, NULL);
    }
}

/* --- slots --- */

/* Does /etc/passwd (field 3) or /etc/group (field 3) name id? */
static bool named_in(const char *file, unsigned id)
{
    char *text;
    if (read_file(file, &text, NULL) < 0)
        return false;
    bool found = false;
    for (char *line = text, *next; !found && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *field = line;
        for (int i = 0; i < 2 && field; i++)
            field = strchr(field, ':') ? strchr(field, ':') + 1 : NULL;
        found = field && strtoul(field, NULL, 10) == id && *field >= '0' && *field <= '9';
    }
    free(text);
    return found;
}

struct busy_scan {
    unsigned char busy[1000]; /* SANDBOX_FIRST_UID + i has a process */
};

static void mark_busy(void *ctx, const struct proc_info *pi)
{
    struct busy_scan *s = ctx;
    unsigned ids[] = {pi->ruid, pi->euid, pi->suid};
    for (int i = 0; i < 3; i++)
        if (ids[i] >= SANDBOX_FIRST_UID && ids[i] - SANDBOX_FIRST_UID < sizeof s->busy)
            s->busy[ids[i] - SANDBOX_FIRST_UID] = 1;
}

/* A directory only root can write, for the lock files. */
static int open_lock_dir(void)
{
    for (size_t i = 0; i < sizeof lock_dirs / sizeof *lock_dirs; i++) {
        mkdir(lock_dirs[i], 0700);
        int fd = open(lock_dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == geteuid() && !(st.st_mode & 077))
            return fd;
        if (fd >= 0)
            close(fd);
    }
    return -1;
}

int sandbox_slots_init(struct sandbox *sb, int nslots, char **err)
{
    memset(sb, 0, sizeof *sb);
    if (nslots < 1)
        nslots = 1;
    sb->slots = xcalloc((size_t)nslots, sizeof *sb->slots);
    sb->nslots = nslots;
    for (int i = 0; i < nslots; i++)
        sb->slots[i].lock_fd = -1;
    if (geteuid() != 0)
        return 0; /* no switch: see sandbox_available() */
    int dir = open_lock_dir();
    if (dir < 0) {
        *err = xasprintf("cannot create a private directory for the sandbox's locks (%s or %s)",
                         lock_dirs[0], lock_dirs[1]);
        sandbox_slots_free(sb);
        return -1;
    }
    struct busy_scan scan = {{0}};
    procfs_each_process(mark_busy, &scan);
    int got = 0;
    for (unsigned k = 0; k < sizeof scan.busy && got < nslots; k++) {
        unsigned id = SANDBOX_FIRST_UID + k;
        if (scan.busy[k] || id == 65534 || named_in("/etc/passwd", id) ||
            named_in("/etc/group", id))
            continue;
        char name[32];
        snprintf(name, sizeof name, "uid-%u.lock", id);
        int fd = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
            close(fd); /* another racelab's */
            continue;
        }
        sb->slots[got++] = (struct sandbox_slot){.uid = id, .gid = id, .lock_fd = fd};
    }
    close(dir);
    if (got < nslots) {
        *err =
            xasprintf("only %d unused uids from %u up, %d wanted", got, SANDBOX_FIRST_UID, nslots);
        sandbox_slots_free(sb);
        return -1;
    }
    return 0;
}

void sandbox_slots_free(struct sandbox *sb)
{
    for (int i = 0; i < sb->nslots; i++)
        if (sb->slots[i].lock_fd >= 0)
            close(sb->slots[i].lock_fd);
    free(sb->slots);
    memset(sb, 0, sizeof *sb);
}

void sandbox_use_slot(struct proc_limits *lim, const struct sandbox *sb, int slot)
{
    lim->uid = sb && slot >= 0 && slot < sb->nslots ? sb->slots[slot].uid : 0;
    lim->gid = sb && slot >= 0 && slot < sb->nslots ? sb->slots[slot].gid : 0;
}

/* --- what this machine enforces --- */

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool probe_namespaces;
static char probe_why[512];

static void probe(void)
{
    struct proc_limits lim = {.no_network = true, .private_tmp = true};
    const char *argv[] = {"/bin/true", NULL};
    struct proc_spec spec = {.argv = argv, .cwd = "/", .timeout_s = 30, .limits = &lim};
    struct proc_result pr;
    char desc[256] = "could not run /bin/true";
    if (proc_run(&spec, &pr) == 0)
        proc_describe(&pr, desc, sizeof desc);
    probe_namespaces = !pr.spawn_failed && !pr.timed_out && !pr.term_signal && pr.exit_code == 0;
    proc_result_free(&pr);
    bool root = geteuid() == 0;
    if (root && probe_namespaces)
        snprintf(probe_why, sizeof probe_why,
                 "root: every limit is enforced (dedicated uids, rlimits, memory and task polling, "
                 "no network, private /tmp)");
    else if (root)
        snprintf(probe_why, sizeof probe_why,
                 "root, but namespaces do not work here (%s): network and /tmp are not isolated; "
                 "dedicated uids, rlimits and memory and task polling are enforced",
                 desc);
    else
        snprintf(probe_why, sizeof probe_why,
                 "not root: programs run as this user, so no RLIMIT_NPROC and processes that "
                 "leave the process group (setsid) are not killed; %s; rlimits, memory and task "
                 "polling are enforced",
                 probe_namespaces ? "no network and a private /tmp through a user namespace"
                                  : "no user namespaces either, so network and /tmp are not "
                                    "isolated");
}

bool sandbox_available(const char **why)
{
    pthread_once(&probe_once, probe);
    *why = probe_why;
    return geteuid() == 0 && probe_namespaces;
}

void sandbox_default_limits(struct proc_limits *lim)
{
    const char *why;
    sandbox_available(&why);
    *lim = (struct proc_limits){.cpu_s = 60,
                                .file_bytes = 64 * MB,
                                .output_bytes = 64 * MB,
                                .nofile = 256,
                                .nproc = 128,
                                .mem_bytes = 1024 * MB,
                                .no_network = probe_namespaces,
                                .private_tmp = probe_namespaces,
                                .tmp_bytes = 64 * MB};
}

/* --- directories --- */

int sandbox_prepare_dir(const char *path, const struct proc_limits *limits)
{
    if (!limits || !limits->uid)
        return 0;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    unsigned gid = limits->gid ? limits->gid : limits->uid;
    int rc = fchown(fd, limits->uid, gid) < 0 || fchmod(fd, 0700) < 0 ? -1 : 0;
    int err = errno;
    close(fd);
    errno = err;
    return rc;
}

static int reclaim_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)flag;
    (void)ftw;
    /* A hard link to someone else's file (fs.protected_hardlinks off) stays theirs. */
    if (S_ISREG(st->st_mode) && st->st_nlink > 1)
        return 0;
    lchown(path, geteuid(), getegid());
    return 0;
}

int sandbox_reclaim_dir(const char *path, const struct proc_limits *limits)
{
    if (!limits || !limits->uid)
        return 0;
    return nftw(path, reclaim_entry, 16, FTW_PHYS);
}

int sandbox_check_access(const struct proc_limits *limits, const char *const *paths, char **err)
{
    if (!limits || !limits->uid)
        return 0;
    unsigned gid = limits->gid ? limits->gid : limits->uid;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        *err = xasprintf("cannot check access: %s", strerror(errno));
        return -1;
    }
    pid_t pid = reaper_fork();
    if (pid == 0) {
        int report[2] = {-1, 0};
        if (syscall(SYS_setgroups, 0, NULL) < 0 || syscall(SYS_setresgid, gid, gid, gid) < 0 ||
            syscall(SYS_setresuid, limits->uid, limits->uid, limits->uid) < 0)
            report[1] = errno;
        for (int i = 0; !report[1] && paths[i]; i++) {
            struct stat st;
            int mode = stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode) ? R_OK | X_OK : R_OK;
            if (access(paths[i], mode) < 0)
                report[0] = i, report[1] = errno;
        }
        ssize_t n = write(p[1], report, sizeof report);
        _exit(n == (ssize_t)sizeof report ? 0 : 1);
    }
    close(p[1]);
    int report[2] = {-1, EIO};
    ssize_t n = pid < 0 ? -1 : read(p[0], report, sizeof report);
    close(p[0]);
    if (pid > 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        reaper_forget(pid);
    }
    if (n == (ssize_t)sizeof report && report[1] == 0)
        return 0;
    if (report[0] >= 0)
        *err = xasprintf("%s: uid %u cannot read it (%s): the sandboxed programs and their "
                         "compiler must be able to (every directory above it searchable by "
                         "others)",
                         paths[report[0]], limits->uid, strerror(report[1]));
    else
        *err = xasprintf("cannot check what uid %u can read: %s", limits->uid, strerror(report[1]));
    return -1;
}
