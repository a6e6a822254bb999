/* exercise_check.c: is a student's fix really a fix?
 *
 * The student's copy of cases/ID.c is judged as if it were the case's safe
 * twin: the twin's header gives the expectations (clean under every tool
 * that applies, the twin's oracle, its time limit) and the check engine runs
 * it exactly as `racelab check` runs safe/ID.c, with what a program racelab
 * did not write needs on top. In order, each step ending the check when it
 * fails:
 *   1. the file is there, is text, and the workspace's include/ is still
 *      racelab's (a student's own headers there would be trusted);
 *   2. it compiles, under -Wall -Wextra too (warnings are shown);
 *   3. it opts out of nothing (optout.h: no sanitizer attribute, no test
 *      for a detector, no raw system call...), read from its preprocessed
 *      source and its compiled object; cached by the source's content;
 *   4. every tool runs it, built at -O0, on sizes chosen afresh for every
 *      run (param.h), each run watched from outside (observe.h): threads
 *      counted, fork/exec/the report channel refused, deadlocks ended
 *      early; the first run that decides a failure ends the check;
 *   5. its threads still run at the same time (overlap.h), as its exercise
 *      asks.
 * A program that synchronises with C11 atomics is not judged by Helgrind
 * and DRD, which do not model them and would report races in correct code
 * (n/a, said so); ThreadSanitizer judges it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "exercise.h"
#include "exercise_feedback.h"
#include "optout.h"
#include "overlap.h"
#include "proc.h"
#include "toolchain.h"
#include "util.h"

/* Runs of each judging tool added when only the witness of concurrency is
 * missing (wants_confirming_runs). */
#define CONFIRMING_RUNS 6

/* Record a failure: the first reason is the one-line verdict; every report is
 * kept, in order. */
static void set_status(struct exercise_result *res, enum exercise_status status)
{
    if (res->status == EXERCISE_PASS || res->status == EXERCISE_FAIL)
        res->status = status;
}

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

/* clang -fsyntax-only on `file` (relative to ws_dir, where clang runs,
 * or absolute) with the case's flags and -Wall -Wextra, under the run's
 * limits. Returns proc_run's result. */
static int syntax_check(const struct exercise_check_options *o, const struct program *prog,
                        const char *ws_dir, const char *file, struct proc_result *pr)
{
    const char *argv[16];
    char *include;
    size_t n = 0;
    argv[n++] = toolchain_program("clang");
    argv[n++] = "-fsyntax-only";
    n = build_language_argv(".", prog, argv, n, &include); /* "." is ws_dir: clang runs there */
    argv[n++] = "-Wall";
    argv[n++] = "-Wextra";
    argv[n++] = "-fno-color-diagnostics";
    if (!prog->openmp)
        argv[n++] = "-Wno-unknown-pragmas";
    argv[n++] = file;
    argv[n] = NULL;
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .cwd = ws_dir,
                             .timeout_s = 120,
                             .output_cap = 64 << 10,
                             .limits = o->limits};
    int ran = proc_run(&spec, pr);
    free(include);
    return ran;
}

/* The compiler was killed or ran out of time on the student's file: the
 * file's doing (a source built to exhaust the compiler) or the machine's (a
 * grade's limits on a loaded machine)? The exercise's own copy, compiled
 * the same way under the same limits, tells: if that fails too, the verdict
 * is racelab's tool error, never the student's "does not compile". */
static bool reference_compiles(const struct exercise_check_options *o, const struct program *prog,
                               const char *ws_dir, char **why)
{
    char *root = realpath(o->catalog_root, NULL);
    char *path = xasprintf("%s/%s", root ? root : o->catalog_root, prog->path);
    struct proc_result pr;
    int ran = syntax_check(o, prog, ws_dir, path, &pr);
    char desc[256];
    bool ok = ran == 0 && !pr.spawn_failed && !pr.timed_out && !pr.term_signal && pr.exit_code == 0;
    if (!ok)
        *why = xasprintf("the compiler failed on racelab's own copy of the exercise too (%s): %s",
                         path, ran < 0 ? strerror(errno) : proc_describe(&pr, desc, sizeof desc));
    proc_result_free(&pr);
    free(path);
    free(root);
    return ok;
}

/* A fix must compile, and its warnings are worth reading. Paths in the
 * messages are the workspace's (clang runs in it). Returns 0 when it
 * compiles. */
