/* tool_exec.c: running a program under a tool (tool_module.h): the
 * scrubbed environment, the process and its observer, and what the run's
 * outcome says of them. The tool modules call tool_exec; native_tool_run is
 * the native and rustc rows' run hook. */
#define _GNU_SOURCE
#include "tool_module.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "observe.h"
#include "proc.h"
#include "util.h"

char **env_build(const char *scratch_dir, const char *const *extra)
{
    /* Only what a run needs, nothing inherited: TSAN_OPTIONS, VALGRIND_OPTS,
     * OMP_* or LD_PRELOAD from the caller's shell must not change a verdict.
     * HOME points at the scratch directory so ~/.valgrindrc is not read
     * either (and the run's cwd is the scratch directory, for ./.valgrindrc). */
    size_t n = 0;
    while (extra && extra[n])
        n++;
    char **env = xcalloc(n + 5, sizeof *env);
    size_t i = 0;
    env[i++] = xstrdup("PATH=/usr/local/bin:/usr/bin:/bin");
    env[i++] = xasprintf("HOME=%s", scratch_dir);
    env[i++] = xstrdup("LANG=C");
    env[i++] = xasprintf("TMPDIR=%s", scratch_dir);
    for (size_t k = 0; k < n; k++)
        env[i++] = xstrdup(extra[k]);
    env[i] = NULL;
    return env;
}

void env_free(char **env)
{
    for (char **e = env; e && *e; e++)
        free(*e);
    free(env);
}

void run_outcome_free(struct run_outcome *o)
{
    free(o->detail);
    finding_list_free(&o->findings);
    free(o->out);
    free(o->err);
    free(o->params);
    observation_free(o->observation);
    memset(o, 0, sizeof *o);
}

/* No detector (native, and a Rust twin rustc accepted): the run is judged
 * by its exit, output and time alone. */
int native_tool_run(const struct run_request *req, struct run_outcome *out)
{
    return tool_exec(req, &(struct tool_exec_opts){.observe_tool = OBSERVE_NATIVE}, out, NULL,
                     NULL);
}

long thread_count_parse(const char *text, bool *exited)
{
    *exited = false;
    errno = 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (errno || end == text || n < 0 || !isspace((unsigned char)*end))
        return -1;
    end += strspn(end, " \t");
    size_t word = strcspn(end, " \t\r\n");
    bool exit_word = word == 4 && !strncmp(end, "exit", 4);
    if (!exit_word && !(word == 3 && !strncmp(end, "run", 3)))
        return -1;
    end += word;
    if (end[strspn(end, " \t\r\n")])
        return -1;
    *exited = exit_word;
    return n;
}

/* The count from the shim's file, or -1 when it is absent or not one. */
static long read_thread_count(const char *path, bool *exited)
{
    char *text;
    size_t len = 0;
    *exited = false;
    if (read_file_regular(path, &text, &len) < 0) /* the program could have replaced it */
        return -1;
    long n = strlen(text) == len ? thread_count_parse(text, exited) : -1;
    free(text);
    return n;
}

void run_outcome_take_process(struct run_outcome *out, struct proc_result *pr,
                              const char *threads_file, double timeout_s)
{
    char desc[256];
    out->out = pr->out;
    out->err = pr->err;
    pr->out = pr->err = NULL;
    out->elapsed_s = pr->elapsed_s;
    out->child_cpu_s = pr->child_cpu_s;
    bool exited = threads_file == NULL;
    if (threads_file)
        out->threads_started = read_thread_count(threads_file, &exited);
    out->limit = pr->limit;
    if (pr->spawn_failed) {
        run_outcome_tool_error(out, "%s", proc_describe(pr, desc, sizeof desc));
    } else if (pr->survivors) {
        /* The sandbox failed: whatever the program did is not a verdict. */
        run_outcome_tool_error(out, "%s", proc_describe(pr, desc, sizeof desc));
    } else if (pr->limit) {
        /* A broken limit ends the run like a crash: "killed: memory limit (1 GB) exceeded". */
        out->status = RUN_CRASH;
        out->detail = xstrdup(proc_describe(pr, desc, sizeof desc));
    } else if (pr->timed_out && pr->starved) {
        /* Not the program's time: no verdict either way. */
        run_outcome_tool_error(out, "%s", proc_describe(pr, desc, sizeof desc));
    } else if (pr->timed_out) {
        out->status = RUN_TIMEOUT;
        out->cpu_rate_at_timeout = pr->cpu_rate_at_timeout;
        out->detail = xasprintf("timeout after %g s (possible deadlock)%s", timeout_s,
                                pr->waited_s >= 1 ? "; the limit counted only the time it could "
                                                    "run (it also waited for a CPU)"
                                                  : "");
    } else if (pr->term_signal) {
        out->status = RUN_CRASH;
        out->detail = xasprintf("crashed: %s", proc_describe(pr, desc, sizeof desc));
    } else {
        out->status = RUN_OK;
        out->exit_code = pr->exit_code;
        out->detail = xasprintf("exit %d", pr->exit_code);
        out->exit_unrecorded = !exited;
        if (!exited)
            run_outcome_tool_error(out,
                                   "the program exited (status %d) without running its exit "
                                   "handlers: the tool died under it, or the program called "
                                   "_exit()",
                                   pr->exit_code);
    }
}

/* The observed run's own outcome: a refusal, a deadlock, or an observer
 * that could not work, said over whatever the process itself did. */
