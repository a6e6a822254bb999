/* test_reports_recorded.c: the CI report writers on reports built from
 * recorded tool output (tests/fixtures: TSan's race.clang-uniform.txt and
 * Helgrind's helgrind-race.xml, whose programs were compiled in /tmp/tsanfx
 * and /tmp/vg), where every byte is known:
 * - the diagnostics' exact lines, with paths relative to the current
 *   directory or as the report gives them;
 * - GitHub's escaping of '%', CR, LF, ':' and ',' and its cap of 10 errors;
 * - JUnit and SARIF on text XML and JSON cannot carry (control characters,
 *   invalid UTF-8), and SARIF's suppressions and baseline states. */
#define _GNU_SOURCE
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "report_common.h"
#include "test.h"
#include "test_reports.h"
#include "tsan.h"
#include "valgrind.h"

#define ROOT "/tmp/tsanfx"

/* A two-row report (race.c, unsafe and safe) under tsan, helgrind and drd:
 * unsafe passes tsan and helgrind with their race (expected) and fails drd,
 * which saw nothing; safe fails tsan and helgrind with the same race. */
struct recorded {
    struct check_report rep;
    struct rl_case c;
    struct check_row rows[VARIANT__COUNT];
};

static void parse_fixtures(struct finding_list *tsan, struct finding_list *helgrind)
{
    size_t len;
    char *text = test_fixture("tsan/race.clang-uniform.txt", &len);
    struct tsan_result tr;
    CU_ASSERT_EQUAL_FATAL(tsan_report_parse(text, len, &tr, NULL), 0);
    free(text);
    *tsan = tr.findings;
    tr.findings = (struct finding_list){0};
    tsan_result_free(&tr);
    text = test_fixture("valgrind/helgrind-race.xml", &len);
    struct valgrind_result vr;
    CU_ASSERT_EQUAL_FATAL(valgrind_xml_parse(text, len, "helgrind-race.xml", &vr, NULL), 0);
    free(text);
    *helgrind = vr.findings;
    vr.findings = (struct finding_list){0};
    valgrind_result_free(&vr);
}

static void recorded_init(struct recorded *r)
{
    memset(r, 0, sizeof *r);
    struct finding_list tsan, helgrind;
    parse_fixtures(&tsan, &helgrind);
    r->c.id = "threads/race";
    r->c.family = "threads";
    r->c.name = "race";
    for (int v = 0; v < VARIANT__COUNT; v++) {
        struct program *p = &r->c.variants[v];
        struct check_row *row = &r->rows[v];
        p->path = "race.c";
        p->variant = v;
        for (int t = TOOL_TSAN; t <= TOOL_DRD; t++)
            p->expect[t] =
                (struct expectation){.mode = v == VARIANT_UNSAFE ? EXPECT_KINDS : EXPECT_CLEAN,
                                     .kinds = 1u << FK_DATA_RACE,
                                     .line = 3 + t};
        *row = (struct check_row){.c = &r->c, .variant = v, .prog = p, .source = ROOT "/race.c"};
        for (size_t i = 0; i < tsan.len; i++)
            finding_list_append_copy(&row->judged[TOOL_TSAN].findings, &tsan.items[i]);
        for (size_t i = 0; i < helgrind.len; i++)
            finding_list_append_copy(&row->judged[TOOL_HELGRIND].findings, &helgrind.items[i]);
        bool safe = v == VARIANT_SAFE;
        row->judged[TOOL_TSAN].verdict = row->judged[TOOL_HELGRIND].verdict =
            safe ? VERDICT_FAIL : VERDICT_PASS;
        row->judged[TOOL_TSAN].reason = row->judged[TOOL_HELGRIND].reason =
            safe ? "unexpected data-race in 1/1 runs" : NULL;
        row->judged[TOOL_DRD].verdict = safe ? VERDICT_PASS : VERDICT_FAIL;
        row->judged[TOOL_DRD].reason = safe ? NULL : "expected data-race in every run, seen in 0/1";
    }
    finding_list_free(&tsan);
    finding_list_free(&helgrind);
    r->rep.catalog.root = ROOT;
    r->rep.rows = r->rows;
    r->rep.nrows = VARIANT__COUNT;
    r->rep.tools = (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND) | (1u << TOOL_DRD);
    r->rep.runs = 1;
    r->rep.pass = 3;
    r->rep.fail = 3;
}

