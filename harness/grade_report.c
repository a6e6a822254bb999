/* grade_report.c: what `racelab grade` writes, and the command itself.
 *
 * Everything written may carry text that came from a student (file names,
 * compiler messages about their code): the CSV quotes every field as RFC
 * 4180 says and defuses spreadsheet formulas, the XML is escaped with the
 * JUnit report's rules, and control characters never reach either. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exercise.h"
#include "grade.h"
#include "report_common.h"
#include "sandbox.h"
#include "util.h"

/* One CSV field, always quoted: quotes doubled, control characters and
 * invalid UTF-8 dropped (a line break becomes a space: one row per line),
 * and a leading = + - @ defused with a quote so no spreadsheet runs it. */
static void csv_field(FILE *out, const char *s, bool last)
{
    fputc('"', out);
    if (s && strchr("=+-@", *s) && *s)
        fputc('\'', out);
    while (s && *s) {
        unsigned cp;
        size_t n = report_utf8_char(s, &cp);
        if (!n || cp == '\r') {
            s += n ? n : 1;
            continue;
        }
        if (cp == '\n' || cp == '\t')
            fputc(' ', out);
        else if (cp == '"')
            fputs("\"\"", out);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
    fputs(last ? "\"\r\n" : "\",", out);
}

int grade_write_csv(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n)
{
    fputs("\"student\",\"exercise\",\"verdict\",\"reason\"\r\n", out);
    for (size_t i = 0; i < n; i++) {
        csv_field(out, rows[i].student->name, false);
        csv_field(out, cat->cases[rows[i].exercise].id, false);
        csv_field(out, grade_verdict_name(rows[i].verdict), false);
        csv_field(out, rows[i].reason, true);
    }
    return ferror(out) ? -1 : 0;
}

int grade_write_junit(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racelab grade\">\n", out);
    for (size_t i = 0; i < n;) {
        const struct grade_student *st = rows[i].student;
        size_t end = i, failures = 0, errors = 0;
        for (; end < n && rows[end].student == st; end++) {
            failures += rows[end].verdict == GRADE_FAIL;
            errors += rows[end].verdict == GRADE_ERROR;
        }
        fputs("  <testsuite", out);
        report_xml_attr(out, "name", st->name);
        fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", end - i,
                failures, errors);
        for (; i < end; i++) {
            const struct grade_row *r = &rows[i];
            fputs("    <testcase", out);
            report_xml_attr(out, "classname", st->name);
            report_xml_attr(out, "name", cat->cases[r->exercise].id);
            if (r->verdict == GRADE_PASS) {
                fputs("/>\n", out);
                continue;
            }
            const char *tag = r->verdict == GRADE_ERROR ? "error" : "failure";
            fprintf(out, ">\n      <%s", tag);
            report_xml_attr(out, "message", r->reason ? r->reason : "failed");
            fputc('>', out);
            report_xml_text(out, r->report ? r->report : r->reason, false);
            fprintf(out, "</%s>\n    </testcase>\n", tag);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}

/* Text as the student reads it: indented, without control characters. */
static void indented(FILE *out, const char *text, const char *indent)
{
    struct strbuf clean = STRBUF_INIT;
    report_add_clean(&clean, text);
    bool bol = true;
    for (const char *p = clean.buf; p && *p; p++) {
        if (bol)
            fputs(indent, out);
        fputc(*p, out);
        bol = *p == '\n';
    }
    if (!bol)
        fputc('\n', out);
    strbuf_release(&clean);
}

int grade_write_feedback(FILE *out, const struct catalog *cat, const struct grade_row *rows,
                         size_t n, const struct grade_student *student)
{
    size_t total = 0, passed = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].student == student) {
            total++;
            passed += rows[i].verdict == GRADE_PASS;
        }
    fprintf(out, "racelab grade: feedback for ");
    indented(out, student->name, "");
    fprintf(out, "%zu of %zu exercises pass.\n", passed, total);
    for (size_t i = 0; i < n; i++) {
        const struct grade_row *r = &rows[i];
        if (r->student != student)
            continue;
        const struct rl_case *c = &cat->cases[r->exercise];
        fprintf(out, "\n%s (%s): %s\n", c->id, c->variants[VARIANT_UNSAFE].title,
                r->verdict == GRADE_PASS    ? "PASS"
                : r->verdict == GRADE_ERROR ? "ERROR"
                                            : "FAIL");
        if (r->reason)
            indented(out, r->reason, "  ");
        if (r->report)
            indented(out, r->report, "    ");
        if (r->warnings) {
            fputs("  compiler warnings (-Wall -Wextra):\n", out);
            indented(out, r->warnings, "    ");
        }
        const struct program *p = &c->variants[VARIANT_UNSAFE];
        if (r->verdict == GRADE_FAIL && p->nhints)
            fprintf(out, "  a hint: %s\n  (more: racelab exercise hint %s)\n", p->hints[0], c->id);
    }
    return ferror(out) ? -1 : 0;
}

