/* exercise_check.c: is a student's fix really a fix?
 *
 * The student's copy of cases/ID.c is judged as if it were the case's safe
 * twin: the twin's header gives the expectations (clean under every tool
 * that applies, the twin's oracle, its time limit) and the check engine runs
 * it, over several runs, exactly as `racelab check` runs safe/ID.c. Three
 * things a real fix keeps and a cheat loses are checked on top:
 *   - it still compiles, under -Wall -Wextra too (warnings are shown);
 *   - it starts at least the case's threads (the thread-count shim) and the
 *     oracle still sees all the work done;
 *   - the threads still run at the same time: a native run preloads the
 *     concurrency probe, which catches joining right after creating, and,
 *     where the case forbids it, one lock held over each thread's whole life.
 * OpenMP programs are run on 2, 3 and 4 threads in turn. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "exercise.h"
#include "probe.h"
#include "proc.h"
#include "report_common.h"
#include "util.h"

/* A C source a student could have written: text, and not absurdly large. */
static const char *not_source(const char *text, size_t len)
{
    if (len > (1u << 20))
        return "it is larger than 1 MB: not a C source file";
    if (memchr(text, '\0', len))
        return "it contains NUL bytes: binary data, not a C source file";
    return NULL;
}

/* Record a failure: the first reason is the one-line verdict; every report is
 * kept, in order. */
static void fail(struct exercise_result *res, const char *reason, const char *report)
{
    res->passed = false;
    if (!res->reason)
        res->reason = xstrdup(reason);
    if (report) {
        struct strbuf sb = STRBUF_INIT;
        if (res->report)
            strbuf_adds(&sb, res->report);
        strbuf_adds(&sb, report);
        if (sb.len && sb.buf[sb.len - 1] != '\n')
            strbuf_addch(&sb, '\n');
        free(res->report);
        res->report = strbuf_detach(&sb);
    }
}

/* clang -fsyntax-only with the case's flags and -Wall -Wextra: a fix must
 * compile, and its warnings are worth reading. Paths in the messages are the
 * workspace's (clang runs in it). Returns 0 when it compiles. */
static int compile_check(const struct exercise_check_options *o, const struct program *prog,
                         const char *ws_dir, const char *rel, struct exercise_result *res)
{
    const char *argv[16];
    char *include;
    size_t n = 0;
    argv[n++] = "clang";
    argv[n++] = "-fsyntax-only";
    n = build_language_argv(".", prog, argv, n, &include); /* "." is ws_dir: clang runs there */
    argv[n++] = "-Wall";
    argv[n++] = "-Wextra";
    argv[n++] = "-fno-color-diagnostics";
    if (!prog->openmp)
        argv[n++] = "-Wno-unknown-pragmas";
    argv[n++] = rel;
    argv[n] = NULL;
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {
        .argv = argv, .envp = env, .cwd = ws_dir, .timeout_s = 120, .output_cap = 64 << 10};
    (void)o; /* its limits, once proc_run takes them */
    struct proc_result pr;
    int ran = proc_run(&spec, &pr);
    free(include);
    if (ran < 0) {
        fail(res, "could not run the compiler", strerror(errno));
        proc_result_free(&pr);
        return -1;
    }
    int rc = 0;
    if (pr.spawn_failed || pr.timed_out || pr.term_signal || pr.exit_code != 0) {
        char desc[256];
        fail(res, "does not compile", *pr.err ? pr.err : proc_describe(&pr, desc, sizeof desc));
        rc = -1;
    } else if (*pr.err) {
        res->warnings = xstrdup(pr.err);
    }
    proc_result_free(&pr);
    return rc;
}

/* The one-case catalog whose safe program is the student's file: the safe
 * twin's header with the student's path. */