static int compile_check(const struct exercise_check_options *o, const struct program *prog,
                         const char *ws_dir, const char *rel, struct exercise_result *res)
{
    struct proc_result pr;
    int ran = syntax_check(o, prog, ws_dir, rel, &pr);
    char desc[256], *why = NULL;
    if (ran < 0 || pr.spawn_failed) { /* racelab's fault, not the file's */
        fail(res, "could not run the compiler",
             ran < 0 ? strerror(errno) : proc_describe(&pr, desc, sizeof desc));
        set_status(res, EXERCISE_TOOL_ERROR);
        proc_result_free(&pr);
        return -1;
    }
    int rc = 0;
    bool killed = pr.timed_out || pr.term_signal;
    if (killed && !reference_compiles(o, prog, ws_dir, &why)) {
        fail(res, "could not run the compiler", why);
        set_status(res, EXERCISE_TOOL_ERROR);
        free(why);
        rc = -1;
    } else if (killed || pr.exit_code != 0) {
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
                            const char *ws_dir, const char *rel, unsigned facts,
                            struct catalog *cat, char **err)
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
    /* No Rust here; always a native run: the oracle and the observer see it
     * without any tool in between. */
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
    p->exercise.allow = bug->exercise.allow;
    p->exercise.overlap = bug->exercise.overlap;
    /* Helgrind and DRD do not model C11 atomics: on a program that
     * synchronises with them (a flag, a spinlock of its own) they report
     * races in correct code. Not their verdict to give: TSan's. */
    for (int t = 0; (facts & FACT_ATOMICS) && t < TOOL__COUNT; t++) {
        if (!tool_has((enum tool_id)t, TOOL_CAP_VALGRIND))
            continue;
        struct expectation *ex = &p->expect[t];
        if (ex->mode != EXPECT_CLEAN)
            continue;
        ex->mode = EXPECT_NA;
        free(ex->reason);
        ex->reason = xasprintf("your program synchronises with C11 atomics, which %s does not "
                               "model (it would report races in correct code); ThreadSanitizer "
                               "judges it",
                               tool_title((enum tool_id)t));
    }
    return 0;
}

/* Every observed run of a row, added to runs[*k] (grown as needed). */
static void add_observed(const struct check_row *row, struct overlap_run **runs, size_t *k)
{
    size_t n = *k;
    for (int t = 0; t < TOOL__COUNT; t++)
        n += row->outcomes[t] ? (size_t)row->nruns[t] : 0;
    *runs = xrealloc(*runs, (n + 1) * sizeof **runs);
    for (int t = 0; t < TOOL__COUNT; t++)
        for (int r = 0; row->outcomes[t] && r < row->nruns[t]; r++)
            if (row->outcomes[t][r].status == RUN_OK && row->outcomes[t][r].observation)
                (*runs)[(*k)++] =
                    (struct overlap_run){(enum tool_id)t, row->outcomes[t][r].observation};
}

/* The overlap judge's verdict on every observed run of row and of `more`
 * (the confirming runs, or NULL): with confirming runs, two must witness. */
static void judge_observed(const struct rl_case *c, const struct check_row *row,
                           const struct check_row *more, struct overlap_verdict *v)
{
    const struct program *bug = &c->variants[VARIANT_UNSAFE];
    struct overlap_run *runs = NULL;
    size_t k = 0;
    add_observed(row, &runs, &k);
    if (more)
        add_observed(more, &runs, &k);
    overlap_judge(bug->exercise.overlap, row->prog->min_threads, bug->openmp, more ? 2 : 1, runs, k,
                  v);
    free(runs);
}

/* Still concurrent? Judged from every observed run of every tool (the
 * observer watched them from outside: overlap.h), and of the confirming
 * runs when there were some (`more`). */
static void judge_concurrency(const struct rl_case *c, const struct check_row *row,
                              const struct check_row *more, struct exercise_result *res)
{
    struct overlap_verdict v;
    judge_observed(c, row, more, &v);
    if (v.inconclusive) {
        fail(res, "racelab could not watch the threads", v.reason);
        set_status(res, EXERCISE_TOOL_ERROR);
    } else if (!v.ok) {
        char *report = xasprintf("%s%s", v.reason, v.detail ? "\n" : "");
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s%s", report, v.detail ? v.detail : "");
        fail(res, "the threads no longer run at the same time", sb.buf);
        strbuf_release(&sb);
        free(report);
    }
    overlap_verdict_free(&v);
}

