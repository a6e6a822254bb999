/* test_grade.c: racelab grade without running a tool: a class's files
 * matched to exercises, the reports (CSV quoting, each status in the CSV,
 * JUnit and feedback, the summary and the run file), shards merged into one
 * run and bad merges refused, and a small class graded on the worker pool.
 * The grading of real submissions by real tools is tests/grade.sh. */
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

static void test_find_students(void)
{
    char *dir = test_temp_dir(), *err = NULL, *p;
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
        test_put(p, "int main(void) { return 0; }\n");
        free(p);
    }
    p = xasprintf("%s/frank", dir);
    CU_ASSERT_FATAL(mkdir_p(p) == 0);
    free(p);
    p = xasprintf("%s/frank/shared-counter.c", dir);
    CU_ASSERT_FATAL(symlink("/etc/passwd", p) == 0);
    free(p);
    struct grade_class cl;
    CU_ASSERT_FATAL(grade_find_students(dir, &test_repo_catalog, &cl, &err) == 0);
    CU_ASSERT_EQUAL_FATAL(cl.len, 6);
    struct workspace ws = {.cat = &test_repo_catalog};
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
    grade_class_free(&cl, test_repo_catalog.len);
    CU_ASSERT_EQUAL(grade_find_students("/nonexistent/class", &test_repo_catalog, &cl, &err), -1);
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
    CU_ASSERT_EQUAL(write(f, &test_repo_catalog, rows, n), 0);
    fclose(f);
    return buf;
}

static char *feedback_of(const struct grade_row *rows, size_t n, const struct grade_student *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(grade_write_feedback(f, &test_repo_catalog, rows, n, st), 0);
    fclose(f);
    return buf;
}

static void test_reports(void)
{
    struct grade_student st[2] = {{.name = "=HYPERLINK(\"x\")"}, {.name = "o'neil, \"jr\""}};
    struct grade_row rows[3] = {
        {.student = &st[0], .exercise = 0, .status = GRADE_PASS},
        {.student = &st[1],
         .exercise = 0,
         .status = GRADE_FAIL,
         .reason = "data-race (tsan)\nsecond line\001",
         .report = "tsan on a.c: <b>&\n"},
        {.student = &st[1], .exercise = 1, .status = GRADE_TOOL_ERROR, .reason = "tool failed"},
    };
    char *csv = written(grade_write_csv, rows, 3);
    char *expect = xasprintf(
        "\"student\",\"exercise\",\"status\",\"score\",\"reason\"\r\n"
        "\"'=HYPERLINK(\"\"x\"\")\",\"%s\",\"pass\",\"1\",\"\"\r\n"
        "\"o'neil, \"\"jr\"\"\",\"%s\",\"fail\",\"0\",\"data-race (tsan) second line\"\r\n"
        "\"o'neil, \"\"jr\"\"\",\"%s\",\"tool-error\",\"0\",\"tool failed\"\r\n",
        test_repo_catalog.cases[0].id, test_repo_catalog.cases[0].id,
        test_repo_catalog.cases[1].id);
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

    char *buf = feedback_of(rows, 3, &st[1]);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "0 of 2 exercises pass."));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "): fail\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "): tool-error\n"));
    CU_ASSERT_PTR_NULL(strchr(buf, '\001'));
    free(buf);

    char *safe = grade_safe_name("../../etc/pass wd");
    CU_ASSERT_STRING_EQUAL(safe, "_._.._etc_pass_wd"); /* one path component, never hidden */
    free(safe);
}

/* Every status: its CSV name and score, its JUnit element, what the student
 * reads (never a race hint under a compile error or a refusal). */
