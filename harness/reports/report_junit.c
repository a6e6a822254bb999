/* report_junit.c: JUnit XML for GitLab, Jenkins and other CI test views
 * (docs/ci.md).
 *
 * JUnit has no official schema; this is the common shape: testsuites >
 * testsuite(name, tests, failures, errors, skipped, time) > testcase(classname,
 * name, time) > failure | error | skipped. One testsuite per tool: a tool is
 * what a CI view is asked about ("is TSan clean?"), and it is the matrix's
 * column. One testcase per (case, variant, tool) verdict; a tool the program
 * does not use (skip) is not a test. No `file` attribute: Jenkins' strict
 * xUnit schema rejects it. */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_common.h"

struct counts {
    int tests, failures, errors, skipped;
    double time;
};

/* Wall-clock time of the cell's runs. */
static double cell_time(const struct check_row *row, enum tool_id tool)
{
    double t = 0;
    for (int k = 0; row->outcomes[tool] && k < row->nruns[tool]; k++)
        t += row->outcomes[tool][k].elapsed_s;
    return t;
}

/* A tool or a build that failed: the test could not run (JUnit's error). */
static const char *cell_error(const struct check_row *row, enum tool_id tool)
{
    for (int k = 0; row->outcomes[tool] && k < row->nruns[tool]; k++) {
        enum run_status st = row->outcomes[tool][k].status;
        if (st == RUN_BUILD_ERROR)
            return "build-error";
        if (st == RUN_TOOL_ERROR)
            return "tool-error";
    }
    return NULL;
}

/* The failure's type: the rule of the first finding that fails the verdict,
 * else the failed-verdict rule (the same ids as SARIF's). */
static const char *failure_type(const struct check_row *row, enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    unsigned expected = report_expected_kinds(row, tool);
    for (size_t i = 0; i < j->findings.len; i++)
        if (!((expected >> j->findings.items[i].kind) & 1u))
            return report_rule_slug((int)j->findings.items[i].kind);
    return report_rule_slug(REPORT_RULE_VERDICT);
}

static void count_cell(struct counts *c, const struct check_row *row, enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    if (j->verdict == VERDICT_SKIP)
        return;
    c->tests++;
    c->time += cell_time(row, tool);
    if (j->verdict == VERDICT_NA)
        c->skipped++;
    else if (j->verdict == VERDICT_FAIL && cell_error(row, tool))
        c->errors++;
    else if (j->verdict == VERDICT_FAIL)
        c->failures++;
}

static void write_counts(FILE *out, const char *name, const struct counts *c)
{
    report_xml_attr(out, "name", name);
    fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\"",
            c->tests, c->failures, c->errors, c->skipped, c->time);
}

static void write_testcase(FILE *out, const struct check_report *rep, const struct check_row *row,
                           enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    char name[64];
    snprintf(name, sizeof name, "%s under %s", check_row_variant(rep, row), tool_name(tool));
    fputs("    <testcase", out);
    report_xml_attr(out, "classname", row->c->id);
    report_xml_attr(out, "name", name);
    fprintf(out, " time=\"%.3f\"", cell_time(row, tool));
    if (j->verdict == VERDICT_PASS) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (j->verdict == VERDICT_NA) {
        fputs("      <skipped", out);
        report_xml_attr(out, "message", j->reason ? j->reason : "n/a");
        fputs("/>\n", out);
    } else {
        const char *error = cell_error(row, tool);
        struct strbuf body = STRBUF_INIT;
        report_condensed(&body, rep, row, tool);
        char *type = xasprintf("racelab/%s", error ? error : failure_type(row, tool));
        fprintf(out, "      <%s", error ? "error" : "failure");
        report_xml_attr(out, "message", j->reason ? j->reason : "failed");
        report_xml_attr(out, "type", type);
        fputc('>', out);
        xml_escape(out, body.buf, false);
        fprintf(out, "</%s>\n", error ? "error" : "failure");
        free(type);
        strbuf_release(&body);
    }
    fputs("    </testcase>\n", out);
}

/* racelab run: a testcase per bug, whatever the number of tools and runs that
 * saw it (report_walk merges them), so that one race is one failure. */
struct run_cases {
    const struct check_report *rep;
    FILE *body;
    struct counts c;
};

static void run_testcase(struct run_cases *rc, const char *classname, const char *name, double time)
{
    fputs("    <testcase", rc->body);
    report_xml_attr(rc->body, "classname", classname);
    report_xml_attr(rc->body, "name", name);
    fprintf(rc->body, " time=\"%.3f\"", time);
    rc->c.tests++;
}

/* Close the open testcase as skipped, with why. */
static void run_skipped(struct run_cases *rc, const char *why)
{
    fputs(">\n      <skipped", rc->body);
    report_xml_attr(rc->body, "message", why ? why : "not judged");
    fputs("/>\n    </testcase>\n", rc->body);
    rc->c.skipped++;
}

