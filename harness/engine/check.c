/* check.c: see check.h.
 *
 * Two phases on a fixed pool of threads: first every (program, profile)
 * build, then every (row, tool, run) execution. Workers take jobs from a
 * shared counter; results go to slots owned by one job each, so the only
 * shared state is the counter and each row's pending count (under a mutex,
 * which also wakes the caller to print completed rows in order). */
#define _GNU_SOURCE
#include "check.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "allow.h"
#include "baseline.h"
#include "build.h"
#include "fingerprint.h"
#include "run.h"
#include "rust_build.h"
#include "sandbox.h"
#include "suppress.h"
#include "util.h"

struct build_job {
    size_t row;
    enum build_profile profile;
    enum tool_id tool;           /* static profiles: the tool whose analysis this is */
    struct run_outcome analysis; /* static profiles: the result, copied into the row's one run */
    char *binary;                /* result */
    char *log;                   /* result on failure */
    bool rejected;               /* PROFILE_RUST: rustc refused the twin... */
    struct finding_list errors;  /* ... with these errors */
};

struct run_job {
    size_t row;
    enum tool_id tool;
    int run;
    size_t build;  /* index into engine.builds */
    bool hangs;    /* the header expects this run to hit its time limit */
    bool fallback; /* racelab run: a fallback tool's run (program.run.fallback_tools) */
    bool taken;    /* guarded by engine.lock */
};

struct engine {
    const struct check_options *opts;
    struct check_report *rep;
    struct build_env benv;
    struct rust_env renv;
    bool need_c, need_rust;       /* which build environments the plan uses */
    char *rust_missing;           /* why the rustc column is n/a, when no toolchain is installed */
    char *supp_file[TOOL__COUNT]; /* the suppressions in each tool's own format, or NULL */
    const struct baseline *baseline; /* the one findings are filtered by (opts', or updated) */
    char *build_dir;                 /* absolute */
    struct build_job *builds;
    size_t nbuilds;
    struct run_job *runs;
    size_t nruns;
    size_t next_job;             /* guarded by lock: builds, or the first run not yet taken */
    int *pending;                /* per row: runs not yet finished; guarded by lock */
    bool *row_done;              /* guarded by lock */
    _Atomic bool *row_failed;    /* stop_on_failure: a run of the row decided it fails */
    _Atomic bool *row_cut_short; /* ... and that run did not end by itself (timeout, crash) */
    /* racelab run: a run of (row, tool) decided that tool's verdict fails, so
     * its other runs are not needed; index row * TOOL__COUNT + tool. */
    _Atomic bool *tool_decided;
    size_t runs_done; /* guarded by lock: for on_progress */
    /* Per row: runs of tools that are not the fallback, not yet finished
     * (guarded by lock). A fallback run waits on primary_finished for 0. */
    int *primary_pending;
    pthread_mutex_t lock;
    pthread_cond_t row_finished;
    pthread_cond_t primary_finished;
    int phase;               /* 0 = builds, 1 = runs */
    unsigned long long seed; /* vary_params: this check's own, so that no two checks agree */
};

/* One worker thread: with limits, its own copy with its slot's uid, and the
 * build environment pointing at it. */
