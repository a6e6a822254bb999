/* report_text.c: the terminal matrix. One row per (case, variant), one
 * column per tool, the condensed findings under every failure, n/a reasons as
 * numbered footnotes, and one summary line. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catch_point.h"
#include "report.h"
#include "report_common.h"
#include "util.h"

#define CELL_WIDTH         12
#define MAX_FINDINGS_SHOWN 4

bool report_use_color(FILE *out)
{
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return isatty(fileno(out));
}

void text_report_init(struct text_report *tr, FILE *out, bool color, int width)
{
    memset(tr, 0, sizeof *tr);
    tr->out = out;
    tr->color = color;
    tr->width = width;
}

/* A line under a row (a reason, a finding, a note): wrapped to the width,
 * its continuation two columns further in, in colour `color` ("" none). */
static void put_detail(struct text_report *tr, int indent, const char *color, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put_detail(struct text_report *tr, int indent, const char *color, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    /* A reset after the newline: the next line starts plain either way. */
    fputs(color, tr->out);
    fput_wrapped(tr->out, sb.buf, indent, indent + 2, tr->width);
    if (*color)
        fputs("\033[0m", tr->out);
    strbuf_release(&sb);
}

void text_report_free(struct text_report *tr)
{
    for (size_t i = 0; i < tr->n_na; i++)
        free(tr->na_reasons[i]);
    free(tr->na_reasons);
}

static const char *paint(const struct text_report *tr, enum verdict v)
{
    if (!tr->color)
        return "";
    return v == VERDICT_PASS ? "\033[32m" : v == VERDICT_FAIL ? "\033[1;31m" : "\033[2m";
}

static const char *unpaint(const struct text_report *tr)
{
    return tr->color ? "\033[0m" : "";
}

static size_t footnote(struct text_report *tr, const char *reason)
{
    for (size_t i = 0; i < tr->n_na; i++)
        if (strcmp(tr->na_reasons[i], reason) == 0)
            return i + 1;
    tr->na_reasons = xrealloc(tr->na_reasons, (tr->n_na + 1) * sizeof *tr->na_reasons);
    tr->na_reasons[tr->n_na++] = xstrdup(reason);
    return tr->n_na;
}

void report_format_frame(struct strbuf *sb, const struct frame *fr, const char *root)
{
    const char *file = fr->file ? fr->file : "?";
    size_t n = root ? strlen(root) : 0;
    if (n && strncmp(file, root, n) == 0 && file[n] == '/')
        file += n + 1;
    strbuf_addf(sb, "%s:%d", file, fr->line);
    if (fr->function)
        strbuf_addf(sb, " in %s", fr->function);
}

void report_format_thread(struct strbuf *sb, enum tool_id tool, int thread)
{
    if (thread < 0)
        strbuf_adds(sb, "unknown thread");
    else if (tool == TOOL_TSAN)
        strbuf_addf(sb, thread == 0 ? "main thread" : "thread T%d", thread);
    else
        strbuf_addf(sb, thread == 1 ? "main thread (#1)" : "thread #%d", thread);
}

#define NARROW_CELL 7 /* "ok 1/1", "n/a[13]", "TIMEOUT": the narrow form's cells */

/* A tool's column title: its name in capitals, cut to `max` letters. */
static void column_heading(char *buf, size_t size, int t, size_t max)
{
    snprintf(buf, size, "%.*s", (int)max, tool_name(t));
    for (char *p = buf; *p; p++)
        *p = (char)(*p - 'a' + 'A');
}

/* The narrow form's heading: the tools' short titles, and a legend for
 * those cut short. */
static void print_narrow_header(struct text_report *tr, const struct check_report *rep)
{
    struct strbuf legend = STRBUF_INIT;
    fprintf(tr->out, "%-8s", "CASE");
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t)) {
            char title[16];
            column_heading(title, sizeof title, t, NARROW_CELL);
            fprintf(tr->out, " %-*s", NARROW_CELL, title);
            if (strlen(tool_name(t)) > NARROW_CELL)
                strbuf_addf(&legend, "%s%s %s", legend.len ? ", " : "", title, tool_name(t));
        }
    fputc('\n', tr->out);
    put_detail(tr, 0, "", "(%s%sok pass, n/a[N] see note N; --wide for the full matrix)",
               legend.buf, legend.len ? "; " : "");
    strbuf_release(&legend);
}

