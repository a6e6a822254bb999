/* report_html.c: the check report as one self-contained HTML page, for a
 * teacher reading the catalog or a reviewer reading a CI run: the run's
 * facts, the matrix coloured cell by cell with the terminal's text, what each
 * tool caught, the n/a reasons as footnotes, then every case in detail
 * (report_html_case.c).
 *
 * The page loads nothing: inline CSS, no script (<details> folds what is
 * long), no image, no font, and a Content-Security-Policy that forbids any
 * fetch, so that a page opened from a CI artefact cannot call out. Its markup
 * is also well-formed XML (void elements closed, only numeric character
 * references), which lets the tests parse it with expat. Output depends only
 * on the report and the catalog's files: same report in, same bytes out. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report.h"
#include "report_html.h"
#include "util.h"

/* Without `script-src`, default-src 'none' forbids every script as well. */
#define CSP "default-src 'none'; style-src 'unsafe-inline'"

static const char css[] =
    ":root{--line:#d0d7de;--muted:#59636e;--pass-bg:#dafbe1;--pass:#116329;--fail-bg:#ffebe9;"
    "--fail:#a40e26;--na-bg:#eef1f4;--hit:#fff1b8}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f6f8fa;color:#1f2328;font:14px/1.5 'DejaVu Sans',"
    "'Liberation Sans',system-ui,sans-serif}\n"
    "code,pre,.mono,table.matrix td{font-family:'DejaVu Sans Mono','Liberation Mono',"
    "ui-monospace,monospace;font-size:12.5px}\n"
    "a{color:#0550ae;text-decoration:none}a:hover{text-decoration:underline}\n"
    "header.run,main,footer{max-width:1480px;margin:0 auto;padding:0 28px}\n"
    "header.run{padding-top:24px}\n"
    "h1{font-size:24px;margin:0}h2{font-size:19px;margin:0 0 12px}"
    "h3{font-size:15px;margin:18px 0 8px}\n"
    ".banner{display:flex;align-items:center;gap:16px;flex-wrap:wrap}\n"
    ".status{padding:3px 12px;border-radius:14px;font-weight:700}\n"
    ".ok .status{background:var(--pass-bg);color:var(--pass)}\n"
    ".failed .status{background:var(--fail-bg);color:var(--fail)}\n"
    "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;"
    "margin:18px 0 6px}\n"
    "dl.facts div{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px}"
    "\n"
    "dt{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
    "dd{margin:0;font-size:20px;font-weight:700}\n"
    "dl.facts .pass dd{color:var(--pass)}dl.facts .fail dd{color:var(--fail)}"
    "dl.facts .na dd{color:var(--muted)}\n"
    ".meta{color:var(--muted);margin:4px 0}\n"
    "nav{margin:10px 0 0;color:var(--muted)}nav a{margin-right:10px}\n"
    "section.box{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:16px 20px;margin:20px 0;overflow-x:auto}\n"
    "table{border-collapse:collapse}\n"
    "table.matrix th{position:sticky;top:0;background:#fff;text-align:left;font-size:12px;"
    "letter-spacing:.04em;padding:6px 10px;border-bottom:2px solid var(--line);"
    "white-space:nowrap}\n"
    "table.matrix td{padding:5px 10px;border-bottom:1px solid #eaeef2;white-space:nowrap}\n"
    "table.matrix td.case{font-family:inherit;font-size:13px;vertical-align:top;"
    "border-right:1px solid #eaeef2}\n"
    "table.matrix tr.first td{border-top:1px solid #afb8c1}\n"
    "td.case .title{display:block;color:var(--muted);font-size:12px;white-space:normal;"
    "max-width:280px}\n"
    "td.pass{background:var(--pass-bg);color:var(--pass)}\n"
    "td.fail{background:var(--fail-bg);color:var(--fail);font-weight:700}\n"
    "td.na{background:var(--na-bg);color:var(--muted)}td.na a{color:inherit}\n"
    "td.skip{color:#8c959f;text-align:center}\n"
    "table.matrix td.pass,table.matrix td.fail,table.matrix td.na,table.matrix td.skip"
    "{border:2px solid #fff}\n"
    "td.variant-unsafe{color:#953800}td.variant-safe{color:var(--pass)}\n"
    "td.earliest{font-family:inherit;font-size:13px}\n"
    "tr.why td{white-space:normal;color:var(--fail);font-family:inherit;font-size:13px;"
    "padding:2px 10px 8px}\n"
    "table.tally td,table.tally th{padding:3px 10px;text-align:left}\n"
    ".bar{display:inline-block;height:10px;background:#4c8bf5;border-radius:2px;"
    "vertical-align:middle;margin-right:8px}\n"
    "ol.na li{margin:4px 0}ol.na li:target{background:var(--hit)}\n"
    "section.case{scroll-margin-top:8px}\n"
    ".story{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}\n"
    ".story div{border-left:4px solid var(--line);padding:2px 12px}\n"
    ".story .bug{border-color:#cf222e}.story .fix{border-color:#1a7f37}"
    ".story .discipline{border-color:#0969da}.story .rust{border-color:#bc4c00}\n"
    ".story h4{margin:0;font-size:12px;text-transform:uppercase;letter-spacing:.05em;"
    "color:var(--muted)}.story p{margin:4px 0}\n"
    "table.tools{width:100%;margin:6px 0;table-layout:fixed}\n"
    "col.tool{width:90px}col.verdict{width:120px}col.kinds{width:210px}col.runs{width:170px}\n"
    "h2 .case-id{font-family:'DejaVu Sans Mono',monospace;font-size:17px;color:inherit}"
    "h2 .title{margin-left:6px}\n"
    "h2 code{font-size:17px}h3 .muted{font-weight:400}\n"
    "table.tools th{text-align:left;font-size:12px;color:var(--muted);padding:4px 8px;"
    "border-bottom:1px solid var(--line)}\n"
    "table.tools td{padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}\n"
    "table.tools td.pass,table.tools td.fail,table.tools td.na,table.tools td.skip"
    "{white-space:nowrap;font-family:'DejaVu Sans Mono',monospace;font-size:12.5px}\n"
    "details{margin:8px 0;border:1px solid var(--line);border-radius:6px;padding:0 12px}\n"
    "details[open]{padding-bottom:10px}\n"
    "summary{cursor:pointer;padding:6px 0;font-weight:600}\n"
    "details.fail{border-color:#ff8182}details.fail summary{color:var(--fail)}\n"
    ".finding{border-top:1px solid #eaeef2;padding:8px 0}\n"
    ".finding.filtered{opacity:.6}\n"
    ".badge{display:inline-block;font-size:11px;font-weight:700;padding:0 7px;border-radius:9px;"
    "margin-right:6px;text-transform:uppercase;letter-spacing:.04em}\n"
    ".badge.expected{background:var(--pass-bg);color:var(--pass)}\n"
    ".badge.unexpected{background:var(--fail-bg);color:var(--fail)}\n"
    ".badge.filtered{background:var(--na-bg);color:var(--muted)}\n"
    ".kind{font-weight:700}.muted{color:var(--muted)}\n"
    "pre.msg{background:#f6f8fa;padding:8px;border-radius:6px;white-space:pre-wrap;margin:6px 0}"
    "\n"
    "table.acc td{padding:2px 14px 2px 0;vertical-align:top}\n"
    ".excerpt{margin:8px 0;border:1px solid var(--line);border-radius:6px;overflow:hidden}\n"
    ".excerpt .file{background:#f6f8fa;padding:3px 10px;border-bottom:1px solid var(--line);"
    "font-size:12px}\n"
    ".excerpt .l{font-family:'DejaVu Sans Mono',monospace;font-size:12.5px;white-space:pre;"
    "tab-size:4;padding:0 10px 0 0}\n"
    ".excerpt .l .n{display:inline-block;width:52px;padding-right:10px;text-align:right;"
    "color:#8c959f;user-select:none}\n"
    ".excerpt .l.hit{background:var(--hit);font-weight:700}"
    ".excerpt .l.hit .n{color:#953800}\n"
    ".excerpt .gap{color:#8c959f;padding-left:62px;font-size:12px}\n"
    ".fingerprint{font-size:11px;color:var(--muted)}\n"
    "footer{color:var(--muted);font-size:12px;padding-bottom:30px}\n"
    "@media print{body{background:#fff}section.box{border:0;padding:0}}\n";