struct worker_ctx {
    struct engine *e;
    struct proc_limits limits;
    struct build_env benv; /* the engine's, but for .limits */
    bool waiter;           /* takes only runs expected to hang (see take_job) */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next job for a worker. A run expected to hang (a deadlock case under
 * its time limit) sleeps, it does not compute: it goes to one of the extra
 * `waiter` workers, so the -j workers keep the cores busy meanwhile, and a
 * -j worker takes one only when nothing else is left. Otherwise in order. */
static bool take_job(struct engine *e, size_t *job, bool waiter)
{
    pthread_mutex_lock(&e->lock);
    bool ok = false;
    if (e->phase == 0) {
        ok = e->next_job < e->nbuilds;
        if (ok)
            *job = e->next_job++;
    } else {
        while (e->next_job < e->nruns && e->runs[e->next_job].taken)
            e->next_job++;
        for (int pass = waiter ? 1 : 0; !ok && pass < 2; pass++)
            for (size_t i = e->next_job; !ok && i < e->nruns; i++)
                if (!e->runs[i].taken &&
                    (pass == 1 ? e->runs[i].hangs || !waiter : !e->runs[i].hangs)) {
                    e->runs[i].taken = true;
                    *job = i;
                    ok = true;
                }
    }
    pthread_mutex_unlock(&e->lock);
    return ok;
}

/* The program a tool judges: the C program, or its Rust twin for rustc. */
static const struct program *judged_program(const struct check_row *row, enum tool_id tool)
{
    return tool == TOOL_RUSTC ? row->prog->twin : row->prog;
}

static void do_build(struct worker_ctx *w, struct build_job *b)
{
    struct engine *e = w->e;
    bool cached;
    const struct check_row *row = &e->rep->rows[b->row];
    if (tool_is_static(b->tool)) {
        static_analyze(&w->benv, row->prog, b->tool, &b->analysis, &cached);
        return;
    }
    if (b->profile == PROFILE_RUST) {
        enum rust_build_result r =
            rust_build(&e->renv, row->prog->twin, &b->binary, &b->errors, &b->log, &cached);
        b->rejected = r == RUST_REJECTED;
        if (r == RUST_FAILED && !b->log)
            b->log = xstrdup("cargo build failed");
        return;
    }
    if (row->prog->run.binary || row->prog->run.binary_tsan) {
        /* racelab run: the user built it (a tool without a binary is n/a). */
        const char *binary =
            b->profile == PROFILE_TSAN ? row->prog->run.binary_tsan : row->prog->run.binary;
        if (binary)
            b->binary = xstrdup(binary);
        else
            b->log = xasprintf("no binary for %s", profile_name(b->profile));
        return;
    }
    if (build_program(&w->benv, row->prog, b->profile, &b->binary, &b->log, &cached) < 0 && !b->log)
        b->log = xstrdup("build failed");
}

/* A build that failed for want of room or write access in the build
 * directory (the compiler or linker says so in strerror's words): the
 * machine's problem, not the program's. Returns the words, or NULL. */
static const char *build_dir_failure(const char *log)
{
    static const char *const words[] = {"No space left on device", "Disk quota exceeded",
                                        "Read-only file system", "File too large"};
    for (size_t i = 0; log && i < sizeof words / sizeof words[0]; i++)
        if (strstr(log, words[i]))
            return words[i];
    return NULL;
}

/* The compiler's first "error:" line: enough for the matrix (the whole log is
 * kept in the outcome's err). */
static char *first_error_line(const char *log)
{
    if (!log || !*log)
        return xstrdup("build failed");
    const char *line = strstr(log, "error:");
    if (!line)
        line = log;
    else
        while (line > log && line[-1] != '\n')
            line--;
    return xstrndup(line, strcspn(line, "\n"));
}

static char *scratch_name(const struct engine *e, const struct check_row *row, enum tool_id tool,
                          int run)
{
    char *id = xstrdup(row->c->id);
    for (char *p = id; *p; p++)
        if (*p == '/')
            *p = '.';
    char *dir = xasprintf("%s/runs/%s.%s.%s.%d.XXXXXX", e->build_dir, id,
                          variant_name(row->variant), tool_name(tool), run);
    free(id);
    return dir;
}

/* The kinds the header expects of a buggy program under this tool (0: clean). */
static unsigned expected_kinds(const struct program *p, enum tool_id t)
{
    return p->variant == VARIANT_UNSAFE && p->expect[t].mode == EXPECT_KINDS ? p->expect[t].kinds
                                                                             : 0;
}

/* Does this run alone decide that a program expected clean fails? */
static bool decides_failure(const struct program *prog, enum tool_id tool,
                            const struct run_outcome *out)
{
    if (out->status == RUN_SKIPPED || prog->expect[tool].mode != EXPECT_CLEAN)
        return false;
    if (out->status != RUN_OK || out->findings.len > 0)
        return true;
    if (tool_is_static(tool))
        return false;
    char *why = oracle_check(prog, out);
    bool wrong = why != NULL;
    free(why);
    return wrong || (prog->min_threads > 0 && out->threads_started >= 0 &&
                     out->threads_started < prog->min_threads);
}

/* A run decided the row fails (stop_on_failure): noted, with whether it
 * ended by itself. */
static void note_failure(struct engine *e, const struct run_job *j, const struct run_outcome *out)
{
    if (out->status != RUN_OK)
        atomic_store(&e->row_cut_short[j->row], true);
    atomic_store(&e->row_failed[j->row], true);
}

static void filter_findings(const struct engine *e, enum tool_id t, unsigned expected,
                            const char *binary, struct finding_list *findings,
                            struct finding_list *filtered);

/* racelab run: the TSan binary run k of a tool ran (its configuration's). */
static const char *run_tsan_binary(const struct program *prog, int k)
{
    return prog->run.nconfigs ? prog->run.configs[(size_t)k % prog->run.nconfigs].tsan
                              : prog->run.binary_tsan;
}

/* racelab run: does this run alone decide that the tool's verdict fails? A
 * finding that is not only a warning and that no filter will take out, a
 * crash, a hang, a wrong exit status. A tool error does not: another
 * configuration may still be judged. */
static bool decides_tool(const struct engine *e, const struct program *prog, enum tool_id tool,
                         int k, const struct run_outcome *out)
{
    if (out->status == RUN_CRASH || out->status == RUN_TIMEOUT)
        return true;
    if (out->status != RUN_OK)
        return false;
    struct finding_list kept = {0}, dropped = {0};
    for (size_t i = 0; i < out->findings.len; i++)
        finding_list_append_copy(&kept, &out->findings.items[i]);
    filter_findings(e, tool, 0, run_tsan_binary(prog, k), &kept, &dropped);
    bool failing = false;
    for (size_t i = 0; i < kept.len; i++)
        failing |= !((prog->expect[tool].warn_kinds >> kept.items[i].kind) & 1u);
    finding_list_free(&kept);
    finding_list_free(&dropped);
    if (failing)
        return true;
    char *why = oracle_check(prog, out);
    bool wrong = why != NULL;
    free(why);
    return wrong;
}

/* The first run of a tool whose report teaches (TOOL_CAP_TEACHES: TSan's)
 * is made, and not cancelled, after another run
 * decided the failure, unless that run was cut short (a hang, a crash, a
 * refusal: it would only double the wait): its report is what teaches (the
 * two accesses, the locks each held), and the wrong-fix lessons read it
 * (exercise_feedback.c). A lock around the write alone fails natively with
 * a wrong total first, and without this run the student saw only that. */
static bool teaching_run(struct engine *e, const struct run_job *j)
{
    return tool_has(j->tool, TOOL_CAP_TEACHES) && j->run == 0 &&
           !atomic_load(&e->row_cut_short[j->row]);
}

/* racelab run: a run killed at its time limit, told apart from outside by
 * the CPU time it used just before. Blocked threads use none: a deadlock,
 * which fails. Still computing: the program is too slow under the tool (or
 * livelocked), which the tool's limit cannot judge: a tool error (exit 2). */
static void classify_timeout(struct run_outcome *out, const struct program *prog, enum tool_id tool,
                             int timeout_s)
{
    if (out->status != RUN_TIMEOUT || out->cpu_rate_at_timeout < 0)
        return;
    double rate = out->cpu_rate_at_timeout;
    free(out->detail);
    out->detail = NULL;
    if (rate < 0.05) {
        out->detail = xasprintf("deadlock: killed at the %d s limit, every thread blocked (no CPU "
                                "used in its last seconds)%s",
                                timeout_s, prog->run.native_hung ? "; it hangs natively too" : "");
        return;
    }
    char native[96] = "";
    if (prog->run.native_s >= 0)
        snprintf(native, sizeof native, "; natively it took %.2f s", prog->run.native_s);
    out->too_slow = true;
    run_outcome_tool_error(out,
                           "too slow under %s: still computing when killed at the %d s limit "
                           "(%.0f%% of a core in its last seconds), so not a deadlock%s; raise "
                           "--timeout (or it spins forever: a livelock)",
                           tool_name(tool), timeout_s, rate * 100, native);
}

/* The time limit of a tool's runs: racelab run's scaled one, else the header's. */
static int run_timeout(const struct program *prog, enum tool_id tool)
{
    return prog->run.tool_timeout_s[tool] > 0 ? prog->run.tool_timeout_s[tool] : prog->timeout_s;
}

/* racelab run: a fallback tool's run waits until the row's other tools
 * have finished, and is made only where they could not judge the program
 * (run_fallback_needed); otherwise it is skipped, as not needed. The plan
 * orders fallback runs last, so every run waited for is already taken. */
static bool fallback_needed(struct engine *e, const struct run_job *j, struct run_outcome *out)
{
    struct check_row *row = &e->rep->rows[j->row];
    pthread_mutex_lock(&e->lock);
    while (e->primary_pending[j->row] > 0)
        pthread_cond_wait(&e->primary_finished, &e->lock);
    pthread_mutex_unlock(&e->lock);
    char *why = run_fallback_needed(row->prog, row->outcomes, row->nruns, e->rep->tools);
    if (why) {
        free(why);
        return true;
    }
    out->status = RUN_SKIPPED;
    out->detail = xstrdup("not run: not needed, the other tools judged the program");
    return false;
}

static void do_run(struct worker_ctx *w, struct run_job *j)
{
    struct engine *e = w->e;
    const struct proc_limits *limits = w->benv.limits;
    struct check_row *row = &e->rep->rows[j->row];
    struct run_outcome *out = &row->outcomes[j->tool][j->run];
    memset(out, 0, sizeof *out);
    out->threads_started = -1;
    const struct build_job *b = &e->builds[j->build];
    bool teaching = e->opts->untrusted.stop_on_failure && teaching_run(e, j);
    if (e->opts->untrusted.stop_on_failure && atomic_load(&e->row_failed[j->row]) && !teaching) {
        out->status = RUN_SKIPPED;
        out->detail = xstrdup("not run: an earlier run had decided");
        return;
    }
    _Atomic bool *decided =
        e->tool_decided ? &e->tool_decided[j->row * TOOL__COUNT + j->tool] : NULL;
    if (decided && atomic_load(decided)) {
        out->status = RUN_SKIPPED;
        out->detail = xasprintf("not run: an earlier run of %s had decided", tool_name(j->tool));
        return;
    }
    if (j->fallback && !fallback_needed(e, j, out))
        return;
    if (tool_is_static(j->tool)) {
        /* The analysis was the "build": the one run is its copy. */
        out->status = b->analysis.status;
        out->detail = b->analysis.detail ? xstrdup(b->analysis.detail) : NULL;
        out->err = b->analysis.err ? xstrdup(b->analysis.err) : NULL;
        for (size_t i = 0; i < b->analysis.findings.len; i++)
            finding_list_append_copy(&out->findings, &b->analysis.findings.items[i]);
        if (e->opts->untrusted.stop_on_failure && decides_failure(row->prog, j->tool, out))
            note_failure(e, j, out);
        return;
    }
    if (b->rejected) {
        out->status = RUN_REJECTED;
        out->detail = xasprintf("rejected by rustc (%zu error%s)", b->errors.len,
                                b->errors.len == 1 ? "" : "s");
        for (size_t i = 0; i < b->errors.len; i++)
            finding_list_append_copy(&out->findings, &b->errors.items[i]);
        return;
    }
    if (!b->binary) {
        const char *full = build_dir_failure(b->log), *missing = build_setup_missing(row->prog);
        if (missing) {
            run_outcome_tool_error(out, "%s", missing);
        } else if (full) {
            /* Not the program's fault: no verdict, a tool error that says where. */
            run_outcome_tool_error(out, "cannot build in %s: %s", e->build_dir, full);
        } else {
            out->status = RUN_BUILD_ERROR;
            out->detail = first_error_line(b->log);
        }
        out->err = xstrdup(b->log ? b->log : "");
        return;
    }
    const struct program *prog = judged_program(row, j->tool);
    /* racelab run's plan: this run's configuration, in turn. */
    const struct run_config *config =
        prog->run.nconfigs ? &prog->run.configs[(size_t)j->run % prog->run.nconfigs] : NULL;
    const char *binary = b->binary;
    if (config) {
        binary = b->profile == PROFILE_TSAN ? config->tsan : config->plain;
        out->config = config->label;
        if (!binary) {
            out->status = RUN_SKIPPED;
            out->detail =
                xasprintf("not run: no %s build for %s", profile_name(b->profile), config->label);
            return;
        }
    }
    char *scratch = scratch_name(e, row, j->tool, j->run);
    if (!mkdtemp(scratch) || sandbox_prepare_dir(scratch, limits) < 0) {
        run_outcome_tool_error(out, "%s: cannot create scratch directory: %s", scratch,
                               strerror(errno));
        free(scratch);
        return;
    }
    struct run_request req = {
        .tool = j->tool,
        .binary = binary,
        .args = (const char *const *)prog->args,
        .scratch_dir = scratch,
        .timeout_s = run_timeout(prog, j->tool),
        .openmp = prog->openmp,
        .source_root = e->rep->catalog.root,
        .no_shim = prog->run.binary || prog->run.binary_tsan,
        /* The tool's own copy of the suppressions would hide an
         * expected finding too: only programs expected clean get it. */
        .suppressions = expected_kinds(prog, j->tool) ? NULL : e->supp_file[j->tool],
        .limits = limits,
        .observe = e->opts->untrusted.observe && tool_has(j->tool, TOOL_CAP_C),
        .allow_processes = (prog->exercise.allow & ALLOW_PROCESS) != 0,
        .cancel =
            e->opts->untrusted.stop_on_failure && !teaching ? &e->row_failed[j->row] : decided};
    /* Exercises: OpenMP's team size and the program's sizes change from run
     * to run, so that nothing computed for one run passes the next. */
    const char *env[PARAM_MAX + 3] = {NULL};
    char *param_env_text[PARAM_MAX] = {NULL}, omp_threads[32];
    long *values = NULL;
    size_t nenv = 0;
    if (config && config->env)
        env[nenv++] = config->env;
    if (e->opts->untrusted.vary_omp_threads && prog->openmp) {
        snprintf(omp_threads, sizeof omp_threads, "OMP_NUM_THREADS=%d", 2 + j->run % 3);
        env[nenv++] = omp_threads;
    }
    if (e->opts->untrusted.vary_params && prog->nparams && tool_has(j->tool, TOOL_CAP_C)) {
        unsigned long long seed = e->seed ^ (0x9e3779b97f4a7c15ull *
                                             (j->row * 131 + j->tool * 17 + (unsigned)j->run + 1));
        values = xcalloc(prog->nparams, sizeof *values);
        /* The header's ranges for Valgrind's runs, for a run with no
         * detector, or the main one (param.h). */
        enum param_runs runs = tool_has(j->tool, TOOL_CAP_VALGRIND)    ? PARAM_VALGRIND
                               : !tool_has(j->tool, TOOL_CAP_DETECTOR) ? PARAM_NATIVE
                                                                       : PARAM_MAIN;
        param_choose(prog->params, prog->nparams, runs, &seed, values);
        for (size_t i = 0; i < prog->nparams; i++)
            env[nenv++] = param_env_text[i] = param_env(&prog->params[i], values[i]);
    }
    req.env = nenv ? env : NULL;
    tool_run(&req, out);
    out->params = values;
    out->config = config ? config->label : NULL;
    if (prog->run.binary || prog->run.binary_tsan)
        classify_timeout(out, prog, j->tool, run_timeout(prog, j->tool));
    if (e->opts->untrusted.stop_on_failure && decides_failure(prog, j->tool, out))
        note_failure(e, j, out);
    if (decided && decides_tool(e, prog, j->tool, j->run, out))
        atomic_store(decided, true);
    for (size_t i = 0; i < PARAM_MAX; i++)
        free(param_env_text[i]);
    if (!e->opts->keep_scratch && !out->kept_output)
        remove_tree(scratch);
    else
        sandbox_reclaim_dir(scratch, limits); /* kept, so no later run of the uid may change it */
    free(scratch);
}

/* A finding the header does not expect of this program under this tool. */
static bool unexpected(void *ctx, const struct finding *f)
{
    return !(*(const unsigned *)ctx & (1u << f->kind));
}

static bool any_finding(void *ctx, const struct finding *f)
{
    (void)ctx;
    (void)f;
    return true;
}

/* racelab run: a finding Helgrind or DRD makes because it cannot model
 * pthread_once (valgrind.h), or TSan because it cannot model a fence or the
 * OpenMP runtime's reuse of its storage (tsan.h; ctx: the TSan binary that ran). */
/* A finding tool t makes for want of a model of the program run (its row's
 * `unmodelled` hook, tool.h). */
struct model_gap {
    enum tool_id tool;
    const char *binary;
};

static bool unmodelled(void *ctx, const struct finding *f)
{
    const struct model_gap *g = ctx;
    return tool_unmodelled(g->tool, f, g->binary);
}

/* Move out of one run's findings of tool t, into `filtered`, what a
 * suppression or the baseline covers, never a finding the header expects
 * (`expected`): a suppression cannot hide a lesson. In racelab run, also what
 * racelab knows the tool cannot model, shown as such. */
static void filter_findings(const struct engine *e, enum tool_id t, unsigned expected,
                            const char *binary, struct finding_list *findings,
                            struct finding_list *filtered)
{
    const char *root = e->rep->catalog.root;
    struct finding_list candidates = {0};
    finding_list_move_if(findings, &candidates, unexpected, &expected, FILTER_NONE);
    if (e->opts->run.on && tool_has_model_gaps(t))
        finding_list_move_if(&candidates, filtered, unmodelled,
                             &(struct model_gap){.tool = t, .binary = binary}, FILTER_TOOL_MODEL);
    if (e->opts->gate.suppressions)
        suppressions_filter(e->opts->gate.suppressions, t, root, &candidates, filtered);
    if (e->baseline)
        baseline_filter(e->baseline, t, root, &candidates, filtered);
    finding_list_move_if(&candidates, findings, any_finding, NULL, FILTER_NONE);
    finding_list_free(&candidates);
}

/* Filter every run of (row, tool) (filter_findings). */
static void filter_row(struct engine *e, struct check_row *row, enum tool_id t)
{
    bool tool_model = e->opts->run.on && tool_has_model_gaps(t);
    if (!e->opts->gate.suppressions && !e->baseline && !tool_model)
        return;
    const struct program *prog = judged_program(row, t);
    unsigned expected = expected_kinds(prog, t);
    for (int k = 0; row->outcomes[t] && k < row->nruns[t]; k++)
        filter_findings(e, t, expected, e->opts->run.on ? run_tsan_binary(prog, k) : NULL,
                        &row->outcomes[t][k].findings, &row->filtered[t]);
}

/* The filtered findings of a judgement: one of each fingerprint. */
static void add_filtered(struct judgement *j, const struct check_row *row, enum tool_id t,
                         const char *root)
{
    finding_list_free(&j->filtered);
    for (size_t i = 0; i < row->filtered[t].len; i++) {
        const struct finding *f = &row->filtered[t].items[i];
        struct fingerprint fp, other;
        finding_fingerprint(f, t, root, &fp);
        bool seen = false;
        for (size_t k = 0; k < j->filtered.len && !seen; k++) {
            finding_fingerprint(&j->filtered.items[k], t, root, &other);
            seen = strcmp(fp.hex, other.hex) == 0;
        }
        if (!seen)
            finding_list_append_copy(&j->filtered, f);
    }
}

static void finish_row(struct engine *e, size_t r)
{
    struct check_row *row = &e->rep->rows[r];
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(e->rep->tools & (1u << t)))
            continue;
        struct judgement *j = &row->judged[t];
        judgement_free(j);
        if (t == TOOL_RUSTC && (e->rust_missing || !row->prog->twin)) {
            memset(j, 0, sizeof *j);
            j->verdict = VERDICT_NA;
            j->threads_seen = -1;
            j->reason =
                xstrdup(row->prog->twin ? e->rust_missing : row->prog->expect[TOOL_RUSTC].reason);
            continue;
        }
        char *source = t == TOOL_RUSTC
                           ? xasprintf("%s/%s", e->rep->catalog.root, row->prog->twin->path)
                           : xstrdup(row->source);
        filter_row(e, row, t);
        verdict_judge(judged_program(row, t), t, source, row->outcomes[t], (size_t)row->nruns[t],
                      j);
        add_filtered(j, row, t, e->rep->catalog.root);
        j->plan_note = run_plan_note(row->prog, t, row->outcomes, row->nruns, e->rep->tools);
        if (j->verdict == VERDICT_SKIP && j->plan_note && !j->reason)
            j->reason = xstrdup(j->plan_note);
        free(source);
    }
}