static void recorded_free(struct recorded *r)
{
    for (int v = 0; v < VARIANT__COUNT; v++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            finding_list_free(&r->rows[v].judged[t].findings);
            finding_list_free(&r->rows[v].judged[t].filtered);
        }
}

/* The parsers keep the tools' words for the memory, and the name is found in them. */
static void test_variable_names(void)
{
    struct finding_list tsan, helgrind;
    parse_fixtures(&tsan, &helgrind);
    CU_ASSERT_EQUAL_FATAL(tsan.len, 1);
    CU_ASSERT_STRING_EQUAL(tsan.items[0].location,
                           "Location is global 'counter' of size 4 at 0x56012453d258 "
                           "(race.clang+0x1476258)");
    CU_ASSERT_EQUAL_FATAL(helgrind.len, 2);
    CU_ASSERT_STRING_EQUAL(helgrind.items[1].location,
                           "Address 0x10c02c is 0 bytes inside data symbol \"counter\"");
    const struct finding *all[] = {&tsan.items[0], &helgrind.items[0], &helgrind.items[1]};
    for (size_t i = 0; i < 3; i++) {
        char *name = report_variable_name(all[i]);
        CU_ASSERT_STRING_EQUAL(name ? name : "(none)", "counter");
        free(name);
    }
    struct finding f = {.kind = FK_DATA_RACE};
    static const char *const unnamed[] = {
        NULL, "Location is heap block of size 8 at 0x7b0400000010 allocated by main thread",
        "Allocation context: BSS section of /tmp/vg/race2"};
    for (size_t i = 0; i < 3; i++) {
        f.location = (char *)unnamed[i];
        CU_ASSERT_PTR_NULL(report_variable_name(&f));
    }
    f.location = "Location 0x10c090 is 0 bytes inside global var \"total\"";
    char *name = report_variable_name(&f);
    CU_ASSERT_STRING_EQUAL(name ? name : "(none)", "total");
    free(name);
    finding_list_free(&tsan);
    finding_list_free(&helgrind);
}

/* `text` with every '@' replaced by `at` and every '^' by `caret`: malloc'd. */
static char *expand(const char *text, const char *at, const char *caret)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = text; *p; p++)
        if (*p == '@' || *p == '^')
            strbuf_adds(&sb, *p == '@' ? at : caret);
        else
            strbuf_addch(&sb, *p);
    return strbuf_detach(&sb);
}

/* Every line of the diagnostics for the recorded report, from a directory
 * the root is under (relative paths) and from one it is not (as given). */
