/* grade_report.c: what `racelab grade` writes, and the command itself.
 *
 * OUT/grades.csv          a row per (student, exercise): status, score, reason
 * OUT/grades-summary.csv  a row per student: passed, attempted, total, percent
 * OUT/grades.xml          JUnit: a suite per student, a test case per exercise
 * OUT/grades-run.txt      which shard of which class, which exercises: what
 *                         `racelab grade merge` checks before it merges
 * OUT/feedback/S.txt      what each student reads
 * (docs/grading.md has the formats.)
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
#include <unistd.h>

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
        size_t n = text_char(s, &cp);
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
    fputs(GRADE_CSV_HEADER, out);
    for (size_t i = 0; i < n; i++) {
        csv_field(out, rows[i].student->name, false);
        csv_field(out, cat->cases[rows[i].exercise].id, false);
        csv_field(out, grade_status_name(rows[i].status), false);
        csv_field(out, rows[i].status == GRADE_PASS ? "1" : "0", false);
        csv_field(out, rows[i].reason, true);
    }
    return ferror(out) ? -1 : 0;
}

/* Every student of the class has a line, even one with no row (nothing was
 * graded): a teacher's spreadsheet needs the whole class. */
int grade_write_summary(FILE *out, const struct grade_class *cl, const struct grade_row *rows,
                        size_t n)
{
    fputs(GRADE_SUMMARY_HEADER, out);
    for (size_t s = 0; s < cl->len; s++) {
        size_t passed = 0, attempted = 0, total = 0;
        for (size_t i = 0; i < n; i++)
            if (rows[i].student == &cl->students[s]) {
                total++;
                passed += rows[i].status == GRADE_PASS;
                attempted += grade_status_attempted(rows[i].status);
            }
        char num[3][24], percent[32];
        snprintf(num[0], sizeof num[0], "%zu", passed);
        snprintf(num[1], sizeof num[1], "%zu", attempted);
        snprintf(num[2], sizeof num[2], "%zu", total);
        snprintf(percent, sizeof percent, "%.1f",
                 total ? 100.0 * (double)passed / (double)total : 0.0);
        csv_field(out, cl->students[s].name, false);
        for (int k = 0; k < 3; k++)
            csv_field(out, num[k], false);
        csv_field(out, percent, true);
    }
    return ferror(out) ? -1 : 0;
}

/* Pass is a passing test; tool-error an <error> (the check could not judge);
 * every other status a <failure>, the status first in its message. */
