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
#include "overlap.h"
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
    /* What the exercise allows and how it must stay concurrent are the
     * exercise's, in cases/. */
    p->allow = bug->allow;
    p->overlap = bug->overlap;
    return 0;
}

/* Still concurrent? Judged from every observed run of every tool (the
 * observer watched them from outside: overlap.h). */
static void judge_concurrency(const struct rl_case *c, const struct check_row *row,
                              struct exercise_result *res)
{
    const struct program *bug = &c->variants[VARIANT_UNSAFE];
    size_t n = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        n += row->outcomes[t] ? (size_t)row->nruns[t] : 0;
    struct overlap_run *runs = xcalloc(n + 1, sizeof *runs);
    size_t k = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        for (int r = 0; row->outcomes[t] && r < row->nruns[t]; r++)
            if (row->outcomes[t][r].status == RUN_OK && row->outcomes[t][r].observation)
                runs[k++] = (struct overlap_run){(enum tool_id)t, row->outcomes[t][r].observation};
    struct overlap_verdict v;
    overlap_judge(bug->overlap, row->prog->min_threads, runs, k, &v);
    if (!v.ok) {
        char *report = xasprintf("%s%s", v.reason, v.detail ? "\n" : "");
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s%s", report, v.detail ? v.detail : "");
        fail(res, "the threads no longer run at the same time", sb.buf);
        strbuf_release(&sb);
        free(report);
    }
    overlap_verdict_free(&v);
    free(runs);
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
            struct check_options co = {.root = ws_dir,
                                       .build_dir = build_dir,
                                       .shim_dir = o->shim_dir,
                                       .tools = ((1u << TOOL__COUNT) - 1) & ~(1u << TOOL_RUSTC),
                                       .variants = {false, true},
                                       .runs = o->runs,
                                       .jobs = o->jobs,
                                       .catalog = &cat,
                                       .vary_omp_threads = true,
                                       .vary_params = true,
                                       .observe = true,
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
                    judge_concurrency(c, row, res);
                check_report_free(&rep);
            }
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