static void print_header(struct text_report *tr, const struct check_report *rep)
{
    tr->case_width = 4;
    int ntools = 0;
    for (size_t r = 0; r < rep->nrows; r++) {
        int w = (int)str_columns(rep->rows[r].c->id, SIZE_MAX); /* "run/prog ü": 10 */
        if (w > tr->case_width)
            tr->case_width = w;
    }
    bool any_unsafe = false;
    for (size_t r = 0; r < rep->nrows; r++)
        any_unsafe |= rep->rows[r].variant == VARIANT_UNSAFE;
    for (int t = 0; t < TOOL__COUNT; t++)
        ntools += (rep->tools >> t) & 1;
    /* The full matrix, up to its last column's heading; wider than the
     * terminal, it becomes a row per variant under each case's name. */
    int full = tr->case_width + 2 + 7 + ntools * (2 + CELL_WIDTH) + (any_unsafe ? 17 : 0);
    tr->narrow = tr->width > 0 && full > tr->width;
    if (tr->narrow) {
        print_narrow_header(tr, rep);
        return;
    }
    fprintf(tr->out, "%-*s  %-7s", tr->case_width, "CASE", "VARIANT");
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t)) {
            char name[16];
            column_heading(name, sizeof name, t, sizeof name - 1);
            fprintf(tr->out, "  %-*s", CELL_WIDTH, name);
        }
    fputs(any_unsafe ? "  CAUGHT EARLIEST\n" : "\n", tr->out);
}

const struct frame *report_format_access(struct strbuf *sb, enum tool_id tool,
                                         const struct access *acc, const char *root)
{
    int k = access_user_frame(acc, NULL);
    if (k < 0)
        return NULL;
    const char *what = acc->what ? acc->what : "access";
    size_t len = strlen(what);
    if (len > 3 && strcmp(what + len - 3, " at") == 0)
        len -= 3; /* "created by main thread at" reads badly before our own " at" */
    strbuf_add(sb, what, len);
    /* Most tools name the thread in their own words already; a static
     * tool's finding is about the source, not a thread. */
    if (!strstr(what, "thread") && !tool_is_static(tool)) {
        strbuf_adds(sb, " by ");
        report_format_thread(sb, tool, acc->thread);
    }
    strbuf_adds(sb, " at ");
    report_format_frame(sb, &acc->frames[k], root);
    return &acc->frames[k];
}

/* The condensed report: kind, and each access at its first user frame; of
 * the kinds in `only` (bit per kind), or all when 0. */
static void print_findings(struct text_report *tr, const struct check_report *rep,
                           enum tool_id tool, const struct judgement *j, unsigned only)
{
    for (size_t i = 0, shown = 0; i < j->findings.len && shown < MAX_FINDINGS_SHOWN; i++) {
        const struct finding *f = &j->findings.items[i];
        if (only && !(only & (1u << f->kind)))
            continue;
        shown++;
        put_detail(tr, 6, "", "%s (%s)", finding_kind_name(f->kind),
                   f->tool_kind ? f->tool_kind : "?");
        for (size_t a = 0; a < f->naccesses; a++) {
            struct strbuf sb = STRBUF_INIT;
            if (report_format_access(&sb, tool, &f->accesses[a], rep->catalog.root))
                put_detail(tr, 8, "", "%s", sb.buf);
            strbuf_release(&sb);
        }
    }
    if (j->findings.len > MAX_FINDINGS_SHOWN)
        put_detail(tr, 6, "", "... and %zu more (racelab check --format json)",
                   j->findings.len - MAX_FINDINGS_SHOWN);
}

struct bug_list {
    struct text_report *tr;
    const struct check_report *rep;
    size_t shown, more;
};