static void test_diagnostics_lines(void)
{
    static const char want[] =
        /* unsafe, tsan: the documented race, a warning, and the other accesses */
        "@race.c:9:12: warning: data race on 'counter' [racelab-tsan-data-race]\n"
        "@race.c:9:12: note: Previous write of size 4 by thread T1 in worker\n"
        "@race.c:17:5: note: Thread T2 created by main thread in main\n"
        "@race.c:16:5: note: Thread T1 created by main thread in main\n"
        /* unsafe, helgrind: its two reports (read and write) at the same two
         * lines, outside the root: one bug, shown once */
        "^race.c:14: warning: data race on 'counter' [racelab-helgrind-data-race]\n"
        "^race.c:7: note: This conflicts with a previous write of size 4 by thread #2 "
        "in worker\n"
        /* unsafe, drd: failed without a finding, at the header's drd line */
        "@race.c:5: error: drd: expected data-race in every run, seen in 0/1 "
        "[racelab-drd-verdict]\n"
        /* safe: the same race is an error everywhere */
        "@race.c:9:12: error: data race on 'counter' [racelab-tsan-data-race]\n"
        "@race.c:9:12: note: Previous write of size 4 by thread T1 in worker\n"
        "@race.c:17:5: note: Thread T2 created by main thread in main\n"
        "@race.c:16:5: note: Thread T1 created by main thread in main\n"
        "^race.c:14: error: data race on 'counter' [racelab-helgrind-data-race]\n"
        "^race.c:7: note: This conflicts with a previous write of size 4 by thread #2 "
        "in worker\n";
    struct recorded r;
    recorded_init(&r);
    char *here = getcwd(NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(here);
    /* From /tmp the recorded frames (/tmp/vg/...) are relative; from the
     * checkout, wherever it is (even under /tmp), they are not below it. */
    CU_ASSERT_FALSE_FATAL(strcmp(here, "/tmp") == 0);
    const char *dirs[] = {"/tmp", here}, *tsan[] = {"tsanfx/", ROOT "/"},
               *helgrind[] = {"vg/", "/tmp/vg/"};
    for (int d = 0; d < 2; d++) {
        CU_ASSERT_EQUAL_FATAL(chdir(dirs[d]), 0);
        char *out = test_render(report_diagnostics_write, &r.rep);
        char *expected = expand(want, tsan[d], helgrind[d]);
        CU_ASSERT_STRING_EQUAL(out, expected);
        if (strcmp(out, expected) != 0)
            fprintf(stderr, "\n--- got\n%s--- want\n%s", out, expected);
        free(expected);
        free(out);
    }
    CU_ASSERT_EQUAL(chdir(here), 0);
    free(here);
    recorded_free(&r);
}

/* A report of `ncells` failing safe rows, each with two findings at a file
 * name and in words that need every escape. */
struct awkward {
    struct check_report rep;
    struct rl_case *cases;
    struct check_row *rows;
};

static void awkward_init(struct awkward *a, size_t ncells)
{
    memset(a, 0, sizeof *a);
    a->cases = xcalloc(ncells, sizeof *a->cases);
    a->rows = xcalloc(ncells, sizeof *a->rows);
    for (size_t i = 0; i < ncells; i++) {
        struct rl_case *c = &a->cases[i];
        c->id = xasprintf("threads/case-%02zu", i);
        c->variants[VARIANT_SAFE].path = xasprintf("safe/odd-%02zu.c", i);
        c->variants[VARIANT_SAFE].variant = VARIANT_SAFE;
        c->variants[VARIANT_SAFE].expect[TOOL_TSAN] = (struct expectation){.line = 2};
        struct check_row *row = &a->rows[i];
        *row = (struct check_row){.c = c, .variant = VARIANT_SAFE, .prog = &c->variants[1]};
        row->judged[TOOL_TSAN].verdict = VERDICT_FAIL;
        row->judged[TOOL_TSAN].reason = "unexpected data-race\r\nin 1/1 runs";
        for (int k = 0; k < 2; k++) {
            struct finding *f = finding_list_add(&row->judged[TOOL_TSAN].findings);
            f->kind = FK_DATA_RACE;
            f->tool_kind = xstrdup("data race");
            f->message = xstrdup("data race");
            f->location = xstrdup("Location is global 'a,b:c' of size 4 at 0x10");
            struct access *acc = finding_add_access(f);
            acc->what = xstrdup("Write of 100% size 4");
            acc->thread = 1;
            access_add_frame(acc, "worker", "/tmp/gh/we:ird,na%me.c", NULL, 10 + k, 3);
        }
    }
    a->rep.catalog.root = "/tmp/gh";
    a->rep.rows = a->rows;
    a->rep.nrows = ncells;
    a->rep.tools = 1u << TOOL_TSAN;
    a->rep.fail = (int)ncells;
}

static void awkward_free(struct awkward *a)
{
    for (size_t i = 0; i < a->rep.nrows; i++) {
        finding_list_free(&a->rows[i].judged[TOOL_TSAN].findings);
        free(a->cases[i].id);
        free(a->cases[i].variants[VARIANT_SAFE].path);
    }
    free(a->rows);
    free(a->cases);
}

/* Lines of text that start with `prefix`, or (anywhere = true) hold it. */
static size_t count_lines(const char *text, const char *prefix, bool anywhere)
{
    size_t n = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        const char *hit = anywhere ? strstr(p, prefix) : p;
        const char *eol = strchr(p, '\n');
        n += hit && (!eol || hit < eol) && strncmp(hit, prefix, strlen(prefix)) == 0;
    }
    return n;
}

