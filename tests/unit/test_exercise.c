/* test_exercise.c: the classroom mode's plumbing without running a tool:
 * the workspace (copies, never overwritten; the progress file read, written
 * and rejected with file:line), finding a student's files in a class
 * directory, and the grade reports (CSV quoting, JUnit well-formed). The
 * checks themselves run real tools in tests/exercise.sh and tests/grade.sh. */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
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
    char *err = NULL;
    if (catalog_load(".", &cat, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return -1;
    }
    return 0;
}

static int free_catalog(void)
{
    catalog_free(&cat);
    return 0;
}

static char *temp_dir(void)
{
    char *dir = xstrdup("/tmp/racelab-test-exercise-XXXXXX");
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    return dir;
}

static void put(const char *path, const char *text)
{
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CU_ASSERT_FATAL(mkdir_p(dir) == 0);
    CU_ASSERT_FATAL(write_file(path, text, strlen(text)) == 0);
    free(dir);
}

static void test_start_copies_and_keeps(void)
{
    char *dir = temp_dir(), *err = NULL;
    struct workspace ws;
    size_t copied, kept;
    CU_ASSERT_FATAL(workspace_start(dir, &cat, &ws, &copied, &kept, &err) == 0);
    CU_ASSERT_EQUAL(copied, cat.len);
    CU_ASSERT_EQUAL(kept, 0);
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(workspace_unchanged(&ws, &cat.cases[i]));
    char *mine = workspace_file(&ws, &cat.cases[i]);
    put(mine, "/* my fix */\n");
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
    char *dir = temp_dir(), *err = NULL;
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
    char *dir = temp_dir(), *err = NULL;
    char *path = xasprintf("%s/%s", dir, WORKSPACE_PROGRESS);
    struct workspace ws;
    put(path, "# comment\n\nthreads/shared-counter finished 1\n");
    CU_ASSERT_EQUAL(workspace_open(dir, &cat, &ws, &err), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "progress.txt:3: expected 'ID done|pending HINTS'"));
    free(err);
    err = NULL;
    put(path, "threads/shared-counter done -1\n");
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

/* ---- racelab grade: finding the files, and the reports ---------------------------- */

static void test_find_students(void)
{
    char *dir = temp_dir(), *err = NULL, *p;
    const char *files[] = {
        "alice/threads/shared-counter.c",  /* by path */
        "bob/shared-counter.c",            /* by name */
        "carol/a/shared-counter.c",        /* two by name... */
        "carol/b/shared-counter.c",        /* ...: a problem */
        "dave/x/threads/shared-counter.c", /* by path beats... */
        "dave/shared-counter.c",           /* ...by name */
        "erin/notes.txt",                  /* nothing */
    };
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        p = xasprintf("%s/%s", dir, files[k]);
        put(p, "int main(void) { return 0; }\n");
        free(p);
    }
    p = xasprintf("%s/frank", dir);
    CU_ASSERT_FATAL(mkdir_p(p) == 0);
    free(p);
    p = xasprintf("%s/frank/shared-counter.c", dir);
    CU_ASSERT_FATAL(symlink("/etc/passwd", p) == 0);
    free(p);
    struct grade_class cl;
    CU_ASSERT_FATAL(grade_find_students(dir, &cat, &cl, &err) == 0);
    CU_ASSERT_EQUAL_FATAL(cl.len, 6);
    struct workspace ws = {.cat = &cat};
    int i = workspace_find(&ws, "threads/shared-counter");
    CU_ASSERT_STRING_EQUAL(cl.students[0].name, "alice");
    CU_ASSERT_TRUE(cl.students[0].file[i] && strstr(cl.students[0].file[i], "alice/threads/"));
    CU_ASSERT_PTR_NOT_NULL(cl.students[1].file[i]);
    CU_ASSERT_TRUE(cl.students[2].problem[i] &&
                   strstr(cl.students[2].problem[i], "two files for this exercise"));
    CU_ASSERT_TRUE(cl.students[3].file[i] && strstr(cl.students[3].file[i], "dave/x/threads/"));
    CU_ASSERT_PTR_NULL(cl.students[3].problem[i]);
    CU_ASSERT_PTR_NULL(cl.students[4].file[i]);     /* erin: missing */
    CU_ASSERT_PTR_NOT_NULL(cl.students[5].file[i]); /* frank: a link, refused when staged */
    grade_class_free(&cl, cat.len);
    CU_ASSERT_EQUAL(grade_find_students("/nonexistent/class", &cat, &cl, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "/nonexistent/class"));
    free(err);
    remove_tree(dir);
    free(dir);
}

static char *written(int (*write)(FILE *, const struct catalog *, const struct grade_row *, size_t),
                     const struct grade_row *rows, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(write(f, &cat, rows, n), 0);
    fclose(f);
    return buf;
}

