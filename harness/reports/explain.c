/* explain.c: the story of one case, for a student: the bug, the diff between
 * the two versions, what each tool reported with the racing source lines
 * quoted, and how to fix it. */
#define _GNU_SOURCE
#include "explain.h"

#include "catch_point.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "race_diagram.h"
#include "report.h"
#include "toolchain.h"
#include "util.h"

/* Where explain writes, and how wide (0: --wide, lines whole). */
struct explain_out {
    FILE *f;
    int width;
    bool ascii; /* race diagrams in ASCII */
};

/* Prose: a paragraph wrapped with an indent, at 78 columns or the
 * terminal's width when narrower. */
static void print_wrapped(const struct explain_out *out, const char *text, int indent)
{
    int width = out->width > 0 && out->width < 78 ? out->width : 78;
    fput_wrapped(out->f, text, indent, indent, width);
}

/* A line of the report (a tool's verdict, an access): wrapped to the width,
 * its continuation two columns in. */
static void __attribute__((format(printf, 3, 4)))
print_line(const struct explain_out *out, int indent, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    fput_wrapped(out->f, sb.buf, indent, indent + 2, out->width);
    strbuf_release(&sb);
}

/* A line of code (a quoted source line, rustc's own layout): cut at the
 * width with "…", never wrapped. */
static void __attribute__((format(printf, 2, 3)))
print_code(const struct explain_out *out, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    fput_clipped(out->f, sb.buf, sb.len, out->width);
    strbuf_release(&sb);
}

static void section(const struct explain_out *out, const char *title)
{
    fprintf(out->f, "\n== %s ==\n", title);
}

/* Quote a source line with one line of context on each side, marking it:
 * code is cut at the width, never wrapped. */
static void quote_source(const struct explain_out *out, const char *path, int line)
{
    char *text;
    if (read_file(path, &text, NULL) < 0)
        return;
    int n = 1;
    for (char *p = text; *p && n <= line + 1; n++) {
        size_t len = strcspn(p, "\n");
        if (n >= line - 1) {
            print_code(out, "        %s %4d | %.*s", n == line ? ">" : " ", n, (int)len, p);
        }
        p += len + (p[len] == '\n');
    }
    free(text);
}

/* The program below its header, in a temporary file (the headers differ in
 * prose; the diff a student needs is the code's). Returns the path or NULL. */
static char *body_file(const char *root, const struct program *p)
{
    char *path = xasprintf("%s/%s", root, p->path), *text;
    int rc = read_file(path, &text, NULL);
    free(path);
    if (rc < 0)
        return NULL;
    const char *body = text;
    for (int line = 1; line <= p->header_end_line && *body; line++)
        body += strcspn(body, "\n") + (body[strcspn(body, "\n")] == '\n');
    char *tmp = xstrdup("/tmp/racelab-explain-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0 || write_file(tmp, body, strlen(body)) < 0) {
        free(tmp);
        tmp = NULL;
    }
    if (fd >= 0)
        close(fd);
    free(text);
    return tmp;
}

int explain_diff(FILE *out, int width, const char *a, const char *label_a, const char *b,
                 const char *label_b)
{
    const char *argv[] = {"diff", "-u", "--label", label_a, "--label", label_b, a, b, NULL};
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 30, .output_cap = 1 << 20};
    struct proc_result pr;
    int rc = -1;
    if (!a || !b || proc_run(&spec, &pr) < 0) {
        fputs("  (could not run diff)\n", out);
        return -1;
    }
    if (pr.spawn_failed) {
        fputs("  (diff is not installed: install Debian's diffutils)\n", out);
    } else if (pr.exit_code == 0 || pr.exit_code == 1) {
        for (const char *l = pr.out; *l;) {
            size_t n = strcspn(l, "\n");
            fput_clipped(out, l, n, width);
            l += n + (l[n] == '\n');
        }
        rc = pr.exit_code;
    } else {
        fprintf(out, "  (diff failed: %s)\n", pr.err);
    }
    proc_result_free(&pr);
    return rc;
}

static void print_diff(const struct explain_out *out, const char *root, const struct rl_case *c)
{
    const struct program *bad = &c->variants[VARIANT_UNSAFE], *good = &c->variants[VARIANT_SAFE];
    char *a = body_file(root, bad), *b = body_file(root, good);
    char *label_a = xasprintf("%s (below its header)", bad->path);
    char *label_b = xasprintf("%s (below its header)", good->path);
    explain_diff(out->f, out->width, a, label_a, b, label_b);
    if (a)
        unlink(a);
    if (b)
        unlink(b);
    free(a);
    free(b);
    free(label_a);
    free(label_b);
}

/* A two-access finding as two lanes on a timeline (race_diagram.h). */
static void print_diagram(const struct explain_out *out, enum tool_id t, const struct finding *f)
{
    struct race_diagram d;
    if (race_diagram_build(t, f, &d) < 0)
        return;
    /* 80 columns, or the terminal's when narrower; --wide: whole lines. */
    struct diagram_style st = {.width = out->width > 0 && out->width < 80 ? out->width
                                        : out->width > 0                  ? 80
                                                                          : 0,
                               .ascii = out->ascii,
                               .indent = "      "};
    fputc('\n', out->f);
    race_diagram_print(out->f, &d, &st);
    fputc('\n', out->f);
    race_diagram_free(&d);
}