int grade_write_junit(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racelab grade\">\n", out);
    for (size_t i = 0; i < n;) {
        const struct grade_student *st = rows[i].student;
        size_t end = i, failures = 0, errors = 0;
        for (; end < n && rows[end].student == st; end++) {
            failures += rows[end].status != GRADE_PASS && rows[end].status != GRADE_TOOL_ERROR;
            errors += rows[end].status == GRADE_TOOL_ERROR;
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
            if (r->status == GRADE_PASS) {
                fputs("/>\n", out);
                continue;
            }
            const char *tag = r->status == GRADE_TOOL_ERROR ? "error" : "failure";
            const char *status = grade_status_name(r->status);
            char *message = xasprintf("%s: %s", status, r->reason ? r->reason : status);
            fprintf(out, ">\n      <%s", tag);
            report_xml_attr(out, "message", message);
            report_xml_attr(out, "type", status);
            fputc('>', out);
            if (r->lesson) {
                xml_escape(out, "that looks like a fix this exercise warns about:\n", false);
                xml_escape(out, r->lesson, false);
            }
            xml_escape(out, r->report ? r->report : message, false);
            fprintf(out, "</%s>\n    </testcase>\n", tag);
            free(message);
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
    text_add_clean(&clean, text);
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

/* What a student reads under each status. A hint is about the race, so it
 * comes only with a fail: under a compile error or a refusal it would send
 * the student after the wrong problem. */
static const struct feedback_parts {
    bool reason, lesson, report, warnings, hint;
    const char *note;
} feedback_parts[GRADE__COUNT] = {
    [GRADE_PASS] = {0},
    [GRADE_FAIL] = {.reason = true, .lesson = true, .report = true, .warnings = true, .hint = true},
    [GRADE_NOT_ATTEMPTED] = {.reason = true},
    [GRADE_MISSING] = {.reason = true},
    [GRADE_NO_COMPILE] = {.reason = true, .report = true}, /* the compiler's messages */
    [GRADE_REFUSED] = {.reason = true, .report = true},    /* the refused lines */
    [GRADE_TOOL_ERROR] = {.reason = true,
                          .report = true,
                          .note = "a tool failed under your program: that is not a verdict on "
                                  "your fix (your teacher sees it too)"},
};

static void feedback_row(FILE *out, const struct catalog *cat, const struct grade_row *r)
{
    const struct rl_case *c = &cat->cases[r->exercise];
    const struct program *p = &c->variants[VARIANT_UNSAFE];
    const struct feedback_parts *parts = &feedback_parts[r->status];
    fprintf(out, "\n%s (%s): %s\n", c->id, p->title, grade_status_name(r->status));
    if (parts->reason && r->reason)
        indented(out, r->reason, "  ");
    if (parts->lesson && r->lesson) {
        fputs("  that looks like a fix this exercise warns about:\n", out);
        indented(out, r->lesson, "  ");
    }
    if (parts->report && r->report)
        indented(out, r->report, "    ");
    if (parts->warnings && r->warnings) {
        fputs("  compiler warnings (-Wall -Wextra):\n", out);
        indented(out, r->warnings, "    ");
    }
    if (parts->note)
        fprintf(out, "  %s\n", parts->note);
    if (parts->hint && p->exercise.nhints)
        fprintf(out, "  a hint: %s\n  (more: racelab exercise hint %s)\n", p->exercise.hints[0],
                c->id);
}

int grade_write_feedback(FILE *out, const struct catalog *cat, const struct grade_row *rows,
                         size_t n, const struct grade_student *student)
{
    size_t total = 0, passed = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].student == student) {
            total++;
            passed += rows[i].status == GRADE_PASS;
        }
    fprintf(out, "racelab grade: feedback for ");
    indented(out, student->name, "");
    fprintf(out, "%zu of %zu exercises pass.\n", passed, total);
    for (size_t i = 0; i < n; i++)
        if (rows[i].student == student)
            feedback_row(out, cat, &rows[i]);
    return ferror(out) ? -1 : 0;
}

int grade_write_run_info(FILE *out, const char *const *exercises, size_t nexercises,
                         const struct grade_run_info *info)
{
    fprintf(out,
            "# racelab grade: what this directory holds, for racelab grade merge\n"
            "shard %d/%d\nclass %zu\n",
            info->shard_k, info->shard_n, info->class_size);
    for (size_t i = 0; i < nexercises; i++)
        fprintf(out, "exercise %s\n", exercises[i]);
    return ferror(out) ? -1 : 0;
}

/* feedback/NAME.txt. A name that had to be changed to be a file name gets a
 * hash of the real one, so that "a b" and "a_b" never share a file (nor
 * two shards' students a name `grade merge` would take for an overlap). */
static char *feedback_path(const char *fb_dir, const char *student)
{
    char *safe = grade_safe_name(student), *path;
    if (strcmp(safe, student) == 0)
        path = xasprintf("%s/%s.txt", fb_dir, safe);
    else
        path = xasprintf("%s/%s-%08llx.txt", fb_dir, safe,
                         hash_bytes(HASH_INIT, student, strlen(student)) & 0xffffffffull);
    free(safe);
    return path;
}

struct outputs {
    const struct catalog *cat;
    const bool *selected;
    const struct grade_run_info *info;
    const struct grade_class *cl;
    const struct grade_row *rows;
    size_t nrows;
    const struct grade_student *student;
};

static int csv(FILE *f, const struct outputs *o)
{
    return grade_write_csv(f, o->cat, o->rows, o->nrows);
}

static int summary(FILE *f, const struct outputs *o)
{
    return grade_write_summary(f, o->cl, o->rows, o->nrows);
}

static int junit(FILE *f, const struct outputs *o)
{
    return grade_write_junit(f, o->cat, o->rows, o->nrows);
}

static int run_info(FILE *f, const struct outputs *o)
{
    const char **ids = xcalloc(o->cat->len + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < o->cat->len; i++)
        if (o->selected[i])
            ids[n++] = o->cat->cases[i].id;
    int rc = grade_write_run_info(f, ids, n, o->info);
    free(ids);
    return rc;
}

