/* proc.h: run one program to completion, with a time limit, capturing its output.
 *
 * The programs racelab runs are buggy on purpose: they deadlock, crash, flood
 * their output, fork children that outlive them, or ignore SIGTERM. proc_run()
 * contains all of that: the child runs in its own process group, which is
 * signalled as a whole on timeout and killed once the direct child has exited;
 * stdout and stderr are drained concurrently and capped; nothing is left
 * behind (no zombie, no fd, no stray process in the group).
 *
 * proc_run() is thread-safe and meant to be called from several harness
 * threads at once. It installs no signal handler. The caller must not set
 * SIGCHLD to SIG_IGN (the kernel would then reap children itself and their
 * status would be lost) and must not reap arbitrary children (wait(-1)). */
#ifndef RACELAB_PROC_H
#define RACELAB_PROC_H

#include <stdbool.h>
#include <stddef.h>

struct proc_spec {
    /* argv[0] is looked up in the PATH of envp (not the harness's own) when it
     * has no '/'; without PATH in envp, "/bin:/usr/bin" is searched, like
     * execvp(). Relative PATH entries (and empty ones, meaning ".") are
     * skipped: the harness never wants to run whatever lies in a cwd. A path
     * with a '/' is used as is, relative to cwd when cwd is set. */
    const char *const *argv;
    const char *const *envp; /* the complete environment of the child; NULL = empty */
    const char *cwd;         /* NULL = inherit */
    double timeout_s;        /* wall-clock limit; <= 0 means none */
    size_t output_cap;       /* max bytes kept of stdout and of stderr each (0 keeps nothing);
                                the rest is read and dropped */
    const char *stdin_path;  /* NULL = /dev/null */
};

struct proc_result {
    char *out, *err; /* captured stdout / stderr, NUL-terminated (never NULL after proc_run) */
    size_t out_len, err_len;
    bool out_truncated, err_truncated;
    bool timed_out;     /* killed because of the time limit (SIGTERM, then SIGKILL after a grace) */
    double timeout_s;   /* the limit that applied (copied from the spec), for proc_describe() */
    int exit_code;      /* valid when !term_signal && !timed_out && !spawn_failed; -1 otherwise */
    int term_signal;    /* signal that killed the process, 0 if none */
    bool spawn_failed;  /* chdir or exec failed, or argv[0] is not in PATH */
    int spawn_errno;    /* ... and why: ENOENT, EACCES, ENOEXEC (no "#!" fallback to sh) */
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
 * "could not start: No such file or directory". */
const char *proc_describe(const struct proc_result *res, char *buf, size_t size);

#endif