static void test_reports(void)
{
    struct grade_student st[2] = {{.name = "=HYPERLINK(\"x\")"}, {.name = "o'neil, \"jr\""}};
    struct grade_row rows[3] = {
        {.student = &st[0], .exercise = 0, .verdict = GRADE_PASS},
        {.student = &st[1],
         .exercise = 0,
         .verdict = GRADE_FAIL,
         .reason = "data-race (tsan)\nsecond line\001",
         .report = "tsan on a.c: <b>&\n"},
        {.student = &st[1], .exercise = 1, .verdict = GRADE_ERROR, .reason = "tool failed"},
    };
    char *csv = written(grade_write_csv, rows, 3);
    char *expect =
        xasprintf("\"student\",\"exercise\",\"verdict\",\"reason\"\r\n"
                  "\"'=HYPERLINK(\"\"x\"\")\",\"%s\",\"pass\",\"\"\r\n"
                  "\"o'neil, \"\"jr\"\"\",\"%s\",\"fail\",\"data-race (tsan) second line\"\r\n"
                  "\"o'neil, \"\"jr\"\"\",\"%s\",\"error\",\"tool failed\"\r\n",
                  cat.cases[0].id, cat.cases[0].id, cat.cases[1].id);
    CU_ASSERT_STRING_EQUAL(csv, expect);
    free(expect);
    free(csv);

    char *xml = written(grade_write_junit, rows, 3);
    XML_Parser p = XML_ParserCreate("UTF-8");
    CU_ASSERT_EQUAL(XML_Parse(p, xml, (int)strlen(xml), 1), XML_STATUS_OK);
    XML_ParserFree(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "tests=\"2\" failures=\"1\" errors=\"1\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "&lt;b&gt;&amp;"));
    CU_ASSERT_PTR_NULL(strchr(xml, '\001'));
    free(xml);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(grade_write_feedback(f, &cat, rows, 3, &st[1]), 0);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "0 of 2 exercises pass."));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ": FAIL\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ": ERROR\n"));
    CU_ASSERT_PTR_NULL(strchr(buf, '\001'));
    free(buf);

    char *safe = grade_safe_name("../../etc/pass wd");
    CU_ASSERT_STRING_EQUAL(safe, "_._.._etc_pass_wd"); /* one path component, never hidden */
    free(safe);
}

/* grade_run for real, on its pool of workers (the sanitizer runners watch
 * the threads): a fix, the untouched original and nothing at all. */
static void test_grade_run(void)
{
    char *dir = temp_dir(), *err = NULL, *p;
    p = xasprintf("%s/alice/threads/shared-counter.c", dir);
    char *fix = NULL;
    size_t len;
    CU_ASSERT_FATAL(read_file("safe/threads/shared-counter.c", &fix, &len) == 0);
    put(p, fix);
    free(p);
    p = xasprintf("%s/bob/shared-counter.c", dir);
    char *orig = NULL;
    CU_ASSERT_FATAL(read_file("cases/threads/shared-counter.c", &orig, &len) == 0);
    put(p, orig);
    free(p);
    p = xasprintf("%s/carol", dir);
    CU_ASSERT_FATAL(mkdir_p(p) == 0);
    free(p);
    struct grade_class cl;
    CU_ASSERT_FATAL(grade_find_students(dir, &cat, &cl, &err) == 0);
    bool *selected = xcalloc(cat.len, sizeof *selected);
    struct workspace ws = {.cat = &cat};
    int i = workspace_find(&ws, "threads/shared-counter");
    selected[i] = true;
    struct grade_options go = {
        .build_dir = "build/test-grade", .shim_dir = "build/shim", .runs = 1, .jobs = 2};
    struct grade_row *rows;
    size_t n;
    grade_run(&go, &cat, selected, &cl, &rows, &n);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(rows[0].verdict, GRADE_PASS);
    CU_ASSERT_EQUAL(rows[1].verdict, GRADE_FAIL);
    CU_ASSERT_TRUE(rows[1].reason && strstr(rows[1].reason, "not attempted"));
    CU_ASSERT_EQUAL(rows[2].verdict, GRADE_FAIL);
    CU_ASSERT_TRUE(rows[2].reason && strstr(rows[2].reason, "missing file"));
    grade_rows_free(rows, n);
    grade_class_free(&cl, cat.len);
    free(selected);
    free(fix);
    free(orig);
    remove_tree(dir);
    free(dir);
}

int register_exercise_tests(void)
{
    CU_pSuite s = CU_add_suite("exercise: workspace and grade reports", load_catalog, free_catalog);
    if (!s ||
        !CU_add_test(s, "start copies, never overwrites, links include/",
                     test_start_copies_and_keeps) ||
        !CU_add_test(s, "progress file round trip", test_progress_round_trip) ||
        !CU_add_test(s, "progress file errors name file:line", test_progress_malformed) ||
        !CU_add_test(s, "exercise by id or path", test_find) ||
        !CU_add_test(s, "grade: a class's files matched to exercises", test_find_students) ||
        !CU_add_test(s, "grade: CSV quoting, JUnit well-formed, feedback", test_reports) ||
        !CU_add_test(s, "grade: a small class on the worker pool", test_grade_run))
        return -1;
    return 0;
}
