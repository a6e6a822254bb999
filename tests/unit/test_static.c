/* test_static.c: clang-style diagnostics of the static tools (tsa, analyzer,
 * tidy) read into findings. Fixtures: tests/fixtures/static/, the real output
 * of clang 14 and clang-tidy 14 (NAME.txt) and of clang 19 and clang-tidy 19
 * (NAME.clang-19.txt) on the sources beside them (`record` there re-records
 * them). Each test reads both toolchains' output. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "clang_diag.h"
#include "test.h"
#include "util.h"

struct expected_finding {
    enum finding_kind kind;
    const char *tag;
    int line;        /* of the warning */
    size_t accesses; /* the warning and its notes */
};

/* Parse tests/fixtures/static/<name>; returns the number of errors. */
static int parse_fixture(enum tool_id tool, const char *name, struct finding_list *list,
                         char **first_error)
{
    char *rel = xasprintf("static/%s", name);
    char *text = test_fixture(rel, NULL);
    int errors = clang_diag_parse(tool, text, list, first_error);
    free(text);
    free(rel);
    return errors;
}

static void check_fixture(enum tool_id tool, const char *name, const struct expected_finding *want,
                          size_t nwant)
{
    struct finding_list list = {0};
    char *first_error = (char *)"untouched";
    CU_ASSERT_EQUAL(parse_fixture(tool, name, &list, &first_error), 0);
    CU_ASSERT_PTR_NULL(first_error);
    CU_ASSERT_EQUAL_FATAL(list.len, nwant);
    for (size_t i = 0; i < nwant; i++) {
        const struct finding *f = &list.items[i];
        if (f->kind != want[i].kind || strcmp(f->tool_kind, want[i].tag) != 0 ||
            f->naccesses != want[i].accesses || f->accesses[0].nframes != 1 ||
            f->accesses[0].frames[0].line != want[i].line)
            fprintf(stderr, "\n  %s #%zu: kind %s tag %s line %d accesses %zu\n", name, i,
                    finding_kind_name(f->kind), f->tool_kind,
                    f->accesses[0].nframes ? f->accesses[0].frames[0].line : -1, f->naccesses);
        CU_ASSERT_EQUAL(f->kind, want[i].kind);
        CU_ASSERT_STRING_EQUAL(f->tool_kind, want[i].tag);
        CU_ASSERT_EQUAL(f->naccesses, want[i].accesses);
        CU_ASSERT_EQUAL_FATAL(f->accesses[0].nframes, 1);
        CU_ASSERT_EQUAL(f->accesses[0].frames[0].line, want[i].line);
        /* The source beside the fixture: tsa-locks.txt (and tsa-locks.clang-19.txt)
         * came from tsa-locks.c. */
        char *source = xasprintf("%.*s.c", (int)strcspn(name, "."), name);
        CU_ASSERT(str_ends_with(f->accesses[0].frames[0].file, source));
        free(source);
        CU_ASSERT_PTR_NULL(strchr(f->message, '['));
    }
    finding_list_free(&list);
}

#define TSA "-Wthread-safety-analysis"

/* The fixtures' toolchains: clang 14's have no suffix. */
static const char *const toolchain_suffix[] = {"", ".clang-19"};
#define NTOOLCHAINS 2

static char *fixture_name(const char *stem, int tc)
{
    return xasprintf("%s%s.txt", stem, toolchain_suffix[tc]);
}

static void test_tsa(void)
{
    static const struct expected_finding want[] = {
        {FK_DATA_RACE, TSA, 15, 1},         /* writing variable 'x' requires holding mutex */
        {FK_DATA_RACE, TSA, 16, 1},         /* write under the reader lock */
        {FK_LOCK_ORDER, TSA, 17, 1},        /* must be acquired before */
        {FK_DOUBLE_LOCK, TSA, 18, 2},       /* already held, + "mutex acquired here" */
        {FK_LOCK_HELD_AT_EXIT, TSA, 18, 2}, /* still held at the end of function */
        {FK_UNLOCK_UNOWNED, TSA, 19, 1},    /* releasing mutex that was not held */
        {FK_LOCK_HELD_AT_EXIT, TSA, 20, 2}, /* not held on every path */
        {FK_DESTROY_LOCKED, TSA, 21, 1},    /* cannot call rl_mutex_destroy while held */
        {FK_CONDVAR_MISUSE, TSA, 22, 1},    /* rl_cond_wait requires holding */
        {FK_DOUBLE_LOCK, TSA, 23, 1},       /* cannot call 'ok' (EXCLUDES) while held */
    };
    for (int tc = 0; tc < NTOOLCHAINS; tc++) {
        char *locks = fixture_name("tsa-locks", tc), *clean = fixture_name("tsa-clean", tc);
        check_fixture(TOOL_TSA, locks, want, sizeof want / sizeof *want);
        check_fixture(TOOL_TSA, clean, NULL, 0); /* the same file without the bugs */
        free(locks);
        free(clean);
    }
}