static void test_github_escaping(void)
{
    struct awkward a;
    awkward_init(&a, 1);
    char *out = test_render(report_github_write, &a.rep);
    CU_ASSERT_EQUAL(count_lines(out, "::error ", false), 2);
    CU_ASSERT_EQUAL(count_lines(out, "::", false), 2); /* two errors, and no notice under the cap */
    /* Properties escape ':' and ',' too; the message only '%', CR and LF. */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "::error file=we%3Aird%2Cna%25me.c,line=10,col=3,title="
                                       "racelab tsan%3A data race on 'a%2Cb%3Ac'::data race on "
                                       "'a,b:c'%0Atsan on safe/odd-00.c: unexpected data-race"
                                       "%0D%0Ain 1/1 runs%0AWrite of 100%25 size 4 by thread T1 "
                                       "at we:ird,na%25me.c:10 in worker\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",line=11,col=3,"));
    /* Nothing unescaped: each line is one command. */
    for (const char *p = out; (p = strchr(p, '\r'));)
        CU_FAIL("raw CR in the output");
    CU_ASSERT_EQUAL(count_lines(out, "", false), 2);
    free(out);
    awkward_free(&a);
}

/* 12 failing cells of 2 errors each: the first error of the first 10 cells,
 * then one notice for the 14 others. */
static void test_github_cap(void)
{
    struct awkward a;
    awkward_init(&a, 12);
    char *out = test_render(report_github_write, &a.rep);
    CU_ASSERT_EQUAL(count_lines(out, "::error ", false), 10);
    CU_ASSERT_EQUAL(count_lines(out, ",line=10,", true), 10);
    CU_ASSERT_EQUAL(count_lines(out, ",line=11,", true), 0);
    /* In catalog order, one per cell. */
    const char *p = out;
    for (int i = 0; i < 10; i++) {
        char *cell = xasprintf("%%0Atsan on safe/odd-%02d.c: ", i);
        const char *nl = strchr(p, '\n');
        const char *at = strstr(p, cell);
        CU_ASSERT(at && at < nl);
        free(cell);
        p = nl + 1;
    }
    CU_ASSERT_STRING_EQUAL(p, "::notice title=racelab::14 more errors not annotated (GitHub shows "
                              "10 per step); all 24 are in the SARIF and JUnit reports (--format "
                              "sarif or --format junit, with --output FILE)\n");
    free(out);
    awkward_free(&a);

    /* A clean run: one notice, nothing else. */
    struct recorded r;
    recorded_init(&r);
    r.rows[VARIANT_UNSAFE].judged[TOOL_DRD].verdict = VERDICT_PASS;
    r.rep.tools = 1u << TOOL_TSAN;
    r.rows[VARIANT_SAFE].judged[TOOL_TSAN].verdict = VERDICT_PASS;
    finding_list_free(&r.rows[VARIANT_SAFE].judged[TOOL_TSAN].findings);
    r.rep.pass = 2;
    r.rep.fail = 0;
    out = test_render(report_github_write, &r.rep);
    CU_ASSERT_STRING_EQUAL(out, "::notice title=racelab::every expectation met: 2 pass, 0 fail, "
                                "0 n/a\n");
    free(out);
    recorded_free(&r);
}