static int exercise_catalog(const struct exercise_check_options *o, const struct rl_case *c,
                            const char *ws_dir, const char *rel, struct catalog *cat, char **err)
{
    memset(cat, 0, sizeof *cat);
    const struct program *twin = &c->variants[VARIANT_SAFE];
    char *twin_path = xasprintf("%s/%s", o->catalog_root, twin->path), *text = NULL;
    if (read_file(twin_path, &text, NULL) < 0) {
        *err = xasprintf("%s: %s", twin_path, strerror(errno));
        free(twin_path);
        return -1;
    }
    cat->root = xstrdup(ws_dir);
    cat->cases = xcalloc(1, sizeof *cat->cases);
    cat->len = 1;
    struct rl_case *x = &cat->cases[0];
    x->id = xstrdup(c->id);
    x->family = xstrdup(c->family);
    x->name = xstrdup(c->name);
    struct program *p = &x->variants[VARIANT_SAFE];
    int rc = program_parse(rel, text, VARIANT_SAFE, p, err);
    free(text);
    free(twin_path);
    if (rc < 0) {
        catalog_free(cat);
        return -1;
    }
    /* No Rust here; always a native run: the oracle and the probe see it. */
    free(p->expect[TOOL_RUSTC].reason);
    p->expect[TOOL_RUSTC] = (struct expectation){.mode = EXPECT_NONE};
    if (p->expect[TOOL_NATIVE].mode == EXPECT_NONE)
        p->expect[TOOL_NATIVE].mode = EXPECT_CLEAN;
    if (o->timeout_s > 0 && o->timeout_s < p->timeout_s)
        p->timeout_s = o->timeout_s;
    const struct program *bug = &c->variants[VARIANT_UNSAFE];
    if (bug->min_threads > p->min_threads)
        p->min_threads = bug->min_threads;
    return 0;
}

/* Must a fix of c run its threads at the same time? Only when the
 * reference, the safe twin, does so every time. Many cases order their
 * threads on purpose (racelab/handshake.h makes worker 2 start after worker
 * 1 is done, so that the detectors see one interleaving): whether those
 * threads overlap at all is an accident of scheduling, and a fix cannot be
 * asked to overlap threads the lesson itself keeps apart; those are exempt.
 * The others must overlap in five native runs of the twin under the probe
 * (their barriers make it so). The twin is racelab's own code: built and run
 * without the sandbox. */
static bool reference_overlaps(const struct exercise_check_options *o, const struct rl_case *c,
                               const char *build_dir)
{
    const struct program *twin = &c->variants[VARIANT_SAFE];
    char *src = xasprintf("%s/%s", o->catalog_root, twin->path), *text = NULL;
    bool ordered = read_file(src, &text, NULL) < 0 || strstr(text, "racelab/handshake.h");
    free(text);
    free(src);
    if (ordered)
        return false;
    /* Built as the student's native run is (build_program, PROFILE_NATIVE:
     * the same flags and the thread-count shim), and cached: a watch loop's
     * next check reuses it. */
    struct build_env benv;
    char *why = NULL, *bin = NULL, *log = NULL;
    bool cached;
    bool ok = build_env_init(&benv, o->catalog_root, build_dir, o->shim_dir, &why) == 0;
    if (ok) {
        ok = build_program(&benv, twin, PROFILE_NATIVE, &bin, &log, &cached) == 0;
        build_env_free(&benv);
    }
    free(why);
    free(log);
    char *probe_file = xasprintf("%s/reference.probe", build_dir);
    char *probe_so = xasprintf("%s/probe.so", o->shim_dir), *abs_so = realpath(probe_so, NULL);
    char *probe_env = xasprintf("LD_PRELOAD=%s", abs_so ? abs_so : probe_so);
    free(abs_so);
    free(probe_so);
    char *file_env = xasprintf("RACELAB_PROBE_FILE=%s", probe_file);
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", probe_env, file_env, NULL};
    struct proc_result pr;
    size_t nargs = 0;
    while (twin->args[nargs])
        nargs++;
    const char **argv = xcalloc(nargs + 2, sizeof *argv);
    argv[0] = bin;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 1] = twin->args[i];
    for (int run = 0; ok && run < 5; run++) {
        struct proc_spec rs = {.argv = argv,
                               .envp = env,
                               .cwd = build_dir,
                               .timeout_s = twin->timeout_s,
                               .output_cap = 64 << 10};
        struct probe_report rep = {0};
        char *err = NULL;
        ok = proc_run(&rs, &pr) == 0 && !pr.timed_out && !pr.term_signal &&
             probe_read(probe_file, &rep, &err) == 0 && rep.max_live >= 2;
        proc_result_free(&pr);
        if (!err)
            probe_report_free(&rep);
        free(err);
    }
    free(argv);
    free(file_env);
    free(probe_env);
    free(probe_file);
    free(bin);
    return ok;
}

