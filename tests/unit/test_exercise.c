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
#include "test.h"
#include "util.h"

static struct catalog cat;

static int load_catalog(void)
{
    return test_catalog_load(&cat);
}

static int free_catalog(void)
{
    catalog_free(&cat);
    return 0;
}

static void test_start_copies_and_keeps(void)
{
    char *dir = test_temp_dir(), *err = NULL;
    struct workspace ws;
    size_t copied, kept;
    CU_ASSERT_FATAL(workspace_start(dir, &cat, &ws, &copied, &kept, &err) == 0);
    CU_ASSERT_EQUAL(copied, cat.len);
    CU_ASSERT_EQUAL(kept, 0);
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(workspace_unchanged(&ws, &cat.cases[i]));
    char *mine = workspace_file(&ws, &cat.cases[i]);
    test_put(mine, "/* my fix */\n");
    CU_ASSERT_FALSE(workspace_unchanged(&ws, &cat.cases[i]));
    ws.state[i].done = true;
    CU_ASSERT_FATAL(workspace_save(&ws, &err) == 0);
    workspace_free(&ws);

    /* Again: nothing overwritten, progress kept. */
    CU_ASSERT_FATAL(workspace_start(dir, &cat, &ws, &copied, &kept, &err) == 0);
    CU_ASSERT_EQUAL(copied, 0);
    CU_ASSERT_EQUAL(kept, cat.len);
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
    CU_ASSERT_FATAL(workspace_start(dir, &cat, &ws, &copied, &kept, &err) == 0);
    int a = workspace_find(&ws, "parallel/missing-reduction"),
        b = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(a >= 0 && b >= 0);
    ws.state[a].hints_seen = 2;
    ws.state[b].done = true;
    ws.current = &cat.cases[a];
    CU_ASSERT_FATAL(workspace_save(&ws, &err) == 0);
    workspace_free(&ws);
    CU_ASSERT_FATAL(workspace_open(dir, &cat, &ws, &err) == 0);
    CU_ASSERT_EQUAL(ws.state[a].hints_seen, cat.cases[a].variants[VARIANT_UNSAFE].nhints < 2
                                                ? (int)cat.cases[a].variants[VARIANT_UNSAFE].nhints
                                                : 2);
    CU_ASSERT_TRUE(ws.state[b].done);
    CU_ASSERT_FALSE(ws.state[a].done);
    CU_ASSERT_PTR_EQUAL(ws.current, &cat.cases[a]);
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
    CU_ASSERT_EQUAL(workspace_open(dir, &cat, &ws, &err), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "progress.txt:3: expected 'ID done|pending HINTS'"));
    free(err);
    err = NULL;
    test_put(path, "threads/shared-counter done -1\n");
    CU_ASSERT_EQUAL(workspace_open(dir, &cat, &ws, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "progress.txt:1:"));
    free(err);
    err = NULL;
    unlink(path);
    CU_ASSERT_EQUAL(workspace_open(dir, &cat, &ws, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "racelab exercise start"));
    free(err);
    free(path);
    remove_tree(dir);
    free(dir);
}

static void test_find(void)
{
    struct workspace ws = {.cat = &cat};
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_TRUE(i >= 0);
    CU_ASSERT_EQUAL(workspace_find(&ws, "exercises/threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "/x/y/threads/shared-counter.c"), i);
    CU_ASSERT_EQUAL(workspace_find(&ws, "threads/xshared-counter.c"), -1);
    CU_ASSERT_EQUAL(workspace_find(&ws, "shared-counter"), -1);
    CU_ASSERT_EQUAL(workspace_find(&ws, "nope/nope"), -1);
}

int register_exercise_tests(void)
{
    CU_pSuite s = CU_add_suite("exercise: workspace", load_catalog, free_catalog);
    if (!s ||
        !CU_add_test(s, "start copies, never overwrites, links include/",
                     test_start_copies_and_keeps) ||
        !CU_add_test(s, "progress file round trip", test_progress_round_trip) ||
        !CU_add_test(s, "progress file errors name file:line", test_progress_malformed) ||
        !CU_add_test(s, "exercise by id or path", test_find))
        return -1;
    return 0;
}
