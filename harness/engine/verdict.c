/* verdict.c: see verdict.h.
 *
 * The rules, in the words a teacher would use:
 * - an unsafe program passes a tool when, in every run, the tool reported
 *   every expected kind at a line of the program's own source and nothing of
 *   any other kind;
 * - a safe program passes when, in every run, nothing was reported and its
 *   oracle held;
 * - a crash, a timeout nobody expected, a tool failure, a build failure, or
 *   fewer threads than the header requires fail in either variant. */
#define _GNU_SOURCE
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "util.h"

const char *verdict_name(enum verdict v)
{
    static const char *const names[] = {"pass", "fail", "n/a", "skip"};
    return (unsigned)v < 4 ? names[v] : "?";
}

static bool frame_at(const struct frame *fr, const char *source)
{
    if (!fr->file || fr->line <= 0)
        return false;
    if (strcmp(fr->file, source) == 0)
        return true;
    /* A relative path (gcc) matches when it is a suffix of the absolute one. */
    size_t n = strlen(fr->file), m = strlen(source);
    return fr->file[0] != '/' && n < m && source[m - n - 1] == '/' &&
           strcmp(source + m - n, fr->file) == 0;
}

bool finding_in_source(const struct finding *f, const char *source)
{
    for (size_t i = 0; i < f->naccesses; i++)
        for (size_t k = 0; k < f->accesses[i].nframes; k++)
            if (frame_at(&f->accesses[i].frames[k], source))
                return true;
    return false;
}

static const char *last_line(const char *text, char *buf, size_t size)
{
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == '\n')
        len--;
    size_t start = len;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    snprintf(buf, size, "%.*s", (int)(len - start), text + start);
    return buf;
}

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

char *oracle_check(const struct program *prog, const struct run_outcome *run)
{
    const char *out = run->out ? run->out : "";
    char last[160];
    for (size_t i = 0; i < prog->noracles; i++) {
        const struct oracle *o = &prog->oracles[i];
        int want = o->type == ORACLE_EXIT ? o->exit_code : 0;
        if (run->exit_code != want)
            return xasprintf("exit status %d, expected %d (last output: \"%s\")", run->exit_code,
                             want, last_line(out, last, sizeof last));
        if (o->type != ORACLE_STDOUT)
            continue;
        /* The expected line, from this run's sizes (the header was checked:
         * it expands; a failure here would be a harness bug, said as such). */
        char *err = NULL;
        char *text = param_expand(o->text, prog->params, prog->nparams, run->params, &err);
        if (!text) {
            char *why = xasprintf("the oracle could not be computed: %s", err);
            free(err);
            return why;
        }
        char *why = NULL;
        if (!has_line(out, text)) {
            char *sizes =
                run->params ? param_describe(prog->params, prog->nparams, run->params) : NULL;
            why = xasprintf("printed \"%s\", expected \"%s\"%s%s%s",
                            last_line(out, last, sizeof last), text, sizes ? " (with " : "",
                            sizes ? sizes : "", sizes ? ")" : "");
            free(sizes);
        }
        free(text);
        if (why)
            return why;
    }
    return NULL;
}

/* Per-run tallies, turned into one reason string at the end. */
struct tally {
    int build_error, tool_error, crash, timeout, wrong_result, too_few_threads, no_thread_count;
    int rejected, refused;
    int located[FK__COUNT], unexpected[FK__COUNT], warned[FK__COUNT];
    /* racelab run: the configurations whose runs had an unexpected finding. */
    const char *found_in[16];
    int nfound_in;
    char *first_detail[6]; /* build, tool, crash, threads, refused, timeout */
    long threads_short;
};

/* An observed run ended early, every thread waiting: a deadlock seen. */
static bool tally_saw_deadlock(const struct tally *t)
{
    return t->timeout && t->first_detail[5] && str_starts_with(t->first_detail[5], "deadlock");
}

