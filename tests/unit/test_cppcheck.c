/* test_cppcheck.c: cppcheck's output read into findings, and the tool table
 * every tool is a row of. Fixtures: tests/fixtures/static/cppcheck-*.txt,
 * the real output of cppcheck 2.10 on the sources beside them (`record`
 * there re-records them, with static_cppcheck.c's command line). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tool_module.h"
#include "util.h"

static int parse(const char *text, struct finding_list *list, char **first_error)
{
    return tool_ops(TOOL_CPPCHECK)->analysis->parse(TOOL_CPPCHECK, text, list, first_error);
}

static int parse_fixture(const char *name, struct finding_list *list, char **first_error)
{
    char *rel = xasprintf("static/%s", name);
    char *text = test_fixture(rel, NULL);
    int rc = parse(text, list, first_error);
    free(text);
    free(rel);
    return rc;
}

static void test_warnings(void)
{
    static const struct {
        enum finding_kind kind;
        const char *id;
        int line, column;
        const char *message_start;
    } want[] = {
        {FK_OTHER, "arrayIndexOutOfBounds", 35, 9, "Array 'last[2]' accessed"},
        {FK_MT_UNSAFE_CALL, "localtimeCalled", 19, 21, "Non reentrant function 'localtime'"},
        {FK_MT_UNSAFE_CALL, "strtokCalled", 21, 18, "Non reentrant function 'strtok'"},
        {FK_DATA_RACE, "threadsafety-threadsafety", 11, 12, "Local static variable: buf"},
    };
    struct finding_list list = {0};
    char *first_error = (char *)"untouched";
    CU_ASSERT_EQUAL(parse_fixture("cppcheck-threads.txt", &list, &first_error), 0);
    CU_ASSERT_PTR_NULL(first_error);
    CU_ASSERT_EQUAL_FATAL(list.len, sizeof want / sizeof *want);
    for (size_t i = 0; i < list.len; i++) {
        const struct finding *f = &list.items[i];
        CU_ASSERT_EQUAL(f->kind, want[i].kind);
        CU_ASSERT_STRING_EQUAL(f->tool_kind, want[i].id);
        CU_ASSERT(str_starts_with(f->message, want[i].message_start));
        CU_ASSERT_EQUAL_FATAL(f->naccesses, 1);
        CU_ASSERT_EQUAL_FATAL(f->accesses[0].nframes, 1);
        CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].file, "cppcheck-threads.c");
        CU_ASSERT_EQUAL(f->accesses[0].frames[0].line, want[i].line);
        CU_ASSERT_EQUAL(f->accesses[0].frames[0].column, want[i].column);
    }
    finding_list_free(&list);
}

static void test_failures(void)
{
    struct finding_list list = {0};
    char *first_error = NULL;
    /* A source it cannot read: an error that stops the analysis, no finding. */
    CU_ASSERT_EQUAL(parse_fixture("cppcheck-syntax-error.txt", &list, &first_error), 1);
    CU_ASSERT_EQUAL(list.len, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first_error);
    CU_ASSERT(str_starts_with(first_error, "cppcheck-syntax-error.c:4: Syntax Error"));
    free(first_error);
    /* The addon could not run: cppcheck said so and exited 0. Whatever it
     * found before, the analysis is the tool's failure, never "clean". */
    first_error = NULL;
    CU_ASSERT_EQUAL(parse_fixture("cppcheck-addon-failure.txt", &list, &first_error), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first_error);
    CU_ASSERT(str_starts_with(first_error, "Bailing out from checking cppcheck-threads.c"));
    free(first_error);
    finding_list_free(&list);
}