const char *html_verdict_class(enum verdict v)
{
    static const char *const names[] = {"pass", "fail", "na", "skip"};
    return (unsigned)v <= VERDICT_SKIP ? names[v] : "fail";
}

size_t html_footnote(const struct html_page *pg, const char *reason)
{
    for (size_t i = 0; reason && i < pg->nna; i++)
        if (strcmp(pg->na[i], reason) == 0)
            return i + 1;
    return 0;
}

/* Number the n/a reasons in the terminal's order: rows, then tools. */
static void collect_footnotes(struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    for (size_t r = 0; r < rep->nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct judgement *j = &rep->rows[r].judged[t];
            if (!(rep->tools & (1u << t)) || j->verdict != VERDICT_NA || !j->reason ||
                html_footnote(pg, j->reason))
                continue;
            pg->na = xrealloc(pg->na, (pg->nna + 1) * sizeof *pg->na);
            pg->na[pg->nna++] = j->reason; /* borrowed from the report */
        }
}

void html_verdict_cell(const struct html_page *pg, const struct judgement *j)
{
    FILE *out = pg->out;
    size_t note = j->verdict == VERDICT_NA ? html_footnote(pg, j->reason) : 0;
    struct strbuf cell = STRBUF_INIT;
    report_format_cell(&cell, j, note);
    /* A fallback that ran and passed: why it ran (racelab run's plan note). */
    const char *why = j->verdict != VERDICT_PASS ? j->reason : j->note ? j->note : j->plan_note;
    fprintf(out, "<td class=\"%s\"", html_verdict_class(j->verdict));
    if (why) {
        fputs(" title=\"", out);
        html_text(out, why);
        fputc('"', out);
    }
    fputc('>', out);
    if (note)
        fprintf(out, "<a href=\"#na-%zu\">", note);
    html_text(out, cell.buf);
    fputs(note ? "</a></td>" : "</td>", out);
    strbuf_release(&cell);
}