static void print_bug(void *ctx, const struct report_item *it)
{
    struct bug_list *b = ctx;
    if (!it->finding)
        return; /* a failed verdict: its reason is already under the row */
    if (b->shown == MAX_FINDINGS_SHOWN) {
        b->more++;
        return;
    }
    b->shown++;
    struct strbuf sb = STRBUF_INIT;
    report_bug_text(&sb, b->rep, it);
    size_t first = strcspn(sb.buf, "\n");
    static const char *const level[] = {"", "warning: ", "note: "};
    struct text_report *tr = b->tr;
    put_detail(tr, 4, paint(tr, it->level == REPORT_ERROR ? VERDICT_FAIL : VERDICT_NA), "%s%.*s",
               level[it->level], (int)first, sb.buf);
    for (char *line = sb.buf + first + 1; *line; line += strcspn(line, "\n") + 1)
        put_detail(tr, 4, "", "%.*s", (int)strcspn(line, "\n"), line);
    strbuf_release(&sb);
}

/* racelab run: each bug once, with every tool that saw it and how often. */
static void print_bugs(struct text_report *tr, const struct check_report *rep, size_t r)
{
    struct bug_list b = {tr, rep, 0, 0};
    report_walk_row(rep, r, false, print_bug, &b);
    if (b.more)
        put_detail(tr, 4, "", "... and %zu more (racelab run --format json)", b.more);
}

/* The tools from t on whose note (or plan_note) is `note`, into *tools
 * ("helgrind, drd"), each marked done. */
static void tools_saying(const struct check_report *rep, const struct check_row *row, int t,
                         const char *note, bool plan, bool *done, struct strbuf *tools)
{
    for (int u = t; u < TOOL__COUNT; u++) {
        const char *other = plan ? row->judged[u].plan_note : row->judged[u].note;
        if ((rep->tools & (1u << u)) && other && strcmp(other, note) == 0) {
            strbuf_addf(tools, "%s%s", tools->len ? ", " : "", tool_name(u));
            done[u] = true;
        }
    }
}

/* racelab run: why the fallback tools ran, or did not, each reason once. */
static void print_plan_notes(struct text_report *tr, const struct check_report *rep,
                             const struct check_row *row)
{
    bool done[TOOL__COUNT] = {false};
    for (int t = 0; t < TOOL__COUNT; t++) {
        const char *note = row->judged[t].plan_note;
        if (!(rep->tools & (1u << t)) || !note || done[t])
            continue;
        struct strbuf tools = STRBUF_INIT;
        tools_saying(rep, row, t, note, true, done, &tools);
        put_detail(tr, 4, paint(tr, VERDICT_NA), "%s: %s", tools.buf, note);
        strbuf_release(&tools);
    }
}

/* Under a passing row, what showed a bug no detector sees ("no detector can
 * see this; the oracle failed ..."), each distinct note once, with its tools. */
static void print_notes(struct text_report *tr, const struct check_report *rep,
                        const struct check_row *row)
{
    bool done[TOOL__COUNT] = {false};
    for (int t = 0; t < TOOL__COUNT; t++) {
        const char *note = row->judged[t].note;
        /* Why a tool is blind to a bug (`clean: REASON`) is for `explain`:
         * under every row it would drown the matrix. */
        bool warning = str_starts_with(note ? note : "", "warning:");
        if (!(rep->tools & (1u << t)) || !note || done[t] ||
            (row->prog->expect[t].mode == EXPECT_CLEAN && !warning))
            continue;
        if (warning) {
            /* Each tool's own: where the leak is, as that tool saw it. */
            put_detail(tr, 4, paint(tr, VERDICT_NA), "%s: %s", tool_name(t), note);
            if (!rep->run_mode) /* racelab run lists each bug once, under all tools */
                print_findings(tr, rep, (enum tool_id)t, &row->judged[t],
                               row->prog->expect[t].warn_kinds);
            done[t] = true;
            continue;
        }
        struct strbuf tools = STRBUF_INIT;
        tools_saying(rep, row, t, note, false, done, &tools);
        /* "the tool cannot see this" said by every detector that judged
         * the row is the stronger statement the teacher wants. */
        const char *blind = "the tool cannot see this";
        int judged = 0, blind_tools = 0;
        for (int u = 0; u < TOOL__COUNT; u++) {
            if (!tool_has((enum tool_id)u, TOOL_CAP_DETECTOR))
                continue;
            enum verdict v = row->judged[u].verdict;
            judged += (rep->tools & (1u << u)) && (v == VERDICT_PASS || v == VERDICT_FAIL);
            blind_tools += row->judged[u].note && strcmp(row->judged[u].note, note) == 0;
        }
        if (str_starts_with(note, blind) && blind_tools == judged && judged > 1)
            put_detail(tr, 4, paint(tr, VERDICT_NA), "%s: no detector can see this%s", tools.buf,
                       note + strlen(blind));
        else
            put_detail(tr, 4, paint(tr, VERDICT_NA), "%s: %s", tools.buf, note);
        strbuf_release(&tools);
    }
}