static const char grade_usage[] =
    "usage: racelab grade DIR [--exercise SELECTOR]... [--runs N] [-j N] [--timeout S]\n"
    "                         [--out DIR] [--keep]\n"
    "  DIR holds one directory per student: a workspace (racelab exercise start) or the\n"
    "  edited case files (threads/shared-counter.c or shared-counter.c) anywhere in it.\n"
    "  --exercise  grade only these exercises (ids, families or globs; default: all)\n"
    "  --runs N    runs per tool of each check (default 10)\n"
    "  -j N        submissions checked at once (default: the number of cores)\n"
    "  --timeout S a run's wall-clock limit when lower than the case's own\n"
    "  --out DIR   where grades.csv, grades.xml and feedback/STUDENT.txt go (default: grades)\n"
    "  --keep      keep each submission's staging directory (BUILD/grade/...)\n"
    "As root every check runs sandboxed (own user id, limits, no network, private /tmp);\n"
    "otherwise only the limits apply, and racelab says so. Exit status: 0 when every\n"
    "submission was graded (whatever its verdict), 2 on a usage or setup error.\n";

static int write_report(const char *path, int (*write)(FILE *, void *), void *ctx)
{
    FILE *f = fopen(path, "w");
    int rc = f ? write(f, ctx) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc < 0)
        fprintf(stderr, "racelab: %s: cannot write: %s\n", path, strerror(errno));
    return rc;
}

struct outputs {
    const struct catalog *cat;
    const struct grade_row *rows;
    size_t nrows;
    const struct grade_student *student;
};

static int csv(FILE *f, void *ctx)
{
    const struct outputs *o = ctx;
    return grade_write_csv(f, o->cat, o->rows, o->nrows);
}

static int junit(FILE *f, void *ctx)
{
    const struct outputs *o = ctx;
    return grade_write_junit(f, o->cat, o->rows, o->nrows);
}

static int feedback(FILE *f, void *ctx)
{
    const struct outputs *o = ctx;
    return grade_write_feedback(f, o->cat, o->rows, o->nrows, o->student);
}

