/* report_html_case.c: the details half of the HTML report (report_html.h).
 *
 * Per case, its story from the headers (the bug, the fix, the safe twin's
 * discipline, Rust), then per program a table of every tool's verdict and
 * why, and per tool with something to show a <details> block: each finding
 * with its accesses and the source lines they point at, read from the
 * catalog root, the racing lines highlighted. A failing tool's block is
 * open; the rest fold away, so a whole catalog still reads top to bottom. */
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "html.h"
#include "report.h"
#include "report_common.h"
#include "report_html.h"
#include "util.h"

#define EXCERPT_CONTEXT 2  /* lines shown before and after a racing line */
#define MAX_FINDINGS    50 /* per tool and program; the JSON report has all */
#define ERR_TAIL_LINES  20 /* of a failed run's output, when it has no finding */

/* A racing line: where one access of a finding is in the user's source. */
struct hit {
    const char *file; /* as the tool printed it */
    int line;
};

/* The file a frame names, if it is in the catalog: absolute under the root,
 * or relative to it. NULL for anything else (the page quotes nothing from
 * outside the catalog). */
static char *catalog_path(const char *root, const char *file)
{
    size_t n = strlen(root);
    if (file[0] != '/')
        return xasprintf("%s/%s", root, file);
    if (strncmp(file, root, n) == 0 && file[n] == '/')
        return xstrdup(file);
    return NULL;
}

/* One file's excerpt: every line within EXCERPT_CONTEXT of a hit in that
 * file, numbered, the hits highlighted, a gap marker where lines are left out. */
static void write_excerpt(const struct html_page *pg, const struct hit *hits, size_t nhits,
                          const char *file)
{
    FILE *out = pg->out;
    const char *root = pg->rep->catalog.root;
    char *path = catalog_path(root, file), *text = NULL;
    if (!path || read_file(path, &text, NULL) < 0) {
        free(path);
        return;
    }
    fputs("<div class=\"excerpt\"><div class=\"file mono\">", out);
    html_text(out, report_relative(file, root));
    fputs("</div>\n", out);
    int last_shown = 0;
    const char *p = text;
    for (int line = 1; *p; line++) {
        size_t len = strcspn(p, "\n");
        bool shown = false, hit = false;
        for (size_t i = 0; i < nhits; i++)
            if (strcmp(hits[i].file, file) == 0) {
                int d = line - hits[i].line;
                shown |= d >= -EXCERPT_CONTEXT && d <= EXCERPT_CONTEXT;
                hit |= d == 0;
            }
        if (shown) {
            if (last_shown && line > last_shown + 1)
                fputs("<div class=\"gap\">\xE2\x8B\xAE</div>\n", out); /* vertical ellipsis */
            fprintf(out, "<div class=\"l%s\"><span class=\"n\">%d</span>", hit ? " hit" : "", line);
            html_textn(out, p, len);
            fputs("</div>\n", out);
            last_shown = line;
        }
        p += len + (p[len] == '\n');
    }
    fputs("</div>\n", out);
    free(text);
    free(path);
}

/* Every file the finding's accesses point into, once each, in order. */
static void write_excerpts(const struct html_page *pg, const struct finding *f)
{
    struct hit *hits = xcalloc(f->naccesses + 1, sizeof *hits);
    size_t n = 0;
    for (size_t a = 0; a < f->naccesses; a++) {
        int k = access_user_frame(&f->accesses[a], pg->rep->catalog.root);
        const struct frame *fr = k >= 0 ? &f->accesses[a].frames[k] : NULL;
        if (fr && fr->file && fr->line > 0)
            hits[n++] = (struct hit){fr->file, fr->line};
    }
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(hits[j].file, hits[i].file) == 0;
        if (!seen)
            write_excerpt(pg, hits, n, hits[i].file);
    }
    free(hits);
}

