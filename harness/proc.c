/* proc.c: see proc.h.
 *
 * The shape follows git's run-command.c: everything that can allocate happens
 * before fork(), the child only makes async-signal-safe calls until execve(),
 * and an exec failure travels back through a close-on-exec pipe so that the
 * parent knows the exact errno instead of guessing from exit code 127.
 *
 * With limits (sandbox.h), the child also sets up its sandbox before exec
 * (a failed step travels back the same way), and the waiting loop polls the
 * run's memory and tasks and counts its output. */
#define _GNU_SOURCE
#include "proc.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Valgrind needs SIGTERM (not SIGKILL) to finish its XML file: give it this long. */
#define TERM_GRACE_S 2.0
/* Once the direct child is gone and its group killed, pipes still open belong to
 * a process that left the group (setsid): read what is there, then give up. */
#define DRAIN_GRACE_S 1.0
/* Longest sleep between two checks of the child (no SIGCHLD handler, by design). */
#define POLL_MS 50

struct capture {
    int fd; /* read end, -1 once at EOF */
    size_t cap;
    bool truncated;
    struct strbuf sb;
    unsigned long long total; /* bytes read, kept or not */
};

/* What the child writes to the report pipe when it cannot exec: the sandbox
 * step that failed (0: chdir or exec itself) and errno. */
struct child_report {
    int step;
    int err;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The child dup2()s its fds onto 0, 1 and 2 in that order; a source fd that is
 * itself 0..2 (the harness closed its stdio) would be overwritten before its
 * turn. Moving every fd the child uses above 2 makes the order irrelevant. */
static int above_stdio(int *fd)
{
    if (*fd > 2)
        return 0;
    int moved = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
    if (moved < 0)
        return -1;
    close(*fd);
    *fd = moved;
    return 0;
}

/* O_CLOEXEC matters: another thread may fork at any moment, and a child that
 * inherited our write end would hold our pipe open, so EOF would never come. */
static int make_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    return above_stdio(&p[0]) < 0 || above_stdio(&p[1]) < 0 ? -1 : 0;
}

/* Find name the way execvp() does, but in the child's PATH and before fork (the
 * search allocates). Returns a malloc'd path, or NULL with errno set. */
static char *find_program(const char *name, const char *const *envp)
{
    if (!*name) {
        errno = ENOENT;
        return NULL;
    }
    if (strchr(name, '/'))
        return xstrdup(name);
    const char *path = "/bin:/usr/bin";
    for (const char *const *e = envp; e && *e; e++) {
        if (str_starts_with(*e, "PATH=")) {
            path = *e + 5;
            break;
        }
    }
    int err = ENOENT;
    for (const char *p = path;; p++) {
        const char *end = strchrnul(p, ':');
        if (*p == '/') {
            char *cand = xasprintf("%.*s/%s", (int)(end - p), p, name);
            struct stat st;
            if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
                if (access(cand, X_OK) == 0)
                    return cand;
                err = EACCES; /* like execvp: remember it, keep looking */
            }
            free(cand);
        }
        if (!*end)
            break;
        p = end;
    }
    errno = err;
    return NULL;
}

/* Between fork and exec: async-signal-safe calls only (the parent is
 * multithreaded, so another thread may have held the malloc lock at fork). */