void html_catch_point(const struct html_page *pg, const struct check_row *row)
{
    struct catch_point cp;
    catch_point_observed(row, pg->rep->tools, &cp);
    struct strbuf sb = STRBUF_INIT;
    catch_point_format(&sb, &cp);
    html_text(pg->out, sb.buf);
    strbuf_release(&sb);
}

void html_case_name(const struct html_page *pg, const struct rl_case *c)
{
    html_id(pg->out, "<a class=\"case-id\" href=\"#case-", c->id);
    fputs("\">", pg->out);
    html_text(pg->out, c->id);
    fputs("</a> <span class=\"title\">", pg->out);
    /* `racelab run` has no buggy program: its one program is the "safe" one. */
    const char *title = c->variants[VARIANT_UNSAFE].title ? c->variants[VARIANT_UNSAFE].title
                                                          : c->variants[VARIANT_SAFE].title;
    html_prose(pg->out, title);
    fputs("</span>", pg->out);
}

static size_t count_cases(const struct check_report *rep)
{
    size_t n = 0;
    for (size_t r = 0; r < rep->nrows; r++)
        n += r == 0 || rep->rows[r - 1].c != rep->rows[r].c;
    return n;
}

static void fact(FILE *out, const char *cls, const char *name, const char *value)
{
    fprintf(out, "<div class=\"%s\"><dt>%s</dt><dd>", cls, name);
    html_text(out, value);
    fputs("</dd></div>\n", out);
}

static void fact_int(FILE *out, const char *cls, const char *name, long value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", value);
    fact(out, cls, name, buf);
}

/* By exit status (check_exit_status): 0, 1, 2. */
static const char *const status_words[] = {"OK", "FAILED", "TOOL ERROR"};
static const char *const status_lines[] = {
    "OK: every expectation met", "FAILED: some expectations were not met",
    "TOOL ERROR: a tool failed in some run, so it saw nothing there"};

static int exit_status(const struct check_report *rep)
{
    int status = check_exit_status(rep);
    return status >= 0 && status <= 2 ? status : 2;
}

static void write_head(const struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    FILE *out = pg->out;
    size_t ncases = count_cases(rep);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
          "<meta name=\"generator\" content=\"racelab " RACELAB_VERSION "\"/>\n",
          out);
    fprintf(out, "<title>racelab %s: %s, %zu case%s, %d pass, %d fail, %d n/a</title>\n",
            rep->run_mode ? "run" : "check", status_words[exit_status(rep)], ncases,
            ncases == 1 ? "" : "s", rep->pass, rep->fail, rep->na);
    fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The run's facts: what was checked, how it went, how long it took. */