static void test_statuses(void)
{
    static const struct {
        enum grade_status status;
        const char *name, *junit; /* NULL: a passing test case */
        bool hint;
    } want[] = {
        {GRADE_PASS, "pass", NULL, false},
        {GRADE_FAIL, "fail", "<failure message=\"fail: ", true},
        {GRADE_NOT_ATTEMPTED, "not-attempted", "<failure message=\"not-attempted: ", false},
        {GRADE_MISSING, "missing", "<failure message=\"missing: ", false},
        {GRADE_NO_COMPILE, "does-not-compile", "<failure message=\"does-not-compile: ", false},
        {GRADE_REFUSED, "refused", "<failure message=\"refused: ", false},
        {GRADE_TOOL_ERROR, "tool-error", "<error message=\"tool-error: ", false},
    };
    CU_ASSERT_EQUAL(sizeof want / sizeof *want, GRADE__COUNT);
    struct grade_student st = {.name = "alice"};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        struct grade_row row = {.student = &st,
                                .exercise = 0,
                                .status = want[k].status,
                                .reason = want[k].status == GRADE_PASS ? NULL : "the reason",
                                .lesson = "  - a lock around the write only\n",
                                .report = "the report line\n"};
        CU_ASSERT_STRING_EQUAL(grade_status_name(want[k].status), want[k].name);
        char *csv = written(grade_write_csv, &row, 1);
        char *line = xasprintf("\"alice\",\"%s\",\"%s\",\"%d\",", test_repo_catalog.cases[0].id,
                               want[k].name, want[k].status == GRADE_PASS);
        CU_ASSERT_PTR_NOT_NULL(strstr(csv, line));
        char *xml = written(grade_write_junit, &row, 1);
        CU_ASSERT_TRUE(want[k].junit ? strstr(xml, want[k].junit) != NULL
                                     : !strstr(xml, "<failure") && !strstr(xml, "<error"));
        char *fb = feedback_of(&row, 1, &st);
        char *title = xasprintf("): %s\n", want[k].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(fb, title));
        CU_ASSERT_EQUAL(strstr(fb, "a hint:") != NULL, want[k].hint);
        if (want[k].status == GRADE_PASS) /* nothing but "pass" */
            CU_ASSERT_TRUE(str_ends_with(fb, title) && !strstr(fb, "the report"));
        if (want[k].status == GRADE_NO_COMPILE || want[k].status == GRADE_REFUSED)
            CU_ASSERT_PTR_NOT_NULL(strstr(fb, "    the report line\n")); /* compiler / refusal */
        if (want[k].status == GRADE_FAIL) { /* the lesson, the report, the hint */
            const char *lesson = strstr(fb, "warns about:\n    - a lock around");
            const char *report = strstr(fb, "the report line");
            CU_ASSERT_TRUE(lesson && report && lesson < report && report < strstr(fb, "a hint:"));
        }
        free(title);
        free(fb);
        free(xml);
        free(line);
        free(csv);
    }
    CU_ASSERT_EQUAL(grade_status_from_check(EXERCISE_NO_COMPILE), GRADE_NO_COMPILE);
    CU_ASSERT_EQUAL(grade_status_from_check(EXERCISE_REFUSED), GRADE_REFUSED);
    CU_ASSERT_EQUAL(grade_status_from_check(EXERCISE_TOOL_ERROR), GRADE_TOOL_ERROR);
}

/* A made-up class of four, two exercises each, for the summary and merge. */
static const struct fake_student {
    const char *name;
    enum grade_status status[2];
} fake_class[] = {
    {"=cmd()", {GRADE_PASS, GRADE_PASS}},
    {"alice", {GRADE_PASS, GRADE_FAIL}},
    {"bob", {GRADE_NOT_ATTEMPTED, GRADE_MISSING}},
    {"o'neil, \"jr\"", {GRADE_REFUSED, GRADE_NO_COMPILE}},
};
#define FAKE_LEN (sizeof fake_class / sizeof *fake_class)

/* Write shard k/n of the fake class (1/1: all of it) into dir, grading the
 * first nex of shared-counter and missing-reduction. */