/* The translated suppressions, one file per tool, in the build directory. */
static int write_tool_suppressions(struct engine *e, char **err)
{
    if (!e->opts->gate.suppressions)
        return 0;
    char *dir = xasprintf("%s/suppressions", e->build_dir);
    int rc = mkdir_p(dir);
    for (int t = 0; rc == 0 && t < TOOL__COUNT; t++) {
        char *text = tool_suppressions(t, e->opts->gate.suppressions, e->rep->catalog.root);
        if (!text)
            continue;
        e->supp_file[t] = xasprintf("%s/%s.supp", dir, tool_name(t));
        rc = write_file(e->supp_file[t], text, strlen(text));
        free(text);
    }
    if (rc < 0)
        *err = xasprintf("%s: cannot write the translated suppressions: %s", dir, strerror(errno));
    free(dir);
    return rc;
}

/* --update-baseline: every unexpected finding of this run, filtered by the
 * old baseline or not, becomes the new baseline; the run is then judged
 * against it (so the command passes unless something else failed). */
static int update_baseline(struct engine *e, struct baseline *fresh, char **err)
{
    const char *root = e->rep->catalog.root;
    for (size_t r = 0; r < e->rep->nrows; r++) {
        struct check_row *row = &e->rep->rows[r];
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!(e->rep->tools & (1u << t)))
                continue;
            unsigned expected = expected_kinds(judged_program(row, t), t);
            for (int k = 0; row->outcomes[t] && k < row->nruns[t]; k++)
                for (size_t i = 0; i < row->outcomes[t][k].findings.len; i++)
                    if (unexpected(&expected, &row->outcomes[t][k].findings.items[i]))
                        baseline_add(fresh, t, &row->outcomes[t][k].findings.items[i], root);
            for (size_t i = 0; i < row->filtered[t].len; i++)
                if (row->filtered[t].items[i].filtered_by == FILTER_BASELINE)
                    baseline_add(fresh, t, &row->filtered[t].items[i], root);
        }
    }
    if (baseline_write(fresh, e->opts->gate.update_baseline, err) < 0)
        return -1;
    e->rep->baseline_written = e->opts->gate.update_baseline;
    e->rep->baseline_entries = fresh->len;
    e->baseline = fresh;
    for (size_t r = 0; r < e->rep->nrows; r++)
        finish_row(e, r);
    return 0;
}