static void test_analyzer(void)
{
    /* clang 19 names the checker unix.BlockInCriticalSection and adds a
     * note where the critical section was entered. */
    static const struct expected_finding locks[NTOOLCHAINS][5] = {
        {
            {FK_DESTROY_LOCKED, "alpha.unix.PthreadLock", 4, 1}, /* the repeated note is dropped */
            {FK_INVALID_LOCK, "alpha.unix.PthreadLock", 5, 1},
            {FK_LOCK_ORDER, "alpha.unix.PthreadLock", 6, 1},
            {FK_BLOCK_UNDER_LOCK, "alpha.unix.BlockInCriticalSection", 7, 1},
            {FK_INVALID_LOCK, "alpha.unix.PthreadLock", 8, 1},
        },
        {
            {FK_DESTROY_LOCKED, "alpha.unix.PthreadLock", 4, 1},
            {FK_INVALID_LOCK, "alpha.unix.PthreadLock", 5, 1},
            {FK_LOCK_ORDER, "alpha.unix.PthreadLock", 6, 1},
            {FK_BLOCK_UNDER_LOCK, "unix.BlockInCriticalSection", 7, 2},
            {FK_INVALID_LOCK, "alpha.unix.PthreadLock", 8, 1},
        },
    };
    /* The path: call, assumption, branch, each a located note. */
    static const struct expected_finding path[] = {
        {FK_UNLOCK_UNOWNED, "alpha.unix.PthreadLock", 16, 4},
    };
    /* Inside racelab/guarded.h's wrapper: placed at the user's call of it. */
    static const struct expected_finding wrapper[] = {
        {FK_DOUBLE_LOCK, "alpha.unix.PthreadLock", 11, 3},
    };
    for (int tc = 0; tc < NTOOLCHAINS; tc++) {
        char *name = fixture_name("analyzer-locks", tc);
        check_fixture(TOOL_ANALYZER, name, locks[tc], 5);
        free(name);
        name = fixture_name("analyzer-wrapper", tc);
        check_fixture(TOOL_ANALYZER, name, wrapper, 1);
        free(name);
        name = fixture_name("analyzer-path", tc);
        check_fixture(TOOL_ANALYZER, name, path, 1);
        struct finding_list list = {0};
        parse_fixture(TOOL_ANALYZER, name, &list, NULL);
        free(name);
        CU_ASSERT_EQUAL_FATAL(list.len, 1);
        CU_ASSERT_STRING_EQUAL(list.items[0].accesses[1].what, "Calling 'withdraw'");
        CU_ASSERT_EQUAL(list.items[0].accesses[1].frames[0].line, 22);
        CU_ASSERT_EQUAL(list.items[0].accesses[1].frames[0].column, 12);
        finding_list_free(&list);
    }
}