static void child_exec(const char *file, const struct proc_spec *spec,
                       const struct sandbox_child *sandbox, const char *const *envp, int in_fd,
                       int out_fd, int err_fd, int report_fd)
{
    struct child_report report = {0, 0};
    /* Our own group, so that a timeout can signal every descendant at once. */
    setpgid(0, 0);

    /* Handlers would run here until exec, and an ignored disposition would
     * survive exec into the program under test: default everything. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        sigaction(sig, &dfl, NULL); /* fails harmlessly for SIGKILL, SIGSTOP, ... */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    /* A core dump of a crashing test program is slow and litters the cwd. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    /* Limits, namespaces, ids: before the dup2()s, which a uid switch does not affect. */
    if (sandbox && (report.step = sandbox_child_setup(sandbox)) != 0)
        goto fail;

    /* dup2() clears close-on-exec on the copies, which is exactly what we want. */
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        goto fail;
    /* Any fd the harness (or a library in it) opened without O_CLOEXEC would
     * leak into the program under test; mark them all close-on-exec. Only a
     * kernel older than 5.11 lacks this, and then we simply do without. */
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (spec->cwd && chdir(spec->cwd) < 0)
        goto fail;
    execve(file, (char *const *)spec->argv, (char *const *)envp);
fail:
    report.err = errno;
    ssize_t n = write(report_fd, &report, sizeof report);
    (void)n; /* nothing better to do: the parent then sees exit 127 */
    _exit(127);
}

/* The direct child may have left our group (setpgid, setsid): signal it too.
 * Only called while it is unreaped, so pid cannot belong to someone else. */
static void signal_child(pid_t pid, int sig)
{
    kill(-pid, sig);
    kill(pid, sig);
}

static bool child_exited(pid_t pid)
{
    siginfo_t si;
    si.si_pid = 0;
    /* WNOWAIT: leave it a zombie, so that its pid (our group id) stays reserved
     * until we have killed the group; after reaping, a new process could get it. */
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
        return errno != EINTR; /* ECHILD: someone else reaped it; wait4 will tell */
    return si.si_pid != 0;
}

static int reap(pid_t pid, struct proc_result *res, double start)
{
    int status;
    struct rusage ru;
    /* Grandchildren in the group would otherwise keep our pipes open forever. */
    kill(-pid, SIGKILL);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR)
            return -1;
    }
    res->elapsed_s = now_s() - start;
    res->child_cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    if (WIFSIGNALED(status))
        res->term_signal = WTERMSIG(status);
    else if (WIFEXITED(status) && !res->timed_out && !res->limit)
        res->exit_code = WEXITSTATUS(status);
    return 0;
}

/* Kill the run for breaking a limit; the first one broken is the one reported. */
static void limit_kill(pid_t pid, struct proc_result *res, const char *what, double value)
{
    if (res->limit)
        return;
    res->limit = what;
    res->limit_value = value;
    res->exit_code = -1;
    signal_child(pid, SIGKILL);
}

/* The limits the kernel enforces show in how the process died. */
static void limit_from_signal(const struct proc_limits *lim, struct proc_result *res)
{
    if (!lim || res->limit || res->timed_out)
        return;
    int sig = res->term_signal;
    if (lim->cpu_s > 0 && (sig == SIGXCPU || (sig == SIGKILL && res->child_cpu_s >= lim->cpu_s))) {
        res->limit = "CPU time";
        res->limit_value = lim->cpu_s;
    } else if (lim->file_bytes && sig == SIGXFSZ) {
        res->limit = "file size";
        res->limit_value = (double)lim->file_bytes;
    }
}

/* Reap the direct child, then kill whatever of the run is left and wait until
 * it is gone, so that nothing outlives the run: with a dedicated uid wherever
 * it went (setsid), without one what is left of its process group. */
static int finish(pid_t pid, const struct proc_limits *lim, struct proc_result *res, double start)
{
    int rc = reap(pid, res, start);
    int err = errno;
    limit_from_signal(lim, res);
    if (lim && lim->uid)
        res->survivors = sandbox_kill_uid(lim->uid);
    else
        res->survivors = sandbox_kill_group(pid);
    errno = err;
    return rc;
}

/* Every 50 ms while the child runs: its memory and tasks against the limits. */
static void poll_usage(pid_t pid, const struct proc_limits *lim, struct proc_result *res)
{
    if (!lim || (!lim->mem_bytes && !lim->nproc) || res->limit)
        return;
    struct sandbox_usage u;
    sandbox_usage(pid, lim->uid, &u);
    /* A fork bomb's memory grows with it: name the cause. */
    if (lim->nproc && u.tasks >= lim->nproc)
        limit_kill(pid, res, "processes", (double)lim->nproc);
    else if (lim->mem_bytes && u.rss_bytes > lim->mem_bytes)
        limit_kill(pid, res, "memory", (double)lim->mem_bytes);
}