static void *worker(void *arg)
{
    struct worker_ctx *w = arg;
    struct engine *e = w->e;
    size_t job;
    while (take_job(e, &job, w->waiter)) {
        if (e->phase == 0) {
            do_build(w, &e->builds[job]);
            continue;
        }
        struct run_job *j = &e->runs[job];
        do_run(w, j);
        pthread_mutex_lock(&e->lock);
        bool last = --e->pending[j->row] == 0;
        if (!j->fallback && --e->primary_pending[j->row] == 0)
            pthread_cond_broadcast(&e->primary_finished);
        e->runs_done++;
        if (e->opts->on_progress)
            e->opts->on_progress(e->opts->progress_ctx, e->runs_done, e->nruns);
        pthread_mutex_unlock(&e->lock);
        if (!last)
            continue;
        finish_row(e, j->row);
        pthread_mutex_lock(&e->lock);
        e->row_done[j->row] = true;
        pthread_cond_broadcast(&e->row_finished);
        pthread_mutex_unlock(&e->lock);
    }
    return NULL;
}

/* Start the pool for the current phase; with `stream`, hand rows to the
 * caller in order while the workers run. */
static int run_phase(struct engine *e, bool stream)
{
    int n = e->opts->jobs > 0 ? e->opts->jobs : 1;
    /* Runs expected to hang get as many waiters again (runs phase only). Not
     * under limits: each worker's uid must be a slot of its own. */
    int waiters = 0;
    for (size_t i = 0; e->phase == 1 && !e->opts->untrusted.limits && i < e->nruns && waiters < n;
         i++)
        waiters += e->runs[i].hangs;
    pthread_t *threads = xcalloc((size_t)(n + waiters), sizeof *threads);
    struct worker_ctx *ctx = xcalloc((size_t)(n + waiters), sizeof *ctx);
    int started = 0;
    e->next_job = 0;
    for (; started < n + waiters; started++) {
        struct worker_ctx *w = &ctx[started];
        w->e = e;
        w->waiter = started >= n;
        w->benv = e->benv;
        w->benv.limits = NULL;
        if (e->opts->untrusted.limits) {
            w->limits = *e->opts->untrusted.limits;
            if (e->opts->untrusted.sandbox)
                sandbox_use_slot(&w->limits, e->opts->untrusted.sandbox, started);
            w->benv.limits = &w->limits;
        }
        if (pthread_create(&threads[started], NULL, worker, w) != 0)
            break;
    }
    if (started == 0) {
        free(threads);
        free(ctx);
        return -1;
    }
    if (stream) {
        for (size_t r = 0; r < e->rep->nrows; r++) {
            pthread_mutex_lock(&e->lock);
            while (!e->row_done[r])
                pthread_cond_wait(&e->row_finished, &e->lock);
            pthread_mutex_unlock(&e->lock);
            if (e->opts->on_row)
                e->opts->on_row(e->opts->ctx, e->rep, r);
        }
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(ctx);
    return 0;
}

/* An exercise's runs that decide soonest first: a run of each tool in
 * turn (the first runs of every tool before the second), the fast tools
 * before Valgrind's, so that a failure is known after one run of the
 * quickest tool that shows it. */
static int fast_first_order(const void *a, const void *b)
{
    const struct run_job *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->run != y->run)
        return x->run - y->run;
    return tool_speed(x->tool) - tool_speed(y->tool);
}

