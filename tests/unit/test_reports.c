/* test_reports.c: the CI report writers on a real check run, each checked
 * against its consumers' rules.
 *
 * The run (once, in the suite's set-up): a temporary catalog with two real
 * cases under tsan, helgrind, drd, tsa and rustc, broken on purpose:
 * - threads/shared-counter's safe twin gets an injected race (as tests/cli.sh
 *   does): every detector fails it with an unexpected data race;
 * - its buggy program's header also expects a lock-order inversion under
 *   TSan, which never comes: a failed verdict with no finding to show;
 * - locking/lock-order-inversion is left as it is: expected findings, and
 *   n/a under DRD.
 * Then: SARIF parsed with json-c (every field GitHub requires, every
 * ruleId/ruleIndex pair, every [text](id) link, every URI relative, every
 * line >= 1), JUnit parsed with expat (counts against the verdicts), GitHub
 * annotations and diagnostics on the injected line. Exact lines on recorded
 * output are in test_reports_recorded.c. */
#define _GNU_SOURCE
#include <expat.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_common.h"
#include "test.h"
#include "test_reports.h"

#define BUILD_DIR "build/test-reports"
#define SHIM_DIR  "build/shim"

char *test_render(report_writer write, const struct check_report *rep)
{
    char *out[2];
    for (int i = 0; i < 2; i++) {
        size_t len;
        FILE *f = open_memstream(&out[i], &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_EQUAL(write(f, rep), 0);
        CU_ASSERT_EQUAL(fclose(f), 0);
    }
    CU_ASSERT_STRING_EQUAL(out[0], out[1]); /* deterministic */
    free(out[1]);
    return out[0];
}

struct xml_ctx {
    xml_element_fn fn;
    void *ctx;
};

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct xml_ctx *x = ud;
    x->fn(x->ctx, name, attrs);
}

int test_xml_parse(const char *xml, xml_element_fn on_element, void *ctx)
{
    XML_Parser p = XML_ParserCreate(NULL);
    struct xml_ctx x = {on_element, ctx};
    XML_SetUserData(p, &x);
    XML_SetStartElementHandler(p, on_start);
    int rc = XML_Parse(p, xml, (int)strlen(xml), 1) == XML_STATUS_OK ? 0 : -1;
    if (rc)
        fprintf(stderr, "\nXML error at line %lu: %s\n", XML_GetCurrentLineNumber(p),
                XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    return rc;
}

const char *test_xml_attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(attrs[i], name) == 0)
            return attrs[i + 1];
    return NULL;
}

static struct check_report real;
static char *real_root;
static int injected_line; /* the line of `injected++` in the injector thread */
/* Lines in the copied cases, found rather than written down, so that editing a
 * header (its hints, say) does not break these tests. */
static int tsan_line;      /* the counter's `tsan:` header line, now expecting lock-order too */
static int inversion_line; /* the second lock of lock-order-inversion's transfer() */
static const char *const cases[] = {"threads/shared-counter", "locking/lock-order-inversion"};

static int copy_file(const char *rel, bool optional)
{
    char *from = xstrdup(rel), *to = xasprintf("%s/%s", real_root, rel), *text;
    size_t len;
    int rc = read_file(from, &text, &len);
    if (rc == 0) {
        char *dir = xstrdup(to);
        *strrchr(dir, '/') = '\0';
        rc = mkdir_p(dir) || write_file(to, text, len) ? -1 : 0;
        free(dir);
        free(text);
    } else if (optional) {
        rc = 0;
    }
    free(from);
    free(to);
    return rc;
}

/* Replace the first `from` in the copy of `rel` by `to`; returns the line of
 * the replacement, or -1. */
static int edit(const char *rel, const char *from, const char *to)
{
    char *path = xasprintf("%s/%s", real_root, rel), *text = NULL;
    int line = -1;
    char *at = read_file(path, &text, NULL) == 0 ? strstr(text, from) : NULL;
    if (at) {
        char *edited = xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
        line = 1;
        for (const char *p = text; p < at; p++)
            line += *p == '\n';
        if (write_file(path, edited, strlen(edited)) < 0)
            line = -1;
        free(edited);
    }
    free(text);
    free(path);
    return line;
}

