/* test_exercise.c: the classroom mode's workspace without running a tool:
 * copies, never overwritten; the progress file read, written and rejected
 * with file:line; exercises found by id or path. Grading is in
 * test_grade.c; the checks themselves run real tools in tests/exercise.sh
 * and tests/grade.sh. */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "exercise.h"
#include "grade.h"
#include "proc.h"
#include "test.h"
#include "util.h"

static void test_start_copies_and_keeps(void)
{
    char *dir = test_temp_dir(), *err = NULL;
    struct workspace ws;
    size_t copied, kept;
    CU_ASSERT_FATAL(workspace_start(dir, &test_repo_catalog, &ws, &copied, &kept, &err) == 0);
    CU_ASSERT_EQUAL(copied, test_repo_catalog.len);
    CU_ASSERT_EQUAL(kept, 0);
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(workspace_unchanged(&ws, &test_repo_catalog.cases[i]));
    char *mine = workspace_file(&ws, &test_repo_catalog.cases[i]);
    test_put(mine, "/* my fix */\n");
    CU_ASSERT_FALSE(workspace_unchanged(&ws, &test_repo_catalog.cases[i]));
    ws.state[i].done = true;
    CU_ASSERT_FATAL(workspace_save(&ws, &err) == 0);
    workspace_free(&ws);

    /* Again: nothing overwritten, progress kept. */
    CU_ASSERT_FATAL(workspace_start(dir, &test_repo_catalog, &ws, &copied, &kept, &err) == 0);
    CU_ASSERT_EQUAL(copied, 0);
    CU_ASSERT_EQUAL(kept, test_repo_catalog.len);
    char *text = NULL;
    CU_ASSERT_FATAL(read_file(mine, &text, NULL) == 0);
    CU_ASSERT_STRING_EQUAL(text, "/* my fix */\n");
    CU_ASSERT_TRUE(ws.state[i].done);
    /* include/ is the catalog's, for fixes that use racelab/guarded.h */
    char *guarded = xasprintf("%s/include/racelab/guarded.h", dir);
    CU_ASSERT_EQUAL(access(guarded, R_OK), 0);
    workspace_free(&ws);
    free(guarded);
    free(text);
    free(mine);
    remove_tree(dir);
    free(dir);
}

static void test_progress_round_trip(void)
{
    char *dir = test_temp_dir(), *err = NULL;
    struct workspace ws;
    size_t copied, kept;
    CU_ASSERT_FATAL(workspace_start(dir, &test_repo_catalog, &ws, &copied, &kept, &err) == 0);
    int a = workspace_find(&ws, "parallel/missing-reduction"),
        b = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(a >= 0 && b >= 0);
    ws.state[a].hints_seen = 2;
    ws.state[b].done = true;
    ws.current = &test_repo_catalog.cases[a];
    CU_ASSERT_FATAL(workspace_save(&ws, &err) == 0);
    workspace_free(&ws);
    CU_ASSERT_FATAL(workspace_open(dir, &test_repo_catalog, &ws, &err) == 0);
    CU_ASSERT_EQUAL(ws.state[a].hints_seen,
                    test_repo_catalog.cases[a].variants[VARIANT_UNSAFE].exercise.nhints < 2
                        ? (int)test_repo_catalog.cases[a].variants[VARIANT_UNSAFE].exercise.nhints
                        : 2);
    CU_ASSERT_TRUE(ws.state[b].done);
    CU_ASSERT_FALSE(ws.state[a].done);
    CU_ASSERT_PTR_EQUAL(ws.current, &test_repo_catalog.cases[a]);
    CU_ASSERT_EQUAL(workspace_done(&ws), 1);
    workspace_free(&ws);
    remove_tree(dir);
    free(dir);
}

static void test_progress_malformed(void)
{
    char *dir = test_temp_dir(), *err = NULL;
    char *path = xasprintf("%s/%s", dir, WORKSPACE_PROGRESS);
    struct workspace ws;
    test_put(path, "# comment\n\nthreads/shared-counter finished 1\n");
    CU_ASSERT_EQUAL(workspace_open(dir, &test_repo_catalog, &ws, &err), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "progress.txt:3: expected 'ID done|pending HINTS'"));
    free(err);
    err = NULL;
    test_put(path, "threads/shared-counter done -1\n");
    CU_ASSERT_EQUAL(workspace_open(dir, &test_repo_catalog, &ws, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "progress.txt:1:"));
    free(err);
    err = NULL;
    unlink(path);
    CU_ASSERT_EQUAL(workspace_open(dir, &test_repo_catalog, &ws, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "racelab exercise start"));
    free(err);
    free(path);
    remove_tree(dir);
    free(dir);
}