/* Serialised threads, from the native runs' probe reports. A rule fails the
 * check when it fires in more than half of the runs: a cheat fires it every
 * time, and a thread preempted for milliseconds in a legitimate fix once in
 * a while does not decide. */
static void judge_concurrency(const struct exercise_check_options *o, const struct rl_case *c,
                              const struct check_row *row, const char *build_dir,
                              struct exercise_result *res)
{
    bool overlap_required = reference_overlaps(o, c, build_dir);
    bool forbid = c->variants[VARIANT_UNSAFE].overlap == OVERLAP_WORK;
    const struct run_outcome *runs = row->outcomes[TOOL_NATIVE];
    int judged = 0, fired = 0;
    char first[512] = "";
    for (int k = 0; runs && k < row->nruns[TOOL_NATIVE]; k++) {
        if (runs[k].status != RUN_OK)
            continue;
        struct probe_report pr;
        char *err = NULL, why[512];
        if (!runs[k].probe || probe_parse(runs[k].probe, "probe report", &pr, &err) < 0) {
            res->tool_error = true;
            fail(res, "the concurrency probe gave no report",
                 err ? err : "the program ran without the probe's report (see racelab --help)");
            free(err);
            return;
        }
        if (!overlap_required && pr.max_live < 2)
            pr.max_live = 2; /* the reference's threads take turns too: judge only the locks */
        const char *serial = probe_judge(&pr, forbid, why, sizeof why);
        judged++;
        if (serial && fired++ == 0)
            snprintf(first, sizeof first, "native run %d of %d: %s\n", k + 1,
                     row->nruns[TOOL_NATIVE], serial);
        probe_report_free(&pr);
    }
    if (judged && fired * 2 > judged) {
        char *report = xasprintf("%s(in %d of %d native runs)\n", first, fired, judged);
        fail(res, "the threads no longer run at the same time", report);
        free(report);
    }
}

/* The verdict in one line for the CSV and the headline: each problem once,
 * with the tools that saw it: "data-race (tsan, helgrind, drd); wrong-result
 * (tsan)". A failure none of these names keeps the judgement's own reason. */
static char *summarize(const struct check_report *rep, const struct check_row *row)
{
    enum {
        FEW = FK__COUNT,
        CRASH,
        OTHER,
        NPROBLEMS
    }; /* after the finding kinds (wrong-result among them) */
    struct strbuf tools[NPROBLEMS];
    const char *other = NULL, *crash = NULL;
    for (int k = 0; k < NPROBLEMS; k++)
        tools[k] = (struct strbuf)STRBUF_INIT;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct judgement *j = &row->judged[t];
        if (!(rep->tools & (1u << t)) || j->verdict != VERDICT_FAIL)
            continue;
        /* A run killed by a signal or a sandbox limit: "killed by SIGSEGV",
         * "killed: memory limit (1 GB) exceeded". */
        const char *died = NULL;
        for (int k = 0; row->outcomes[t] && k < row->nruns[t] && !died; k++)
            if (row->outcomes[t][k].status == RUN_CRASH)
                died = row->outcomes[t][k].detail;
        bool named = false;
        for (int k = 0; k < NPROBLEMS; k++) {
            bool hit = k < FK__COUNT ? (j->observed & (1u << k)) != 0
                       : k == FEW ? j->threads_seen >= 0 && j->threads_seen < row->prog->min_threads
                       : k == CRASH ? died && (!crash || strcmp(crash, died) == 0)
                                    : !named;
            if (k == CRASH && hit)
                crash = died;
            if (!hit)
                continue;
            named = true;
            strbuf_addf(&tools[k], "%s%s", tools[k].len ? ", " : "", tool_name(t));
            if (k == OTHER && !other)
                other = j->reason;
        }
    }
    struct strbuf sb = STRBUF_INIT;
    for (int k = 0; k < NPROBLEMS; k++) {
        if (!tools[k].len)
            continue;
        const char *what = k < FK__COUNT ? finding_kind_name(k)
                           : k == FEW    ? "fewer threads than the exercise needs"
                           : k == CRASH  ? crash
                                         : other;
        strbuf_addf(&sb, "%s%s (%s)", sb.len ? "; " : "", what, tools[k].buf);
        strbuf_release(&tools[k]);
    }
    return strbuf_detach(&sb);
}