/* rustc rejected the twin as the header says: the codes are the news
 * ("E0373", "E0373+" when there are several). */
static void add_first_code(struct strbuf *sb, const char *codes)
{
    strbuf_addf(sb, "%.*s%s", (int)strcspn(codes, ","), codes, strchr(codes, ',') ? "+" : "");
}

void report_format_cell(struct strbuf *sb, const struct judgement *j, size_t footnote)
{
    if (j->verdict == VERDICT_NA) {
        strbuf_addf(sb, "n/a [%zu]", footnote);
    } else if (j->verdict == VERDICT_SKIP) {
        strbuf_adds(sb, j->plan_note ? "not run" : "-"); /* a fallback not needed */
    } else if (j->verdict == VERDICT_PASS && j->codes && *j->codes) {
        strbuf_adds(sb, "pass ");
        add_first_code(sb, j->codes);
    } else if (j->verdict == VERDICT_FAIL && j->fail_label) {
        /* A timeout, a crash or a tool error reads as what it is. */
        if (j->runs > 0 && j->fail_runs <= j->runs)
            strbuf_addf(sb, "%s %d/%d", j->fail_label, j->fail_runs, j->runs);
        else
            strbuf_adds(sb, j->fail_label);
    } else {
        strbuf_addf(sb, "%s %d/%d", j->verdict == VERDICT_PASS ? "pass" : "FAIL", j->detected,
                    j->runs);
    }
}

/* A cell in at most NARROW_CELL columns. */
static void format_narrow_cell(struct strbuf *sb, const struct judgement *j, size_t footnote)
{
    static const struct {
        const char *label, *narrow;
    } shorter[] = {{"DEADLOCK", "DEADLCK"}, {"TOOL ERR", "TOOLERR"}, {"BUILD ERR", "BLDERR"}};
    if (j->verdict == VERDICT_NA) {
        strbuf_addf(sb, "n/a[%zu]", footnote);
    } else if (j->verdict == VERDICT_SKIP) {
        report_format_cell(sb, j, footnote); /* "-", "not run": narrow already */
    } else if (j->verdict == VERDICT_PASS && j->codes && *j->codes) {
        add_first_code(sb, j->codes);
    } else if (j->verdict == VERDICT_PASS) {
        int len = snprintf(NULL, 0, "ok %d/%d", j->detected, j->runs);
        if (len <= NARROW_CELL)
            strbuf_addf(sb, "ok %d/%d", j->detected, j->runs);
        else
            strbuf_adds(sb, "ok");
    } else if (j->verdict == VERDICT_FAIL && j->fail_label) {
        const char *label = j->fail_label;
        for (size_t i = 0; i < sizeof shorter / sizeof shorter[0]; i++)
            if (strcmp(label, shorter[i].label) == 0)
                label = shorter[i].narrow;
        strbuf_adds(sb, label);
    } else {
        strbuf_adds(sb, "FAIL");
    }
}

/* Where this run of racelab saw the row's bug first (only passing verdicts
 * count), appended to sb; nothing for a safe row. */
static void add_caught(struct strbuf *sb, const struct check_report *rep,
                       const struct check_row *row)
{
    if (row->variant != VARIANT_UNSAFE)
        return;
    struct catch_point cp;
    catch_point_observed(row, rep->tools, &cp);
    catch_point_format(sb, &cp);
}

/* The row's cells, each after `gap` spaces in `width` columns, in the wide
 * or the narrow form. */
static void print_cells(struct text_report *tr, const struct check_report *rep,
                        const struct check_row *row, int gap, int width)
{
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(rep->tools & (1u << t)))
            continue;
        const struct judgement *j = &row->judged[t];
        size_t note = j->verdict == VERDICT_NA ? footnote(tr, j->reason) : 0;
        struct strbuf cell = STRBUF_INIT;
        if (tr->narrow)
            format_narrow_cell(&cell, j, note);
        else
            report_format_cell(&cell, j, note);
        fprintf(tr->out, "%*s%s%-*s%s", gap, "", paint(tr, j->verdict), width, cell.buf,
                unpaint(tr));
        strbuf_release(&cell);
    }
}