/* Did the runs pass every tool, and fail only for want of a witness that
 * the threads work at the same time? Then more runs are worth their time:
 * a hold lands where it can, one thread of an OpenMP team under TSan works
 * at a third of the other's pace, and on a loaded machine a run in five
 * shows nothing. A fix is never failed on two runs for that alone. The
 * extra runs must show it twice (judge_concurrency): a fix that shares its
 * work shows it in most runs, a cheat that takes turns only by chance, and
 * it gains (almost) nothing from them. */
static bool wants_confirming_runs(const struct rl_case *c, const struct check_report *rep)
{
    const struct check_row *row = &rep->rows[0];
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((rep->tools & (1u << t)) && row->judged[t].verdict == VERDICT_FAIL)
            return false;
    if (check_exit_status(rep) == 2)
        return false;
    struct overlap_verdict v;
    judge_observed(c, row, NULL, &v);
    bool want = !v.ok && v.unwitnessed;
    overlap_verdict_free(&v);
    return want;
}

/* ---- the steps ------------------------------------------------------------------------------ */

/* Step 1: the workspace's include/ must be racelab's: its headers are
 * trusted by the scan (optout.h), so a student's own there would be too. */
static bool include_is_racelabs(const struct exercise_check_options *o, const char *ws_dir,
                                struct exercise_result *res)
{
    char *link = xasprintf("%s/include", ws_dir), *want = xasprintf("%s/include", o->catalog_root);
    char *a = realpath(link, NULL), *b = realpath(want, NULL);
    bool ok = a && b && strcmp(a, b) == 0;
    if (!ok) {
        char *why = xasprintf("%s does not lead to racelab's own include/ (%s): the headers a fix "
                              "includes must be racelab's; 'racelab exercise start' puts the link "
                              "back",
                              link, want);
        fail(res, "refused: the workspace's include/ was changed", why);
        set_status(res, EXERCISE_REFUSED);
        free(why);
    }
    free(a);
    free(b);
    free(link);
    free(want);
    return ok;
}

/* Step 3, cached: the scan runs clang four times, and a watch loop checks
 * the same source again and again. The cache file holds "facts N" and a
 * line "LINE\tWHAT\tWHY" per refusal, keyed by the source, the allowed
 * capabilities, racelab's headers, the compiler and racelab. */
static char *cache_path(const char *build_dir, const char *text, unsigned allow,
                        const char *catalog_root)
{
    unsigned long long h = hash_bytes(HASH_INIT, text, strlen(text));
    h = hash_bytes(h, &allow, sizeof allow);
    char *inc = xasprintf("%s/include/racelab", catalog_root);
    static const char *const headers[] = {"param.h", "handshake.h", "guarded.h", "executor.h"};
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
        char *f = xasprintf("%s/%s", inc, headers[i]);
        h = hash_file(h, f);
        free(f);
    }
    free(inc);
    h = hash_file(h, toolchain_program("clang"));
    /* And racelab itself: its rules change between versions, and a scan
     * cached by an older one (a fence allowed then) must not stand. */
    h = hash_file(h, "/proc/self/exe");
    return xasprintf("%s/optout-%016llx", build_dir, h);
}

static bool cache_read(const char *path, const char *rel, struct refusal_list *out, unsigned *facts)
{
    char *text = NULL;
    if (read_file(path, &text, NULL) < 0)
        return false;
    memset(out, 0, sizeof *out);
    bool ok = sscanf(text, "facts %u", facts) == 1;
    for (char *line = strchr(text, '\n'); ok && line && line[1]; line = strchr(line + 1, '\n')) {
        char *l = line + 1, *t1 = strchr(l, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        char *end = t2 ? strchr(t2 + 1, '\n') : NULL;
        if (!t1 || !t2 || !end) {
            ok = false;
            break;
        }
        out->items = xrealloc(out->items, (out->len + 1) * sizeof *out->items);
        out->items[out->len++] =
            (struct refusal){xstrdup(rel), atoi(l), xstrndup(t1 + 1, (size_t)(t2 - t1 - 1)),
                             xstrndup(t2 + 1, (size_t)(end - t2 - 1))};
    }
    free(text);
    if (!ok)
        refusal_list_free(out);
    return ok;
}

static void cache_write(const char *path, const struct refusal_list *l, unsigned facts)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "facts %u\n", facts);
    for (size_t i = 0; i < l->len; i++) {
        const struct refusal *r = &l->items[i];
        if (strpbrk(r->what, "\t\n") || strpbrk(r->why, "\t\n")) {
            strbuf_release(&sb);
            return; /* not cacheable: scanned again next time */
        }
        strbuf_addf(&sb, "%d\t%s\t%s\n", r->line, r->what, r->why);
    }
    write_file_atomic(path, sb.buf, sb.len); /* not written: scanned again next time */
    strbuf_release(&sb);
}