/* The accesses: what, by which thread, in which function, where. */
static void write_accesses(const struct html_page *pg, enum tool_id tool, const struct finding *f)
{
    FILE *out = pg->out;
    const char *root = pg->rep->catalog.root;
    if (!f->naccesses)
        return;
    fputs("<table class=\"acc\">\n", out);
    for (size_t a = 0; a < f->naccesses; a++) {
        const struct access *acc = &f->accesses[a];
        int k = access_user_frame(acc, NULL);
        const struct frame *fr = k >= 0 ? &acc->frames[k] : acc->nframes ? &acc->frames[0] : NULL;
        fputs("<tr><td>", out);
        html_text(out, acc->what ? acc->what : "access");
        fputs("</td><td class=\"muted\">", out);
        if (!tool_is_static(tool)) {
            struct strbuf sb = STRBUF_INIT;
            report_format_thread(&sb, tool, acc->thread);
            html_text(out, sb.buf);
            strbuf_release(&sb);
        }
        fputs("</td><td><code>", out);
        html_text(out, fr && fr->function ? fr->function : "?");
        fputs("</code></td><td class=\"mono\">", out);
        if (fr && fr->file)
            html_text(out, report_relative(fr->file, root));
        else
            html_text(out, fr && fr->object ? fr->object : "?");
        if (fr && fr->line > 0)
            fprintf(out, ":%d", fr->line);
        fputs(k < 0 ? " <span class=\"muted\">(not in user source)</span></td></tr>\n"
                    : "</td></tr>\n",
              out);
    }
    fputs("</table>\n", out);
}

/* Is this finding the documented bug (its kind expected on a buggy row)? */
static bool finding_expected(const struct check_row *row, enum tool_id tool,
                             const struct finding *f)
{
    const struct expectation *ex = &row->prog->expect[tool];
    if (row->variant != VARIANT_UNSAFE)
        return false;
    if (ex->mode == EXPECT_REJECTED)
        return f->kind == FK_COMPILE_ERROR;
    return ex->mode == EXPECT_KINDS && (ex->kinds & (1u << f->kind));
}

static void write_finding(const struct html_page *pg, const struct check_row *row,
                          enum tool_id tool, const struct finding *f)
{
    FILE *out = pg->out;
    const char *badge = f->filtered_by == FILTER_SUPPRESSED   ? "suppressed"
                        : f->filtered_by == FILTER_BASELINE   ? "baselined"
                        : f->filtered_by == FILTER_TOOL_MODEL ? "tool blind spot"
                        : finding_expected(row, tool, f)      ? "expected"
                                                              : "unexpected";
    const char *cls = f->filtered_by != FILTER_NONE ? "filtered" : badge;
    fprintf(out, "<div class=\"finding %s\">\n<p><span class=\"badge %s\">%s</span>", cls, cls,
            badge);
    fprintf(out, "<span class=\"kind\">%s</span>", finding_kind_name(f->kind));
    if (f->tool_kind) {
        fputs(" <span class=\"muted\">(", out);
        html_text(out, f->tool_kind);
        fputs(")</span>", out);
    }
    if (f->message && !strchr(f->message, '\n')) {
        fputs(" ", out);
        html_text(out, f->message);
    }
    if (f->runs_seen > 0)
        fprintf(out, " <span class=\"muted\">(in %d/%d runs)</span>", f->runs_seen,
                row->judged[tool].runs);
    fputs("</p>\n", out);
    if (f->message && strchr(f->message, '\n')) {
        fputs("<pre class=\"msg\">", out);
        html_text(out, f->message);
        fputs("</pre>\n", out);
    }
    write_accesses(pg, tool, f);
    write_excerpts(pg, f);
    struct fingerprint fp;
    finding_fingerprint(f, tool, pg->rep->catalog.root, &fp);
    fprintf(out, "<p class=\"fingerprint\">fingerprint <code>%s</code></p>\n</div>\n", fp.hex);
}

static void write_kinds(FILE *out, unsigned kinds)
{
    const char *sep = "";
    for (int k = 0; k < FK__COUNT; k++)
        if (kinds & (1u << k)) {
            fprintf(out, "%s%s", sep, finding_kind_name(k));
            sep = ", ";
        }
}

static void write_expected(const struct html_page *pg, const struct expectation *ex)
{
    FILE *out = pg->out;
    switch (ex->mode) {
    case EXPECT_CLEAN:
        fputs("clean", out);
        break;
    case EXPECT_KINDS:
        write_kinds(out, ex->kinds);
        break;
    case EXPECT_NA:
        fputs("n/a", out);
        break;
    case EXPECT_NONE:
        fputs("not used", out);
        break;
    case EXPECT_REJECTED:
        fputs("rejected: ", out);
        html_text(out, ex->codes);
        break;
    }
}

/* Why the verdict is what it is, in words: the failure, the n/a reason, what
 * showed a bug no detector sees, why a tool is blind to the bug. */
