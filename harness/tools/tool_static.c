/* tool_static.c: running the static tools (tsa, analyzer, tidy, cppcheck:
 * their rows' `analysis`, tool_module.h).
 *
 * A static tool reads the program's source and runs nothing: its "run" is
 * one analysis, whose output the tool's parser turns into findings. The
 * analysis is cached like a build (build/static/<tool>/...): the key is the
 * tool's version, its command line, the source and every shared header, so a
 * warm re-run of an unchanged catalog starts no analyser, and only the raw
 * output is kept (parsing it again is cheap and keeps one code path). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "proc.h"
#include "tool_module.h"
#include "util.h"

static atomic_ulong analyser_runs;

unsigned long static_analyser_runs(void)
{
    return atomic_load(&analyser_runs);
}

/* Run the analyser; returns its whole output (stderr, then stdout) and sets
 * *status (-1 when it could not run to completion, with the reason in the
 * output). */
static char *run_analyser(const char *const *argv, const char *cwd,
                          const struct proc_limits *limits, int *status)
{
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "HOME=/nonexistent", NULL};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .cwd = cwd,
                             .timeout_s = 300,
                             .output_cap = 4u << 20,
                             .limits = limits};
    struct proc_result pr;
    atomic_fetch_add(&analyser_runs, 1);
    if (proc_run(&spec, &pr) < 0) {
        *status = -1;
        return xasprintf("%s: cannot run: %s", argv[0], strerror(errno));
    }
    char desc[256];
    *status = pr.spawn_failed || pr.timed_out || pr.term_signal ? -1 : pr.exit_code;
    char *text = xasprintf("%s%s%s", pr.err, pr.out,
                           *status < 0 ? proc_describe(&pr, desc, sizeof desc) : "");
    proc_result_free(&pr);
    return text;
}

int static_analyze(const struct build_env *env, const struct program *prog, enum tool_id tool,
                   struct run_outcome *out, bool *cached)
{
    memset(out, 0, sizeof *out);
    out->threads_started = -1;
    *cached = false;
    char *source = xasprintf("%s/%s", env->root, prog->path);
    const char *argv[40];
    char *keep;
    const struct static_ops *ops = tool_ops(tool)->analysis;
    size_t argc = ops->command(tool, env, prog, source, argv, &keep);
    char *base = xasprintf("%s/static/%s/%.*s", env->build_dir, tool_name(tool),
                           (int)(strlen(prog->path) - 2), prog->path);
    char *record_path = xasprintf("%s.out", base);

    const char *version = env->static_version[tool] ? env->static_version[tool] : "none";
    unsigned long long h = hash_bytes(HASH_INIT, version, strlen(version));
    for (size_t i = 0; i < argc; i++)
        h = hash_bytes(h, argv[i], strlen(argv[i]) + 1);
    h = hash_file(h, source);
    h ^= env->include_hash;
    char key[32];
    snprintf(key, sizeof key, "key %016llx\n", h);

    /* The cached record, one file renamed into place whole: "key K\nstatus
     * N\n" then the tool's output, so that racelab processes sharing the
     * build directory never read one analysis's key with another's output. */
    char *saved = NULL, *text = NULL;
    int status = -1;
    const char *rest;
    if (read_file(record_path, &saved, NULL) == 0 && str_starts_with(saved, key) &&
        sscanf(rest = saved + strlen(key), "status %d", &status) == 1 && strchr(rest, '\n')) {
        *cached = true;
        text = xstrdup(strchr(rest, '\n') + 1);
    } else {
        char *dir = xstrdup(base);
        *strrchr(dir, '/') = '\0';
        /* The analyser's cwd is a directory of its own, never shared: cppcheck
         * writes its dump and build files there by the source's name, clang
         * --analyze and clang-tidy may leave files too, and two analyses of
         * one source (racelab processes sharing a build directory) must not
         * meet. */
        char *work = NULL;
        if (mkdir_p(dir) < 0 || build_scratch_dir(env, &work) < 0) {
            run_outcome_tool_error(out, "%s: %s", dir, strerror(errno));
            free(dir);
            goto done;
        }
        text = run_analyser(argv, work, env->limits, &status);
        remove_tree(work);
        free(work);
        free(dir);
        char *record = xasprintf("%sstatus %d\n%s", key, status, text);
        if (status >= 0)
            write_file_atomic(record_path, record, strlen(record)); /* else analysed again */
        free(record);
    }
    out->err = xstrdup(text);
    char *first_error = NULL;
    int errors = ops->parse(tool, text, &out->findings, &first_error);
    if (errors < 0) {
        /* Said by its output, not its status: not kept for next time. */
        if (!*cached)
            unlink(record_path);
        run_outcome_tool_error(out, "%s failed: %s", argv[0], first_error);
    } else if (errors) {
        out->status = RUN_BUILD_ERROR;
        out->detail = xasprintf("%s: does not compile: %s", tool_name(tool), first_error);
    } else if (status < 0 || (status != 0 && !ops->warns_with_status)) {
        /* A non-zero exit without any error line, or a killed analyser, is
         * the tool's failure. */
        run_outcome_tool_error(out, "%s failed (status %d): %.*s", argv[0], status,
                               (int)strcspn(text, "\n"), text);
    } else {
        out->status = RUN_OK;
        out->exit_code = 0;
    }
    free(first_error);
done:
    free(text);
    free(saved);
    free(record_path);
    free(base);
    free(keep);
    free(source);
    return out->status == RUN_TOOL_ERROR ? -1 : 0;
}