static int scan(const struct exercise_check_options *o, const struct rl_case *c, const char *ws_dir,
                const char *rel, const char *text, const char *build_dir,
                struct exercise_result *res, char **err)
{
    const struct program *bug = &c->variants[VARIANT_UNSAFE];
    struct refusal_list refused = {0};
    unsigned facts = 0;
    char *cache = cache_path(build_dir, text, bug->exercise.allow, o->catalog_root);
    if (!cache_read(cache, rel, &refused, &facts)) {
        /* racelab's own include/, not the workspace's link: step 1 saw to it
         * that they are the same, and the scan trusts what is under it. */
        const char *lang[8];
        char *include;
        size_t n = build_language_argv(o->catalog_root, bug, lang, 0, &include);
        lang[n] = NULL;
        struct optout_request req = {.cwd = ws_dir,
                                     .source = rel,
                                     .lang_argv = lang,
                                     .allow = bug->exercise.allow,
                                     .limits = o->limits,
                                     .work_dir = build_dir};
        int rc = optout_scan(&req, &refused, &facts, err);
        free(include);
        if (rc == 1) {
            /* The build compiled it, the scan could not: nothing was
             * judged, and a program is never run unjudged. */
            char *why = *err;
            *err = xasprintf("the opt-out scan could not compile what the build compiled: %s", why);
            free(why);
            rc = -1;
        }
        if (rc < 0) {
            free(cache);
            return -1;
        }
        cache_write(cache, &refused, facts);
    }
    free(cache);
    res->facts = facts;
    if (refused.len) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < refused.len; i++) {
            char *line = refusal_format(&refused.items[i]);
            strbuf_addf(&sb, "%s\n", line);
            free(line);
        }
        char *reason = xasprintf("refused: %s", refused.items[0].what);
        fail(res, reason, sb.buf);
        set_status(res, EXERCISE_REFUSED);
        free(reason);
        strbuf_release(&sb);
    }
    refusal_list_free(&refused);
    return 0;
}

/* The confirming runs, into *more: CONFIRMING_RUNS more of the tools whose
 * runs the work rule judges (TSan's, and the plain one unless the program
 * is an OpenMP one: overlap.h), with their own catalog. False when they
 * could not be had: the verdict rests on the first runs. */
static bool confirming_runs(const struct exercise_check_options *o, const struct rl_case *c,
                            const char *ws_dir, const char *rel, unsigned facts,
                            const struct check_options *first, struct check_report *more)
{
    struct catalog cat;
    char *err = NULL;
    if (exercise_catalog(o, c, ws_dir, rel, facts, &cat, &err) < 0) {
        free(err);
        return false;
    }
    struct check_options co = *first;
    co.catalog = &cat;
    co.tools = 1u << TOOL_TSAN | (c->variants[VARIANT_UNSAFE].openmp ? 0 : 1u << TOOL_NATIVE);
    co.runs = CONFIRMING_RUNS;
    if (check_run(&co, more, &err) < 0) {
        free(err);
        check_report_free(more); /* it owns the catalog either way */
        return false;
    }
    return true;
}

/* What the runs decided, for the student: the summary, the wrong fixes'
 * lessons, each failing tool's report. */
static void judge_runs(const struct rl_case *c, const struct check_report *rep,
                       const struct check_report *more, struct exercise_result *res)
{
    const struct check_row *row = &rep->rows[0];
    bool refused = false, tool_error = check_exit_status(rep) == 2;
    for (int t = 0; t < TOOL__COUNT; t++)
        for (int k = 0; row->outcomes[t] && k < row->nruns[t]; k++)
            refused |= row->outcomes[t][k].status == RUN_REFUSED;
    char *reason = feedback_summary(rep, row);
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(rep->tools & (1u << t)) || row->judged[t].verdict != VERDICT_FAIL)
            continue;
        struct strbuf sb = STRBUF_INIT;
        feedback_report(&sb, rep, row, t);
        fail(res, reason, sb.buf);
        strbuf_release(&sb);
    }
    free(reason);
    if (!res->passed) {
        set_status(res, refused      ? EXERCISE_REFUSED
                        : tool_error ? EXERCISE_TOOL_ERROR
                                     : EXERCISE_FAIL);
        res->lesson = feedback_wrong_fixes(c, row, res->facts);
    } else {
        judge_concurrency(c, row, more ? &more->rows[0] : NULL, res);
    }
}