static void write_why(const struct html_page *pg, const struct check_row *row, enum tool_id t)
{
    FILE *out = pg->out;
    const struct judgement *j = &row->judged[t];
    const struct expectation *ex = &row->prog->expect[t];
    const char *sep = "";
    if (j->verdict == VERDICT_FAIL || j->verdict == VERDICT_NA) {
        html_prose(out, j->reason);
        sep = "<br/>";
    }
    if (j->note) {
        fputs(sep, out);
        html_prose(out, j->note);
        sep = "<br/>";
    } else if (j->oracle_note) {
        fprintf(out, "%s<span class=\"muted\">oracle: wrong result in %d/%d runs: ", sep,
                j->oracle_failures, j->runs);
        html_text(out, j->oracle_note);
        fputs("</span>", out);
        sep = "<br/>";
    }
    if (j->verdict == VERDICT_PASS && ex->mode == EXPECT_CLEAN && ex->reason && !j->note) {
        fprintf(out, "%s<span class=\"muted\">blind to it: ", sep);
        html_prose(out, ex->reason);
        fputs("</span>", out);
    }
}

/* How many runs and their mean time (what went wrong in them is in "why"). */
static void write_runs(const struct html_page *pg, const struct check_row *row, enum tool_id t)
{
    const struct run_outcome *runs = row->outcomes[t];
    int n = runs ? row->nruns[t] : 0;
    double total = 0;
    for (int k = 0; k < n; k++)
        total += runs[k].elapsed_s;
    if (n)
        fprintf(pg->out, "%d run%s, %.2f s%s", n, n == 1 ? "" : "s", total / n,
                n == 1 ? "" : " each");
    else
        fputs("-", pg->out);
}

/* A failure without a finding (a crash, a hang, a tool error): what the
 * first such run printed last, which is where a tool says what went wrong. */
static void write_odd_run(const struct html_page *pg, const struct check_row *row, enum tool_id t)
{
    FILE *out = pg->out;
    fputs("<p class=\"muted\">no finding: the verdict comes from the runs themselves</p>\n", out);
    for (int k = 0; row->outcomes[t] && k < row->nruns[t]; k++) {
        const struct run_outcome *run = &row->outcomes[t][k];
        if (run->status == RUN_OK || run->status == RUN_REJECTED || !run->err || !*run->err)
            continue;
        const char *tail = run->err + strlen(run->err);
        for (int lines = 0; tail > run->err && lines <= ERR_TAIL_LINES; tail--)
            lines += tail[-1] == '\n';
        tail += *tail == '\n' && tail > run->err;
        fprintf(out, "<p>run %d: ", k + 1);
        html_text(out, run->detail);
        fprintf(out, "; the end of its output:</p>\n<pre class=\"msg\">%s",
                tail > run->err ? "...\n" : "");
        html_text(out, tail);
        fputs("</pre>\n", out);
        return;
    }
}

/* The findings of one tool on one program, folded unless the tool failed. */
static void write_tool_details(const struct html_page *pg, const struct check_row *row,
                               enum tool_id t)
{
    FILE *out = pg->out;
    const struct judgement *j = &row->judged[t];
    bool failed = j->verdict == VERDICT_FAIL;
    if (!failed && !j->findings.len && !j->filtered.len)
        return;
    html_id(out, "<details id=\"", row->prog->path);
    fprintf(out, "-%s\" class=\"%s\"%s><summary>%s: %zu finding%s", tool_name(t),
            html_verdict_class(j->verdict), failed ? " open=\"open\"" : "", tool_name(t),
            j->findings.len, j->findings.len == 1 ? "" : "s");
    if (j->filtered.len)
        fprintf(out, ", %zu filtered", j->filtered.len);
    fprintf(out, " \xE2\x80\x94 %s</summary>\n", verdict_name(j->verdict));
    if (!j->findings.len && !j->filtered.len)
        write_odd_run(pg, row, t);
    for (size_t i = 0; i < j->findings.len && i < MAX_FINDINGS; i++)
        write_finding(pg, row, t, &j->findings.items[i]);
    if (j->findings.len > MAX_FINDINGS)
        fprintf(out, "<p class=\"muted\">... and %zu more (racelab check --format json)</p>\n",
                j->findings.len - MAX_FINDINGS);
    if (j->filtered.len)
        fputs("<p class=\"muted\">Filtered out by a suppression or the baseline, not judged:</p>\n",
              out);
    for (size_t i = 0; i < j->filtered.len && i < MAX_FINDINGS; i++)
        write_finding(pg, row, t, &j->filtered.items[i]);
    fputs("</details>\n", out);
}