/* The narrow form: the case's name on a line of its own (with where the bug
 * was caught), then a row per variant. */
static void print_narrow_row(struct text_report *tr, const struct check_report *rep, size_t r)
{
    const struct check_row *row = &rep->rows[r];
    if (r == 0 || rep->rows[r - 1].c != row->c) {
        struct strbuf caught = STRBUF_INIT;
        add_caught(&caught, rep, row);
        put_detail(tr, 0, "", "%s%s%s", row->c->id, caught.len ? "  caught: " : "",
                   caught.len ? caught.buf : "");
        strbuf_release(&caught);
    }
    fprintf(tr->out, "  %-6s", check_row_variant(rep, row));
    print_cells(tr, rep, row, 1, NARROW_CELL);
    fputc('\n', tr->out);
}

static void print_wide_row(struct text_report *tr, const struct check_report *rep, size_t r);
static void print_row_details(struct text_report *tr, const struct check_report *rep, size_t r);

void text_report_row(void *arg, const struct check_report *rep, size_t r)
{
    struct text_report *tr = arg;
    if (r == 0)
        print_header(tr, rep);
    if (tr->narrow)
        print_narrow_row(tr, rep, r);
    else
        print_wide_row(tr, rep, r);
    print_row_details(tr, rep, r);
}

static void print_wide_row(struct text_report *tr, const struct check_report *rep, size_t r)
{
    const struct check_row *row = &rep->rows[r];
    bool first_of_case = r == 0 || rep->rows[r - 1].c != row->c;
    const char *id = first_of_case ? row->c->id : "";
    /* Padded by columns, not bytes: a program's name may be UTF-8. */
    fprintf(tr->out, "%s%*s  %-7s", id, tr->case_width - (int)str_columns(id, SIZE_MAX), "",
            check_row_variant(rep, row));
    print_cells(tr, rep, row, 2, CELL_WIDTH);
    if (row->variant == VARIANT_UNSAFE) {
        struct strbuf caught = STRBUF_INIT;
        add_caught(&caught, rep, row);
        fprintf(tr->out, "  %s", caught.len ? caught.buf : "");
        strbuf_release(&caught);
    }
    fputc('\n', tr->out);
}

/* Under a row: its notes, why the fallback ran, each failure's reason and findings. */
static void print_row_details(struct text_report *tr, const struct check_report *rep, size_t r)
{
    const struct check_row *row = &rep->rows[r];
    print_notes(tr, rep, row);
    print_plan_notes(tr, rep, row);
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct judgement *j = &row->judged[t];
        if (!(rep->tools & (1u << t)) || j->verdict != VERDICT_FAIL)
            continue;
        const struct program *judged =
            t == TOOL_RUSTC && row->prog->twin ? row->prog->twin : row->prog;
        put_detail(tr, 4, paint(tr, VERDICT_FAIL), "%s on %s: %s", tool_name(t), judged->path,
                   j->reason);
        if (!rep->run_mode)
            print_findings(tr, rep, t, j, 0);
    }
    if (rep->run_mode)
        print_bugs(tr, rep, r);
    fflush(tr->out);
}

void report_tally_caught(const struct check_report *rep, struct caught_tally *out)
{
    memset(out, 0, sizeof *out);
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        if (row->variant != VARIANT_UNSAFE)
            continue;
        out->nunsafe++;
        for (int t = 0; t < TOOL__COUNT; t++)
            out->caught[t] += (rep->tools & (1u << t)) && row->judged[t].verdict == VERDICT_PASS &&
                              expectation_tool_catches(&row->prog->expect[t], t);
        struct catch_point cp;
        catch_point_observed(row, rep->tools, &cp);
        out->c_stage[cp.c]++;
        out->rust_stage[cp.rust]++;
    }
}

/* Per tool, how many buggy programs it caught, and the earliest stages: the
 * numbers the README's table states. */
