/* test_reports_sarif.c: a SARIF log checked against what GitHub code scanning
 * requires (docs.github.com "SARIF support for code scanning", and the
 * Multitool's GH rules) and what racelab promises (docs/ci.md). Used on the
 * real run (test_reports.c) and on recorded reports. */
#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_common.h"
#include "test.h"
#include "test_reports.h"

struct json_object *test_json_path(struct json_object *obj, const char *path)
{
    char *copy = xstrdup(path), *save = NULL;
    for (char *part = strtok_r(copy, ".", &save); obj && part; part = strtok_r(NULL, ".", &save)) {
        if (isdigit((unsigned char)part[0]))
            obj = json_object_is_type(obj, json_type_array)
                      ? json_object_array_get_idx(obj, (size_t)atoi(part))
                      : NULL;
        else if (!json_object_object_get_ex(obj, part, &obj))
            obj = NULL;
    }
    free(copy);
    return obj;
}

const char *test_json_string(struct json_object *obj, const char *path)
{
    struct json_object *v = test_json_path(obj, path);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* A required non-empty string (GitHub: "the empty string is not supported"). */
static void need_text(struct json_object *obj, const char *path)
{
    const char *s = test_json_string(obj, path);
    if (!s || !*s)
        fprintf(stderr, "\n  SARIF: no %s\n", path);
    CU_ASSERT(s && *s);
}

static void check_physical(struct json_object *loc, bool relative)
{
    const char *uri = test_json_string(loc, "physicalLocation.artifactLocation.uri");
    CU_ASSERT_PTR_NOT_NULL_FATAL(uri);
    CU_ASSERT(*uri);
    if (relative || !str_starts_with(uri, "file:///")) {
        if (uri[0] == '/' || strstr(uri, "://") || str_starts_with(uri, "../"))
            fprintf(stderr, "\n  SARIF: URI not relative: %s\n", uri);
        CU_ASSERT(uri[0] != '/' && !strstr(uri, "://") && !str_starts_with(uri, "../"));
        const char *base = test_json_string(loc, "physicalLocation.artifactLocation.uriBaseId");
        CU_ASSERT_STRING_EQUAL(base ? base : "(none)", "%SRCROOT%");
    }
    struct json_object *line = test_json_path(loc, "physicalLocation.region.startLine");
    CU_ASSERT(line && json_object_is_type(line, json_type_int) && json_object_get_int(line) >= 1);
    struct json_object *col = test_json_path(loc, "physicalLocation.region.startColumn");
    CU_ASSERT(!col || json_object_get_int(col) >= 1);
}

/* Every [text](id) of a message (escaped brackets are text), as ids; -1 ends. */
static size_t message_links(const char *text, int *ids, size_t max)
{
    size_t n = 0;
    for (const char *p = text; *p && n < max; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p != ']' || p[1] != '(')
            continue;
        char *end;
        long id = strtol(p + 2, &end, 10);
        CU_ASSERT(end > p + 2 && *end == ')');
        ids[n++] = (int)id;
    }
    return n;
}