/* The cell's word for a failure that has one cause besides findings. */
static void label_failure(const struct tally *t, int n, struct judgement *out)
{
    /* A tool's findings (a timeout and a wrong result are outcomes, counted
     * apart; every unexpected kind is among the observed ones). */
    unsigned reported = out->observed & ~(1u << FK_TIMEOUT | 1u << FK_WRONG_RESULT);
    bool findings = reported || t->rejected || t->nfound_in || t->wrong_result ||
                    t->too_few_threads || t->no_thread_count;
    const struct {
        int count;
        const char *label;
    } causes[] = {
        {t->refused ? n : 0, "REFUSED"},
        {t->build_error ? n : 0, "BUILD ERR"},
        {t->tool_error, "TOOL ERR"},
        {t->crash, "CRASH"},
        {t->timeout, tally_saw_deadlock(t) ? "DEADLOCK" : "TIMEOUT"},
    };
    int seen = 0;
    for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++)
        if (causes[i].count) {
            seen++;
            out->fail_label = causes[i].label;
            out->fail_runs = causes[i].count;
        }
    if (seen != 1 || findings)
        out->fail_label = NULL;
}

static void note_detail(char **slot, const char *detail)
{
    if (!*slot)
        *slot = xstrdup(detail ? detail : "");
}

/* A stable signature of a finding: its kind and the set of user lines it
 * names. A set, not a list: TSan reports one race with either access first,
 * depending on which thread came second in that run; it is one bug. The
 * stacks that only set the scene (DRD's other segment, which varies from run
 * to run) are left out, as in fingerprints. */
static char *finding_signature(const struct finding *f)
{
    const char **parts = xcalloc(f->naccesses + 1, sizeof *parts);
    size_t n = 0;
    bool skip_context = false;
    for (size_t i = 0; i < f->naccesses; i++)
        skip_context |= !finding_access_is_context(&f->accesses[i]);
    for (size_t i = 0; i < f->naccesses; i++) {
        int k = access_user_frame(&f->accesses[i], NULL);
        if (k >= 0 && !(skip_context && finding_access_is_context(&f->accesses[i])))
            parts[n++] =
                xasprintf("%s:%d", f->accesses[i].frames[k].file, f->accesses[i].frames[k].line);
    }
    char *set = str_join_sorted_unique(parts, n, "|");
    char *sig = xasprintf("%d|%s", f->kind, set);
    for (size_t i = 0; i < n; i++)
        free((char *)parts[i]);
    free(parts);
    free(set);
    return sig;
}

/* Add f, reported in run `run`, to the judgement's unique findings, once per
 * run: `counted` holds the indices this run has already counted (in
 * runs_seen), `ncounted` of them. */
static void add_unique(struct judgement *j, const struct finding *f, size_t run, size_t **counted,
                       size_t *ncounted)
{
    char *sig = finding_signature(f);
    size_t i = 0;
    for (; i < j->findings.len; i++) {
        char *other = finding_signature(&j->findings.items[i]);
        bool same = strcmp(sig, other) == 0;
        free(other);
        if (same)
            break;
    }
    free(sig);
    if (i == j->findings.len) {
        finding_list_append_copy(&j->findings, f);
        j->findings.items[i].runs_seen = 0;
        j->findings.items[i].runs_mask = 0;
    }
    if (run < 64)
        j->findings.items[i].runs_mask |= 1ull << run;
    for (size_t k = 0; k < *ncounted; k++)
        if ((*counted)[k] == i)
            return;
    *counted = xrealloc(*counted, (*ncounted + 1) * sizeof **counted);
    (*counted)[(*ncounted)++] = i;
    j->findings.items[i].runs_seen++;
}

/* Run `run`'s findings into the judgement's unique ones. */
static void add_run_findings(struct judgement *j, const struct finding_list *list, size_t run)
{
    size_t *counted = NULL, ncounted = 0;
    for (size_t i = 0; i < list->len; i++)
        add_unique(j, &list->items[i], run, &counted, &ncounted);
    free(counted);
}