static int real_init(void)
{
    char tmpl[] = "/tmp/racelab-reports-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    real_root = xstrdup(tmpl);
    int rc = test_copy_headers(real_root);
    for (size_t i = 0; i < 2; i++)
        for (int v = 0; v < VARIANT__COUNT; v++) {
            char *c = xasprintf("%s/%s.c", variant_dir(v), cases[i]);
            char *rs = xasprintf("rust/%s/%s.rs", variant_dir(v), cases[i]);
            rc |= copy_file(c, false);
            /* Only the counter keeps its Rust twins: rustc's column, quickly. */
            rc |= i == 0 ? copy_file(rs, true) : 0;
            free(c);
            free(rs);
        }
    /* A second, unsynchronised writer in the safe twin. */
    int at = edit("safe/threads/shared-counter.c", "\nint main(",
                  "\nstatic long injected;\n"
                  "static void *injector(void *arg)\n"
                  "{\n"
                  "    injected++; /* the injected race */\n"
                  "    return arg;\n"
                  "}\n"
                  "static void inject(void)\n"
                  "{\n"
                  "    pthread_t t;\n"
                  "    pthread_create(&t, NULL, injector, NULL);\n"
                  "    injected++;\n"
                  "    pthread_join(t, NULL);\n"
                  "}\n"
                  "int main(");
    injected_line = at + 4;
    /* Called from main: from a constructor, the thread-count shim's
     * pthread_create is not set up yet under Valgrind (a crash). */
    rc |= edit("safe/threads/shared-counter.c", "    pthread_barrier_init(",
               "    inject();\n    pthread_barrier_init(") < 0;
    tsan_line = edit("cases/threads/shared-counter.c", " * tsan: data-race\n",
                     " * tsan: data-race, lock-order\n");
    /* An edit that changes nothing: it finds the line TSan names. */
    inversion_line = edit("cases/locking/lock-order-inversion.c", "    rl_mutex_lock(&to->lock);",
                          "    rl_mutex_lock(&to->lock);");
    rc |= at < 0 || tsan_line < 0 || inversion_line < 0;
    if (rc)
        return -1;
    struct check_options o = {.root = real_root,
                              .build_dir = BUILD_DIR,
                              .shim_dir = SHIM_DIR,
                              .tools = (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND) |
                                       (1u << TOOL_DRD) | (1u << TOOL_TSA) | (1u << TOOL_RUSTC),
                              .variants = {true, true},
                              .runs = 1,
                              .jobs = 2};
    char *err = NULL;
    if (check_run(&o, &real, &err) != 0) {
        fprintf(stderr, "\n%s\n", err);
        free(err);
        return -1;
    }
    return 0;
}

static int real_cleanup(void)
{
    check_report_free(&real);
    if (real_root)
        remove_tree(real_root);
    free(real_root);
    return 0;
}

void test_dump(const char *name, const char *text)
{
    const char *dir = getenv("RACELAB_REPORTS_DUMP");
    if (!dir)
        return;
    char *path = xasprintf("%s/%s", dir, name);
    CU_ASSERT_EQUAL(write_file(path, text, strlen(text)), 0);
    free(path);
}

static void dump_reports(void)
{
    static const struct {
        const char *name;
        report_writer write;
    } formats[] = {{"report.sarif", report_sarif_write},
                   {"report.junit.xml", report_junit_write},
                   {"report.github.txt", report_github_write},
                   {"report.diagnostics.txt", report_diagnostics_write}};
    for (size_t i = 0; getenv("RACELAB_REPORTS_DUMP") && i < sizeof formats / sizeof *formats;
         i++) {
        char *text = test_render(formats[i].write, &real);
        test_dump(formats[i].name, text);
        free(text);
    }
}