struct junit_seen {
    int testcases;
    const char *want_message;
    bool message_found;
};

static void on_junit(void *ctx, const char *name, const char **attrs)
{
    struct junit_seen *s = ctx;
    s->testcases += strcmp(name, "testcase") == 0;
    const char *msg = test_xml_attr(attrs, "message");
    if (strcmp(name, "failure") == 0 && msg && strcmp(msg, s->want_message) == 0)
        s->message_found = true;
}

/* Reasons and tool words with markup, control characters and broken UTF-8. */
static void test_unwritable_text(void)
{
    struct recorded r;
    recorded_init(&r);
    struct judgement *j = &r.rows[VARIANT_SAFE].judged[TOOL_TSAN];
    j->reason = "wrong result: printed \"<a & b>\"\x01 \xff\xfe caf\xc3\xa9\ttab\nline";
    free(j->findings.items[0].accesses[0].what);
    j->findings.items[0].accesses[0].what = xstrdup("Write ]]> [x] {y} \x1b[31m\xc0\xaf");
    char *xml = test_render(report_junit_write, &r.rep);
    struct junit_seen seen = {.want_message =
                                  "wrong result: printed \"<a & b>\"  caf\xc3\xa9\ttab\nline"};
    CU_ASSERT_EQUAL(test_xml_parse(xml, on_junit, &seen), 0);
    CU_ASSERT_EQUAL(seen.testcases, 6);
    CU_ASSERT_TRUE(seen.message_found);
    free(xml);

    char *sarif = test_render(report_sarif_write, &r.rep);
    struct json_object *root = test_sarif_check(sarif, &r.rep, false);
    /* ESC and the overlong "/" are gone; brackets are escaped, being no links. */
    struct json_object *results = test_json_path(root, "runs.0.results");
    bool found = false;
    for (size_t i = 0; i < json_object_array_length(results); i++)
        found |= strstr(test_json_string(json_object_array_get_idx(results, i), "message.text"),
                        "Write \\]\\]> \\[x\\] {y} \\[31m by thread T2 in worker") != NULL;
    CU_ASSERT_TRUE(found);
    json_object_put(root);
    free(sarif);
    recorded_free(&r);
}

/* Filtered findings: suppressed ones carry suppressions, baselined ones
 * baselineState "unchanged", and every other result is "new". */
static void test_sarif_filtered(void)
{
    struct recorded r;
    recorded_init(&r);
    struct judgement *j = &r.rows[VARIANT_SAFE].judged[TOOL_TSAN];
    j->filtered = j->findings;
    j->findings = (struct finding_list){0};
    j->filtered.items[0].filtered_by = FILTER_SUPPRESSED;
    finding_list_append_copy(&j->filtered, &j->filtered.items[0]);
    j->filtered.items[1].filtered_by = FILTER_BASELINE;
    j->verdict = VERDICT_PASS;
    r.rep.baseline_used = true;
    char *sarif = test_render(report_sarif_write, &r.rep);
    test_dump("recorded-filtered.sarif", sarif);
    struct json_object *root = test_sarif_check(sarif, &r.rep, false), *v;
    struct json_object *results = json_object_object_get(
        json_object_array_get_idx(json_object_object_get(root, "runs"), 0), "results");
    int suppressed = 0, unchanged = 0, fresh = 0;
    for (size_t i = 0; i < json_object_array_length(results); i++) {
        struct json_object *res = json_object_array_get_idx(results, i);
        const char *state = json_object_object_get_ex(res, "baselineState", &v)
                                ? json_object_get_string(v)
                                : "(none)";
        unchanged += strcmp(state, "unchanged") == 0;
        fresh += strcmp(state, "new") == 0;
        if (json_object_object_get_ex(res, "suppressions", &v)) {
            suppressed++;
            CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(
                                       json_object_array_get_idx(v, 0), "kind")),
                                   "external");
            CU_ASSERT_STRING_EQUAL(state, "new");
        }
    }
    CU_ASSERT_EQUAL(suppressed, 1);
    CU_ASSERT_EQUAL(unchanged, 1);
    CU_ASSERT_EQUAL(unchanged + fresh, (int)json_object_array_length(results));
    json_object_put(root);
    free(sarif);
    recorded_free(&r);
}