static void write_fake(const char *dir, int k, int n, size_t nex)
{
    struct workspace ws = {.cat = &test_repo_catalog};
    int ex[2] = {workspace_find(&ws, "threads/shared-counter"),
                 workspace_find(&ws, "parallel/missing-reduction")};
    bool *selected = xcalloc(test_repo_catalog.len, sizeof *selected);
    for (size_t e = 0; e < nex; e++)
        selected[ex[e]] = true;
    if (nex == 2 && ex[1] < ex[0]) { /* rows go in catalog order */
        int t = ex[0];
        ex[0] = ex[1];
        ex[1] = t;
    }
    struct grade_student students[FAKE_LEN];
    struct grade_class cl = {.students = students};
    struct grade_row rows[FAKE_LEN * 2];
    size_t nrows = 0;
    for (size_t p = 0; p < FAKE_LEN; p++) {
        if (p % (size_t)n != (size_t)(k - 1))
            continue;
        students[cl.len] = (struct grade_student){.name = (char *)fake_class[p].name};
        for (size_t e = 0; e < nex; e++) {
            enum grade_status s = fake_class[p].status[e];
            rows[nrows++] =
                (struct grade_row){.student = &students[cl.len],
                                   .exercise = (size_t)ex[e],
                                   .status = s,
                                   .reason = s == GRADE_PASS ? NULL : (char *)grade_status_name(s),
                                   .report = s == GRADE_PASS ? NULL : "line 1\nline <2>\n"};
        }
        cl.len++;
    }
    struct grade_run_info info = {.shard_k = k, .shard_n = n, .class_size = FAKE_LEN};
    char *err = NULL;
    CU_ASSERT_EQUAL(
        grade_write_outputs(dir, &test_repo_catalog, selected, &info, &cl, rows, nrows, &err), 0);
    if (err)
        fprintf(stderr, "%s\n", err);
    free(err);
    free(selected);
}