static void check_result(struct json_object *res, struct json_object *rules, bool relative)
{
    const char *rule_id = test_json_string(res, "ruleId");
    struct json_object *index = test_json_path(res, "ruleIndex");
    CU_ASSERT_PTR_NOT_NULL_FATAL(rule_id);
    CU_ASSERT_FATAL(index && json_object_is_type(index, json_type_int));
    int i = json_object_get_int(index);
    CU_ASSERT_FATAL(i >= 0 && (size_t)i < json_object_array_length(rules));
    CU_ASSERT_STRING_EQUAL(test_json_string(json_object_array_get_idx(rules, (size_t)i), "id"),
                           rule_id);
    const char *level = test_json_string(res, "level");
    CU_ASSERT(level &&
              (!strcmp(level, "error") || !strcmp(level, "warning") || !strcmp(level, "note")));
    need_text(res, "message.text");
    struct json_object *locations = test_json_path(res, "locations");
    CU_ASSERT_FATAL(locations && json_object_array_length(locations) == 1);
    check_physical(json_object_array_get_idx(locations, 0), relative);

    /* Related locations: distinct ids, each with a message, each linked once. */
    struct json_object *related = test_json_path(res, "relatedLocations");
    size_t nrelated = related ? json_object_array_length(related) : 0;
    int ids[64], links[64];
    CU_ASSERT_FATAL(nrelated < 64);
    for (size_t r = 0; r < nrelated; r++) {
        struct json_object *loc = json_object_array_get_idx(related, r);
        struct json_object *id = test_json_path(loc, "id");
        CU_ASSERT_FATAL(id && json_object_is_type(id, json_type_int));
        ids[r] = json_object_get_int(id);
        CU_ASSERT(ids[r] >= 0);
        for (size_t q = 0; q < r; q++)
            CU_ASSERT_NOT_EQUAL(ids[q], ids[r]);
        need_text(loc, "message.text");
        check_physical(loc, relative);
    }
    size_t nlinks = message_links(test_json_string(res, "message.text"), links, 64);
    CU_ASSERT_EQUAL(nlinks, nrelated);
    for (size_t l = 0; l < nlinks; l++) {
        bool target = false;
        for (size_t r = 0; r < nrelated; r++)
            target |= ids[r] == links[l];
        CU_ASSERT_TRUE(target);
    }

    /* Code flows: one thread flow per access, inline locations, none empty. */
    struct json_object *flows = test_json_path(res, "codeFlows.0.threadFlows");
    for (size_t f = 0; flows && f < json_object_array_length(flows); f++) {
        struct json_object *locs = test_json_path(json_object_array_get_idx(flows, f), "locations");
        CU_ASSERT_FATAL(locs && json_object_array_length(locs) > 0);
        for (size_t k = 0; k < json_object_array_length(locs); k++)
            check_physical(test_json_path(json_object_array_get_idx(locs, k), "location"),
                           relative);
    }

    const char *fp = test_json_string(res, "partialFingerprints.racelab/v1");
    CU_ASSERT(fp && strlen(fp) == 16 && strspn(fp, "0123456789abcdef") == 16);
    need_text(res, "properties.tool");
    need_text(res, "properties.case");
    need_text(res, "properties.variant");
    struct json_object *expected = test_json_path(res, "properties.expected");
    CU_ASSERT_FATAL(expected && json_object_is_type(expected, json_type_boolean));
    if (json_object_get_boolean(expected))
        CU_ASSERT_STRING_EQUAL(level, "warning");
}

struct json_object *test_sarif_check(const char *text, const struct check_report *rep,
                                     bool relative)
{
    struct json_object *root = json_tokener_parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_STRING_EQUAL(test_json_string(root, "$schema"),
                           "https://json.schemastore.org/sarif-2.1.0.json");
    CU_ASSERT_STRING_EQUAL(test_json_string(root, "version"), "2.1.0");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(test_json_path(root, "runs")), 1);
    struct json_object *run = test_json_path(root, "runs.0");
    CU_ASSERT_STRING_EQUAL(test_json_string(run, "tool.driver.name"), "racelab");
    CU_ASSERT_STRING_EQUAL(test_json_string(run, "tool.driver.version"), RACELAB_VERSION);

    /* One rule per kind in enum order, then the failed verdict's. */
    struct json_object *rules = test_json_path(run, "tool.driver.rules");
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(rules), REPORT_RULES);
    for (int i = 0; i < REPORT_RULES; i++) {
        struct json_object *rule = json_object_array_get_idx(rules, (size_t)i);
        char *id = xasprintf("racelab/%s", i < FK__COUNT ? finding_kind_name(i) : "verdict-failed");
        CU_ASSERT_STRING_EQUAL(test_json_string(rule, "id"), id);
        free(id);
        static const char *const fields[] = {"name", "shortDescription.text",
                                             "fullDescription.text", "help.text", "help.markdown"};
        for (size_t f = 0; f < 5; f++)
            need_text(rule, fields[f]);
        CU_ASSERT(strlen(test_json_string(rule, "fullDescription.text")) <= 1024);
        struct json_object *tags = test_json_path(rule, "properties.tags");
        CU_ASSERT(tags && json_object_array_length(tags) > 0 &&
                  json_object_array_length(tags) <= 20);
    }
    struct json_object *ok = test_json_path(run, "invocations.0.executionSuccessful");
    CU_ASSERT(ok && json_object_is_type(ok, json_type_boolean) &&
              json_object_get_boolean(ok) == (check_exit_status(rep) != 2));
    struct json_object *exit_code = test_json_path(run, "invocations.0.exitCode");
    CU_ASSERT(exit_code && json_object_get_int(exit_code) == check_exit_status(rep));

    struct json_object *results = test_json_path(run, "results");
    CU_ASSERT_FATAL(results && json_object_is_type(results, json_type_array));
    for (size_t i = 0; i < json_object_array_length(results); i++)
        check_result(json_object_array_get_idx(results, i), rules, relative);
    return root;
}