struct run_junit {
    int suites, bugs, failures, clean, other;
    bool counts_in_name;
};

static void on_run_junit(void *ctx, const char *name, const char **attrs)
{
    struct run_junit *n = ctx;
    if (strcmp(name, "testsuite") == 0)
        n->suites++;
    if (strcmp(name, "failure") == 0) {
        n->failures++;
        CU_ASSERT_STRING_EQUAL(test_xml_attr(attrs, "type"), "racelab/data-race");
    }
    if (strcmp(name, "testcase") != 0)
        return;
    const char *title = test_xml_attr(attrs, "name");
    CU_ASSERT_STRING_EQUAL(test_xml_attr(attrs, "classname"), "threads/race");
    n->counts_in_name |= strstr(title, "runs") != NULL;
    if (str_starts_with(title, "data race"))
        n->bugs++;
    else if (strcmp(title, "clean under drd") == 0)
        n->clean++;
    else
        n->other++;
}

/* `racelab run`: the program's row is "run", not "safe", and JUnit has a
 * testcase per bug (here TSan's race, and Helgrind's two reports of one race
 * at the same lines, recorded in another directory: two), one per tool that
 * judged it clean, and no counts in names, which must stay the same from one
 * CI run to the next. */
static void test_run_mode(void)
{
    struct recorded r;
    recorded_init(&r);
    r.rep.run_mode = true;
    r.rep.rows = &r.rows[VARIANT_SAFE];
    r.rep.nrows = 1;
    for (int t = TOOL_TSAN; t <= TOOL_DRD; t++) {
        r.rows[VARIANT_SAFE].judged[t].runs = 1;
        for (size_t i = 0; i < r.rows[VARIANT_SAFE].judged[t].findings.len; i++)
            r.rows[VARIANT_SAFE].judged[t].findings.items[i].runs_seen = 1;
    }
    char *xml = test_render(report_junit_write, &r.rep);
    test_dump("recorded-run.junit.xml", xml);
    struct run_junit n = {0};
    CU_ASSERT_EQUAL(test_xml_parse(xml, on_run_junit, &n), 0);
    CU_ASSERT_EQUAL(n.suites, 1);
    CU_ASSERT_EQUAL(n.bugs, 2);
    CU_ASSERT_EQUAL(n.failures, 2);
    CU_ASSERT_EQUAL(n.clean, 1);
    CU_ASSERT_EQUAL(n.other, 0);
    CU_ASSERT_FALSE(n.counts_in_name);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "(in 1/1 run, tsan)"));
    char *sarif = test_render(report_sarif_write, &r.rep);
    struct json_object *root = test_sarif_check(sarif, &r.rep, false);
    struct json_object *results = test_json_path(root, "runs.0.results");
    CU_ASSERT(json_object_array_length(results) > 0);
    for (size_t i = 0; i < json_object_array_length(results); i++)
        CU_ASSERT_STRING_EQUAL(
            test_json_string(json_object_array_get_idx(results, i), "properties.variant"), "run");
    json_object_put(root);
    free(sarif);
    free(xml);
    recorded_free(&r);
}

/* A race finding of `tool` at file:line (one access each), on variable x,
 * seen in the runs of `mask`. */