static void take_observation(struct run_outcome *out, struct proc_result *pr)
{
    struct observation *obs = pr->observation;
    pr->observation = NULL;
    out->observation = obs;
    if (!obs) {
        if (out->status == RUN_OK)
            run_outcome_tool_error(out, "the program ran without being observed");
        return;
    }
    out->threads_started = (long)observation_threads_started(obs);
    if (obs->error) {
        run_outcome_tool_error(out, "observing the program failed: %s", obs->error);
    } else if (obs->refused) {
        free(out->detail);
        out->status = RUN_REFUSED;
        out->detail = xasprintf("refused: the program called %s", obs->refused);
    } else if (obs->deadlock) {
        free(out->detail);
        out->status = RUN_TIMEOUT;
        out->detail = xasprintf("deadlock: every thread waited, with nothing left to wake it, "
                                "for 2 s (ended after %.1f s)",
                                obs->deadlock_after_s);
    }
}

/* Hold signal of observed runs: a real-time signal no program in the
 * catalog uses; the tracer drops it before the program could see it. */
#define OBSERVE_HOLD_SIGNAL (SIGRTMAX - 2)

int tool_exec(const struct run_request *req, const struct tool_exec_opts *x,
              struct run_outcome *out, char **channel, bool *channel_truncated)
{
    char *threads_file = xasprintf("%s/threads", req->scratch_dir);
    char *threads_env = xasprintf("RACELAB_THREADS_FILE=%s", threads_file);
    char *channel_env = NULL;
    if (req->observe && x->channel_fd > 2)
        channel_env = x->protect_channel ? xasprintf("RACELAB_REPORT_FD=%d", x->channel_fd)
                                         : xasprintf("RACELAB_CLOSE_FD=%d", x->channel_fd);
    size_t nextra = 0, nreq = 0, nprefix = 0, nargs = 0;
    while (x->env && x->env[nextra])
        nextra++;
    while (req->env && req->env[nreq])
        nreq++;
    while (x->prefix && x->prefix[nprefix])
        nprefix++;
    while (req->args && req->args[nargs])
        nargs++;
    const char **extra = xcalloc(nextra + nreq + 7, sizeof *extra);
    size_t at = 0;
    for (size_t i = 0; i < nextra; i++)
        extra[at++] = x->env[i];
    for (size_t i = 0; i < nreq; i++)
        extra[at++] = req->env[i];
    if (channel_env)
        extra[at++] = channel_env;
    /* Observed, libomp's idle threads sleep at once rather than spin for
     * 200 ms: a thread that waits must look like one that waits. */
    if (req->observe && req->openmp) {
        extra[at++] = "KMP_BLOCKTIME=0";
        /* and a thread waiting for a lock (omp critical, omp_set_lock)
         * sleeps in the kernel instead of spinning: libomp's default lock
         * spins with yields, and under TSan a spinning turn never looks the
         * same twice, so a team taking turns looked like one working. */
        extra[at++] = "KMP_LOCK_KIND=futex";
    }
    extra[at] = threads_env;
    char **env = env_build(req->scratch_dir, extra);
    const char **argv = xcalloc(nprefix + nargs + 2, sizeof *argv);
    size_t n = 0;
    for (size_t i = 0; i < nprefix; i++)
        argv[n++] = x->prefix[i];
    argv[n++] = req->binary;
    for (size_t i = 0; i < nargs; i++)
        argv[n++] = req->args[i];

    struct observe_spec os = {
        .tool = (enum observe_tool)x->observe_tool,
        .birth_holds = true,
        .work_holds = x->observe_tool != OBSERVE_VALGRIND,
        .allow_processes = req->allow_processes,
        .hold_signal = OBSERVE_HOLD_SIGNAL,
        /* A quarter of the run's time at most, and 3 s: holds find what they
         * look for in their first milliseconds. */
        .hold_budget_s = req->timeout_s / 4 < 3 ? req->timeout_s / 4 : 3,
        .tool_exec_prefixes = x->tool_exec_prefixes,
        .tool_execs = x->tool_execs,
    };
    if (x->protect_channel && x->channel_fd > 2)
        os.protect_fd[os.nprotect++] = x->channel_fd;
    struct proc_spec spec = {.argv = argv,
                             .envp = (const char *const *)env,
                             .cwd = req->scratch_dir,
                             .timeout_s = req->timeout_s,
                             .output_cap = RUN_OUTPUT_CAP,
                             .limits = req->limits,
                             .observe = req->observe ? &os : NULL,
                             .cancel = req->cancel};
    if (req->observe && x->channel_fd > 2)
        spec.channels[spec.nchannels++] = (struct proc_channel){x->channel_fd, RUN_OUTPUT_CAP};
    struct proc_result pr;
    int rc = proc_run(&spec, &pr);
    /* An observer that lost track of a thread (a ptrace stop that never
     * came: seen on a loaded virtual machine) judged nothing: run it once
     * more before calling it a tool error. */
    if (rc == 0 && pr.observation && pr.observation->error && !pr.cancelled) {
        proc_result_free(&pr);
        rc = proc_run(&spec, &pr);
    }
    if (rc < 0) {
        run_outcome_tool_error(out, "could not run %s: %s", argv[0], strerror(errno));
    } else {
        /* Rust twins carry no thread-count shim; observed runs count from outside. */
        bool counted = req->tool == TOOL_RUSTC || req->no_shim || req->observe;
        run_outcome_take_process(out, &pr, counted ? NULL : threads_file, req->timeout_s);
        if (req->observe && !pr.spawn_failed)
            take_observation(out, &pr);
        if (pr.cancelled) {
            free(out->detail);
            out->status = RUN_SKIPPED;
            out->detail = xstrdup("cancelled: an earlier run had decided");
        }
        if (channel) {
            *channel = pr.channel[0];
            pr.channel[0] = NULL;
            if (channel_truncated)
                *channel_truncated = pr.channel_truncated[0];
        }
        proc_result_free(&pr);
    }
    free(argv);
    env_free(env);
    free(extra);
    free(channel_env);
    free(threads_env);
    free(threads_file);
    return rc;
}