static void test_summary(void)
{
    char *dir = test_temp_dir(), *text = NULL;
    write_fake(dir, 1, 1, 2);
    char *path = xasprintf("%s/%s", dir, GRADE_SUMMARY_CSV);
    CU_ASSERT_FATAL(read_file(path, &text, NULL) == 0);
    CU_ASSERT_STRING_EQUAL(text, "\"student\",\"passed\",\"attempted\",\"total\",\"percent\"\r\n"
                                 "\"'=cmd()\",\"2\",\"2\",\"2\",\"100.0\"\r\n"
                                 "\"alice\",\"1\",\"2\",\"2\",\"50.0\"\r\n"
                                 "\"bob\",\"0\",\"0\",\"2\",\"0.0\"\r\n"
                                 "\"o'neil, \"\"jr\"\"\",\"0\",\"2\",\"2\",\"0.0\"\r\n");
    free(text);
    free(path);
    path = xasprintf("%s/%s", dir, GRADE_RUN_FILE);
    CU_ASSERT_FATAL(read_file(path, &text, NULL) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nshard 1/1\nclass 4\nexercise "));
    free(text);
    free(path);
    remove_tree(dir);
    free(dir);
}

static size_t count_files(const char *dir, const char *sub)
{
    char *path = xasprintf("%s/%s", dir, sub);
    DIR *d = opendir(path);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    free(path);
    return n;
}

/* The files of two output directories, byte for byte (feedback/ too). */
static void assert_same_outputs(const char *a, const char *b)
{
    const char *files[] = {GRADE_CSV,      GRADE_SUMMARY_CSV,    GRADE_JUNIT,
                           GRADE_RUN_FILE, "feedback/alice.txt", "feedback/bob.txt"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *pa = xasprintf("%s/%s", a, files[i]), *pb = xasprintf("%s/%s", b, files[i]);
        char *ta = NULL, *tb = NULL;
        CU_ASSERT_EQUAL(read_file(pa, &ta, NULL), 0);
        CU_ASSERT_EQUAL(read_file(pb, &tb, NULL), 0);
        CU_ASSERT_TRUE(ta && tb && strcmp(ta, tb) == 0);
        if (!(ta && tb && strcmp(ta, tb) == 0))
            fprintf(stderr, "\n%s differs from %s\n", pa, pb);
        free(ta);
        free(tb);
        free(pa);
        free(pb);
    }
    CU_ASSERT_EQUAL(count_files(a, "feedback"), FAKE_LEN);
    CU_ASSERT_EQUAL(count_files(b, "feedback"), FAKE_LEN);
}

static char *merge_error(const char *out, const char *const *dirs, size_t n)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(grade_merge(out, dirs, n, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(err);
    return err ? err : xstrdup("");
}

/* Shards merged in any order give what one run writes; an overlap, a
 * missing shard and another exercise set are refused, naming the file. */
static void test_merge(void)
{
    char *dir = test_temp_dir(), *err = NULL;
    char *whole = xasprintf("%s/whole", dir), *out = xasprintf("%s/merged", dir);
    char *s[3] = {xasprintf("%s/s1", dir), xasprintf("%s/s2", dir), xasprintf("%s/s3", dir)};
    write_fake(whole, 1, 1, 2);
    for (int n = 2; n <= 3; n++) {
        for (int k = 1; k <= n; k++) {
            remove_tree(s[k - 1]);
            write_fake(s[k - 1], k, n, 2);
        }
        const char *dirs[3] = {s[n - 1], s[0], s[1]}; /* any order */
        remove_tree(out);
        CU_ASSERT_EQUAL(grade_merge(out, dirs, (size_t)n, &err), 0);
        if (err)
            fprintf(stderr, "\n%s\n", err);
        assert_same_outputs(whole, out);
    }

    /* alice in shard 2/2 too: the class changed between the shards' runs */
    remove_tree(s[0]);
    remove_tree(s[1]);
    write_fake(s[0], 1, 2, 2); /* =cmd(), bob */
    write_fake(s[1], 1, 2, 2);
    char *run = xasprintf("%s/%s", s[1], GRADE_RUN_FILE), *text = NULL;
    CU_ASSERT_FATAL(read_file(run, &text, NULL) == 0);
    char *k2 = strstr(text, "shard 1/2");
    CU_ASSERT_FATAL(k2 != NULL);
    k2[6] = '2'; /* the same students, claimed as shard 2/2 */
    CU_ASSERT_FATAL(write_file(run, text, strlen(text)) == 0);
    free(text);
    const char *overlap[2] = {s[0], s[1]};
    err = merge_error(out, overlap, 2);
    char *want = xasprintf("%s/%s: student \"'=cmd()\" is also in %s/%s", s[1], GRADE_SUMMARY_CSV,
                           s[0], GRADE_SUMMARY_CSV);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    if (!strstr(err, want))
        fprintf(stderr, "\n%s\n", err);
    free(want);
    free(err);

    /* the same shard twice, and a shard missing */
    const char *twice[2] = {s[0], s[0]};
    err = merge_error(out, twice, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "shard 1/2 again"));
    free(err);
    err = merge_error(out, overlap, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "shard 2/2 is missing"));
    free(err);

    /* shard 2/2 graded on shared-counter only */
    remove_tree(s[1]);
    write_fake(s[1], 2, 2, 1);
    err = merge_error(out, overlap, 2);
    want = xasprintf("%s/%s: exercises threads/shared-counter, but %s/%s has", s[1], GRADE_RUN_FILE,
                     s[0], GRADE_RUN_FILE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    free(want);
    free(err);

    /* its CSV edited to another exercise: the row names the file and line */
    remove_tree(s[1]);
    write_fake(s[1], 2, 2, 2);
    char *csv = xasprintf("%s/%s", s[1], GRADE_CSV);
    CU_ASSERT_FATAL(read_file(csv, &text, NULL) == 0);
    char *at = strstr(text, "threads/shared-counter");
    CU_ASSERT_FATAL(at != NULL);
    memcpy(at, "threads/shared-countex", 22);
    CU_ASSERT_FATAL(write_file(csv, text, strlen(text)) == 0);
    free(text);
    err = merge_error(out, overlap, 2);
    want = xasprintf("%s:", csv);
    CU_ASSERT_TRUE(strstr(err, want) && strstr(err, "expected the row of"));
    free(want);
    free(err);
    free(csv);

    free(run);
    for (int k = 0; k < 3; k++)
        free(s[k]);
    free(out);
    free(whole);
    remove_tree(dir);
    free(dir);
}

/* grade_run for real, on its pool of workers (the sanitizer runners watch
 * the threads): a fix, the untouched original, nothing at all, a symbolic
 * link and the starting copy; which exercises a class attempted; a shard. */
static void test_grade_run(void)
{
    char *dir = test_temp_dir(), *err = NULL, *p;
    p = xasprintf("%s/alice/threads/shared-counter.c", dir);
    char *fix = NULL;
    size_t len;
    CU_ASSERT_FATAL(read_file("safe/threads/shared-counter.c", &fix, &len) == 0);
    test_put(p, fix);
    free(p);
    p = xasprintf("%s/bob/shared-counter.c", dir);
    char *orig = NULL;
    CU_ASSERT_FATAL(read_file("cases/threads/shared-counter.c", &orig, &len) == 0);
    test_put(p, orig);
    free(p);
    p = xasprintf("%s/bob/missing-reduction.c", dir);
    char *orig2 = NULL;
    CU_ASSERT_FATAL(read_file("cases/parallel/missing-reduction.c", &orig2, &len) == 0);
    test_put(p, orig2); /* untouched: nobody attempted missing-reduction */
    free(p);
    p = xasprintf("%s/carol", dir);
    CU_ASSERT_FATAL(mkdir_p(p) == 0);
    free(p);
    p = xasprintf("%s/dave/shared-counter.c", dir);
    test_put(p, "x");
    unlink(p);
    CU_ASSERT_FATAL(symlink("/etc/passwd", p) == 0);
    free(p);
    struct workspace ws = {.cat = &test_repo_catalog};
    int i = workspace_find(&ws, "threads/shared-counter");
    p = xasprintf("%s/erin/threads/shared-counter.c", dir);
    char *copy = workspace_starting_copy(&test_repo_catalog.cases[i], orig);
    CU_ASSERT_FATAL(copy != NULL);
    test_put(p, copy); /* what exercise start gave her */
    free(copy);
    free(p);
    struct grade_class cl;
    CU_ASSERT_FATAL(grade_find_students(dir, &test_repo_catalog, &cl, &err) == 0);
    bool *selected = xcalloc(test_repo_catalog.len, sizeof *selected);
    for (size_t k = 0; k < test_repo_catalog.len; k++)
        selected[k] = true;
    grade_keep_attempted(&test_repo_catalog, &cl, selected);
    for (size_t k = 0; k < test_repo_catalog.len; k++)
        CU_ASSERT_EQUAL(selected[k], (int)k == i);
    struct grade_options go = {
        .build_dir = "build/test-grade", .shim_dir = "build/shim", .runs = 1, .jobs = 2};
    struct grade_row *rows;
    size_t n;
    grade_run(&go, &test_repo_catalog, selected, &cl, &rows, &n);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_EQUAL(rows[0].status, GRADE_PASS);
    if (rows[0].status != GRADE_PASS)
        fprintf(stderr, "\nalice: %s\n%s", rows[0].reason, rows[0].report ? rows[0].report : "");
    CU_ASSERT_EQUAL(rows[1].status, GRADE_NOT_ATTEMPTED);
    CU_ASSERT_TRUE(rows[1].reason && strstr(rows[1].reason, "not attempted"));
    CU_ASSERT_EQUAL(rows[2].status, GRADE_MISSING);
    CU_ASSERT_TRUE(rows[2].reason && strstr(rows[2].reason, "missing file"));
    CU_ASSERT_EQUAL(rows[3].status, GRADE_REFUSED);
    CU_ASSERT_TRUE(rows[3].reason && strstr(rows[3].reason, "symbolic link"));
    CU_ASSERT_EQUAL(rows[4].status, GRADE_NOT_ATTEMPTED);
    grade_rows_free(rows, n);

    /* shard 2/3 of alice, bob, carol, dave, erin: positions 1 and 4 */
    CU_ASSERT_EQUAL(grade_shard_size(cl.len, 2, 3), 2);
    CU_ASSERT_EQUAL(grade_shard_size(cl.len, 3, 3), 1);
    CU_ASSERT_EQUAL(grade_shard_size(2, 3, 3), 0);
    grade_class_shard(&cl, test_repo_catalog.len, 2, 3);
    CU_ASSERT_EQUAL_FATAL(cl.len, 2);
    CU_ASSERT_STRING_EQUAL(cl.students[0].name, "bob");
    CU_ASSERT_STRING_EQUAL(cl.students[1].name, "erin");
    grade_class_free(&cl, test_repo_catalog.len);
    free(selected);
    free(fix);
    free(orig);
    free(orig2);
    remove_tree(dir);
    free(dir);
}

int register_grade_tests(void)
{
    CU_pSuite s = CU_add_suite("grade: reports, shards, the pool", test_repo_catalog_load,
                               test_repo_catalog_free);
    if (!s || !CU_add_test(s, "a class's files matched to exercises", test_find_students) ||
        !CU_add_test(s, "CSV quoting, JUnit well-formed, feedback", test_reports) ||
        !CU_add_test(s, "each status in the CSV, JUnit and feedback", test_statuses) ||
        !CU_add_test(s, "the summary and the run file", test_summary) ||
        !CU_add_test(s, "merge: shards into one run; overlaps refused", test_merge) ||
        !CU_add_test(s, "a small class on the worker pool", test_grade_run))
        return -1;
    return 0;
}