static void add_merge_finding(struct check_row *row, enum tool_id tool, const char *file, int line,
                              unsigned long long mask)
{
    struct finding *f = finding_list_add(&row->judged[tool].findings);
    f->kind = FK_DATA_RACE;
    f->tool_kind = xstrdup("race");
    f->location = xstrdup("Location is global 'x' of size 4 at 0x10");
    f->runs_mask = mask;
    f->runs_seen = __builtin_popcountll(mask);
    struct access *acc = finding_add_access(f);
    acc->what = xstrdup("Write of size 4");
    access_add_frame(acc, "worker", file, NULL, line, 3);
}

struct merged {
    int n;
    char seen[4][160];
};

static void on_merged(void *ctx, const struct report_item *it)
{
    struct merged *m = ctx;
    if (m->n < 4) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s:%d ", it->file, it->line);
        report_item_seen(&sb, it);
        snprintf(m->seen[m->n], sizeof m->seen[m->n], "%s", sb.buf);
        strbuf_release(&sb);
    }
    m->n++;
}

/* One bug per finding: the rules report_walk merges by. Two runs per tool. */
static void test_merge_rules(void)
{
    struct rl_case c = {.id = "run/x"};
    struct program *p = &c.variants[VARIANT_SAFE];
    p->path = "/src/a.c";
    struct check_row row = {.c = &c, .variant = VARIANT_SAFE, .prog = p};
    for (int t = TOOL_TSAN; t <= TOOL_DRD; t++) {
        row.judged[t].verdict = VERDICT_FAIL;
        row.judged[t].runs = 2;
    }
    add_merge_finding(&row, TOOL_TSAN, "/src/a.c", 10, 1); /* the bug, as TSan saw it */
    add_merge_finding(&row, TOOL_TSAN, "/src/a.c", 30, 2); /* same variable, same tool: its own */
    add_merge_finding(&row, TOOL_HELGRIND, "/src/a.c", 10, 2); /* the same line: joins */
    add_merge_finding(&row, TOOL_DRD, "/src/a.c", 9, 1);  /* another tool, same variable: joins */
    add_merge_finding(&row, TOOL_DRD, "/src/a.c", 10, 2); /* joins; DRD's runs: both */
    add_merge_finding(&row, TOOL_DRD, "/src/b.c", 9, 3);  /* x of another file: its own */
    struct check_report rep = {.catalog = {.root = "/src"},
                               .rows = &row,
                               .nrows = 1,
                               .tools = 1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD,
                               .runs = 2,
                               .run_mode = true};
    struct merged m = {0};
    report_walk(&rep, false, on_merged, &m);
    CU_ASSERT_EQUAL_FATAL(m.n, 3);
    CU_ASSERT_STRING_EQUAL(m.seen[0],
                           "/src/a.c:10 in 1/2 runs of tsan, 1/2 of helgrind, 2/2 of drd");
    CU_ASSERT_STRING_EQUAL(m.seen[1], "/src/a.c:30 in 1/2 runs, tsan");
    CU_ASSERT_STRING_EQUAL(m.seen[2], "/src/b.c:9 in 2/2 runs, drd");
    for (int t = TOOL_TSAN; t <= TOOL_DRD; t++)
        finding_list_free(&row.judged[t].findings);
}

int register_reports_recorded_tests(void)
{
    CU_pSuite s = CU_add_suite("reports (recorded)", NULL, NULL);
    if (!s || !CU_add_test(s, "variable names from the tools' words", test_variable_names) ||
        !CU_add_test(s, "diagnostics: exact lines", test_diagnostics_lines) ||
        !CU_add_test(s, "github: escaping", test_github_escaping) ||
        !CU_add_test(s, "github: 10 errors, then a notice", test_github_cap) ||
        !CU_add_test(s, "junit, sarif: text XML and JSON cannot carry", test_unwritable_text) ||
        !CU_add_test(s, "sarif: suppressions and baseline states", test_sarif_filtered) ||
        !CU_add_test(s, "junit, sarif: racelab run's row", test_run_mode) ||
        !CU_add_test(s, "one bug per finding: the merge rules", test_merge_rules))
        return -1;
    return 0;
}
