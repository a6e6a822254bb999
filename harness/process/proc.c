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
#include "observe.h"
#include "reaper.h"
#include "run_clock.h"
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
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
/* The last seconds before a timeout whose CPU rate says whether the program
 * was still computing. */
#define CPU_WINDOW_S 2.0

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

/* Steps of the child's own set-up, besides the sandbox's (sandbox.h). */
enum { STEP_GO = 1000, STEP_CHANNEL, STEP_FILTER };

static const char *step_name(int step)
{
    return step == STEP_GO        ? "waiting for the observer"
           : step == STEP_CHANNEL ? "setting up a report channel"
           : step == STEP_FILTER  ? "installing the seccomp filter"
                                  : sandbox_step_name(step);
}

/* What the child needs besides the spec, prepared before fork. */
struct child_setup {
    const char *file;
    const struct sandbox_child *sandbox;
    const char *const *envp;
    int in_fd, out_fd, err_fd, report_fd;
    int go_fd;                       /* observed: wait for the tracer; -1 otherwise */
    int channel_src[PROC_CHANNELS];  /* write ends, above every channel's number */
    const struct sock_fprog *filter; /* observed: installed last, just before exec */
};

/* Between fork and exec: async-signal-safe calls only (the parent is
 * multithreaded, so another thread may have held the malloc lock at fork). */
static void child_exec(const struct proc_spec *spec, const struct child_setup *c)
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

    /* An observed child waits until its tracer is attached: nothing it does
     * from here on may go unseen. EOF without the byte: the parent gave up. */
    char go;
    if (c->go_fd >= 0 && read(c->go_fd, &go, 1) != 1) {
        report.step = STEP_GO;
        goto fail;
    }

    /* A core dump of a crashing test program is slow and litters the cwd. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    /* Limits, namespaces, ids: before the dup2()s, which a uid switch does not affect. */
    if (c->sandbox && (report.step = sandbox_child_setup(c->sandbox)) != 0)
        goto fail;

    /* dup2() clears close-on-exec on the copies, which is exactly what we want. */
    if (dup2(c->in_fd, 0) < 0 || dup2(c->out_fd, 1) < 0 || dup2(c->err_fd, 2) < 0)
        goto fail;
    for (size_t i = 0; i < spec->nchannels; i++)
        if (dup2(c->channel_src[i], spec->channels[i].fd) < 0) {
            report.step = STEP_CHANNEL;
            goto fail;
        }
    /* Any fd the harness (or a library in it) opened without O_CLOEXEC would
     * leak into the program under test; mark them all close-on-exec (the
     * channels excepted). Only a kernel older than 5.11 lacks this, and then
     * we simply do without. */
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    for (size_t i = 0; i < spec->nchannels; i++)
        if (fcntl(spec->channels[i].fd, F_SETFD, 0) < 0) {
            report.step = STEP_CHANNEL;
            goto fail;
        }
    if (spec->cwd && chdir(spec->cwd) < 0)
        goto fail;
    /* Observed: the program yields to its tracer. The tracer wakes every
     * fraction of a millisecond to sample and to hold threads; a program
     * whose threads fill every core would otherwise keep it off the CPU for
     * milliseconds, and its threads would finish unwatched. */
    if (c->filter && setpriority(PRIO_PROCESS, 0, 10) < 0) {
        report.step = STEP_FILTER;
        goto fail;
    }
    /* Last: from here on the tracer decides about every exec, this one too. */
    if (c->filter && observe_child_install(c->filter) < 0) {
        report.step = STEP_FILTER;
        goto fail;
    }
    execve(c->file, (char *const *)spec->argv, (char *const *)c->envp);
fail:
    report.err = errno;
    ssize_t n = write(c->report_fd, &report, sizeof report);
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
    reaper_forget(pid);
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
    /* What left the group (setsid) and outlived its parents is ours now. */
    res->orphans_killed = reaper_collect(pid);
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