/* Called only when poll() says fd is readable, so read() cannot block. */
static void capture_read(struct capture *c)
{
    char chunk[65536];
    ssize_t n = read(c->fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close_fd(&c->fd);
        return;
    }
    c->total += (unsigned long long)n;
    /* Keep up to cap, then keep reading and dropping: a child blocked on a
     * full pipe would never exit, but memory must not grow with its output. */
    size_t room = c->cap > c->sb.len ? c->cap - c->sb.len : 0;
    size_t keep = (size_t)n < room ? (size_t)n : room;
    if (keep)
        strbuf_add(&c->sb, chunk, keep);
    if (keep < (size_t)n)
        c->truncated = true;
}

static int ms_until(double t, double now)
{
    double ms = (t - now) * 1000.0 + 1.0;
    return ms <= 0 ? 0 : ms >= POLL_MS ? POLL_MS : (int)ms;
}

/* Read both pipes until the child has been reaped and the pipes are at EOF (or
 * the drain grace is over), enforcing the time limit on the way. */
static int supervise(pid_t pid, const struct proc_spec *spec, struct capture cap[2],
                     struct proc_result *res, double start)
{
    const struct proc_limits *lim = spec->limits;
    double term_at = 0, drain_until = 0, next_poll = start;
    bool reaped = false, killed = false;
    int idle_ms = 1, reap_err = 0;

    for (;;) {
        double now = now_s();
        if (!reaped && child_exited(pid)) {
            if (finish(pid, lim, res, start) < 0)
                reap_err = errno;
            reaped = true;
            now = now_s();
            drain_until = now + DRAIN_GRACE_S;
        }
        if (reaped && ((cap[0].fd < 0 && cap[1].fd < 0) || now >= drain_until))
            break;
        if (!reaped && now >= next_poll) {
            poll_usage(pid, lim, res);
            next_poll = now + POLL_MS / 1000.0;
        }
        if (!reaped && spec->timeout_s > 0 && !res->timed_out && !res->limit &&
            now - start >= spec->timeout_s) {
            res->timed_out = true;
            res->exit_code = -1;
            term_at = now;
            signal_child(pid, SIGTERM);
        }
        if (!reaped && res->timed_out && !killed && now - term_at >= TERM_GRACE_S) {
            killed = true;
            signal_child(pid, SIGKILL);
        }

        /* poll() ignores negative fds, so closed pipes can stay in the array. */
        struct pollfd pfd[2] = {{.fd = cap[0].fd, .events = POLLIN},
                                {.fd = cap[1].fd, .events = POLLIN}};
        int wait_ms = POLL_MS;
        if (reaped)
            wait_ms = ms_until(drain_until, now);
        else if (res->timed_out && !killed)
            wait_ms = ms_until(term_at + TERM_GRACE_S, now);
        else if (spec->timeout_s > 0 && !res->timed_out)
            wait_ms = ms_until(start + spec->timeout_s, now);
        /* Both pipes closed but the child still runs: it is most likely about to
         * exit, so recheck soon, backing off towards POLL_MS. */
        if (cap[0].fd < 0 && cap[1].fd < 0 && !reaped) {
            wait_ms = idle_ms < wait_ms ? idle_ms : wait_ms;
            idle_ms = idle_ms * 2 > POLL_MS ? POLL_MS : idle_ms * 2;
        }
        if (poll(pfd, 2, wait_ms) < 0 && errno != EINTR) {
            reap_err = errno; /* cannot happen with valid arguments; still, no zombie */
            if (!reaped) {
                signal_child(pid, SIGKILL);
                finish(pid, lim, res, start);
            }
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (pfd[i].revents)
                capture_read(&cap[i]);
        }
        if (lim && lim->output_bytes && !reaped && cap[0].total + cap[1].total > lim->output_bytes)
            limit_kill(pid, res, "output", (double)lim->output_bytes);
    }
    errno = reap_err;
    return reap_err ? -1 : 0;
}