/* The run is what the tests below assume. */
static void test_the_run(void)
{
    dump_reports();
    CU_ASSERT_EQUAL(real.nrows, 4);
    CU_ASSERT_EQUAL(check_exit_status(&real), 1);
    for (size_t r = 0; r < real.nrows; r++) {
        const struct check_row *row = &real.rows[r];
        bool counter = strcmp(row->c->id, cases[0]) == 0;
        for (int t = TOOL_TSAN; t <= TOOL_DRD; t++) {
            enum verdict want = !counter                       ? VERDICT_PASS
                                : row->variant == VARIANT_SAFE ? VERDICT_FAIL
                                : t == TOOL_TSAN               ? VERDICT_FAIL
                                                               : VERDICT_PASS;
            if (!counter && t == TOOL_DRD)
                want = VERDICT_NA;
            if (row->judged[t].verdict != want)
                fprintf(stderr, "\n  %s %s %s: %s %s\n", row->c->id, variant_name(row->variant),
                        tool_name(t), verdict_name(row->judged[t].verdict), row->judged[t].reason);
            CU_ASSERT_EQUAL(row->judged[t].verdict, want);
        }
    }
}

/* Whether properties.tools of a SARIF result holds `tool`. */
static bool result_has_tool(struct json_object *res, const char *tool)
{
    struct json_object *tools = test_json_path(res, "properties.tools");
    for (size_t i = 0; tools && i < json_object_array_length(tools); i++)
        if (strcmp(json_object_get_string(json_object_array_get_idx(tools, i)), tool) == 0)
            return true;
    return false;
}

/* SARIF: every field GitHub requires, every rule, link and URI. */
static void test_sarif(void)
{
    char *sarif = test_render(report_sarif_write, &real);
    struct json_object *log = test_sarif_check(sarif, &real, true);
    struct json_object *results = test_json_path(log, "runs.0.results");
    /* Every failed cell has an error result among whose tools it is: one bug
     * is one result, however many tools saw it. */
    for (size_t r = 0; r < real.nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct check_row *row = &real.rows[r];
            if (!((real.tools >> t) & 1u) || row->judged[t].verdict != VERDICT_FAIL)
                continue;
            bool found = false;
            for (size_t i = 0; i < json_object_array_length(results); i++) {
                struct json_object *res = json_object_array_get_idx(results, i);
                found |= !strcmp(test_json_string(res, "level"), "error") &&
                         !strcmp(test_json_string(res, "properties.case"), row->c->id) &&
                         !strcmp(test_json_string(res, "properties.variant"),
                                 variant_name(row->variant)) &&
                         result_has_tool(res, tool_name(t));
            }
            CU_ASSERT_TRUE(found);
        }
    /* The injected race, seen by the three tools, is one result that names them. */
    int injected = 0;
    for (size_t i = 0; i < json_object_array_length(results); i++) {
        struct json_object *res = json_object_array_get_idx(results, i);
        if (!strstr(test_json_string(res, "message.text"), "'injected'"))
            continue;
        injected++;
        CU_ASSERT_STRING_EQUAL(test_json_string(res, "properties.tool"), "tsan");
        for (int t = TOOL_TSAN; t <= TOOL_DRD; t++) {
            CU_ASSERT_TRUE(result_has_tool(res, tool_name(t)));
            char *path = xasprintf("properties.runsSeen.%s", tool_name(t));
            CU_ASSERT_EQUAL(json_object_get_int(test_json_path(res, path)), 1);
            free(path);
        }
        CU_ASSERT_PTR_NOT_NULL(strstr(test_json_string(res, "message.text"),
                                      "Reported in 1/1 run, tsan + helgrind + drd."));
    }
    CU_ASSERT_EQUAL(injected, 1);
    json_object_put(log);
    free(sarif);
}