static void judge_run(const struct program *prog, enum tool_id tool, const char *source,
                      const struct run_outcome *r, size_t run, struct judgement *j, struct tally *t)
{
    const struct expectation *ex = &prog->expect[tool];
    bool unsafe = prog->variant == VARIANT_UNSAFE;
    unsigned expected = ex->mode == EXPECT_KINDS ? ex->kinds : 0;
    unsigned seen = 0, located = 0;
    switch (r->status) {
    case RUN_BUILD_ERROR:
        t->build_error++;
        note_detail(&t->first_detail[0], r->detail);
        return;
    case RUN_TOOL_ERROR:
        t->tool_error++;
        note_detail(&t->first_detail[1], r->detail);
        return;
    case RUN_CRASH:
        /* What the tool reported before the crash still counts. */
        t->crash++;
        note_detail(&t->first_detail[2], r->detail);
        break;
    case RUN_REFUSED:
        t->refused++;
        note_detail(&t->first_detail[4], r->detail);
        return;
    case RUN_SKIPPED:
        return; /* not counted: see verdict_judge */
    case RUN_REJECTED:
        /* Only reached when the header expects the twin to compile. */
        t->rejected++;
        add_run_findings(j, &r->findings, run);
        return;
    case RUN_TIMEOUT:
        seen = located = 1u << FK_TIMEOUT;
        if (!(expected & seen))
            t->timeout++;
        note_detail(&t->first_detail[5], r->detail);
        break;
    case RUN_OK:
        break;
    }
    for (size_t i = 0; i < r->findings.len; i++) {
        const struct finding *f = &r->findings.items[i];
        seen |= 1u << f->kind;
        if (finding_in_source(f, source))
            located |= 1u << f->kind;
    }
    add_run_findings(j, &r->findings, run);
    /* A static tool ran nothing: no oracle, no threads to count. */
    if (r->status == RUN_OK && !tool_is_static(tool)) {
        char *why = oracle_check(prog, r);
        if (why) {
            j->oracle_failures++;
            if (!j->oracle_note)
                j->oracle_note = why;
            else
                free(why);
            seen |= 1u << FK_WRONG_RESULT;
            located |= 1u << FK_WRONG_RESULT;
            /* A race corrupts the result only sometimes: on an unsafe program
             * that is a symptom, not a failure, unless the header demands it. */
            if (!unsafe)
                t->wrong_result++;
        }
        if (r->threads_started >= 0 &&
            (j->threads_seen < 0 || r->threads_started < j->threads_seen))
            j->threads_seen = r->threads_started;
        if (prog->min_threads > 0 && r->threads_started < 0)
            t->no_thread_count++;
        else if (prog->min_threads > 0 && r->threads_started < prog->min_threads) {
            t->too_few_threads++;
            t->threads_short = r->threads_started;
        }
    }
    j->observed |= seen;
    unsigned ignored = unsafe && !(expected & (1u << FK_WRONG_RESULT)) ? 1u << FK_WRONG_RESULT : 0;
    ignored |= 1u << FK_TIMEOUT | ex->warn_kinds; /* counted above; warnings never fail */
    for (int k = 0; k < FK__COUNT; k++)
        if (seen & ex->warn_kinds & (1u << k))
            t->warned[k]++;
    /* A killed run's last reports are artefacts of the kill (threads "exit"
     * holding locks): on a timeout only the timeout itself is judged. */
    if (r->status == RUN_TIMEOUT)
        ignored = ~0u;
    if (!unsafe)
        ignored |= 1u << FK_WRONG_RESULT; /* counted above */
    bool surprised = false;
    for (int k = 0; k < FK__COUNT; k++) {
        unsigned bit = 1u << k;
        if (located & bit)
            t->located[k]++;
        if ((seen & bit) && !(expected & bit) && !(ignored & bit)) {
            t->unexpected[k]++;
            surprised = true;
        }
    }
    if (surprised && r->config) {
        bool known = false;
        for (int i = 0; i < t->nfound_in; i++)
            known |= strcmp(t->found_in[i], r->config) == 0;
        if (!known && t->nfound_in < (int)(sizeof t->found_in / sizeof *t->found_in))
            t->found_in[t->nfound_in++] = r->config;
    }
    if (unsafe ? expected && (expected & located) == expected
               : (seen & ~(1u << FK_TIMEOUT | ex->warn_kinds)) != 0)
        j->detected++;
}