static int feedback(FILE *f, const struct outputs *o)
{
    return grade_write_feedback(f, o->cat, o->rows, o->nrows, o->student);
}

static int write_one(const char *path, int (*write)(FILE *, const struct outputs *),
                     const struct outputs *o, char **err)
{
    FILE *f = fopen(path, "w");
    int rc = f ? write(f, o) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc < 0)
        *err = xasprintf("%s: cannot write: %s", path, strerror(errno));
    return rc;
}

int grade_write_outputs(const char *out_dir, const struct catalog *cat, const bool *selected,
                        const struct grade_run_info *info, const struct grade_class *cl,
                        const struct grade_row *rows, size_t n, char **err)
{
    static const struct {
        const char *name;
        int (*write)(FILE *, const struct outputs *);
    } files[] = {
        {GRADE_CSV, csv},
        {GRADE_SUMMARY_CSV, summary},
        {GRADE_JUNIT, junit},
        {GRADE_RUN_FILE, run_info},
    };
    struct outputs o = {
        .cat = cat, .selected = selected, .info = info, .cl = cl, .rows = rows, .nrows = n};
    char *fb_dir = xasprintf("%s/%s", out_dir, GRADE_FEEDBACK_DIR);
    int rc = 0;
    if (mkdir_p(fb_dir) < 0) {
        *err = xasprintf("%s: %s", fb_dir, strerror(errno));
        rc = -1;
    }
    for (size_t k = 0; rc == 0 && k < sizeof files / sizeof *files; k++) {
        char *path = xasprintf("%s/%s", out_dir, files[k].name);
        rc = write_one(path, files[k].write, &o, err);
        free(path);
    }
    for (size_t s = 0; rc == 0 && s < cl->len; s++) {
        char *path = feedback_path(fb_dir, cl->students[s].name);
        o.student = &cl->students[s];
        rc = write_one(path, feedback, &o, err);
        free(path);
    }
    free(fb_dir);
    return rc;
}

/* ---- the command -------------------------------------------------------------------------- */

/* "12 pass, 3 fail, 1 missing": the statuses that occur, in status order. */
static void print_counts(const struct grade_row *rows, size_t n)
{
    size_t count[GRADE__COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        count[rows[i].status]++;
    const char *sep = "";
    for (int s = 0; s < GRADE__COUNT; s++)
        if (count[s]) {
            printf("%s%zu %s", sep, count[s], grade_status_name((enum grade_status)s));
            sep = ", ";
        }
    printf("%s\n", n ? "" : "no rows");
}

int grade_and_write(const struct grade_options *go, const struct catalog *cat, bool *selected,
                    bool chosen, struct grade_run_info *info, const char *dir, const char *out_dir)
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
    /* The whole class decides which exercises, before the shard is cut:
     * every shard must grade the same ones. */
    if (!chosen)
        grade_keep_attempted(cat, &cl, selected);
    size_t nsel = 0;
    for (size_t i = 0; i < cat->len; i++)
        nsel += selected[i];
    if (nsel == 0)
        fprintf(stderr, "racelab: no student changed any exercise: nothing to grade (name "
                        "exercises with --exercise to grade them anyway)\n");
    info->class_size = cl.len;
    grade_class_shard(&cl, cat->len, info->shard_k, info->shard_n);
    struct grade_row *rows;
    size_t nrows;
    grade_run(go, cat, selected, &cl, &rows, &nrows);
    int rc = 0;
    if (grade_write_outputs(out_dir, cat, selected, info, &cl, rows, nrows, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        rc = 2;
    } else {
        printf("graded %zu student%s", cl.len, cl.len == 1 ? "" : "s");
        if (info->shard_n > 1)
            printf(" (shard %d/%d of a class of %zu)", info->shard_k, info->shard_n,
                   info->class_size);
        printf(" on %zu exercise%s: ", nsel, nsel == 1 ? "" : "s");
        print_counts(rows, nrows);
        printf("  %s/{%s,%s,%s}, %s/%s/STUDENT.txt\n", out_dir, GRADE_CSV, GRADE_SUMMARY_CSV,
               GRADE_JUNIT, out_dir, GRADE_FEEDBACK_DIR);
    }
    grade_rows_free(rows, nrows);
    grade_class_free(&cl, cat->len);
    return rc;
}