static void run_item(void *ctx, const struct report_item *it)
{
    struct run_cases *rc = ctx;
    const struct judgement *j = &it->row->judged[it->tool];
    struct strbuf text = STRBUF_INIT, name = STRBUF_INIT;
    const char *element = "failure", *type = NULL;
    if (it->finding) {
        /* The name stays the same from one CI run to the next: no counts in it. */
        report_headline(&name, it);
        if (it->access >= 0)
            strbuf_addf(&name, " at %s:%d", report_relative(it->file, rc->rep->catalog.root),
                        it->line);
        report_bug_text(&text, rc->rep, it);
        for (int t = 0; t < TOOL__COUNT; t++)
            if (it->tools & (1u << t))
                strbuf_addf(&text, "%s on %s: %s\n", tool_name(t), it->prog->path,
                            it->row->judged[t].reason ? it->row->judged[t].reason : "warning");
        type = report_rule_slug((int)it->finding->kind);
    } else if (it->level != REPORT_ERROR) {
        /* A tool that could not judge, made up for by another (check.h). */
        strbuf_addf(&name, "not judged under %s", tool_name(it->tool));
        run_testcase(rc, it->row->c->id, name.buf, cell_time(it->row, it->tool));
        run_skipped(rc, j->reason);
        strbuf_release(&name);
        return;
    } else {
        const char *error = cell_error(it->row, it->tool);
        report_condensed(&text, rc->rep, it->row, it->tool);
        strbuf_addf(&name, "under %s", tool_name(it->tool));
        element = error ? "error" : "failure";
        type = error ? error : report_rule_slug(REPORT_RULE_VERDICT);
    }
    run_testcase(rc, it->row->c->id, name.buf, it->finding ? 0 : cell_time(it->row, it->tool));
    if (it->level != REPORT_ERROR) {
        /* A warning (a thread leak): shown, but it fails nothing. */
        fputs(">\n      <system-out>", rc->body);
        xml_escape(rc->body, text.buf, false);
        fputs("</system-out>\n    </testcase>\n", rc->body);
    } else {
        char *full_type = xasprintf("racelab/%s", type);
        fprintf(rc->body, ">\n      <%s", element);
        char *first = xstrndup(text.buf, strcspn(text.buf, "\n"));
        report_xml_attr(rc->body, "message", it->finding ? first : j->reason);
        free(first);
        report_xml_attr(rc->body, "type", full_type);
        fputc('>', rc->body);
        xml_escape(rc->body, text.buf, false);
        fprintf(rc->body, "</%s>\n    </testcase>\n", element);
        *(element[0] == 'e' ? &rc->c.errors : &rc->c.failures) += 1;
        free(full_type);
    }
    strbuf_release(&name);
    strbuf_release(&text);
}

/* The testcases of a tool that judged the program clean, could not judge
 * it, or was not needed (a fallback tool, not run: its plan note). */
static void run_tool_case(struct run_cases *rc, const struct check_row *row, enum tool_id t)
{
    const struct judgement *j = &row->judged[t];
    enum verdict v = j->verdict;
    bool not_run = v == VERDICT_SKIP && j->plan_note;
    if (!(rc->rep->tools & (1u << t)) || (v != VERDICT_PASS && v != VERDICT_NA && !not_run))
        return;
    char *name = xasprintf("%s under %s",
                           v == VERDICT_PASS ? "clean"
                           : not_run         ? "not run"
                                             : "not judged",
                           tool_name(t));
    run_testcase(rc, row->c->id, name, cell_time(row, t));
    free(name);
    if (v == VERDICT_PASS)
        fputs("/>\n", rc->body);
    else
        run_skipped(rc, j->reason);
}

/* One testsuite per program: its bugs, its failed verdicts that no bug
 * explains, and a testcase per tool that judged it clean or could not. */
static int write_run(FILE *out, const struct check_report *rep)
{
    struct counts total = {.time = rep->elapsed_s};
    char *buf = NULL;
    size_t len = 0;
    FILE *suites = open_memstream(&buf, &len);
    if (!suites)
        return -1;
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        char *cases = NULL;
        size_t ncases = 0;
        struct run_cases rc = {.rep = rep, .body = open_memstream(&cases, &ncases)};
        if (!rc.body)
            break;
        report_walk_row(rep, r, false, run_item, &rc);
        for (int t = 0; t < TOOL__COUNT; t++)
            run_tool_case(&rc, row, t);
        fclose(rc.body);
        rc.c.time = rep->elapsed_s;
        fputs("  <testsuite", suites);
        write_counts(suites, row->c->id, &rc.c);
        fprintf(suites, ">\n%s  </testsuite>\n", cases);
        free(cases);
        total.tests += rc.c.tests;
        total.failures += rc.c.failures;
        total.errors += rc.c.errors;
        total.skipped += rc.c.skipped;
    }
    fclose(suites);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
    write_counts(out, "racelab run", &total);
    fprintf(out, ">\n%s</testsuites>\n", buf ? buf : "");
    free(buf);
    return ferror(out) ? -1 : 0;
}

int report_junit_write(FILE *out, const struct check_report *rep)
{
    if (rep->run_mode)
        return write_run(out, rep);

    struct counts total = {0}, per_tool[TOOL__COUNT] = {{0}};
    for (int t = 0; t < TOOL__COUNT; t++)
        for (size_t r = 0; (rep->tools & (1u << t)) && r < rep->nrows; r++)
            count_cell(&per_tool[t], &rep->rows[r], t);
    for (int t = 0; t < TOOL__COUNT; t++) {
        total.tests += per_tool[t].tests;
        total.failures += per_tool[t].failures;
        total.errors += per_tool[t].errors;
        total.skipped += per_tool[t].skipped;
    }
    /* The whole check's wall clock: the tools ran in parallel. */
    total.time = rep->elapsed_s;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
    write_counts(out, "racelab", &total);
    fputs(">\n", out);
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(rep->tools & (1u << t)))
            continue;
        fputs("  <testsuite", out);
        write_counts(out, tool_name(t), &per_tool[t]);
        fputs(per_tool[t].tests ? ">\n" : "/>\n", out);
        if (!per_tool[t].tests)
            continue;
        for (size_t r = 0; r < rep->nrows; r++)
            if (rep->rows[r].judged[t].verdict != VERDICT_SKIP)
                write_testcase(out, rep, &rep->rows[r], t);
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}