int exercise_check(const struct exercise_check_options *o, const struct rl_case *c,
                   const char *ws_dir, struct exercise_result *res, char **err)
{
    memset(res, 0, sizeof *res);
    res->passed = true;
    char *rel = xasprintf("%s.c", c->id), *path = xasprintf("%s/%s", ws_dir, rel), *text = NULL;
    char *id = xstrdup(c->id);
    for (char *s = id; *s; s++)
        if (*s == '/')
            *s = '.';
    char *build_dir = xasprintf("%s/exercise/%s", o->build_dir, id);
    int rc = 0;
    struct catalog cat;
    char *unread = NULL;
    /* Never waits on a FIFO, nor reads a directory, a device or a dump. */
    if (read_text_file(path, EXERCISE_FILE_MAX, &text, &unread) < 0) {
        bool missing = errno == ENOENT, not_c = errno == EINVAL || errno == EFBIG;
        char *why = xasprintf("%s: %s", rel, unread);
        fail(res,
             missing ? "missing file"
             : not_c ? "not a C source file"
                     : "unreadable file",
             why);
        set_status(res, not_c ? EXERCISE_NO_COMPILE : EXERCISE_MISSING);
        free(why);
        free(unread);
    } else if (!include_is_racelabs(o, ws_dir, res)) {
        /* refused */
    } else if (compile_check(o, &c->variants[VARIANT_UNSAFE], ws_dir, rel, res) < 0) {
        set_status(res, EXERCISE_NO_COMPILE);
    } else if (mkdir_p(build_dir) < 0) {
        *err = xasprintf("%s: %s", build_dir, strerror(errno));
        rc = -1;
    } else if (scan(o, c, ws_dir, rel, text, build_dir, res, err) < 0) {
        rc = -1;
    } else if (!res->passed) {
        /* refused before it ran */
    } else if (exercise_catalog(o, c, ws_dir, rel, res->facts, &cat, err) < 0) {
        rc = -1;
    } else {
        struct check_options co = {.root = ws_dir,
                                   .build_dir = build_dir,
                                   .shim_dir = o->shim_dir,
                                   .tools = tools_with(TOOL_CAP_EXERCISE),
                                   .variants = {false, true},
                                   .runs = o->runs,
                                   .jobs = o->jobs,
                                   .catalog = &cat,
                                   .untrusted = {.vary_omp_threads = true,
                                                 .vary_params = true,
                                                 .observe = true,
                                                 .stop_on_failure = true,
                                                 .limits = o->limits},
                                   .on_progress = o->on_progress,
                                   .progress_ctx = o->progress_ctx};
        struct check_report rep, more;
        bool have_more = false;
        if (check_run(&co, &rep, err) < 0)
            rc = -1;
        else if (wants_confirming_runs(c, &rep))
            have_more = confirming_runs(o, c, ws_dir, rel, res->facts, &co, &more);
        res->confirming = have_more ? CONFIRMING_RUNS : 0;
        if (rc == 0)
            judge_runs(c, &rep, have_more ? &more : NULL, res);
        if (have_more)
            check_report_free(&more);
        check_report_free(&rep); /* it owns the catalog either way */
    }
    if (rc == 0 && res->passed)
        res->status = EXERCISE_PASS;
    if (rc == 0 && !res->passed && res->status == EXERCISE_PASS)
        res->status = EXERCISE_FAIL;
    res->tool_error = res->status == EXERCISE_TOOL_ERROR;
    free(build_dir);
    free(id);
    free(text);
    free(path);
    free(rel);
    return rc;
}

const char *exercise_status_name(enum exercise_status s)
{
    static const char *const names[] = {
        [EXERCISE_PASS] = "pass",       [EXERCISE_FAIL] = "fail",
        [EXERCISE_MISSING] = "missing", [EXERCISE_NO_COMPILE] = "does-not-compile",
        [EXERCISE_REFUSED] = "refused", [EXERCISE_TOOL_ERROR] = "tool-error",
    };
    return names[s];
}

void exercise_result_free(struct exercise_result *res)
{
    free(res->reason);
    free(res->lesson);
    free(res->report);
    free(res->warnings);
    memset(res, 0, sizeof *res);
}