static void test_tidy(void)
{
    /* clang-tidy 19 no longer adds the "called here from" note to a direct
     * call from the handler, and numbers its source excerpts ("   18 | "). */
    static const struct expected_finding want[NTOOLCHAINS][6] = {
        {
            {FK_SIGNAL_UNSAFE, "bugprone-signal-handler", 18, 3}, /* + called here, registered */
            {FK_ASYNC_CANCEL, "cert-pos47-c", 24, 1},             /* the alias is listed first */
            {FK_MT_UNSAFE_CALL, "concurrency-mt-unsafe", 26, 1},
            {FK_CONDVAR_MISUSE, "bugprone-spuriously-wake-up-functions", 29, 1},
            {FK_BAD_THREAD_SIGNAL, "bugprone-bad-signal-to-kill-thread", 39, 1},
            {FK_MT_UNSAFE_CALL, "concurrency-mt-unsafe", 41, 1},
        },
        {
            {FK_SIGNAL_UNSAFE, "bugprone-signal-handler", 18, 2}, /* + registered here */
            {FK_ASYNC_CANCEL, "cert-pos47-c", 24, 1},
            {FK_MT_UNSAFE_CALL, "concurrency-mt-unsafe", 26, 1},
            {FK_CONDVAR_MISUSE, "bugprone-spuriously-wake-up-functions", 29, 1},
            {FK_BAD_THREAD_SIGNAL, "bugprone-bad-signal-to-kill-thread", 39, 1},
            {FK_MT_UNSAFE_CALL, "concurrency-mt-unsafe", 41, 1},
        },
    };
    for (int tc = 0; tc < NTOOLCHAINS; tc++) {
        char *name = fixture_name("tidy-threads", tc);
        check_fixture(TOOL_TIDY, name, want[tc], 6);
        struct finding_list list = {0};
        parse_fixture(TOOL_TIDY, name, &list, NULL);
        free(name);
        /* The message loses its tag and the space before it, nothing else. */
        CU_ASSERT_STRING_EQUAL(list.items[3].message, "'cnd_wait' should be placed inside a "
                                                      "while statement");
        finding_list_free(&list);
    }
}

/* A source that does not compile: errors are counted, never findings. */
static void test_errors(void)
{
    static const struct {
        enum tool_id tool;
        const char *fixture;
    } cases[] = {{TOOL_TSA, "tsa-syntax-error.txt"},
                 {TOOL_TIDY, "tidy-syntax-error.txt"},
                 {TOOL_TSA, "tsa-syntax-error.clang-19.txt"},
                 {TOOL_TIDY, "tidy-syntax-error.clang-19.txt"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct finding_list list = {0};
        char *first = NULL;
        CU_ASSERT_EQUAL(parse_fixture(cases[i].tool, cases[i].fixture, &list, &first), 2);
        CU_ASSERT_EQUAL(list.len, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(first);
        CU_ASSERT_PTR_NOT_NULL(strstr(first, "tsa-syntax-error.c:6: use of undeclared identifier "
                                             "'undeclared_counter'"));
        free(first);
        finding_list_free(&list);
    }
}

/* The vocabulary outside the concurrency checks is "other", never a guess. */
static void test_kinds(void)
{
    CU_ASSERT_EQUAL(clang_diag_kind(TOOL_TSA, "-Wunused-variable", "unused variable 'x'"),
                    FK_OTHER);
    CU_ASSERT_EQUAL(clang_diag_kind(TOOL_TSA, "-Wthread-safety-beta",
                                    "mutex 'a' must be acquired "
                                    "before 'b'"),
                    FK_LOCK_ORDER);
    CU_ASSERT_EQUAL(
        clang_diag_kind(TOOL_ANALYZER, "deadcode.DeadStores", "Value stored to 'x' is never read"),
        FK_OTHER);
    CU_ASSERT_EQUAL(
        clang_diag_kind(TOOL_ANALYZER, "alpha.core.C11Lock", "This lock has already been acquired"),
        FK_DOUBLE_LOCK);
    CU_ASSERT_EQUAL(clang_diag_kind(TOOL_TIDY, "clang-diagnostic-unused-variable", "unused"),
                    FK_OTHER);
    CU_ASSERT_EQUAL(clang_diag_kind(TOOL_TIDY, "cert-con36-c", "x"), FK_CONDVAR_MISUSE);
}

int register_static_tests(void)
{
    CU_pSuite s = CU_add_suite("static tools", NULL, NULL);
    if (!s || !CU_add_test(s, "tsa diagnostics", test_tsa) ||
        !CU_add_test(s, "analyzer diagnostics", test_analyzer) ||
        !CU_add_test(s, "clang-tidy diagnostics", test_tidy) ||
        !CU_add_test(s, "sources that do not compile", test_errors) ||
        !CU_add_test(s, "kinds of other diagnostics", test_kinds))
        return -1;
    return 0;
}