/* The slower tool first (tool_speed: Valgrind's, the static tools, TSan,
 * native); tools alike by name, so that the order is the same every time. */
static int longest_first(enum tool_id a, enum tool_id b)
{
    if (tool_speed(a) != tool_speed(b))
        return tool_speed(b) - tool_speed(a);
    return strcmp(tool_name(a), tool_name(b));
}

/* racelab run: each tool's first runs (one per configuration) before any
 * tool's later ones, Valgrind's first as the longest: a tool stops at its
 * first decisive run (tool_decided), so its later runs may never be needed.
 * The fallback tools' runs come last: they wait for every other run. */
static int run_mode_order(const void *a, const void *b)
{
    const struct run_job *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->fallback != y->fallback)
        return x->fallback - y->fallback;
    if (x->run != y->run)
        return x->run - y->run;
    return longest_first(x->tool, y->tool);
}

/* Rows in catalog order, so the matrix streams; within a row the Valgrind
 * runs, the longest, first, so the row's runs end together. */
static int run_job_order(const void *a, const void *b)
{
    const struct run_job *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->tool != y->tool)
        return longest_first(x->tool, y->tool);
    return x->run - y->run;
}

static int plan(struct engine *e, char **err)
{
    struct check_report *rep = e->rep;
    const struct check_options *o = e->opts;
    bool *selected = xcalloc(rep->catalog.len, sizeof *selected);
    if (catalog_select(&rep->catalog, o->selectors, o->nselectors, selected, err) < 0) {
        free(selected);
        return -1;
    }
    for (int t = 0; t < TOOL__COUNT; t++) {
        const char *why;
        if (!(rep->tools & (1u << t)) || tool_available(t, &why))
            continue;
        if (t == TOOL_RUSTC) {
            e->rust_missing = xstrdup(why); /* the column is n/a, nothing stops */
            continue;
        }
        *err = xasprintf("%s: %s", tool_name(t), why);
        free(selected);
        return -1;
    }
    if (o->shard_n > 0) {
        size_t position = 0;
        for (size_t i = 0; i < rep->catalog.len; i++)
            if (selected[i])
                selected[i] = (int)(position++ % (size_t)o->shard_n) == o->shard_k - 1;
    }
    for (size_t i = 0; i < rep->catalog.len; i++)
        for (int v = 0; v < VARIANT__COUNT; v++)
            if (selected[i] && o->variants[v]) {
                rep->rows = xrealloc(rep->rows, (rep->nrows + 1) * sizeof *rep->rows);
                struct check_row *row = &rep->rows[rep->nrows++];
                memset(row, 0, sizeof *row);
                row->c = &rep->catalog.cases[i];
                row->variant = v;
                row->prog = &row->c->variants[v];
                row->source = xasprintf("%s/%s", rep->catalog.root, row->prog->path);
            }
    free(selected);
    /* An optional tool (native) is named by few headers: by default its
     * column shows only when some selected program has its expectation. */
    for (int t = 0; t < TOOL__COUNT && !o->tools; t++) {
        bool named = tool_header_rule((enum tool_id)t) != HEADER_OPTIONAL;
        for (size_t r = 0; r < rep->nrows && !named; r++)
            named = rep->rows[r].prog->expect[t].mode != EXPECT_NONE;
        if (!named)
            rep->tools &= ~(1u << t);
    }
    e->pending = xcalloc(rep->nrows, sizeof *e->pending);
    e->primary_pending = xcalloc(rep->nrows, sizeof *e->primary_pending);
    e->row_done = xcalloc(rep->nrows, sizeof *e->row_done);
    e->row_failed = xcalloc(rep->nrows, sizeof *e->row_failed);
    e->row_cut_short = xcalloc(rep->nrows, sizeof *e->row_cut_short);
    size_t build_cap = 0, run_cap = 0;
    for (size_t r = 0; r < rep->nrows; r++) {
        struct check_row *row = &rep->rows[r];
        size_t profile_build[PROFILE__COUNT] = {0};
        bool have[PROFILE__COUNT] = {false};
        for (int t = 0; t < TOOL__COUNT; t++) {
            enum expect_mode mode = row->prog->expect[t].mode;
            if (!(rep->tools & (1u << t)) || mode == EXPECT_NA || mode == EXPECT_NONE ||
                (t == TOOL_RUSTC && e->rust_missing))
                continue;
            enum build_profile p = tool_profile(t);
            /* One compilation decides a rejection, one analysis a static tool;
             * anything that runs, runs N times. */
            row->nruns[t] = mode == EXPECT_REJECTED || tool_is_static(t) ? 1 : rep->runs;
            if (p == PROFILE_RUST)
                e->need_rust = true;
            else
                e->need_c = true;
            if (!have[p]) {
                e->builds = grow_array(e->builds, &build_cap, e->nbuilds + 1, sizeof *e->builds);
                e->builds[e->nbuilds] = (struct build_job){.row = r, .profile = p, .tool = t};
                profile_build[p] = e->nbuilds++;
                have[p] = true;
            }
            row->outcomes[t] = xcalloc((size_t)row->nruns[t], sizeof *row->outcomes[t]);
            bool fallback = (row->prog->run.fallback_tools >> t) & 1u;
            for (int k = 0; k < row->nruns[t]; k++) {
                e->runs = grow_array(e->runs, &run_cap, e->nruns + 1, sizeof *e->runs);
                e->runs[e->nruns++] = (struct run_job){
                    .row = r,
                    .tool = t,
                    .run = k,
                    .build = profile_build[p],
                    .hangs = expected_kinds(judged_program(row, t), t) & (1u << FK_TIMEOUT),
                    .fallback = fallback};
                e->pending[r]++;
                e->primary_pending[r] += !fallback;
            }
        }
    }
    if (o->run.on && !o->untrusted.stop_on_failure && !o->run.all_runs)
        e->tool_decided = xcalloc(rep->nrows * TOOL__COUNT, sizeof *e->tool_decided);
    if (e->nruns)
        qsort(e->runs, e->nruns, sizeof *e->runs,
              o->untrusted.stop_on_failure ? fast_first_order
              : o->run.on                  ? run_mode_order
                                           : run_job_order);
    return 0;
}