/* Lines outside its template are not findings, however they look. */
static void test_other_lines(void)
{
    static const char *const texts[] = {
        "",
        "Checking cppcheck-threads.c ...\n",
        "a.c\tx\t1\twarning\tid\tmessage\n",           /* a line that is no number */
        "a.c\t1\t1\twarning\tid\n",                    /* five fields */
        "a.c\t-1\t1\twarning\tid\tmessage\n",          /* a negative line */
        "a.c\t99999999999\t1\twarning\tid\tmessage\n", /* past any file */
        "a.c\t1\t1\twarning\t\tmessage\n",             /* no id */
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct finding_list list = {0};
        char *first_error = NULL;
        CU_ASSERT_EQUAL(parse(texts[i], &list, &first_error), 0);
        CU_ASSERT_EQUAL(list.len, 0);
        CU_ASSERT_PTR_NULL(first_error);
        finding_list_free(&list);
    }
    /* A message keeps its tabs; "nofile" has no place. */
    struct finding_list list = {0};
    CU_ASSERT_EQUAL(parse("nofile\t0\t0\tinformation\tmissingInclude\ta\tb\n", &list, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(list.len, 1);
    CU_ASSERT_STRING_EQUAL(list.items[0].message, "a\tb");
    CU_ASSERT_EQUAL(list.items[0].kind, FK_OTHER);
    CU_ASSERT_EQUAL(list.items[0].accesses[0].nframes, 0);
    finding_list_free(&list);
}

/* Every tool is a row: what its capabilities promise, its row provides. */
static void test_tool_table(void)
{
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct tool_ops *ops = tool_ops((enum tool_id)t);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_EQUAL(tool_from_name(tool_name((enum tool_id)t)), t);
        CU_ASSERT(ops->title && *ops->title && ops->long_title && *ops->long_title);
        CU_ASSERT(ops->install && (ops->program || ops->available));
        bool is_static = tool_has((enum tool_id)t, TOOL_CAP_STATIC);
        CU_ASSERT_EQUAL(is_static, ops->analysis != NULL);
        CU_ASSERT(!is_static || (ops->analysis->program && ops->analysis->command &&
                                 ops->analysis->parse && !ops->run));
        CU_ASSERT(!tool_has((enum tool_id)t, TOOL_CAP_RUNS) || ops->run);
        CU_ASSERT(!tool_has((enum tool_id)t, TOOL_CAP_DETECTOR) || ops->suppressions);
        CU_ASSERT(!tool_has((enum tool_id)t, TOOL_CAP_VALGRIND) ||
                  tool_has((enum tool_id)t, TOOL_CAP_DETECTOR));
        /* A tool with model gaps says why their findings are not counted;
         * only a detector has any, and only a tool that runs teaches. */
        CU_ASSERT_EQUAL(ops->unmodelled != NULL, ops->model_gaps != NULL);
        CU_ASSERT(!ops->unmodelled || tool_has((enum tool_id)t, TOOL_CAP_DETECTOR));
        CU_ASSERT(!tool_has((enum tool_id)t, TOOL_CAP_TEACHES) ||
                  tool_has((enum tool_id)t, TOOL_CAP_RUNS | TOOL_CAP_EXERCISE));
        /* A tool that judges the C program is stated in its header (or
         * named there when optional); rustc's is the twin's. */
        CU_ASSERT_EQUAL(tool_has((enum tool_id)t, TOOL_CAP_C), ops->header != HEADER_NONE);
    }
    /* A student's fix is judged by every tool of the C program but
     * cppcheck, whose addon warns about a function-local static mutex. */
    CU_ASSERT_EQUAL(tools_with(TOOL_CAP_EXERCISE), tools_with(TOOL_CAP_C) & ~(1u << TOOL_CPPCHECK));
    CU_ASSERT_EQUAL(tool_from_name("cppcheck"), TOOL_CPPCHECK);
    CU_ASSERT_EQUAL(tool_from_name("CPPCHECK"), -1);
    CU_ASSERT_EQUAL(tool_group("static"),
                    1u << TOOL_TSA | 1u << TOOL_ANALYZER | 1u << TOOL_TIDY | 1u << TOOL_CPPCHECK);
}

int register_cppcheck_tests(void)
{
    CU_pSuite s = CU_add_suite("cppcheck and the tool table", NULL, NULL);
    if (!s || !CU_add_test(s, "cppcheck's warnings", test_warnings) ||
        !CU_add_test(s, "cppcheck's failures", test_failures) ||
        !CU_add_test(s, "lines outside the template", test_other_lines) ||
        !CU_add_test(s, "a row per tool", test_tool_table))
        return -1;
    return 0;
}