static void write_banner(const struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    FILE *out = pg->out;
    struct strbuf tools = STRBUF_INIT;
    int ntools = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t)) {
            strbuf_addf(&tools, "%s%s", ntools ? ", " : "", tool_name(t));
            ntools++;
        }
    int status = exit_status(rep);
    fprintf(out, "<header class=\"run %s\">\n<div class=\"banner\"><h1>racelab %s</h1>",
            status ? "failed" : "ok", rep->run_mode ? "run" : "check");
    fprintf(out, "<span class=\"status\">%s</span></div>\n", status_lines[status]);
    fputs("<dl class=\"facts\">\n", out);
    fact_int(out, "count", "cases", (long)count_cases(rep));
    fact_int(out, "count", "programs", (long)rep->nrows);
    fact_int(out, "count", "tools", ntools);
    fact_int(out, "count", "runs each", rep->runs);
    fact_int(out, "pass", "pass", rep->pass);
    fact_int(out, "fail", "fail", rep->fail);
    fact_int(out, "na", "n/a", rep->na);
    char elapsed[32];
    snprintf(elapsed, sizeof elapsed, "%.1f s", rep->elapsed_s);
    fact(out, "count", "elapsed", elapsed);
    fact_int(out, "count", "exit status", check_exit_status(rep));
    fputs("</dl>\n<p class=\"meta\">tools: <span class=\"mono\">", out);
    html_text(out, tools.buf);
    fprintf(out, "</span> · %s: <span class=\"mono\">", rep->run_mode ? "source root" : "catalog");
    html_text(out, rep->catalog.root);
    fputs("</span> · racelab " RACELAB_VERSION "</p>\n", out);
    fputs("<nav><a href=\"#matrix\">Matrix</a>", out);
    if (pg->nna)
        fputs("<a href=\"#na\">n/a reasons</a>", out);
    fputs("<a href=\"#cases\">Cases</a></nav>\n</header>\n", out);
    strbuf_release(&tools);
}

/* Under a row with failures, the terminal's "tool on file: reason" lines. */
static void write_why_row(const struct html_page *pg, const struct check_row *row, int span)
{
    FILE *out = pg->out;
    fprintf(out, "<tr class=\"why\"><td colspan=\"%d\">", span);
    bool first = true;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct judgement *j = &row->judged[t];
        if (!(pg->rep->tools & (1u << t)) || j->verdict != VERDICT_FAIL)
            continue;
        const struct program *judged =
            t == TOOL_RUSTC && row->prog->twin ? row->prog->twin : row->prog;
        fputs(first ? "" : "<br/>", out);
        first = false;
        html_id(out, "<a href=\"#", row->prog->path);
        fprintf(out, "-%s\">%s</a> on <code>", tool_name(t), tool_name(t));
        html_text(out, judged->path);
        fputs("</code>: ", out);
        html_text(out, j->reason);
    }
    fputs("</td></tr>\n", out);
}

static bool row_failed(const struct check_report *rep, const struct check_row *row)
{
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((rep->tools & (1u << t)) && row->judged[t].verdict == VERDICT_FAIL)
            return true;
    return false;
}

