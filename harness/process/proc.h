/* proc.h: run one program to completion, with a time limit, capturing its output.
 *
 * The programs racelab runs are buggy on purpose: they deadlock, crash, flood
 * their output, fork children that outlive them, or ignore SIGTERM. proc_run()
 * contains all of that: the child runs in its own process group, which is
 * signalled as a whole on timeout and killed once the direct child has exited;
 * stdout and stderr are drained concurrently and capped; nothing is left
 * behind (no zombie, no fd, no stray process in the group, and what left the
 * group is killed by racelab as its subreaper: reaper.h).
 *
 * proc_run() is thread-safe and meant to be called from several harness
 * threads at once. It installs no signal handler. The caller must not set
 * SIGCHLD to SIG_IGN (the kernel would then reap children itself and their
 * status would be lost) and must not reap arbitrary children (wait(-1)).
 *
 * With spec->limits, the program is untrusted (a student's submission): it
 * runs under resource limits, optionally as a dedicated unprivileged uid,
 * without network and with a private /tmp (see struct proc_limits and
 * sandbox.h). A run that breaks a limit is killed and res->limit names it. */
#ifndef RACELAB_PROC_H
#define RACELAB_PROC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* Limits for an untrusted program. 0 / false / NULL in a field: not applied.
 * Everything here is set up in the child between fork and exec; a step that
 * fails there is reported as a spawn failure naming the step (never a run
 * without the limit). */
struct proc_limits {
    double cpu_s;                    /* RLIMIT_CPU (per process): SIGXCPU, then SIGKILL 1 s later */
    unsigned long long file_bytes;   /* RLIMIT_FSIZE: a longer write gets SIGXFSZ */
    unsigned long long output_bytes; /* stdout + stderr in all: more and the run is killed */
    unsigned long nofile;            /* RLIMIT_NOFILE */
    /* Tasks (processes and threads) of the run. RLIMIT_NPROC when a uid is
     * set (it counts every task of the real uid, so it is only meaningful for
     * a dedicated one; root is exempt); in any case the harness polls the
     * run's tasks and kills it once they reach nproc. Valgrind, TSan and
     * OpenMP start threads of their own: leave room (128). */
    unsigned long nproc;
    /* Resident memory of every process of the run (its process group, and
     * with a uid every process of that uid), summed: anonymous and shared
     * memory (RssAnon + RssShmem), not the mapped files (libraries) that
     * every process shares. Polled every 50 ms, the run is killed when over.
     * Not RLIMIT_AS: ThreadSanitizer reserves terabytes of address space it
     * never touches. */
    unsigned long long mem_bytes;
    /* Run as this uid / gid (root only; ids need no /etc/passwd entry), with
     * no supplementary groups and no_new_privs (set-uid binaries do not
     * elevate). After the run every process of the uid is killed, however it
     * left the process group (setsid), before proc_run() returns. A uid must
     * be dedicated to one run at a time (sandbox.h hands them out). */
    unsigned uid, gid;
    /* A network namespace of its own (only a loopback, down): connect() to
     * anything fails. Root, or an unprivileged user namespace. */
    bool no_network;
    /* A mount namespace of its own with fresh tmpfs (tmp_bytes each, 64 MB
     * by default) on /tmp, /var/tmp, /dev/shm and /run/lock, and an IPC
     * namespace of its own (SysV objects die with the run). */
    bool private_tmp;
    unsigned long long tmp_bytes;
};

struct observe_spec; /* observe.h */
struct observation;  /* observe.h */

/* A pipe from the program to the harness besides stdout and stderr: its
 * write end is the program's descriptor `fd` (> 2), its content is read
 * while the program runs, up to `cap` bytes (the rest drained and counted).
 * A tool's report goes there (TSan's, Valgrind's XML), where the program
 * cannot unwrite it; with an observer, the program cannot close it either. */
struct proc_channel {
    int fd;
    size_t cap;
};
#define PROC_CHANNELS 2

struct proc_spec {
    /* argv[0] is looked up in the PATH of envp (not the harness's own) when it
     * has no '/'; without PATH in envp, "/bin:/usr/bin" is searched, like
     * execvp(). Relative PATH entries (and empty ones, meaning ".") are
     * skipped: the harness never wants to run whatever lies in a cwd. A path
     * with a '/' is used as is, relative to cwd when cwd is set. */
    const char *const *argv;
    const char *const *envp; /* the complete environment of the child; NULL = empty */
    const char *cwd;         /* NULL = inherit */
    /* Under a sandbox's private /tmp, a path (besides the program and cwd)
     * that must stay visible: a compile's output, under a build directory
     * in /tmp. NULL: none. */
    const char *visible;
    double timeout_s;  /* time limit (run_clock.h): the time the machine let it run; <= 0: none */
    size_t output_cap; /* max bytes kept of stdout and of stderr each (0 keeps nothing);
                          the rest is read and dropped */
    const char *stdin_path;           /* NULL = /dev/null */
    const struct proc_limits *limits; /* NULL: none, a trusted program */
    /* Watch every thread from outside (observe.h): the result lands in
     * proc_result.observation. NULL: not observed. */
    const struct observe_spec *observe;
    struct proc_channel channels[PROC_CHANNELS];
    size_t nchannels;
    /* When it becomes true, the run is killed at once (it is no longer
     * needed: an earlier run already decided) and proc_result.cancelled set.
     * NULL: never. */
    const _Atomic bool *cancel;
};