/* The first result of `tool` on `uri` with rule `rule`, or NULL. */
static struct json_object *find_result(struct json_object *results, const char *tool,
                                       const char *uri, const char *rule)
{
    for (size_t i = 0; i < json_object_array_length(results); i++) {
        struct json_object *res = json_object_array_get_idx(results, i);
        const char *u = test_json_string(res, "locations.0.physicalLocation.artifactLocation.uri");
        if (!strcmp(test_json_string(res, "properties.tool"), tool) && !strcmp(u, uri) &&
            !strcmp(test_json_string(res, "ruleId"), rule))
            return res;
    }
    return NULL;
}

static int start_line(struct json_object *loc)
{
    return json_object_get_int(test_json_path(loc, "physicalLocation.region.startLine"));
}

/* The broken programs' results, where they are and what they say. */
static void test_sarif_results(void)
{
    char *sarif = test_render(report_sarif_write, &real);
    struct json_object *log = json_tokener_parse(sarif);
    struct json_object *results = test_json_path(log, "runs.0.results");
    CU_ASSERT_PTR_NOT_NULL_FATAL(results);
    /* The injected race: at one of its two lines, the other one related and linked. */
    struct json_object *res =
        find_result(results, "tsan", "safe/threads/shared-counter.c", "racelab/data-race");
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_STRING_EQUAL(test_json_string(res, "level"), "error");
    int at = start_line(test_json_path(res, "locations.0"));
    CU_ASSERT(at == injected_line || at == injected_line + 7);
    bool other = false;
    struct json_object *related = test_json_path(res, "relatedLocations");
    for (size_t i = 0; related && i < json_object_array_length(related); i++)
        other |= start_line(json_object_array_get_idx(related, i)) ==
                 (at == injected_line ? injected_line + 7 : injected_line);
    CU_ASSERT_TRUE(other);
    const char *msg = test_json_string(res, "message.text");
    CU_ASSERT(str_starts_with(msg, "Data race on 'injected': "));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "](1)"));
    CU_ASSERT_PTR_NOT_NULL(test_json_path(res, "codeFlows.0.threadFlows.1.locations.0"));
    /* The missed lock-order inversion: a failed verdict at the header's tsan line. */
    res = find_result(results, "tsan", "cases/threads/shared-counter.c", "racelab/verdict-failed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_EQUAL(json_object_get_int(test_json_path(res, "ruleIndex")), FK__COUNT);
    CU_ASSERT_EQUAL(start_line(test_json_path(res, "locations.0")), tsan_line);
    CU_ASSERT_STRING_EQUAL(test_json_string(res, "level"), "error");
    /* Its race was expected: a warning. So are the documented inversion and rustc's error. */
    res = find_result(results, "tsan", "cases/threads/shared-counter.c", "racelab/data-race");
    CU_ASSERT(res && !strcmp(test_json_string(res, "level"), "warning"));
    res =
        find_result(results, "tsan", "cases/locking/lock-order-inversion.c", "racelab/lock-order");
    CU_ASSERT(res && !strcmp(test_json_string(res, "level"), "warning"));
    res = find_result(results, "rustc", "rust/cases/threads/shared-counter.rs",
                      "racelab/compile-error");
    CU_ASSERT(res && !strcmp(test_json_string(res, "level"), "warning"));
    if (res)
        CU_ASSERT(str_starts_with(test_json_string(res, "message.text"), "E0499: "));
    json_object_put(log);
    free(sarif);
}

/* JUnit: counted by expat, element by element. */
struct junit_count {
    int testsuites, testcases, failures, errors, skipped, file_attrs;
    int suite_tests_sum, root_tests, root_failures, root_errors, root_skipped;
    bool missing_attr;
};