static void print_tool(const struct explain_out *out, const struct check_report *rep,
                       const struct check_row *row, enum tool_id t)
{
    const struct judgement *j = &row->judged[t];
    const struct expectation *ex = &row->prog->expect[t];
    if (j->verdict == VERDICT_SKIP)
        return;
    if (j->verdict == VERDICT_NA) {
        fprintf(out->f, "\n  %s: n/a\n", tool_name(t));
        print_wrapped(out, j->reason, 4);
        return;
    }
    struct strbuf want = STRBUF_INIT;
    for (int k = 0; k < FK__COUNT; k++)
        if (ex->mode == EXPECT_KINDS && (ex->kinds & (1u << k)))
            strbuf_addf(&want, "%s%s", want.len ? ", " : "", finding_kind_name(k));
    fputc('\n', out->f);
    print_line(out, 2, "%s: expected %s; verdict %s%s%s", tool_name(t),
               want.len ? want.buf : "nothing", verdict_name(j->verdict), j->reason ? ": " : "",
               j->reason ? j->reason : "");
    strbuf_release(&want);
    /* Where the toolchains differ, the header says why. */
    for (size_t i = 0; i < row->prog->ntoolchain_expect; i++) {
        const struct toolchain_expectation *te = &row->prog->toolchain_expect[i];
        if (te->tool == t)
            print_line(out, 4, "under %s%s: %s", te->toolchain->name,
                       te->applied ? " (in use)" : "", te->why);
    }
    for (size_t i = 0; i < j->findings.len; i++) {
        const struct finding *f = &j->findings.items[i];
        print_line(out, 4, "%s: %s", finding_kind_name(f->kind), f->message ? f->message : "");
        for (size_t a = 0; a < f->naccesses; a++) {
            struct strbuf sb = STRBUF_INIT;
            const struct frame *fr =
                report_format_access(&sb, t, &f->accesses[a], rep->catalog.root);
            if (fr) {
                print_line(out, 6, "%s", sb.buf);
                quote_source(out, fr->file, fr->line);
            }
            strbuf_release(&sb);
        }
        print_diagram(out, t, f);
    }
    if (j->oracle_note)
        print_line(out, 4, "oracle: wrong result in %d/%d runs: %s", j->oracle_failures, j->runs,
                   j->oracle_note);
    if (j->note)
        print_wrapped(out, j->note, 4);
}

/* One line per detector for the left column of "C beside Rust". */
static void c_summary(struct strbuf *sb, const struct check_row *row, enum tool_id t)
{
    const struct judgement *j = &row->judged[t];
    strbuf_addf(sb, "%s: ", tool_name(t));
    if (j->verdict == VERDICT_NA) {
        strbuf_adds(sb, "n/a");
        return;
    }
    if (j->findings.len == 0) {
        strbuf_adds(sb, j->oracle_note                     ? "silent; wrong result"
                        : j->observed & (1u << FK_TIMEOUT) ? "silent; hangs"
                                                           : "nothing");
        return;
    }
    const struct finding *f = &j->findings.items[0];
    strbuf_adds(sb, finding_kind_name(f->kind));
    for (size_t a = 0; a < f->naccesses; a++) {
        int k = access_user_frame(&f->accesses[a], NULL);
        if (k >= 0) {
            strbuf_addf(sb, " at line %d", f->accesses[a].frames[k].line);
            break;
        }
    }
}

/* The right column: what rustc did with the twin. */
static void rust_summary(struct strbuf *sb, const struct check_row *row)
{
    const struct judgement *j = &row->judged[TOOL_RUSTC];
    if (j->verdict == VERDICT_NA) {
        strbuf_addf(sb, "n/a: %s", j->reason);
    } else if (j->codes && *j->codes) {
        strbuf_addf(sb, "rejected: %s", j->codes);
        if (j->findings.len && j->findings.items[0].naccesses)
            strbuf_addf(sb, "\n%s", j->findings.items[0].accesses[0].what);
    } else if (j->oracle_note) {
        strbuf_addf(sb, "compiles; wrong result in %d/%d runs", j->oracle_failures, j->runs);
    } else if (j->observed & (1u << FK_TIMEOUT)) {
        strbuf_addf(sb, "compiles; hangs (killed at %d s)", row->prog->twin->timeout_s);
    } else {
        strbuf_adds(sb, "compiles and runs correctly");
    }
}