struct proc_result {
    char *out, *err; /* captured stdout / stderr, NUL-terminated (never NULL after proc_run) */
    size_t out_len, err_len;
    bool out_truncated, err_truncated;
    bool timed_out; /* killed because of the time limit (SIGTERM, then SIGKILL after a grace) */
    /* With timed_out: the CPU time the direct child used in the last
     * seconds before the limit, per second of wall time (1.0: one core
     * busy); -1 when not measured. Near 0: every thread waited (a deadlock);
     * well above: it was still computing (slow, or a livelock). */
    double cpu_rate_at_timeout;
    /* The time limit counts the time the machine let the program run
     * (run_clock.h): waited_s is the wall time it did not count, the
     * program's threads waiting for a CPU that others had. starved: it was
     * ended at the wall-clock bound, RUN_CLOCK_STRETCH times its limit,
     * before its own time ran out: the machine was too busy to judge it. */
    double waited_s;
    bool starved;
    double timeout_s;  /* the limit that applied (copied from the spec), for proc_describe() */
    int exit_code;     /* valid when !term_signal && !timed_out && !spawn_failed; -1 otherwise */
    int term_signal;   /* signal that killed the process, 0 if none */
    bool spawn_failed; /* chdir or exec failed, or argv[0] is not in PATH */
    int spawn_errno;   /* ... and why: ENOENT, EACCES, ENOEXEC (no "#!" fallback to sh) */
    const char *spawn_step; /* the sandbox step that failed ("setresuid", ...), or NULL */
    /* The limit the run broke and was killed for: "CPU time", "memory",
     * "file size", "processes", "output"; NULL if none. limit_value is that
     * limit (bytes, seconds or tasks), for proc_describe(). */
    const char *limit;
    double limit_value;
    /* Processes of the run still alive after every kill (its uid or its
     * process group could not be emptied); 0 normally. */
    int survivors;
    /* Processes of the run that outlived it outside its process group (a
     * setsid() double fork) and were killed once racelab, their subreaper,
     * had them (reaper.h): they may also be counted at another run's end. */
    int orphans_killed;
    /* Each channel's content (NUL-terminated, never NULL after proc_run for
     * the spec's channels), its length, and whether more came than its cap. */
    char *channel[PROC_CHANNELS];
    size_t channel_len[PROC_CHANNELS];
    bool channel_truncated[PROC_CHANNELS];
    /* With spec->observe: what the observer saw (see observe.h); NULL when
     * the program never started. A run the observer ended is timed_out with
     * observation->deadlock, or killed by SIGKILL with observation->refused. */
    struct observation *observation;
    bool cancelled;     /* killed because spec->cancel became true */
    double elapsed_s;   /* from just before fork to the reaping of the direct child */
    double child_cpu_s; /* user+sys of the child and of the descendants it waited for */
};

/* Run spec->argv to completion. Returns 0 when the program ran or could not be
 * started (see res->spawn_failed), whatever its outcome; -1 with errno set on a
 * harness error (out of fds, fork failed, stdin_path cannot be opened, argv
 * empty). In every case res is filled in and must be released with
 * proc_result_free(). */
int proc_run(const struct proc_spec *spec, struct proc_result *res);
void proc_result_free(struct proc_result *res);

/* "SIGSEGV", "SIGABRT", ...; "real-time signal" or "unknown signal" otherwise.
 * Static strings, thread-safe (unlike strsignal()). */
const char *proc_signal_name(int sig);

/* One line describing how the process ended, written into buf and returned:
 * "exit 0", "killed by SIGSEGV", "timeout after 5.0 s (possible deadlock)",
 * "could not start: No such file or directory", "killed: memory limit
 * (512 MB) exceeded", "could not start: sandbox setup failed at
 * unshare(CLONE_NEWNET): Operation not permitted". */
const char *proc_describe(const struct proc_result *res, char *buf, size_t size);

/* Can this process observe its children (ptrace and seccomp work here)?
 * Probes once (a short observed run of /bin/true), then answers from
 * memory; *why says what is missing when not. Thread-safe. */
bool proc_can_observe(const char **why);

#endif