static void write_bug(void *ctx, const struct report_item *it)
{
    const struct html_page *pg = ctx;
    if (!it->finding)
        return;
    struct strbuf sb = STRBUF_INIT;
    report_bug_text(&sb, pg->rep, it);
    sb.buf[strcspn(sb.buf, "\n")] = '\0';
    fprintf(pg->out, "<li><span class=\"badge %s\">%s</span> ",
            it->level == REPORT_ERROR ? "unexpected" : "filtered", report_level_name(it->level));
    html_text(pg->out, sb.buf);
    fputs("</li>\n", pg->out);
    strbuf_release(&sb);
}

/* racelab run: each bug once, with the tools and runs that saw it; the
 * tools' own reports follow. */
static void write_bugs(const struct html_page *pg, const struct check_row *row)
{
    size_t r = (size_t)(row - pg->rep->rows);
    fputs("<p>Bugs, each once, whichever tools and runs saw it:</p>\n<ul class=\"bugs\">\n",
          pg->out);
    report_walk_row(pg->rep, r, false, write_bug, (void *)pg);
    fputs("</ul>\n", pg->out);
}

static void write_program(const struct html_page *pg, const struct check_row *row)
{
    FILE *out = pg->out;
    const struct check_report *rep = pg->rep;
    html_id(out, "<div class=\"program\" id=\"", row->prog->path);
    fprintf(out, "\">\n<h3><span class=\"variant-%s\">%s</span> <code>",
            check_row_variant(rep, row), check_row_variant(rep, row));
    html_text(out, row->prog->path);
    fputs("</code>", out);
    if (row->variant == VARIANT_UNSAFE) {
        fputs(" <span class=\"muted\">caught earliest: ", out);
        html_catch_point(pg, row);
        fputs("</span>", out);
    }
    fputs("</h3>\n<table class=\"tools\"><colgroup><col class=\"tool\"/><col class=\"verdict\"/>"
          "<col class=\"kinds\"/><col class=\"kinds\"/><col class=\"runs\"/><col/></colgroup>\n"
          "<thead><tr><th>tool</th><th>verdict</th><th>expected</th><th>observed</th>"
          "<th>runs</th><th>why</th></tr></thead>\n<tbody>\n",
          out);
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(rep->tools & (1u << t)) || row->judged[t].verdict == VERDICT_SKIP)
            continue;
        const struct judgement *j = &row->judged[t];
        fprintf(out, "<tr><td>%s</td>", tool_name(t));
        html_verdict_cell(pg, j);
        fputs("<td>", out);
        write_expected(pg, &row->prog->expect[t]);
        fputs("</td><td>", out);
        write_kinds(out, j->observed);
        if (j->codes && *j->codes) {
            fputs(j->observed ? " (" : "(", out);
            html_text(out, j->codes);
            fputs(")", out);
        }
        fputs("</td><td>", out);
        write_runs(pg, row, t);
        fputs("</td><td>", out);
        write_why(pg, row, t);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (rep->run_mode)
        write_bugs(pg, row);
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t))
            write_tool_details(pg, row, t);
    fputs("</div>\n", out);
}

static void story_part(FILE *out, const char *cls, const char *title, const char *text)
{
    if (!text)
        return;
    fprintf(out, "<div class=\"%s\"><h4>%s</h4><p>", cls, title);
    html_prose(out, text);
    fputs("</p></div>\n", out);
}

/* What the headers say: the bug and its fix, the twin's discipline, Rust. */
static void write_story(const struct html_page *pg, const struct rl_case *c)
{
    FILE *out = pg->out;
    const struct program *bad = &c->variants[VARIANT_UNSAFE], *good = &c->variants[VARIANT_SAFE];
    fputs("<div class=\"story\">\n", out);
    story_part(out, "bug", "The bug", bad->about);
    story_part(out, "fix", "The fix", bad->fix);
    story_part(out, "discipline",
               pg->rep->run_mode ? "What racelab checks" : "The safe twin's discipline",
               good->about);
    story_part(out, "rust", "In Rust", bad->rust);
    fputs("</div>\n", out);
}

void html_case_sections(const struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    FILE *out = pg->out;
    fputs("<div id=\"cases\">\n", out);
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        bool first = r == 0 || rep->rows[r - 1].c != row->c;
        if (first) {
            html_id(out, "<section class=\"box case\" id=\"case-", row->c->id);
            fputs("\">\n<h2>", out);
            html_case_name(pg, row->c);
            fputs("</h2>\n", out);
            write_story(pg, row->c);
        }
        write_program(pg, row);
        if (r + 1 == rep->nrows || rep->rows[r + 1].c != row->c)
            fputs("</section>\n", out);
    }
    fputs("</div>\n", out);
}