/* The run, while it runs: the child, its pipes (stdout, stderr, channels)
 * and, when observed, its tracer. */
struct run {
    pid_t pid;
    const struct proc_spec *spec;
    struct capture cap[2 + PROC_CHANNELS];
    size_t ncap;
    struct observer *obs;
    struct proc_result *res;
    double start;
};

/* Step the observer: *done once the child has exited (left unreaped). */
static int observe_step(struct run *r, double now, bool *done)
{
    bool kill_now = false;
    int us = observer_step(r->obs, now, done, &kill_now);
    if (kill_now && !*done && !r->res->timed_out && !r->res->limit && !r->res->term_signal) {
        /* A refusal ends the run at once; a deadlock like a time limit. */
        observer_release(r->obs, now);
        r->res->timed_out = true;
        r->res->exit_code = -1;
    }
    return us;
}

/* poll() with a timeout in microseconds: the observer samples finer than a
 * millisecond. */
static int poll_us(struct pollfd *pfd, nfds_t n, long us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    return ppoll(pfd, n, &ts, NULL);
}

/* Read every pipe until the child has been reaped and the pipes are at EOF
 * (or the drain grace is over), enforcing the time limit on the way. */
static int supervise(struct run *r)
{
    const struct proc_spec *spec = r->spec;
    const struct proc_limits *lim = spec->limits;
    struct proc_result *res = r->res;
    pid_t pid = r->pid;
    double start = r->start, term_at = 0, drain_until = 0, next_poll = start;
    bool reaped = false, killed = false, refusing = false;
    int idle_ms = 1, reap_err = 0;
    struct run_clock clock;
    run_clock_start(&clock, pid, spec->timeout_s, start);
    res->cpu_rate_at_timeout = -1;

    for (;;) {
        double now = now_s();
        bool exited = false;
        long observe_us = POLL_MS * 1000L;
        if (!reaped && r->obs)
            observe_us = observe_step(r, now, &exited);
        else if (!reaped)
            exited = child_exited(pid);
        if (!reaped && r->obs && res->timed_out && !term_at && !refusing) {
            /* The observer ended it: a refusal is killed outright (nothing
             * of it is to be kept), a deadlock is ended like a time limit. */
            term_at = now;
            refusing = !observer_deadlock_pending(r->obs);
            signal_child(pid, refusing ? SIGKILL : SIGTERM);
            killed = refusing;
        }
        if (!reaped && exited) {
            if (finish(pid, lim, res, start) < 0)
                reap_err = errno;
            reaped = true;
            now = now_s();
            drain_until = now + DRAIN_GRACE_S;
        }
        bool open_pipes = false;
        for (size_t i = 0; i < r->ncap; i++)
            open_pipes |= r->cap[i].fd >= 0;
        if (reaped && (!open_pipes || now >= drain_until))
            break;
        if (!reaped && now >= next_poll) {
            poll_usage(pid, lim, res);
            run_clock_sample(&clock, now);
            next_poll = now + POLL_MS / 1000.0;
        }
        if (!reaped && spec->cancel && !res->cancelled && atomic_load(spec->cancel)) {
            res->cancelled = true;
            if (r->obs)
                observer_release(r->obs, now);
            signal_child(pid, SIGKILL);
            killed = true;
        }
        if (!reaped && spec->timeout_s > 0 && !res->timed_out && !res->limit &&
            run_clock_expired(&clock, now)) {
            res->cpu_rate_at_timeout = run_clock_cpu_rate(&clock, CPU_WINDOW_S);
            res->starved = run_clock_starved(&clock, now);
            res->timed_out = true;
            res->exit_code = -1;
            term_at = now;
            if (r->obs)
                observer_release(r->obs, now);
            signal_child(pid, SIGTERM);
        }
        if (!reaped && res->timed_out && !killed && now - term_at >= TERM_GRACE_S) {
            killed = true;
            signal_child(pid, SIGKILL);
        }

        /* poll() ignores negative fds, so closed pipes can stay in the array. */
        struct pollfd pfd[2 + PROC_CHANNELS];
        for (size_t i = 0; i < r->ncap; i++)
            pfd[i] = (struct pollfd){.fd = r->cap[i].fd, .events = POLLIN};
        int wait_ms = POLL_MS;
        if (reaped)
            wait_ms = ms_until(drain_until, now);
        else if (res->timed_out && !killed)
            wait_ms = ms_until(term_at + TERM_GRACE_S, now);
        else if (spec->timeout_s > 0 && !res->timed_out)
            wait_ms = ms_until(now + run_clock_left_s(&clock, now), now); /* at most POLL_MS */
        long wait_us = wait_ms * 1000L;
        if (!reaped && r->obs && observe_us < wait_us)
            wait_us = observe_us;
        /* Every pipe closed but the child still runs: it is most likely about
         * to exit, so recheck soon, backing off towards POLL_MS. */
        if (!open_pipes && !reaped) {
            wait_us = idle_ms * 1000L < wait_us ? idle_ms * 1000L : wait_us;
            idle_ms = idle_ms * 2 > POLL_MS ? POLL_MS : idle_ms * 2;
        }
        if (poll_us(pfd, (nfds_t)r->ncap, wait_us) < 0 && errno != EINTR) {
            reap_err = errno; /* cannot happen with valid arguments; still, no zombie */
            if (!reaped) {
                signal_child(pid, SIGKILL);
                if (r->obs) /* its exit must be collected through the tracer */
                    while (!exited && observe_step(r, now_s(), &exited) >= 0 && !exited)
                        usleep(1000);
                finish(pid, lim, res, start);
            }
            break;
        }
        unsigned long long total = 0;
        for (size_t i = 0; i < r->ncap; i++) {
            if (pfd[i].revents)
                capture_read(&r->cap[i]);
            total += r->cap[i].total;
        }
        if (lim && lim->output_bytes && !reaped && total > lim->output_bytes)
            limit_kill(pid, res, "output", (double)lim->output_bytes);
    }
    res->waited_s = run_clock_waited_s(&clock);
    run_clock_free(&clock);
    errno = reap_err;
    return reap_err ? -1 : 0;
}