static int grade_and_write(const struct grade_options *go, const struct catalog *cat,
                           const bool *selected, const char *dir, const char *out_dir)
{
    struct grade_class cl;
    char *err = NULL;
    if (grade_find_students(dir, cat, &cl, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    if (cl.len == 0) {
        fprintf(stderr, "racelab: %s: no student directories in it\n", dir);
        grade_class_free(&cl, cat->len);
        return 2;
    }
    char *fb_dir = xasprintf("%s/feedback", out_dir);
    if (mkdir_p(fb_dir) < 0) {
        fprintf(stderr, "racelab: %s: %s\n", fb_dir, strerror(errno));
        free(fb_dir);
        grade_class_free(&cl, cat->len);
        return 2;
    }
    struct grade_row *rows;
    size_t nrows;
    grade_run(go, cat, selected, &cl, &rows, &nrows);
    struct outputs o = {.cat = cat, .rows = rows, .nrows = nrows};
    char *csv_path = xasprintf("%s/grades.csv", out_dir),
         *xml_path = xasprintf("%s/grades.xml", out_dir);
    int rc = write_report(csv_path, csv, &o) < 0 || write_report(xml_path, junit, &o) < 0 ? 2 : 0;
    size_t pass = 0;
    for (size_t i = 0; i < nrows; i++)
        pass += rows[i].verdict == GRADE_PASS;
    for (size_t s = 0; rc == 0 && s < cl.len; s++) {
        char *name = grade_safe_name(cl.students[s].name);
        char *path = xasprintf("%s/%s.txt", fb_dir, name);
        o.student = &cl.students[s];
        rc = write_report(path, feedback, &o) < 0 ? 2 : 0;
        free(path);
        free(name);
    }
    if (rc == 0)
        printf("graded %zu students, %zu submissions: %zu pass, %zu do not\n"
               "  %s, %s, %s/STUDENT.txt\n",
               cl.len, nrows, pass, nrows - pass, csv_path, xml_path, fb_dir);
    free(csv_path);
    free(xml_path);
    free(fb_dir);
    grade_rows_free(rows, nrows);
    grade_class_free(&cl, cat->len);
    return rc;
}

int cmd_grade(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"exercise", required_argument, NULL, 'e'}, {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},     {"out", required_argument, NULL, 'o'},
        {"keep", no_argument, NULL, 'k'},           {"help", no_argument, NULL, 'h'},
        {"timeout", required_argument, NULL, 't'},  {NULL, 0, NULL, 0},
    };
    struct check_options defaults = check_defaults(g);
    struct grade_options go = {
        .build_dir = g->build_dir, .shim_dir = g->shim_dir, .runs = 10, .jobs = defaults.jobs};
    const char *out_dir = "grades";
    const char **selectors = xcalloc((size_t)argc + 1, sizeof *selectors);
    size_t nsel = 0;
    int c, rc = 0;
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            selectors[nsel++] = optarg;
            break;
        case 'r':
            rc = parse_positive(optarg, "--runs needs a number from 1 to 1000, not '%s'", 1000,
                                &go.runs);
            break;
        case 'j':
            rc = parse_positive(optarg, "-j needs a number from 1 to 256, not '%s'", 256, &go.jobs);
            break;
        case 'o':
            out_dir = optarg;
            break;
        case 't':
            rc = parse_positive(optarg, "--timeout needs whole seconds from 1 to 600, not '%s'",
                                600, &go.timeout_s);
            break;
        case 'k':
            go.keep = true;
            break;
        case 'h':
            fputs(grade_usage, stdout);
            free(selectors);
            return 0;
        default:
            rc = 2;
        }
    }
    if (rc == 0 && optind + 1 != argc) {
        fputs(grade_usage, stderr);
        rc = 2;
    }
    struct catalog cat = {0};
    char *err = NULL;
    bool *selected = NULL;
    if (rc == 0 && catalog_load(g->root, &cat, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        rc = 2;
    }
    if (rc == 0) {
        selected = xcalloc(cat.len + 1, sizeof *selected);
        if (catalog_select(&cat, selectors, nsel, selected, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        }
    }
    struct sandbox sb = {0};
    if (rc == 0) {
        if (sandbox_slots_init(&sb, go.jobs, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        } else {
            const char *why = NULL;
            if (!sandbox_available(&why))
                fprintf(stderr, "racelab: warning: the sandbox is partial here: %s\n", why);
            go.sandbox = &sb;
        }
    }
    if (rc == 0)
        rc = grade_and_write(&go, &cat, selected, argv[optind], out_dir);
    if (go.sandbox)
        sandbox_slots_free(&sb);
    free(selected);
    free(selectors);
    if (cat.cases)
        catalog_free(&cat);
    return rc;
}