int exercise_check(const struct exercise_check_options *o, const struct rl_case *c,
                   const char *ws_dir, struct exercise_result *res, char **err)
{
    memset(res, 0, sizeof *res);
    char *rel = xasprintf("%s.c", c->id), *path = xasprintf("%s/%s", ws_dir, rel), *text = NULL;
    size_t len = 0;
    int rc = 0;
    if (read_file(path, &text, &len) < 0) {
        char *why = xasprintf("%s: %s", rel, strerror(errno));
        fail(res, errno == ENOENT ? "missing file" : "unreadable file", why);
        free(why);
    } else if (not_source(text, len)) {
        char *why = xasprintf("%s: %s", rel, not_source(text, len));
        fail(res, "not a C source file", why);
        free(why);
    } else if (compile_check(o, &c->variants[VARIANT_UNSAFE], ws_dir, rel, res) == 0) {
        struct catalog cat;
        if (exercise_catalog(o, c, ws_dir, rel, &cat, err) < 0) {
            rc = -1;
        } else {
            char *id = xstrdup(c->id);
            for (char *s = id; *s; s++)
                if (*s == '/')
                    *s = '.';
            char *build_dir = xasprintf("%s/exercise/%s", o->build_dir, id);
            /* Absolute: it is preloaded in scratch directories. */
            char *rel_probe = xasprintf("%s/probe.so", o->shim_dir);
            char *probe = realpath(rel_probe, NULL);
            if (!probe)
                probe = xstrdup(rel_probe);
            free(rel_probe);
            struct check_options co = {.root = ws_dir,
                                       .build_dir = build_dir,
                                       .shim_dir = o->shim_dir,
                                       .tools = ((1u << TOOL__COUNT) - 1) & ~(1u << TOOL_RUSTC),
                                       .variants = {false, true},
                                       .runs = o->runs,
                                       .jobs = o->jobs,
                                       .catalog = &cat,
                                       .probe = probe,
                                       .vary_omp_threads = true,
                                       .vary_params = true,
                                       .limits = o->limits};
            struct check_report rep;
            if (check_run(&co, &rep, err) < 0) {
                rc = -1;
            } else {
                res->passed = true;
                const struct check_row *row = &rep.rows[0];
                res->tool_error = check_exit_status(&rep) == 2;
                char *reason = summarize(&rep, row);
                for (int t = 0; t < TOOL__COUNT; t++) {
                    if (!(rep.tools & (1u << t)) || row->judged[t].verdict != VERDICT_FAIL)
                        continue;
                    struct strbuf sb = STRBUF_INIT;
                    report_condensed(&sb, &rep, row, t);
                    fail(res, reason, sb.buf);
                    strbuf_release(&sb);
                }
                free(reason);
                if (res->passed)
                    judge_concurrency(o, c, row, build_dir, res);
                check_report_free(&rep);
            }
            free(probe);
            free(build_dir);
            free(id);
        }
    }
    free(text);
    free(path);
    free(rel);
    return rc;
}

void exercise_result_free(struct exercise_result *res)
{
    free(res->reason);
    free(res->report);
    free(res->warnings);
    memset(res, 0, sizeof *res);
}