/* The matrix: one row per program, one column per tool, as in the terminal. */
static void write_matrix(const struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    FILE *out = pg->out;
    bool any_unsafe = false;
    int ncols = 2;
    for (size_t r = 0; r < rep->nrows; r++)
        any_unsafe |= rep->rows[r].variant == VARIANT_UNSAFE;
    fputs("<section class=\"box\" id=\"matrix\">\n<h2>Matrix</h2>\n<table class=\"matrix\">\n"
          "<thead><tr><th>CASE</th><th>VARIANT</th>",
          out);
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t)) {
            fputs("<th>", out);
            for (const char *p = tool_name(t); *p; p++)
                fputc(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p, out);
            fputs("</th>", out);
            ncols++;
        }
    if (any_unsafe) {
        fputs("<th>CAUGHT EARLIEST</th>", out);
        ncols++;
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        bool first = r == 0 || rep->rows[r - 1].c != row->c;
        fprintf(out, "<tr%s data-case=\"", first && r ? " class=\"first\"" : "");
        html_text(out, row->c->id);
        fprintf(out, "\" data-variant=\"%s\">", check_row_variant(rep, row));
        if (first) {
            /* One case cell over its programs and their failure lines. */
            int span = 0;
            for (size_t s = r; s < rep->nrows && rep->rows[s].c == row->c; s++)
                span += 1 + row_failed(rep, &rep->rows[s]);
            fprintf(out, "<td class=\"case\" rowspan=\"%d\">", span);
            html_case_name(pg, row->c);
            fputs("</td>", out);
        }
        fprintf(out, "<td class=\"variant-%s\">%s</td>", check_row_variant(rep, row),
                check_row_variant(rep, row));
        for (int t = 0; t < TOOL__COUNT; t++)
            if (rep->tools & (1u << t))
                html_verdict_cell(pg, &row->judged[t]);
        if (any_unsafe) {
            fputs("<td class=\"earliest\">", out);
            if (row->variant == VARIANT_UNSAFE)
                html_catch_point(pg, row);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
        if (row_failed(rep, row))
            write_why_row(pg, row, ncols - 1);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

/* What each tool caught of the buggy programs, and how early: the summary
 * lines under the terminal's matrix, as bars. */
static void write_caught(const struct html_page *pg)
{
    const struct check_report *rep = pg->rep;
    FILE *out = pg->out;
    struct caught_tally tally;
    report_tally_caught(rep, &tally);
    if (!tally.nunsafe)
        return;
    fprintf(out,
            "<section class=\"box\" id=\"caught\">\n<h2>Caught, of %zu buggy program%s</h2>\n"
            "<table class=\"tally\">\n",
            tally.nunsafe, tally.nunsafe == 1 ? "" : "s");
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((rep->tools & (1u << t)) && t != TOOL_NATIVE)
            fprintf(out,
                    "<tr><th>%s</th><td><span class=\"bar\" style=\"width:%zupx\"></span>%zu</td>"
                    "</tr>\n",
                    tool_name(t), 1 + 240 * tally.caught[t] / tally.nunsafe, tally.caught[t]);
    static const char *const lang[] = {"C", "Rust"};
    for (int l = 0; l < 2; l++) {
        const size_t *count = l ? tally.rust_stage : tally.c_stage;
        fprintf(out, "<tr><th>earliest in %s</th><td>", lang[l]);
        const char *sep = "";
        for (int s = 0; s < CATCH_UNKNOWN; s++)
            if (count[s]) {
                fprintf(out, "%s%s %zu", sep, catch_stage_name(s), count[s]);
                sep = ", ";
            }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n</section>\n", out);
}

static void write_footnotes(const struct html_page *pg)
{
    FILE *out = pg->out;
    if (!pg->nna)
        return;
    fputs("<section class=\"box\" id=\"na\">\n<h2>n/a: the tool cannot judge this program</h2>\n"
          "<ol class=\"na\">\n",
          out);
    for (size_t i = 0; i < pg->nna; i++) {
        fprintf(out, "<li id=\"na-%zu\">", i + 1);
        html_prose(out, pg->na[i]);
        fputs("</li>\n", out);
    }
    fputs("</ol>\n</section>\n", out);
}

static int svg_only(const struct dirent *e)
{
    return str_ends_with(e->d_name, ".svg");
}

/* The benchmark charts `make bench` draws, as committed in docs/bench/ of
 * the catalog (README, "Benchmarks"): linked, not embedded, so that the page
 * still loads nothing and its CSP stays as it is. Nothing when there are none. */
static void write_charts(const struct html_page *pg)
{
    char *dir = xasprintf("%s/docs/bench", pg->rep->catalog.root);
    struct dirent **names;
    int n = scandir(dir, &names, svg_only, alphasort);
    if (n > 0) {
        fputs(
            "<section class=\"box\" id=\"charts\">\n<h2>Benchmarks</h2>\n<p>The charts of "
            "<code>make bench</code> (the sequential, concurrent and parallel experiment in C and "
            "Rust, the cost of each discipline, racelab's own speed), each naming the machine, "
            "the compilers and the date it ran:</p>\n<ul>\n",
            pg->out);
        for (int i = 0; i < n; i++) {
            char *path = xasprintf("%s/%s", dir, names[i]->d_name);
            fputs("<li><a href=\"file://", pg->out);
            html_text(pg->out, path);
            fputs("\">", pg->out);
            html_text(pg->out, names[i]->d_name);
            fputs("</a></li>\n", pg->out);
            free(path);
        }
        fputs("</ul>\n</section>\n", pg->out);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    if (n >= 0)
        free(names);
    free(dir);
}

int report_html_write(FILE *out, const struct check_report *rep)
{
    struct html_page pg = {.out = out, .rep = rep};
    collect_footnotes(&pg);
    write_head(&pg);
    write_banner(&pg);
    fputs("<main>\n", out);
    write_matrix(&pg);
    write_caught(&pg);
    write_footnotes(&pg);
    write_charts(&pg);
    html_case_sections(&pg);
    fputs("</main>\n<footer>racelab " RACELAB_VERSION
          " · this page loads nothing: no script, no external resource</footer>\n"
          "</body>\n</html>\n",
          out);
    free(pg.na);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