static void on_junit(void *ctx, const char *name, const char **attrs)
{
    struct junit_count *c = ctx;
    c->file_attrs += test_xml_attr(attrs, "file") != NULL;
    if (strcmp(name, "testsuites") == 0) {
        c->root_tests = atoi(test_xml_attr(attrs, "tests"));
        c->root_failures = atoi(test_xml_attr(attrs, "failures"));
        c->root_errors = atoi(test_xml_attr(attrs, "errors"));
        c->root_skipped = atoi(test_xml_attr(attrs, "skipped"));
    } else if (strcmp(name, "testsuite") == 0) {
        c->testsuites++;
        static const char *const need[] = {"name",   "tests",   "failures",
                                           "errors", "skipped", "time"};
        for (size_t i = 0; i < 6; i++)
            c->missing_attr |= !test_xml_attr(attrs, need[i]);
        c->suite_tests_sum += atoi(test_xml_attr(attrs, "tests"));
    } else if (strcmp(name, "testcase") == 0) {
        c->testcases++;
        c->missing_attr |= !test_xml_attr(attrs, "classname") || !test_xml_attr(attrs, "name") ||
                           !test_xml_attr(attrs, "time");
    } else if (strcmp(name, "failure") == 0 || strcmp(name, "error") == 0) {
        *(name[0] == 'f' ? &c->failures : &c->errors) += 1;
        c->missing_attr |= !test_xml_attr(attrs, "message") || !test_xml_attr(attrs, "type");
    } else if (strcmp(name, "skipped") == 0) {
        c->skipped++;
        c->missing_attr |= !test_xml_attr(attrs, "message");
    }
}

static void test_junit(void)
{
    char *xml = test_render(report_junit_write, &real);
    struct junit_count c = {0};
    CU_ASSERT_EQUAL_FATAL(test_xml_parse(xml, on_junit, &c), 0);
    int verdicts = 0, fails = 0, nas = 0, tools = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        tools += (real.tools >> t) & 1u;
    for (size_t r = 0; r < real.nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            enum verdict v = real.rows[r].judged[t].verdict;
            if (!((real.tools >> t) & 1u) || v == VERDICT_SKIP)
                continue;
            verdicts++;
            fails += v == VERDICT_FAIL;
            nas += v == VERDICT_NA;
        }
    CU_ASSERT_EQUAL(verdicts, real.pass + real.fail + real.na);
    CU_ASSERT_EQUAL(c.testsuites, tools);
    CU_ASSERT_EQUAL(c.testcases, verdicts);
    CU_ASSERT_EQUAL(c.failures + c.errors, fails);
    CU_ASSERT_EQUAL(c.errors, 0); /* nothing failed to build or run */
    CU_ASSERT_EQUAL(c.skipped, nas);
    CU_ASSERT(nas > 0 && fails >= 4);
    CU_ASSERT_EQUAL(c.root_tests, verdicts);
    CU_ASSERT_EQUAL(c.suite_tests_sum, verdicts);
    CU_ASSERT_EQUAL(c.root_failures, c.failures);
    CU_ASSERT_EQUAL(c.root_errors, c.errors);
    CU_ASSERT_EQUAL(c.root_skipped, c.skipped);
    CU_ASSERT_EQUAL(c.file_attrs, 0);
    CU_ASSERT_FALSE(c.missing_attr);
    /* The failure carries the condensed report: reason, then the findings. */
    char *want = xasprintf("tsan on safe/threads/shared-counter.c: unexpected data-race in 1/1 "
                           "runs\n  data-race (data race)\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
    free(want);
    want = xasprintf("at safe/threads/shared-counter.c:%d in injector\n", injected_line);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
    free(want);
    free(xml);
}

static void count_error(void *ctx, const struct report_item *item)
{
    *(size_t *)ctx += item->level == REPORT_ERROR;
}

/* GitHub: one error per failing finding or verdict (under the cap of 10). */
static void test_github(void)
{
    char *out = test_render(report_github_write, &real);
    size_t errors = 0, notices = 0, want_errors = 0;
    report_walk(&real, false, count_error, &want_errors);
    for (char *line = out; line && *line;
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        errors += str_starts_with(line, "::error file=");
        notices += str_starts_with(line, "::notice ");
        CU_ASSERT(str_starts_with(line, "::error file=") || str_starts_with(line, "::notice "));
        /* Paths relative to the root: the repository's, for GitHub. */
        CU_ASSERT(!str_starts_with(line, "::error file=/"));
    }
    /* The injected race (tsan, helgrind and drd saw it: one annotation), tsan's
     * missed lock order. */
    CU_ASSERT_EQUAL(want_errors, 2);
    CU_ASSERT_EQUAL(errors, want_errors);
    CU_ASSERT_EQUAL(notices, 0);
    /* At whichever of the two racing lines TSan reported first. */
    bool found = false;
    for (int line = injected_line; line <= injected_line + 7; line += 7) {
        char *want = xasprintf("::error file=safe/threads/shared-counter.c,line=%d,col=", line);
        const char *at = strstr(out, want),
                   *title = ",title=racelab tsan + helgrind + drd%3A data race on 'injected'::";
        if (at) {
            at += strlen(want) + strspn(at + strlen(want), "0123456789");
            found |= strncmp(at, title, strlen(title)) == 0;
        }
        free(want);
    }
    CU_ASSERT_TRUE(found);
    char *missed = xasprintf("::error file=cases/threads/shared-counter.c,line=%d,"
                             "title=racelab tsan%%3A expectation not met::tsan: expected "
                             "lock-order in every run, seen in 0/1%%0Aon "
                             "cases/threads/shared-counter.c\n",
                             tsan_line);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, missed));
    free(missed);
    free(out);
}