static void close_pair(int p[2])
{
    close_fd(&p[0]);
    close_fd(&p[1]);
}

int proc_run(const struct proc_spec *spec, struct proc_result *res)
{
    static const char *const empty_env[] = {NULL};
    const char *const *envp = spec->envp ? spec->envp : empty_env;
    struct capture cap[2] = {{-1, spec->output_cap, false, STRBUF_INIT, 0},
                             {-1, spec->output_cap, false, STRBUF_INIT, 0}};
    struct sandbox_child sandbox, *sb = NULL;
    int in_fd = -1, p_out[2] = {-1, -1}, p_err[2] = {-1, -1}, report[2] = {-1, -1};
    char *file = NULL;
    int rc = -1, err = EINVAL;

    memset(res, 0, sizeof *res);
    res->exit_code = -1;
    res->timeout_s = spec->timeout_s > 0 ? spec->timeout_s : 0;
    if (!spec->argv || !spec->argv[0])
        goto out;
    file = find_program(spec->argv[0], envp);
    if (!file) {
        /* Not a harness error: the program under test is what is missing. */
        res->spawn_failed = true;
        res->spawn_errno = errno;
        rc = 0;
        goto out;
    }
    if (spec->limits) {
        int step = sandbox_child_prepare(&sandbox, spec->limits, file, spec->cwd);
        if (step) {
            res->spawn_failed = true;
            res->spawn_errno = EINVAL;
            res->spawn_step = sandbox_step_name(step);
            rc = 0;
            goto out;
        }
        sb = &sandbox;
    }

    in_fd = open(spec->stdin_path ? spec->stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
    if (in_fd < 0 || above_stdio(&in_fd) < 0 || make_pipe(p_out) < 0 || make_pipe(p_err) < 0 ||
        make_pipe(report) < 0) {
        err = errno;
        goto out;
    }
    double start = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        err = errno;
        goto out;
    }
    if (pid == 0)
        child_exec(file, spec, sb, envp, in_fd, p_out[1], p_err[1], report[1]);

    /* Also from this side: otherwise a timeout right after fork could signal a
     * group that does not exist yet. EACCES (the child already exec'd, having
     * done it itself) is fine. */
    setpgid(pid, pid);
    close_fd(&in_fd);
    close_fd(&p_out[1]);
    close_fd(&p_err[1]);
    close_fd(&report[1]);
    cap[0].fd = p_out[0];
    cap[1].fd = p_err[0];
    p_out[0] = p_err[0] = -1; /* now owned by cap[] */

    /* EOF means exec succeeded (close-on-exec closed the child's end); this may
     * also wait for another thread's child to exec, which is short. */
    struct child_report child;
    ssize_t n;
    while ((n = read(report[0], &child, sizeof child)) < 0 && errno == EINTR)
        ;
    if (n != 0) {
        res->spawn_failed = true;
        res->spawn_errno = n == (ssize_t)sizeof child ? child.err : EIO;
        if (n == (ssize_t)sizeof child && child.step)
            res->spawn_step = sandbox_step_name(child.step);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        res->elapsed_s = now_s() - start;
        rc = 0;
        goto out;
    }
    rc = supervise(pid, spec, cap, res, start);
    err = errno;

out:
    close_fd(&in_fd);
    close_pair(p_out);
    close_pair(p_err);
    close_pair(report);
    close_fd(&cap[0].fd);
    close_fd(&cap[1].fd);
    free(file);
    res->out_len = cap[0].sb.len;
    res->out_truncated = cap[0].truncated;
    res->out = strbuf_detach(&cap[0].sb);
    res->err_len = cap[1].sb.len;
    res->err_truncated = cap[1].truncated;
    res->err = strbuf_detach(&cap[1].sb);
    if (rc < 0)
        errno = err;
    return rc;
}

