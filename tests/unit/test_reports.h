/* test_reports.h: what the two report test files share (test_reports.c on
 * real check runs, test_reports_recorded.c on reports built from recorded
 * tool output). */
#ifndef RACELAB_TEST_REPORTS_H
#define RACELAB_TEST_REPORTS_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"

typedef int (*report_writer)(FILE *out, const struct check_report *rep);

/* What `write` makes of rep (malloc'd), checking that it succeeds and that a
 * second call gives the same bytes. */
char *test_render(report_writer write, const struct check_report *rep);

/* Parse XML with expat: returns 0, or -1 with the error printed. Calls
 * on_element for every start tag. */
typedef void (*xml_element_fn)(void *ctx, const char *name, const char **attrs);
int test_xml_parse(const char *xml, xml_element_fn on_element, void *ctx);
/* The value of attribute `name`, or NULL. */
const char *test_xml_attr(const char **attrs, const char *name);

/* Parse a SARIF log and check what GitHub code scanning requires of it and
 * what racelab promises (rules in kind order, links, fingerprints): returns
 * the parsed log (json_object_put it). With `relative`, every URI must be
 * relative to %SRCROOT%. */
struct json_object;
struct json_object *test_sarif_check(const char *text, const struct check_report *rep,
                                     bool relative);
/* The member at a dotted path ("runs.0.tool.driver.name"), or NULL. */
struct json_object *test_json_path(struct json_object *obj, const char *path);
const char *test_json_string(struct json_object *obj, const char *path);

/* RACELAB_REPORTS_DUMP=DIR: keep `text` as DIR/name, to validate it by hand
 * (docs/ci.md: the SARIF Multitool). Nothing without it. */
void test_dump(const char *name, const char *text);

int register_reports_recorded_tests(void);

#endif