static void close_pair(int p[2])
{
    close_fd(&p[0]);
    close_fd(&p[1]);
}

/* Wait for the child's exec (EOF on the report pipe) or its failure report.
 * Observed, the exec itself stops for the tracer, so the tracer is stepped
 * meanwhile. Returns the bytes read (0: exec succeeded), -1 on error. */
static ssize_t await_exec(struct run *r, int report_fd, struct child_report *child)
{
    for (;;) {
        if (r->obs) {
            struct pollfd pfd = {.fd = report_fd, .events = POLLIN};
            bool exited = false;
            long us = observe_step(r, now_s(), &exited);
            if (poll_us(&pfd, 1, us) == 0)
                continue;
        }
        ssize_t n = read(report_fd, child, sizeof *child);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

/* Move fd to a number at or above `min` (close-on-exec), so that the child
 * can dup2() channels onto low numbers without clobbering a source. */
static int move_above(int *fd, int min)
{
    int moved = fcntl(*fd, F_DUPFD_CLOEXEC, min);
    if (moved < 0)
        return -1;
    close(*fd);
    *fd = moved;
    return 0;
}

int proc_run(const struct proc_spec *spec, struct proc_result *res)
{
    static const char *const empty_env[] = {NULL};
    struct run r = {.spec = spec, .res = res, .ncap = 2 + spec->nchannels};
    for (size_t i = 0; i < r.ncap; i++)
        r.cap[i] = (struct capture){-1, i < 2 ? spec->output_cap : spec->channels[i - 2].cap, false,
                                    STRBUF_INIT, 0};
    struct sandbox_child sandbox;
    struct child_setup c = {.envp = spec->envp ? spec->envp : empty_env, .go_fd = -1};
    int in_fd = -1, p_out[2] = {-1, -1}, p_err[2] = {-1, -1}, report[2] = {-1, -1};
    int go[2] = {-1, -1}, chan[PROC_CHANNELS][2] = {{-1, -1}, {-1, -1}};
    char *file = NULL;
    int rc = -1, err = EINVAL;

    memset(res, 0, sizeof *res);
    res->exit_code = -1;
    res->timeout_s = spec->timeout_s > 0 ? spec->timeout_s : 0;
    if (!spec->argv || !spec->argv[0] || spec->nchannels > PROC_CHANNELS)
        goto out;
    for (size_t i = 0; i < spec->nchannels; i++)
        if (spec->channels[i].fd <= 2)
            goto out;
    file = find_program(spec->argv[0], c.envp);
    if (!file) {
        /* Not a harness error: the program under test is what is missing. */
        res->spawn_failed = true;
        res->spawn_errno = errno;
        rc = 0;
        goto out;
    }
    c.file = file;
    if (spec->limits) {
        int step = sandbox_child_prepare(&sandbox, spec->limits, file, spec->cwd, spec->visible);
        if (step) {
            res->spawn_failed = true;
            res->spawn_errno = EINVAL;
            res->spawn_step = sandbox_step_name(step);
            rc = 0;
            goto out;
        }
        c.sandbox = &sandbox;
    }
    if (spec->observe && observe_filter(spec->observe, &c.filter) < 0) {
        err = errno;
        goto out;
    }

    in_fd = open(spec->stdin_path ? spec->stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
    if (in_fd < 0 || above_stdio(&in_fd) < 0 || make_pipe(p_out) < 0 || make_pipe(p_err) < 0 ||
        make_pipe(report) < 0 || (spec->observe && make_pipe(go) < 0)) {
        err = errno;
        goto out;
    }
    for (size_t i = 0; i < spec->nchannels; i++) {
        int top = 64;
        for (size_t k = 0; k < spec->nchannels; k++)
            top = spec->channels[k].fd >= top ? spec->channels[k].fd + 1 : top;
        if (make_pipe(chan[i]) < 0 || move_above(&chan[i][1], top) < 0) {
            err = errno;
            goto out;
        }
        c.channel_src[i] = chan[i][1];
    }
    c.in_fd = in_fd;
    c.out_fd = p_out[1];
    c.err_fd = p_err[1];
    c.report_fd = report[1];
    c.go_fd = go[0];
    reaper_start(); /* where the kernel refuses, orphans go to init as before */
    r.start = now_s();
    pid_t pid = reaper_fork();
    if (pid < 0) {
        err = errno;
        goto out;
    }
    if (pid == 0)
        child_exec(spec, &c);
    r.pid = pid;

    /* Also from this side: otherwise a timeout right after fork could signal a
     * group that does not exist yet. EACCES (the child already exec'd, having
     * done it itself) is fine. */
    setpgid(pid, pid);
    close_fd(&in_fd);
    close_fd(&p_out[1]);
    close_fd(&p_err[1]);
    close_fd(&report[1]);
    close_fd(&go[0]);
    r.cap[0].fd = p_out[0];
    r.cap[1].fd = p_err[0];
    p_out[0] = p_err[0] = -1; /* now owned by r.cap[] */
    for (size_t i = 0; i < spec->nchannels; i++) {
        close_fd(&chan[i][1]);
        r.cap[2 + i].fd = chan[i][0];
        chan[i][0] = -1;
    }
    int attach_err = 0;
    if (spec->observe) {
        r.obs = observer_attach(spec->observe, pid, r.start);
        /* Go, or EOF when there is no tracer: the child then reports STEP_GO. */
        if (!r.obs)
            attach_err = errno ? errno : EPERM;
        else if (write(go[1], "g", 1) != 1)
            kill(pid, SIGKILL);
        close_fd(&go[1]);
    }

    /* EOF means exec succeeded (close-on-exec closed the child's end); this may
     * also wait for another thread's child to exec, which is short. */
    struct child_report child;
    ssize_t n = await_exec(&r, report[0], &child);
    if (n != 0) {
        res->spawn_failed = true;
        res->spawn_errno = n == (ssize_t)sizeof child ? child.err : EIO;
        if (n == (ssize_t)sizeof child && child.step)
            res->spawn_step = step_name(child.step);
        if (attach_err) {
            res->spawn_errno = attach_err;
            res->spawn_step = "ptrace (observing the program from outside)";
        }
        if (r.obs) {
            bool exited = false;
            while (!exited && observe_step(&r, now_s(), &exited) >= 0 && !exited)
                usleep(1000);
        }
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        reaper_forget(pid);
        res->elapsed_s = now_s() - r.start;
        rc = 0;
        goto out;
    }
    rc = supervise(&r);
    err = errno;

out:
    if (r.obs)
        res->observation = observer_finish(r.obs);
    close_fd(&in_fd);
    close_pair(p_out);
    close_pair(p_err);
    close_pair(report);
    close_pair(go);
    for (size_t i = 0; i < PROC_CHANNELS; i++)
        close_pair(chan[i]);
    for (size_t i = 0; i < r.ncap; i++)
        close_fd(&r.cap[i].fd);
    free(file);
    res->out_len = r.cap[0].sb.len;
    res->out_truncated = r.cap[0].truncated;
    res->out = strbuf_detach(&r.cap[0].sb);
    res->err_len = r.cap[1].sb.len;
    res->err_truncated = r.cap[1].truncated;
    res->err = strbuf_detach(&r.cap[1].sb);
    for (size_t i = 0; i < spec->nchannels && i < PROC_CHANNELS; i++) {
        res->channel_len[i] = r.cap[2 + i].sb.len;
        res->channel_truncated[i] = r.cap[2 + i].truncated;
        res->channel[i] = strbuf_detach(&r.cap[2 + i].sb);
    }
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
    for (size_t i = 0; i < PROC_CHANNELS; i++) {
        free(res->channel[i]);
        res->channel[i] = NULL;
    }
    observation_free(res->observation);
    res->observation = NULL;
}

static bool observe_ok;
static char observe_why[256] = "observing works";

static void probe_observe(void)
{
    static const char *const argv[] = {"/bin/true", NULL};
    struct observe_spec os = {.tool = OBSERVE_NATIVE};
    struct proc_spec spec = {.argv = argv, .timeout_s = 10, .observe = &os};
    struct proc_result res;
    char desc[200];
    if (proc_run(&spec, &res) < 0)
        snprintf(observe_why, sizeof observe_why, "cannot observe a program here: %s",
                 strerror(errno));
    else if (res.spawn_failed || res.exit_code != 0 || !res.observation)
        snprintf(observe_why, sizeof observe_why, "cannot observe a program here: %s",
                 proc_describe(&res, desc, sizeof desc));
    else
        observe_ok = true;
    proc_result_free(&res);
}

bool proc_can_observe(const char **why)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, probe_observe);
    *why = observe_why;
    return observe_ok;
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
    else if (res->timed_out && res->starved)
        snprintf(buf, size,
                 "stopped after %.1f s: the machine was too busy to give it its %.1f s limit "
                 "(its threads waited %.1f s for a CPU)",
                 res->timeout_s * RUN_CLOCK_STRETCH, res->timeout_s, res->waited_s);
    else if (res->timed_out && res->waited_s >= 1)
        snprintf(buf, size,
                 "timeout after %.1f s (possible deadlock); the limit counted only the time it "
                 "could run: its threads also waited %.1f s for a CPU",
                 res->timeout_s, res->waited_s);
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