/* Diagnostics: the injected race at one of its lines, named by its variable
 * where the tool names it (DRD, without --read-var-info, does not). */
static void test_diagnostics(void)
{
    char *out = test_render(report_diagnostics_write, &real);
    char *file = xasprintf("%s/safe/threads/shared-counter.c:", real_root);
    /* One error for the three tools' reports of it, at TSan's place. */
    for (const char *line = out; *line;
         line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
        size_t len = strcspn(line, "\n");
        char *one = xstrndup(line, len);
        if (strstr(one, "/safe/threads/shared-counter.c:"))
            CU_ASSERT(!strstr(one, "[racelab-helgrind-") && !strstr(one, "[racelab-drd-"));
        free(one);
    }
    {
        const char *tag = " error: data race on 'injected' (in 1/1 run, tsan + helgrind + drd) "
                          "[racelab-tsan-data-race]\n";
        const char *hit = strstr(out, tag);
        CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
        CU_ASSERT_PTR_NULL(strstr(hit + 1, tag));
        const char *bol = hit;
        while (bol > out && bol[-1] != '\n')
            bol--;
        CU_ASSERT_NSTRING_EQUAL(bol, file, strlen(file));
        int line = atoi(bol + strlen(file));
        CU_ASSERT(line == injected_line || line == injected_line + 7);
    }
    /* The expected lock-order inversion is a warning; the missed one an error at the header's
     * tsan line. */
    char *inversion = xasprintf("/cases/locking/lock-order-inversion.c:%d:5: warning: "
                                "lock-order inversion (potential deadlock) (in 1/1 run, "
                                "tsan + helgrind) [racelab-tsan-lock-order]\n",
                                inversion_line);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, inversion));
    free(inversion);
    char *missed = xasprintf("%s/cases/threads/shared-counter.c:%d: error: tsan: expected "
                             "lock-order in every run, seen in 0/1 [racelab-tsan-verdict]\n",
                             real_root, tsan_line);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, missed));
    free(missed);
    free(file);
    free(out);
}

int register_reports_tests(void)
{
    CU_pSuite s = CU_add_suite("reports", real_init, real_cleanup);
    if (!s || !CU_add_test(s, "the run", test_the_run) ||
        !CU_add_test(s, "sarif: what GitHub requires", test_sarif) ||
        !CU_add_test(s, "sarif: the broken programs' results", test_sarif_results) ||
        !CU_add_test(s, "junit: counts against verdicts", test_junit) ||
        !CU_add_test(s, "github: annotations", test_github) ||
        !CU_add_test(s, "diagnostics: the injected race", test_diagnostics))
        return -1;
    return register_reports_recorded_tests();
}