/* Limits with uids: one uid per worker, and that uid can read what it builds and runs. */
static int check_limits(const struct engine *e, char **err)
{
    const struct check_options *o = e->opts;
    if (!o->untrusted.limits)
        return 0;
    int jobs = o->jobs > 0 ? o->jobs : 1;
    if (o->untrusted.sandbox && o->untrusted.sandbox->nslots < jobs) {
        *err = xasprintf("%d jobs but only %d sandbox slots", jobs, o->untrusted.sandbox->nslots);
        return -1;
    }
    if (!o->untrusted.sandbox && o->untrusted.limits->uid && jobs > 1) {
        *err = xstrdup("a dedicated uid serves one job at a time: use one sandbox slot per job "
                       "(sandbox.h), or one job");
        return -1;
    }
    struct proc_limits first = *o->untrusted.limits;
    if (o->untrusted.sandbox)
        sandbox_use_slot(&first, o->untrusted.sandbox, 0);
    const char *paths[4] = {NULL};
    size_t n = 0;
    paths[n++] = e->rep->catalog.root;
    paths[n++] = e->build_dir;
    if (o->shim_dir)
        paths[n++] = o->shim_dir;
    return sandbox_check_access(&first, paths, err);
}

int check_run(const struct check_options *o, struct check_report *rep, char **err)
{
    memset(rep, 0, sizeof *rep);
    double start = now_s();
    rep->runs = o->runs > 0 ? o->runs : 1;
    rep->tools = o->tools ? o->tools : (1u << TOOL__COUNT) - 1;
    rep->run_mode = o->run.on;
    if (o->catalog) {
        rep->catalog = *o->catalog;
        memset(o->catalog, 0, sizeof *o->catalog);
    } else if (catalog_load(o->root, &rep->catalog, err) < 0) {
        return -1;
    }
    struct engine e = {.opts = o, .rep = rep};
    if (o->untrusted.vary_params && getrandom(&e.seed, sizeof e.seed, 0) != sizeof e.seed)
        e.seed = (unsigned long long)now_s() * 1000003u ^ (unsigned long long)getpid();
    pthread_mutex_init(&e.lock, NULL);
    pthread_cond_init(&e.row_finished, NULL);
    pthread_cond_init(&e.primary_finished, NULL);
    int rc = plan(&e, err);
    if (rc == 0 && e.nbuilds > 0 &&
        (mkdir_p(o->build_dir) < 0 || !(e.build_dir = realpath(o->build_dir, NULL)))) {
        *err = xasprintf("%s: cannot create build directory: %s", o->build_dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && e.nbuilds > 0 && check_limits(&e, err) < 0)
        rc = -1;
    /* racelab run: the user built the program; no compiler is asked anything
     * (its version alone costs clang and clang-tidy a start each). */
    bool compiles = false;
    for (size_t r = 0; r < rep->nrows; r++)
        compiles |= !rep->rows[r].prog->run.binary && !rep->rows[r].prog->run.binary_tsan;
    if (rc == 0 && e.need_c && compiles &&
        build_env_init(&e.benv, rep->catalog.root, e.build_dir, o->shim_dir, err) < 0)
        rc = -1;
    else if (rc == 0 && e.need_c && o->untrusted.observe)
        e.benv.opt_level = "-O0";
    else if (rc == 0 && e.need_rust && rust_env_init(&e.renv, &rep->catalog, e.build_dir, err) < 0)
        rc = -1;
    e.baseline = o->gate.baseline;
    rep->baseline_used = o->gate.baseline || o->gate.update_baseline;
    if (rc == 0 && e.nbuilds > 0 && write_tool_suppressions(&e, err) < 0)
        rc = -1;
    if (rc == 0 && e.nbuilds > 0) {
        char *runs_dir = xasprintf("%s/runs", e.build_dir);
        if (mkdir_p(runs_dir) < 0) {
            *err = xasprintf("%s: %s", runs_dir, strerror(errno));
            rc = -1;
        }
        free(runs_dir);
    }
    if (rc == 0) {
        /* Rows with nothing to run (all n/a) are complete already. */
        for (size_t r = 0; r < rep->nrows; r++)
            if (e.pending[r] == 0) {
                finish_row(&e, r);
                e.row_done[r] = true;
            }
        e.phase = 0;
        if (run_phase(&e, false) < 0 || (e.phase = 1, run_phase(&e, true)) < 0) {
            *err = xstrdup("cannot start worker threads");
            rc = -1;
        }
    }
    struct baseline fresh = BASELINE_INIT;
    if (rc == 0 && o->gate.update_baseline && update_baseline(&e, &fresh, err) < 0)
        rc = -1;
    if (rc == 0)
        for (size_t r = 0; r < rep->nrows; r++)
            for (int t = 0; t < TOOL__COUNT; t++)
                if (rep->tools & (1u << t)) {
                    enum verdict v = rep->rows[r].judged[t].verdict;
                    rep->pass += v == VERDICT_PASS;
                    rep->fail += v == VERDICT_FAIL;
                    rep->na += v == VERDICT_NA;
                }
    for (size_t b = 0; b < e.nbuilds; b++) {
        free(e.builds[b].binary);
        free(e.builds[b].log);
        finding_list_free(&e.builds[b].errors);
        run_outcome_free(&e.builds[b].analysis);
    }
    free(e.builds);
    free(e.runs);
    free(e.pending);
    free(e.primary_pending);
    free(e.row_done);
    free(e.row_failed);
    free(e.row_cut_short);
    free(e.tool_decided);
    if (e.need_c)
        build_env_free(&e.benv);
    if (e.need_rust)
        rust_env_free(&e.renv);
    free(e.rust_missing);
    free(e.build_dir);
    baseline_free(&fresh);
    for (int t = 0; t < TOOL__COUNT; t++)
        free(e.supp_file[t]);
    pthread_mutex_destroy(&e.lock);
    pthread_cond_destroy(&e.row_finished);
    pthread_cond_destroy(&e.primary_finished);
    rep->compiler_runs = build_compiler_runs() + static_analyser_runs() + rust_cargo_runs();
    struct rusage self;
    rep->peak_rss_kb = getrusage(RUSAGE_SELF, &self) == 0 ? self.ru_maxrss : -1;
    rep->elapsed_s = now_s() - start;
    return rc;
}

void check_report_free(struct check_report *rep)
{
    for (size_t r = 0; r < rep->nrows; r++) {
        struct check_row *row = &rep->rows[r];
        for (int t = 0; t < TOOL__COUNT; t++) {
            judgement_free(&row->judged[t]);
            if (row->outcomes[t])
                for (int k = 0; k < row->nruns[t]; k++)
                    run_outcome_free(&row->outcomes[t][k]);
            free(row->outcomes[t]);
            finding_list_free(&row->filtered[t]);
        }
        free(row->source);
    }
    free(rep->rows);
    catalog_free(&rep->catalog);
    memset(rep, 0, sizeof *rep);
}

const char *check_row_variant(const struct check_report *rep, const struct check_row *row)
{
    return rep->run_mode ? "run" : variant_name(row->variant);
}

/* Does the row fail under tool t on the runs where the tool worked? */
static bool fails_where_tool_worked(const struct check_row *row, int t, bool *tool_error)
{
    const struct run_outcome *runs = row->outcomes[t];
    int n = row->nruns[t];
    if (!runs || n <= 0)
        return row->judged[t].verdict == VERDICT_FAIL;
    struct run_outcome *worked = xcalloc((size_t)n, sizeof *worked);
    size_t nworked = 0;
    for (int k = 0; k < n; k++) {
        if (runs[k].status == RUN_TOOL_ERROR)
            *tool_error = true;
        else
            worked[nworked++] = runs[k]; /* shallow: only read */
    }
    bool fails = false;
    if (nworked == (size_t)n) {
        fails = row->judged[t].verdict == VERDICT_FAIL;
    } else if (nworked > 0) {
        struct judgement j;
        verdict_judge(judged_program(row, (enum tool_id)t), (enum tool_id)t, row->source, worked,
                      nworked, &j);
        fails = j.verdict == VERDICT_FAIL;
        judgement_free(&j);
    }
    free(worked);
    return fails;
}

/* Did some tool judge the row in every run it made, with no tool error? */
static bool judged_without_errors(const struct check_report *rep, const struct check_row *row)
{
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!((rep->tools >> t) & 1u) || !row->outcomes[t])
            continue;
        int judged = 0, errors = 0;
        for (int k = 0; k < row->nruns[t]; k++) {
            judged += row->outcomes[t][k].status != RUN_SKIPPED;
            errors += row->outcomes[t][k].status == RUN_TOOL_ERROR;
        }
        if (judged > 0 && errors == 0)
            return true;
    }
    return false;
}