static void add_reason(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_reason(struct strbuf *sb, const char *fmt, ...)
{
    if (sb->len)
        strbuf_adds(sb, "; ");
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

char *compile_error_codes(const struct finding_list *errors)
{
    const char **codes = xcalloc(errors->len + 1, sizeof *codes);
    size_t n = 0;
    for (size_t i = 0; i < errors->len; i++)
        if (errors->items[i].kind == FK_COMPILE_ERROR && errors->items[i].tool_kind)
            codes[n++] = errors->items[i].tool_kind;
    char *joined = str_join_sorted_unique(codes, n, ",");
    free(codes);
    return joined;
}

/* A twin the header says rustc rejects: one compilation decides. */
static void judge_rejection(const struct expectation *ex, const struct run_outcome *runs,
                            size_t nruns, struct judgement *out)
{
    out->runs = 1;
    const struct run_outcome *r = nruns ? &runs[0] : NULL;
    if (r && r->status == RUN_REJECTED) {
        add_run_findings(out, &r->findings, 0);
        out->codes = compile_error_codes(&r->findings);
        out->observed = 1u << FK_COMPILE_ERROR;
        if (strcmp(out->codes, ex->codes) == 0) {
            out->detected = 1;
            out->verdict = VERDICT_PASS;
            return;
        }
        out->reason =
            xasprintf("rustc rejected it with %s; the header expects %s", out->codes, ex->codes);
    } else if (r && r->status == RUN_OK) {
        out->reason =
            xasprintf("rustc compiled it; the header expects rejection with %s", ex->codes);
    } else {
        out->reason =
            xasprintf("could not compile the twin: %s", r && r->detail ? r->detail : "no build");
    }
    out->verdict = VERDICT_FAIL;
}

/* "no detector can see this; the oracle saw ...": the verdict on a bug that
 * only a wrong answer or a hang gives away. */
static char *symptom_note(enum tool_id tool, const struct program *prog, const struct judgement *j)
{
    const char *who = tool == TOOL_RUSTC    ? "rustc accepts this"
                      : tool == TOOL_NATIVE ? "no detector runs here"
                                            : "the tool cannot see this";
    if (j->oracle_note)
        return xasprintf("%s; the oracle failed in every run: %s", who, j->oracle_note);
    return xasprintf("%s; every run hung until the %d s limit (killed)", who, prog->timeout_s);
}

/* "warning: thread-leak in 2/3 runs (--fail-on thread-leak fails on it)", or NULL. */
static char *warnings_note(const struct tally *t, int n)
{
    struct strbuf sb = STRBUF_INIT;
    for (int k = 0; k < FK__COUNT; k++)
        if (t->warned[k])
            strbuf_addf(&sb, "%swarning: %s in %d/%d runs (--fail-on %s fails on it)",
                        sb.len ? "; " : "", finding_kind_name(k), t->warned[k], n,
                        finding_kind_name(k));
    return sb.len ? strbuf_detach(&sb) : NULL;
}

void verdict_judge(const struct program *prog, enum tool_id tool, const char *source,
                   const struct run_outcome *runs, size_t nruns, struct judgement *out)
{
    memset(out, 0, sizeof *out);
    out->threads_seen = -1;
    const struct expectation *ex = &prog->expect[tool];
    if (ex->mode == EXPECT_NA) {
        out->verdict = VERDICT_NA;
        out->reason = xstrdup(ex->reason);
        return;
    }
    if (ex->mode == EXPECT_NONE) {
        out->verdict = VERDICT_SKIP;
        return;
    }
    if (ex->mode == EXPECT_REJECTED) {
        judge_rejection(ex, runs, nruns, out);
        return;
    }
    struct tally t = {0};
    int n = 0;
    for (size_t i = 0; i < nruns; i++) {
        n += runs[i].status != RUN_SKIPPED;
        judge_run(prog, tool, source, &runs[i], i, out, &t);
    }
    out->runs = n;
    struct strbuf why = STRBUF_INIT;
    if (t.refused)
        add_reason(&why, "%s", t.first_detail[4]);
    if (t.build_error)
        add_reason(&why, "build failed: %s", t.first_detail[0]);
    if (t.tool_error)
        add_reason(&why, "tool error in %d/%d runs: %s", t.tool_error, n, t.first_detail[1]);
    if (t.crash)
        add_reason(&why, "crash in %d/%d runs: %s", t.crash, n, t.first_detail[2]);
    if (t.rejected) {
        free(out->codes);
        out->codes = compile_error_codes(&out->findings);
        add_reason(&why, "rustc rejected it (%s); the header says it compiles", out->codes);
    }
    if (tally_saw_deadlock(&t))
        add_reason(&why, "%s (in %d/%d runs)", t.first_detail[5], t.timeout, n);
    else if (t.timeout)
        add_reason(&why, "timeout (possible deadlock) in %d/%d runs, limit %d s", t.timeout, n,
                   prog->run.tool_timeout_s[tool] > 0 ? prog->run.tool_timeout_s[tool]
                                                      : prog->timeout_s);
    unsigned expected = ex->mode == EXPECT_KINDS ? ex->kinds : 0;
    for (int k = 0; k < FK__COUNT; k++)
        if ((expected & (1u << k)) && t.located[k] < n)
            add_reason(&why, "expected %s in every run, seen in %d/%d", finding_kind_name(k),
                       t.located[k], n);
    for (int k = 0; k < FK__COUNT; k++)
        if (t.unexpected[k])
            add_reason(&why, "unexpected %s in %d/%d runs", finding_kind_name(k), t.unexpected[k],
                       n);
    if (t.nfound_in) {
        const char *labels = t.found_in[0];
        char *joined = NULL;
        if (t.nfound_in > 1)
            labels = joined = str_join_sorted_unique(t.found_in, (size_t)t.nfound_in, " and ");
        add_reason(&why, "found under %s", labels);
        free(joined);
    }
    if (t.wrong_result)
        add_reason(&why, "wrong result in %d/%d runs: %s", t.wrong_result, n, out->oracle_note);
    if (t.too_few_threads)
        add_reason(&why, "fewer threads than required in %d/%d runs: started %ld, needs %d",
                   t.too_few_threads, n, t.threads_short, prog->min_threads);
    if (t.no_thread_count)
        add_reason(&why, "could not count the threads started in %d/%d runs", t.no_thread_count, n);
    /* racelab run: the tool stopped at its first failing run. */
    if (why.len && prog->run.binary && (size_t)n < nruns)
        add_reason(&why, "%zu more run%s not needed (--all-runs makes them)", nruns - (size_t)n,
                   nruns - (size_t)n == 1 ? "" : "s");
    if (nruns == 0)
        add_reason(&why, "no runs");
    /* Every run skipped: another tool decided first (stop_on_failure). */
    if (nruns > 0 && n == 0) {
        out->verdict = VERDICT_SKIP;
        strbuf_release(&why);
        for (int i = 0; i < 6; i++)
            free(t.first_detail[i]);
        return;
    }
    out->verdict = why.len ? VERDICT_FAIL : VERDICT_PASS;
    out->reason = why.len ? strbuf_detach(&why) : NULL;
    if (out->verdict == VERDICT_FAIL)
        label_failure(&t, n, out);
    if (out->verdict == VERDICT_PASS && expected &&
        !(expected & ~((1u << FK_WRONG_RESULT) | (1u << FK_TIMEOUT))))
        out->note = symptom_note(tool, prog, out);
    else if (out->verdict == VERDICT_PASS && ex->mode == EXPECT_CLEAN && ex->reason)
        out->note = xasprintf("the tool cannot see this: %s", ex->reason);
    else
        out->note = warnings_note(&t, n);
    strbuf_release(&why);
    for (int i = 0; i < 6; i++)
        free(t.first_detail[i]);
}

void judgement_free(struct judgement *j)
{
    free(j->reason);
    free(j->oracle_note);
    free(j->codes);
    free(j->note);
    free(j->plan_note);
    finding_list_free(&j->findings);
    finding_list_free(&j->filtered);
    memset(j, 0, sizeof *j);
}