static void print_caught(struct text_report *tr, const struct check_report *rep)
{
    struct caught_tally tally;
    report_tally_caught(rep, &tally);
    size_t nunsafe = tally.nunsafe;
    if (!nunsafe)
        return;
    struct strbuf sb = STRBUF_INIT;
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((rep->tools & (1u << t)) && t != TOOL_NATIVE)
            strbuf_addf(&sb, "%s%s %zu", sb.len ? ", " : "", tool_name(t), tally.caught[t]);
    put_detail(tr, 0, "", "caught, of %zu buggy program%s: %s", nunsafe, nunsafe == 1 ? "" : "s",
               sb.buf);
    static const char *const lang[] = {"C", "Rust"};
    for (int l = 0; l < 2; l++) {
        const size_t *count = l ? tally.rust_stage : tally.c_stage;
        strbuf_release(&sb);
        for (int s = 0; s < CATCH_UNKNOWN; s++)
            if (count[s])
                strbuf_addf(&sb, "%s%s %zu", sb.len ? ", " : "", catch_stage_name(s), count[s]);
        if (sb.len)
            put_detail(tr, 0, "", "earliest in %s: %s", lang[l], sb.buf);
    }
    strbuf_release(&sb);
}

/* What the gate forgave, so that it is never invisible: "3 findings
 * suppressed, 2 in the baseline (not judged)"; and the baseline written. */
static void print_filtered(struct text_report *tr, const struct check_report *rep)
{
    size_t suppressed = 0, baselined = 0;
    for (size_t r = 0; r < rep->nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!(rep->tools & (1u << t)))
                continue;
            const struct finding_list *l = &rep->rows[r].judged[t].filtered;
            for (size_t i = 0; i < l->len; i++) {
                suppressed += l->items[i].filtered_by == FILTER_SUPPRESSED;
                baselined += l->items[i].filtered_by == FILTER_BASELINE;
            }
        }
    if (suppressed || baselined)
        fprintf(tr->out, "not judged: %zu finding%s suppressed, %zu in the baseline\n", suppressed,
                suppressed == 1 ? "" : "s", baselined);
    if (rep->baseline_written)
        fprintf(tr->out, "wrote %s: %zu finding%s\n", rep->baseline_written, rep->baseline_entries,
                rep->baseline_entries == 1 ? "" : "s");
}

void text_report_summary(struct text_report *tr, const struct check_report *rep)
{
    int ntools = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        ntools += (rep->tools >> t) & 1;
    size_t ncases = 0;
    for (size_t r = 0; r < rep->nrows; r++)
        ncases += r == 0 || rep->rows[r - 1].c != rep->rows[r].c;
    if (tr->n_na) {
        fputs("\nn/a: the tool cannot judge this program\n", tr->out);
        for (size_t i = 0; i < tr->n_na; i++)
            put_detail(tr, 2, "", "[%zu] %s", i + 1, tr->na_reasons[i]);
    }
    fprintf(tr->out,
            "\n%zu case%s, %zu program%s, %d tool%s, %d run%s each: %s%d pass%s, %s%d fail%s, %d "
            "n/a (%.1f s)\n",
            ncases, ncases == 1 ? "" : "s", rep->nrows, rep->nrows == 1 ? "" : "s", ntools,
            ntools == 1 ? "" : "s", rep->runs, rep->runs == 1 ? "" : "s", paint(tr, VERDICT_PASS),
            rep->pass, unpaint(tr), rep->fail ? paint(tr, VERDICT_FAIL) : "", rep->fail,
            rep->fail ? unpaint(tr) : "", rep->na, rep->elapsed_s);
    print_caught(tr, rep);
    print_filtered(tr, rep);
    const char *line = rep->fail ? "FAILED: some expectations were not met (details under each row)"
                                 : "OK: every expectation met";
    /* racelab run: the line says what the exit status says. */
    int status = rep->run_mode ? check_exit_status(rep) : -1;
    if (status == 0 && rep->fail)
        line = "OK: the tools that could judge the program found nothing (what could not is "
               "said above)";
    else if (status == 2)
        line = "TOOL ERROR: a tool could not judge the program, and nothing the tools saw fails "
               "it: exit 2 (details above)";
    put_detail(tr, 0, "", "%s", line);
}