bool check_verdict_covered(const struct check_report *rep, const struct check_row *row,
                           enum tool_id tool)
{
    if (!((rep->tools >> tool) & 1u) || row->judged[tool].verdict != VERDICT_FAIL ||
        !row->prog->run.fallback_tools)
        return false;
    bool error = false, fails = fails_where_tool_worked(row, tool, &error);
    return error && !fails && judged_without_errors(rep, row);
}

int check_exit_status(const struct check_report *rep)
{
    /* A tool that failed under a program saw nothing: that is never a race
     * to gate on, but a broken setup to fix (exit 2, like a bad option).
     * Unless what the tools did see fails anyway: a race DRD found fails
     * the gate though Helgrind asserted, and so does a race TSan found in
     * the runs where it did not crash. */
    bool tool_error = false, fails = false, covered = false;
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        for (int t = 0; t < TOOL__COUNT; t++) {
            bool error = false;
            if (rep->tools & (1u << t))
                fails |= fails_where_tool_worked(row, t, &error);
            /* racelab run's default plan (it has a fallback): a tool error
             * another tool of the plan made up for is said (the fallback's
             * plan note, the tool's reason), not a broken setup. Tools the
             * user asked for must each work. */
            if (error && row->prog->run.fallback_tools && judged_without_errors(rep, row))
                covered = true;
            else
                tool_error |= error;
        }
    }
    return fails ? 1 : tool_error ? 2 : covered ? 0 : rep->fail > 0 ? 1 : 0;
}