void proc_result_free(struct proc_result *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
    res->out_len = res->err_len = 0;
}

const char *proc_signal_name(int sig)
{
#define SIG(name) [name] = #name
    static const char *const names[] = {
        SIG(SIGHUP),    SIG(SIGINT),  SIG(SIGQUIT), SIG(SIGILL),    SIG(SIGTRAP),  SIG(SIGABRT),
        SIG(SIGBUS),    SIG(SIGFPE),  SIG(SIGKILL), SIG(SIGUSR1),   SIG(SIGSEGV),  SIG(SIGUSR2),
        SIG(SIGPIPE),   SIG(SIGALRM), SIG(SIGTERM), SIG(SIGCHLD),   SIG(SIGCONT),  SIG(SIGSTOP),
        SIG(SIGTSTP),   SIG(SIGTTIN), SIG(SIGTTOU), SIG(SIGURG),    SIG(SIGXCPU),  SIG(SIGXFSZ),
        SIG(SIGPROF),   SIG(SIGIO),   SIG(SIGSYS),  SIG(SIGVTALRM), SIG(SIGWINCH),
#ifdef SIGSTKFLT
        SIG(SIGSTKFLT),
#endif
#ifdef SIGPWR
        SIG(SIGPWR),
#endif
    };
#undef SIG
    if (sig > 0 && (size_t)sig < sizeof names / sizeof names[0] && names[sig])
        return names[sig];
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        return "real-time signal";
    return "unknown signal";
}

/* 1 GB, 64 MB, 4096 bytes: the largest unit that divides the amount. */
static void format_bytes(double amount, char *buf, size_t size)
{
    static const char *const units[] = {"GB", "MB", "KB"};
    unsigned long long n = (unsigned long long)amount;
    for (int i = 0; i < 3; i++) {
        unsigned long long unit = 1ull << (30 - 10 * i);
        if (n >= unit && n % unit == 0) {
            snprintf(buf, size, "%llu %s", n / unit, units[i]);
            return;
        }
    }
    snprintf(buf, size, "%llu bytes", n);
}

static void describe_limit(const struct proc_result *res, char *buf, size_t size)
{
    char amount[64];
    if (strcmp(res->limit, "CPU time") == 0)
        snprintf(buf, size, "killed: CPU time limit (%g s) exceeded", res->limit_value);
    else if (strcmp(res->limit, "processes") == 0)
        snprintf(buf, size, "killed: process limit (%g tasks) reached", res->limit_value);
    else {
        format_bytes(res->limit_value, amount, sizeof amount);
        snprintf(buf, size, "killed: %s limit (%s) exceeded", res->limit, amount);
    }
}

const char *proc_describe(const struct proc_result *res, char *buf, size_t size)
{
    char msg[256];
    if (!size)
        return buf;
    if (res->spawn_failed && res->spawn_step)
        snprintf(buf, size, "could not start: sandbox setup failed at %s: %s", res->spawn_step,
                 strerror_r(res->spawn_errno, msg, sizeof msg));
    else if (res->spawn_failed)
        /* GNU strerror_r: thread-safe, returns a static string or fills msg. */
        snprintf(buf, size, "could not start: %s", strerror_r(res->spawn_errno, msg, sizeof msg));
    else if (res->limit)
        describe_limit(res, buf, size);
    else if (res->timed_out)
        snprintf(buf, size, "timeout after %.1f s (possible deadlock)", res->timeout_s);
    else if (res->term_signal)
        snprintf(buf, size, "killed by %s", proc_signal_name(res->term_signal));
    else
        snprintf(buf, size, "exit %d", res->exit_code);
    size_t len = strlen(buf);
    if (res->survivors && len < size)
        snprintf(buf + len, size - len, "; %d process%s of the run could not be killed",
                 res->survivors, res->survivors == 1 ? "" : "es");
    return buf;
}