static void test_find(void)
{
    struct workspace ws = {.cat = &test_repo_catalog};
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_TRUE(i >= 0);
    CU_ASSERT_EQUAL(workspace_find(&ws, "exercises/threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "/x/y/threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "threads/xshared-counter.c"), -1);
    CU_ASSERT_EQUAL(workspace_find(&ws, "shared-counter"), -1);
    CU_ASSERT_EQUAL(workspace_find(&ws, "nope/nope"), -1);
}

/* A source whose macros double 27 times: clang's memory grows past any
 * sane limit while the exercise's own copy needs some 14 MB of
 * its own (RssAnon). */
static const char *const compiler_bomb =
    "#define A0 x,\n"
    "#define A1 A0 A0\n#define A2 A1 A1\n#define A3 A2 A2\n#define A4 A3 A3\n"
    "#define A5 A4 A4\n#define A6 A5 A5\n#define A7 A6 A6\n#define A8 A7 A7\n"
    "#define A9 A8 A8\n#define A10 A9 A9\n#define A11 A10 A10\n#define A12 A11 A11\n"
    "#define A13 A12 A12\n#define A14 A13 A13\n#define A15 A14 A14\n#define A16 A15 A15\n"
    "#define A17 A16 A16\n#define A18 A17 A17\n#define A19 A18 A18\n#define A20 A19 A19\n"
    "#define A21 A20 A20\n#define A22 A21 A21\n#define A23 A22 A22\n#define A24 A23 A23\n"
    "#define A25 A24 A24\n#define A26 A25 A25\n#define A27 A26 A26\n"
    "int x;\nint all[] = {A27};\nint main(void) { return all[0]; }\n";

/* The compiler killed by the limits: the student's "does not compile" when
 * the exercise's own copy compiles under the same limits (the file did
 * it), racelab's tool error when that fails too (the limits, the machine:
 * never the student's fault). */
static void test_compiler_killed(void)
{
    char *dir = test_temp_dir(), *build = test_temp_dir(), *err = NULL;
    struct workspace ws;
    size_t copied, kept;
    CU_ASSERT_FATAL(workspace_start(dir, &test_repo_catalog, &ws, &copied, &kept, &err) == 0);
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(i >= 0);
    char *mine = workspace_file(&ws, &test_repo_catalog.cases[i]);
    test_put(mine, compiler_bomb);
    struct proc_limits lim = {.mem_bytes = 400ull << 20};
    struct exercise_check_options o = {.catalog_root = test_repo_catalog.root,
                                       .build_dir = build,
                                       .runs = 1,
                                       .jobs = 1,
                                       .limits = &lim};
    struct exercise_result res;
    CU_ASSERT_FATAL(exercise_check(&o, &test_repo_catalog.cases[i], dir, &res, &err) == 0);
    CU_ASSERT_EQUAL(res.status, EXERCISE_NO_COMPILE);
    CU_ASSERT_STRING_EQUAL(res.reason, "does not compile");
    exercise_result_free(&res);

    lim.mem_bytes = 4ull << 20; /* too little for any compile (the copy needs some 14 MB) */
    CU_ASSERT_FATAL(exercise_check(&o, &test_repo_catalog.cases[i], dir, &res, &err) == 0);
    if (res.status != EXERCISE_TOOL_ERROR)
        fprintf(stderr, "\n  %s: %s\n%s\n", exercise_status_name(res.status), res.reason,
                res.report);
    CU_ASSERT_EQUAL(res.status, EXERCISE_TOOL_ERROR);
    CU_ASSERT_TRUE(res.tool_error);
    CU_ASSERT_STRING_EQUAL(res.reason, "could not run the compiler");
    CU_ASSERT_PTR_NOT_NULL(strstr(res.report, "racelab's own copy of the exercise"));
    exercise_result_free(&res);
    free(mine);
    workspace_free(&ws);
    remove_tree(dir);
    remove_tree(build);
    free(dir);
    free(build);
}

int register_exercise_tests(void)
{
    CU_pSuite s =
        CU_add_suite("exercise: workspace", test_repo_catalog_load, test_repo_catalog_free);
    if (!s ||
        !CU_add_test(s, "start copies, never overwrites, links include/",
                     test_start_copies_and_keeps) ||
        !CU_add_test(s, "progress file round trip", test_progress_round_trip) ||
        !CU_add_test(s, "progress file errors name file:line", test_progress_malformed) ||
        !CU_add_test(s, "exercise by id or path", test_find) ||
        !CU_add_test(s, "a compiler killed: the file's fault or the machine's",
                     test_compiler_killed))
        return -1;
    return 0;
}
