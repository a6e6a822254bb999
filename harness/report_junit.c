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
            return report_rule((int)j->findings.items[i].kind)->slug;
    return report_rule(REPORT_RULE_VERDICT)->slug;
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
        report_xml_text(out, body.buf, false);
        fprintf(out, "</%s>\n", error ? "error" : "failure");
        free(type);
        strbuf_release(&body);
    }
    fputs("    </testcase>\n", out);
}

int report_junit_write(FILE *out, const struct check_report *rep)
{
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