/* Two columns: the C program under the detectors, its Rust twin under rustc. */
static void print_side_by_side(const struct explain_out *out, const struct check_report *rep,
                               const struct check_row *row)
{
    enum { WIDTH = 38 };
    struct strbuf right = STRBUF_INIT;
    rust_summary(&right, row);
    fprintf(out->f, "  %-*s | %s\n", WIDTH, "C, under racelab's tools", "Rust, under rustc");
    /* 80 columns in all: 2 + WIDTH + 3 + WIDTH - 1. */
    fprintf(out->f, "  %.*s-+-%.*s\n", WIDTH, "----------------------------------------", WIDTH - 1,
            "----------------------------------------");
    const char *r = right.buf;
    for (int t = 0; t < TOOL__COUNT || (r && *r); t++) {
        struct strbuf left = STRBUF_INIT;
        /* The C tools on the left, beside rustc's verdict on the right. */
        while (t < TOOL__COUNT && !(tool_has((enum tool_id)t, TOOL_CAP_C) && (rep->tools >> t) & 1))
            t++;
        if (t < TOOL__COUNT && row->judged[t].verdict != VERDICT_SKIP)
            c_summary(&left, row, t);
        size_t n = r ? strcspn(r, "\n") : 0;
        if (left.len || n) {
            print_code(out, "  %-*.*s | %.*s", WIDTH, WIDTH, left.len ? left.buf : "", (int)n,
                       r ? r : "");
        }
        if (r)
            r = r[n] ? r + n + 1 : NULL;
        strbuf_release(&left);
    }
    strbuf_release(&right);
    struct catch_point cp;
    catch_point_observed(row, rep->tools, &cp);
    struct strbuf earliest = STRBUF_INIT;
    catch_point_format(&earliest, &cp);
    if (earliest.len) {
        fputc('\n', out->f);
        print_line(out, 2, "Caught earliest: %s", earliest.buf);
    }
    strbuf_release(&earliest);
}

static void print_rust(const struct explain_out *out, const struct check_row *row,
                       const struct rl_case *c)
{
    const struct program *bad = &c->variants[VARIANT_UNSAFE], *good = &c->variants[VARIANT_SAFE];
    print_wrapped(out, bad->rust, 2);
    if (!bad->twin)
        return;
    const struct judgement *j = &row->judged[TOOL_RUSTC];
    fputc('\n', out->f);
    print_line(out, 2, "rustc on %s: %s%s%s", bad->twin->path, verdict_name(j->verdict),
               j->reason ? ": " : "", j->reason ? j->reason : "");
    print_wrapped(out, bad->twin->about, 4);
    for (size_t i = 0; i < j->findings.len && i < 3; i++)
        if (j->findings.items[i].kind == FK_COMPILE_ERROR) {
            fputc('\n', out->f);
            const char *m = j->findings.items[i].message;
            for (const char *l = m; l && *l;) { /* rustc's own layout: cut, not wrapped */
                size_t n = strcspn(l, "\n");
                print_code(out, "    %.*s", (int)n, l);
                l += n + (l[n] == '\n');
            }
        }
    if (j->note)
        print_wrapped(out, j->note, 4);
    if (good->twin) {
        fprintf(out->f, "\n  The Rust idiom (%s):\n", good->twin->path);
        print_wrapped(out, good->twin->about, 4);
    }
}

int explain_case(const struct check_options *opts, FILE *f, int width, bool ascii)
{
    const struct explain_out o_ = {f, width, ascii}, *out = &o_;
    struct check_options o = *opts;
    o.variants[VARIANT_UNSAFE] = true;
    o.variants[VARIANT_SAFE] = false;
    o.on_row = NULL;
    struct check_report rep;
    char *err = NULL;
    if (check_run(&o, &rep, &err) < 0) {
        fprintf(stderr, "racelab explain: %s\n", err);
        free(err);
        check_report_free(&rep);
        return 2;
    }
    if (rep.nrows != 1) {
        fprintf(stderr, "racelab explain: '%s' names %zu cases; give one id, e.g. %s\n",
                opts->selectors[0], rep.nrows, rep.nrows ? rep.rows[0].c->id : "threads/x");
        check_report_free(&rep);
        return 2;
    }
    const struct check_row *row = &rep.rows[0];
    const struct rl_case *c = row->c;
    const struct program *bad = &c->variants[VARIANT_UNSAFE], *good = &c->variants[VARIANT_SAFE];
    print_line(out, 0, "%s: %s", c->id, bad->title);
    section(out, "The bug");
    print_wrapped(out, bad->about, 2);
    section(out, "The two versions");
    print_diff(out, rep.catalog.root, c);
    section(out, "What each tool reported on the buggy version");
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((rep.tools & (1u << t)) && tool_has((enum tool_id)t, TOOL_CAP_C))
            print_tool(out, &rep, row, t);
    if (rep.tools & (1u << TOOL_RUSTC)) {
        section(out, "C beside Rust");
        print_side_by_side(out, &rep, row);
    }
    section(out, "How to fix it");
    print_wrapped(out, bad->fix, 2);
    fprintf(f, "\n  The safe twin (%s):\n", good->path);
    print_wrapped(out, good->about, 2);
    section(out, "In Rust");
    print_rust(out, row, c);
    int status = check_exit_status(&rep);
    check_report_free(&rep);
    return status;
}
