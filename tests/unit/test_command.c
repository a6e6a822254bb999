/* test_command.c: the command table (command.c): every row reachable by
 * name with a help that names it and fits 80 columns, and the "did you
 * mean" that unknown commands and options get. */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "test.h"
#include "util.h"

static void test_every_row(void)
{
    static const char *const names[] = {"list",  "check",    "explain", "run", "cc",
                                        "flags", "exercise", "grade",   "help"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct command *cmd = command_find(names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
        CU_ASSERT_STRING_EQUAL(cmd->name, names[i]);
        CU_ASSERT_PTR_NOT_NULL(cmd->run);
        char *usage = xasprintf("usage: racelab %s", names[i]);
        CU_ASSERT_EQUAL(strncmp(cmd->help, usage, strlen(usage)), 0);
        free(usage);
        CU_ASSERT(strlen(cmd->summary) <= 60);
        for (const char *line = cmd->help; *line;) {
            const char *end = strchr(line, '\n');
            CU_ASSERT_PTR_NOT_NULL_FATAL(end); /* the help ends with a newline */
            if (end - line > 80)
                CU_FAIL("a help line is wider than 80 columns");
            line = end + 1;
        }
    }
    CU_ASSERT_PTR_NULL(command_find("frobnicate"));
    CU_ASSERT_PTR_NULL(command_find(""));
}

static void test_suggestions(void)
{
    static const char *const commands[] = {"list", "check", "explain", "run", "cc", "grade"};
    static const char *const options[] = {"--tools",           "--variant",  "--runs",
                                          "--update-baseline", "--baseline", "--help"};
    size_t nc = sizeof commands / sizeof commands[0], no = sizeof options / sizeof options[0];
    CU_ASSERT_STRING_EQUAL(str_suggest("chek", commands, nc), "check");
    CU_ASSERT_STRING_EQUAL(str_suggest("lsit", commands, nc), "list"); /* transposed */
    CU_ASSERT_STRING_EQUAL(str_suggest("expalin", commands, nc), "explain");
    CU_ASSERT_STRING_EQUAL(str_suggest("ru", commands, nc), "run"); /* a prefix */
    CU_ASSERT_PTR_NULL(str_suggest("frobnicate", commands, nc));
    CU_ASSERT_PTR_NULL(str_suggest("x", commands, nc));
    CU_ASSERT_STRING_EQUAL(str_suggest("--varaint", options, no), "--variant");
    CU_ASSERT_STRING_EQUAL(str_suggest("--tool", options, no), "--tools");
    CU_ASSERT_STRING_EQUAL(str_suggest("--update", options, no), "--update-baseline");
    CU_ASSERT_PTR_NULL(str_suggest("--output", options, no));
}

int register_command_tests(void)
{
    CU_pSuite s = CU_add_suite("commands", NULL, NULL);
    if (!s || !CU_add_test(s, "every command is a row with its help", test_every_row) ||
        !CU_add_test(s, "did you mean", test_suggestions))
        return -1;
    return 0;
}
