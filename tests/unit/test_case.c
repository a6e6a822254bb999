/* test_case.c: the racelab-case header parser and the catalog. Malformed
 * headers must be rejected with "file:line: what is wrong". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "catalog_page.h"
#include "test.h"
#include "toolchain.h"
#include "util.h"

static const char valid_unsafe[] = "/* racelab-case\n"
                                   " * title: Unsynchronised shared counter\n"
                                   " * bug: Two threads add 1 to `counter`.\n"
                                   " *   One increment is lost.\n"
                                   " * fix: Use atomic_fetch_add.\n"
                                   " * rust: E0373.\n"
                                   " * tsan: data-race\n"
                                   " * helgrind: data-race, lock-order\n"
                                   " * drd: n/a: DRD cannot judge this.\n"
                                   " * oracle: stdout \"counter = 200000\"\n"
                                   " * oracle: exit 0\n"
                                   " * threads: 2\n"
                                   " * args: 10 \"two words\"\n"
                                   " * timeout: 30\n"
                                   " * build: openmp\n"
                                   " * tsa: data-race, lock-held-at-exit\n"
                                   " * analyzer: clean: one path through one function.\n"
                                   " * tidy: clean\n"
                                   /* Last, so that the lines above keep their numbers. */
                                   " * hint: Is `counter++` one step?\n"
                                   " * hint: A read-modify-write must be\n"
                                   " *   indivisible.\n"
                                   " * hint: Use atomic_fetch_add.\n"
                                   " * overlap:  work \n"
                                   " * allow: env, clock\n"
                                   " * param: iters 100000 1000..200000\n"
                                   " * task: Make the count right.\n"
                                   " * wrong-fix: volatile: volatile does not make ++\n"
                                   " *   indivisible.\n"
                                   " * cppcheck: clean\n"
                                   " */\n"
                                   "int main(void) { return 0; }\n";

static const char valid_safe[] = "\n/* racelab-case\n"
                                 " * title: Counter with atomics\n"
                                 " * discipline: fetch_add is indivisible.\n"
                                 " *\n"
                                 " * tsan: clean\n"
                                 " * helgrind: n/a: no C11 atomics model\n"
                                 " * drd: clean\n"
                                 " * oracle: exit 0\n"
                                 " * threads: 0\n"
                                 " * timeout: 5\n"
                                 " * param: iters 100000 1000..200000\n"
                                 " */\n";

/* Replace the first occurrence of `from` in the valid header by `to`. */
static char *mutate(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static void test_valid_unsafe_header(void)
{
    struct program p;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(
        program_parse("cases/threads/x.c", valid_unsafe, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_STRING_EQUAL(p.title, "Unsynchronised shared counter");
    CU_ASSERT_STRING_EQUAL(p.about, "Two threads add 1 to `counter`. One increment is lost.");
    CU_ASSERT_STRING_EQUAL(p.fix, "Use atomic_fetch_add.");
    CU_ASSERT_EQUAL(p.expect[TOOL_TSAN].mode, EXPECT_KINDS);
    CU_ASSERT_EQUAL(p.expect[TOOL_TSAN].kinds, 1u << FK_DATA_RACE);
    CU_ASSERT_EQUAL(p.expect[TOOL_HELGRIND].kinds, (1u << FK_DATA_RACE) | (1u << FK_LOCK_ORDER));
    CU_ASSERT_EQUAL(p.expect[TOOL_HELGRIND].line, 8);
    CU_ASSERT_EQUAL(p.expect[TOOL_DRD].mode, EXPECT_NA);
    CU_ASSERT_STRING_EQUAL(p.expect[TOOL_DRD].reason, "DRD cannot judge this.");
    CU_ASSERT_EQUAL_FATAL(p.noracles, 2);
    CU_ASSERT_EQUAL(p.oracles[0].type, ORACLE_STDOUT);
    CU_ASSERT_STRING_EQUAL(p.oracles[0].text, "counter = 200000");
    CU_ASSERT_EQUAL(p.oracles[1].type, ORACLE_EXIT);
    CU_ASSERT_EQUAL(p.oracles[1].exit_code, 0);
    CU_ASSERT_EQUAL(p.min_threads, 2);
    CU_ASSERT_EQUAL(p.timeout_s, 30);
    CU_ASSERT_TRUE(p.openmp);
    CU_ASSERT_STRING_EQUAL(p.args[0], "10");
    CU_ASSERT_STRING_EQUAL(p.args[1], "two words");
    CU_ASSERT_PTR_NULL(p.args[2]);
    CU_ASSERT_EQUAL(p.header_end_line, 30);
    CU_ASSERT_EQUAL(p.expect[TOOL_TSA].kinds, (1u << FK_DATA_RACE) | (1u << FK_LOCK_HELD_AT_EXIT));
    CU_ASSERT_EQUAL(p.expect[TOOL_ANALYZER].mode, EXPECT_CLEAN);
    CU_ASSERT_STRING_EQUAL(p.expect[TOOL_ANALYZER].reason, "one path through one function.");
    CU_ASSERT_EQUAL(p.expect[TOOL_TIDY].mode, EXPECT_CLEAN);
    CU_ASSERT_PTR_NULL(p.expect[TOOL_TIDY].reason);
    /* The exercise: the hint ladder in order, continuation lines joined. */
    CU_ASSERT_EQUAL_FATAL(p.exercise.nhints, 3);
    CU_ASSERT_STRING_EQUAL(p.exercise.hints[0], "Is `counter++` one step?");
    CU_ASSERT_STRING_EQUAL(p.exercise.hints[1], "A read-modify-write must be indivisible.");
    CU_ASSERT_STRING_EQUAL(p.exercise.hints[2], "Use atomic_fetch_add.");
    CU_ASSERT_EQUAL(p.exercise.overlap, OVERLAP_WORK);
    CU_ASSERT_EQUAL(p.exercise.allow, 1u << 1 | 1u << 2);
    CU_ASSERT_EQUAL_FATAL(p.nparams, 1);
    CU_ASSERT_STRING_EQUAL(p.params[0].name, "iters");
    CU_ASSERT_EQUAL(p.params[0].dflt, 100000);
    CU_ASSERT_EQUAL(p.params[0].range[PARAM_MAIN].lo, 1000);
    CU_ASSERT_EQUAL(p.params[0].range[PARAM_MAIN].hi, 200000);
    CU_ASSERT_STRING_EQUAL(p.exercise.task, "Make the count right.");
    CU_ASSERT_EQUAL_FATAL(p.exercise.nwrong_fixes, 1);
    CU_ASSERT_EQUAL(p.exercise.wrong_fixes[0].kind, WRONG_VOLATILE);
    CU_ASSERT_STRING_EQUAL(p.exercise.wrong_fixes[0].message,
                           "volatile does not make ++ indivisible.");
    program_free(&p);

    /* `overlap`, `allow` and `param` are optional: the threads must then be
     * alive together, and nothing more is allowed. */
    char *text = mutate(valid_unsafe,
                        " * overlap:  work \n * allow: env, clock\n * param: iters 100000 "
                        "1000..200000\n",
                        "");
    CU_ASSERT_EQUAL_FATAL(program_parse("cases/threads/x.c", text, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_EQUAL(p.exercise.overlap, OVERLAP_LIFETIME);
    CU_ASSERT_EQUAL(p.exercise.allow, 0);
    CU_ASSERT_EQUAL(p.nparams, 0);
    CU_ASSERT_STRING_EQUAL(p.exercise.task, "Make the count right.");
    CU_ASSERT_EQUAL(p.exercise.nhints, 3);
    program_free(&p);
    free(text);

    /* An oracle computed from the parameters, checked at the defaults and
     * at both ends of each range. */
    text = mutate(valid_unsafe, " * oracle: stdout \"counter = 200000\"\n",
                  " * oracle: stdout \"counter = {2 * iters}, {{braces}}\"\n");
    CU_ASSERT_EQUAL_FATAL(program_parse("cases/threads/x.c", text, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_STRING_EQUAL(p.oracles[0].text, "counter = {2 * iters}, {{braces}}");
    program_free(&p);
    free(text);
}

static void test_valid_safe_header(void)
{
    struct program p;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(program_parse("safe/threads/x.c", valid_safe, VARIANT_SAFE, &p, &err), 0);
    CU_ASSERT_STRING_EQUAL(p.about, "fetch_add is indivisible.");
    CU_ASSERT_EQUAL(p.expect[TOOL_TSAN].mode, EXPECT_CLEAN);
    CU_ASSERT_EQUAL(p.expect[TOOL_HELGRIND].mode, EXPECT_NA);
    CU_ASSERT_PTR_NULL(p.rust);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p.args);
    CU_ASSERT_PTR_NULL(p.args[0]);
    CU_ASSERT_FALSE(p.openmp);
    /* The static tools default to clean in safe/: a twin must be warning-free. */
    CU_ASSERT_EQUAL(p.expect[TOOL_TSA].mode, EXPECT_CLEAN);
    CU_ASSERT_EQUAL(p.expect[TOOL_ANALYZER].mode, EXPECT_CLEAN);
    CU_ASSERT_EQUAL(p.expect[TOOL_TIDY].mode, EXPECT_CLEAN);
    CU_ASSERT_EQUAL(p.exercise.nhints, 0);
    CU_ASSERT_EQUAL(p.exercise.overlap, OVERLAP_LIFETIME);
    program_free(&p);
}

struct bad_header {
    const char *from, *to;
    const char *message; /* expected, exactly */
};

static void check_rejected(const char *base, enum variant v, const struct bad_header *cases,
                           size_t n)
{
    const char *path = v == VARIANT_SAFE ? "safe/threads/x.c" : "cases/threads/x.c";
    for (size_t i = 0; i < n; i++) {
        char *text = mutate(base, cases[i].from, cases[i].to);
        struct program p;
        char *err = NULL;
        int rc = program_parse(path, text, v, &p, &err);
        CU_ASSERT_EQUAL(rc, -1);
        if (rc == -1) {
            if (strcmp(err, cases[i].message) != 0)
                fprintf(stderr, "\n  case %zu: got      '%s'\n          expected '%s'\n", i, err,
                        cases[i].message);
            CU_ASSERT_STRING_EQUAL(err, cases[i].message);
            free(err);
        } else {
            program_free(&p);
        }
        free(text);
    }
}

static void test_malformed_unsafe_headers(void)
{
    static const struct bad_header bad[] = {
        {"/* racelab-case\n", "/* a comment\n",
         "cases/threads/x.c:1: missing header: the file must start with a '/* racelab-case' "
         "comment (see docs/case-format.md)"},
        {" * tsan: data-race\n", " * tsan: data-rice\n",
         "cases/threads/x.c:7: unknown finding kind 'data-rice' (did you mean 'data-race'?)"},
        {" * tsan: data-race\n", " * tsan: frobnicated\n",
         "cases/threads/x.c:7: unknown finding kind 'frobnicated' (expected 'clean', 'n/a: "
         "REASON' or kinds: data-race, use-after-free, lock-order, unlock-unowned, double-lock, "
         "destroy-locked, lock-held-at-exit, invalid-lock, rwlock-misuse, condvar-misuse, "
         "api-error, thread-leak, signal-unsafe, errno-spoiled, mt-unsafe-call, async-cancel, "
         "bad-thread-signal, block-under-lock, other, timeout, wrong-result)"},
        /* Every problem of a header in one pass. */
        {" * threads: 2\n", " * threads: two\n * tilte: x\n *   more of it\n * tsan: dta-race\n",
         "cases/threads/x.c:12: 'threads' must be a number from 0 to 1024\n"
         "cases/threads/x.c:13: unknown key 'tilte' (did you mean 'title'?)\n"
         "cases/threads/x.c:15: duplicate key 'tsan' (first on line 7)"},
        {" * tidy: clean\n", "",
         "cases/threads/x.c:1: missing required key 'tidy' (a program in "
         "cases/)"},
        /* Every tool's own header rule (tool_header_rule): the newest
         * static tool is required like the others; rustc's expectation is
         * the Rust twin's. */
        {" * cppcheck: clean\n", "",
         "cases/threads/x.c:1: missing required key 'cppcheck' (a program in cases/)"},
        {" * cppcheck: clean\n", " * cppcheck: clean\n * rustc: clean\n",
         "cases/threads/x.c:30: 'rustc' is not stated in a C program's header (the Rust twin's "
         "header says what rustc does)"},
        {" * tidy: clean\n", " * tidy: clean:\n",
         "cases/threads/x.c:18: 'clean:' needs a reason after the colon, or write just 'clean'"},
        {" * drd: n/a: DRD cannot judge this.\n", " * drd: n/a\n",
         "cases/threads/x.c:9: 'n/a' needs a reason: 'n/a: why this tool cannot judge it'"},
        {" * timeout: 30\n", " * timeout: 0\n",
         "cases/threads/x.c:14: 'timeout' must be whole seconds from 1 to 600"},
        {" * timeout: 30\n", "", "cases/threads/x.c:1: missing required key 'timeout'"},
        {" * threads: 2\n", " * threads: two\n",
         "cases/threads/x.c:12: 'threads' must be a number from 0 to 1024"},
        {" * oracle: exit 0\n", " * oracle: exit 300\n",
         "cases/threads/x.c:11: oracle 'exit N' needs N between 0 and 255"},
        {" * oracle: exit 0\n", " * oracle: stdout sum\n",
         "cases/threads/x.c:11: oracle 'stdout' needs one double-quoted line: stdout \"sum = 42\""},
        {" * oracle: exit 0\n", " * oracle: stderr \"x\"\n",
         "cases/threads/x.c:11: unknown oracle 'stderr \"x\"' (expected 'exit N' or 'stdout "
         "\"TEXT\"')"},
        {" * threads: 2\n", " * threads: 2\n * colour: blue\n",
         "cases/threads/x.c:13: unknown key 'colour' (see docs/case-format.md)"},
        {" * threads: 2\n", " * threads: 2\n * title: again\n",
         "cases/threads/x.c:13: duplicate key 'title' (first on line 2)"},
        {" * threads: 2\n", " * threads 2\n", "cases/threads/x.c:12: expected 'key: value'"},
        {" * threads: 2\n", "threads: 2\n",
         "cases/threads/x.c:12: header lines must start with ' * '"},
        {" */\nint main(void) { return 0; }\n", "",
         "cases/threads/x.c:1: header is not closed: add a line ' */'"},
        {" * timeout: 30\n", " * timeout: 30 */\n",
         "cases/threads/x.c:14: close the header with '*/' on a line of its own"},
        {" * fix: Use atomic_fetch_add.\n", "",
         "cases/threads/x.c:1: missing required key 'fix' (a program in cases/)"},
        {" * bug: Two", " * discipline: Two",
         "cases/threads/x.c:1: missing required key 'bug' (a program in cases/)"},
        {" * build: openmp\n", " * build: cuda\n",
         "cases/threads/x.c:15: unknown build feature 'cuda' (known: openmp)"},
        {" * title: Unsynchronised shared counter\n", " * title:\n",
         "cases/threads/x.c:2: 'title' has no value"},
        {" * args: 10 \"two words\"\n", " * args: \"open\n",
         "cases/threads/x.c:13: unterminated quote in args"},
        {" * title: Unsynchronised shared counter\n",
         " * title: Unsynchronised shared counter\n *   continued\n * \n *   orphan\n",
         "cases/threads/x.c:5: continuation line with no key before it"},
        /* Every buggy program is an exercise: at least three hints. */
        {" * hint: Use atomic_fetch_add.\n", "",
         "cases/threads/x.c:19: an exercise needs at least 3 hints (a nudge, the concept, nearly "
         "the solution); it has 2"},
        {" * hint: Is `counter++` one step?\n * hint: A read-modify-write must be\n"
         " *   indivisible.\n * hint: Use atomic_fetch_add.\n",
         "",
         "cases/threads/x.c:1: an exercise needs at least 3 hints (a nudge, the concept, nearly "
         "the solution); it has 0"},
        {" * wrong-fix: volatile:", " * wrong-fix: atomic:",
         "cases/threads/x.c:27: expected 'wrong-fix: KIND: what to tell the student', KIND one of "
         "volatile, lock-write-only, sleep, lock-per-thread, relaxed"},
        {" * wrong-fix: volatile: volatile does not make ++\n *   indivisible.\n",
         " * wrong-fix: sleep:\n",
         "cases/threads/x.c:27: expected 'wrong-fix: KIND: what to tell the student', KIND one of "
         "volatile, lock-write-only, sleep, lock-per-thread, relaxed"},
        {" * wrong-fix: volatile: volatile does not make ++\n",
         " * wrong-fix: sleep: no.\n * wrong-fix: sleep: again\n",
         "cases/threads/x.c:28: wrong-fix 'sleep' named twice"},
        {" * task: Make the count right.\n", "",
         "cases/threads/x.c:1: missing required key 'task' (a program in cases/)"},
        {" * overlap:  work \n", " * overlap: whole-thread-lock\n",
         "cases/threads/x.c:23: unknown overlap rule 'whole-thread-lock' (known: lifetime, work, "
         "none)"},
        {" * overlap:  work \n", " * overlap: work\n * overlap: work\n",
         "cases/threads/x.c:24: duplicate key 'overlap' (first on line 23)"},
        {" * allow: env, clock\n", " * allow: env, network\n",
         "cases/threads/x.c:24: unknown capability 'network' (known: process, env, clock, files, "
         "signals, fences)"},
        {" * param: iters 100000 1000..200000\n", " * param: iters 100000 1000-200000\n",
         "cases/threads/x.c:25: expected 'NAME DEFAULT LO..HI', e.g. 'iters 100000 "
         "50000..200000'"},
        {" * param: iters 100000 1000..200000\n", " * param: iters 100 2000..1000\n",
         "cases/threads/x.c:25: LO must not exceed HI"},
        {" * param: iters 100000 1000..200000\n", " * param: Iters 100000 1000..200000\n",
         "cases/threads/x.c:25: expected 'NAME DEFAULT LO..HI' with a lower-case name, e.g. 'iters "
         "100000 50000..200000'"},
        {" * param: iters 100000 1000..200000\n",
         " * param: iters 100000 1000..200000\n * param: iters 1 1..2\n",
         "cases/threads/x.c:26: parameter 'iters' declared twice"},
        {" * oracle: stdout \"counter = 200000\"\n", " * oracle: stdout \"counter = {2*n}\"\n",
         "cases/threads/x.c:10: oracle: an unknown parameter 'n' in \"counter = {2*n}\""},
        {" * oracle: stdout \"counter = 200000\"\n",
         " * oracle: stdout \"counter = {iters * iters * iters * iters}\"\n",
         "cases/threads/x.c:10: oracle: overflow in \"counter = {iters * iters * iters * iters}\""},
        {" * oracle: stdout \"counter = 200000\"\n", " * oracle: stdout \"counter = {2*iters\"\n",
         "cases/threads/x.c:10: oracle: expected '}' after the expression in \"counter = "
         "{2*iters\""},
    };
    check_rejected(valid_unsafe, VARIANT_UNSAFE, bad, sizeof bad / sizeof *bad);
    /* Nothing expected from any tool, static ones included: nothing would show the bug. */
    char *quiet = mutate(valid_unsafe, " * tsa: data-race, lock-held-at-exit\n", " * tsa: clean\n");
    static const struct bad_header silent[] = {
        {" * tsan: data-race\n * helgrind: data-race, lock-order\n",
         " * tsan: clean\n * helgrind: clean\n",
         "cases/threads/x.c:1: no tool is expected to report anything, so nothing would show the "
         "bug: expect a finding kind (or 'timeout' / 'wrong-result') from at least one tool"},
    };
    check_rejected(quiet, VARIANT_UNSAFE, silent, 1);
    free(quiet);
}

static void test_malformed_safe_headers(void)
{
    static const struct bad_header bad[] = {
        {" * tsan: clean\n", " * tsan: data-race\n",
         "safe/threads/x.c:6: a safe twin must be 'clean' under tsan, or 'n/a: REASON' if tsan "
         "cannot judge it"},
        {" * discipline:", " * bug:",
         "safe/threads/x.c:2: missing required key 'discipline' (a program in safe/)"},
        {" * timeout: 5\n", " * timeout: 5\n * fix: no\n",
         "safe/threads/x.c:12: 'bug' and 'fix' belong in cases/; a program in safe/ has "
         "'discipline'"},
        {" * drd: clean\n", " * drd: clean\n * tsa: clean: blind\n",
         "safe/threads/x.c:9: 'clean: REASON' says why a tool cannot see a bug: it belongs in "
         "cases/; write just 'clean' here"},
        {" * drd: clean\n", " * drd: clean\n * tidy: mt-unsafe-call\n",
         "safe/threads/x.c:9: a safe twin must be 'clean' under tidy, or 'n/a: REASON' if tidy "
         "cannot judge it"},
        /* The safe twin is the answer, not an exercise. */
        {" * timeout: 5\n", " * timeout: 5\n * hint: look closer\n",
         "safe/threads/x.c:12: 'hint' is about the exercise: it belongs in cases/"},
        {" * timeout: 5\n", " * timeout: 5\n * overlap: work\n",
         "safe/threads/x.c:12: 'overlap' is about the exercise: it belongs in cases/"},
        {" * timeout: 5\n", " * timeout: 5\n * task: do it\n",
         "safe/threads/x.c:12: 'task' is about the exercise: it belongs in cases/"},
    };
    check_rejected(valid_safe, VARIANT_SAFE, bad, sizeof bad / sizeof *bad);
}

/* ---- catalog ---------------------------------------------------------- */

static char *make_catalog(void)
{
    char tmpl[] = "/tmp/racelab-catalog-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    static const char *const files[][2] = {
        {"cases/threads/b-case.c", valid_unsafe}, {"safe/threads/b-case.c", valid_safe},
        {"cases/threads/a-case.c", valid_unsafe}, {"safe/threads/a-case.c", valid_safe},
        {"cases/locking/z-case.c", valid_unsafe}, {"safe/locking/z-case.c", valid_safe},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *path = xasprintf("%s/%s", tmpl, files[i][0]);
        char *dir = xstrdup(path);
        *strrchr(dir, '/') = '\0';
        CU_ASSERT_EQUAL(mkdir_p(dir), 0);
        CU_ASSERT_EQUAL(write_file(path, files[i][1], strlen(files[i][1])), 0);
        free(dir);
        free(path);
    }
    return xstrdup(tmpl);
}

static void test_catalog_load_and_select(void)
{
    char *root = make_catalog();
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(catalog_load(root, &cat, &err), 0);
    CU_ASSERT_EQUAL_FATAL(cat.len, 3);
    /* family order (threads before locking), then name */
    CU_ASSERT_STRING_EQUAL(cat.cases[0].id, "threads/a-case");
    CU_ASSERT_STRING_EQUAL(cat.cases[1].id, "threads/b-case");
    CU_ASSERT_STRING_EQUAL(cat.cases[2].id, "locking/z-case");
    CU_ASSERT_STRING_EQUAL(cat.cases[2].variants[VARIANT_SAFE].path, "safe/locking/z-case.c");
    CU_ASSERT_PTR_NOT_NULL(catalog_find(&cat, "threads/b-case"));
    CU_ASSERT_PTR_NULL(catalog_find(&cat, "threads/c-case"));

    bool sel[3];
    const char *by_family[] = {"threads"};
    CU_ASSERT_EQUAL(catalog_select(&cat, by_family, 1, sel, &err), 0);
    CU_ASSERT(sel[0] && sel[1] && !sel[2]);
    const char *by_glob[] = {"*/z-*"};
    CU_ASSERT_EQUAL(catalog_select(&cat, by_glob, 1, sel, &err), 0);
    CU_ASSERT(!sel[0] && !sel[1] && sel[2]);
    const char *by_path[] = {"safe/threads/a-case.c", "locking/z-case"};
    CU_ASSERT_EQUAL(catalog_select(&cat, by_path, 2, sel, &err), 0);
    CU_ASSERT(sel[0] && !sel[1] && sel[2]);
    CU_ASSERT_EQUAL(catalog_select(&cat, NULL, 0, sel, &err), 0);
    CU_ASSERT(sel[0] && sel[1] && sel[2]);
    const char *unknown[] = {"threads/nope"};
    CU_ASSERT_EQUAL(catalog_select(&cat, unknown, 1, sel, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no case matches 'threads/nope'"));
    free(err);
    catalog_free(&cat);

    /* A program without its twin, an unknown family and a bad header are all reported at once. */
    char *lonely = xasprintf("%s/cases/threads/lonely.c", root);
    char *family = xasprintf("%s/cases/gpu", root);
    char *broken = xasprintf("%s/safe/threads/b-case.c", root);
    CU_ASSERT_EQUAL(write_file(lonely, valid_unsafe, strlen(valid_unsafe)), 0);
    CU_ASSERT_EQUAL(mkdir_p(family), 0);
    CU_ASSERT_EQUAL(write_file(broken, "int x;\n", 7), 0);
    err = NULL;
    CU_ASSERT_EQUAL(catalog_load(root, &cat, &err), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cases/gpu: unknown family"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cases/threads/lonely.c: has no safe twin "
                                       "safe/threads/lonely.c"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "safe/threads/b-case.c:1: missing header"));
    free(err);
    free(lonely);
    free(family);
    free(broken);
    remove_tree(root);
    free(root);
}

/* The summary's cost table counts annotations in code, NOLINT in comments,
 * and nothing in strings or in the header. */
static void test_annotation_count(void)
{
    char *root = make_catalog();
    char *safe = xasprintf("%s/safe/threads/a-case.c", root);
    char *text = xasprintf("%s#include \"racelab/guarded.h\"\n"
                           "static rl_mutex m;\nstatic long x GUARDED_BY(m), y PT_GUARDED_BY(m);\n"
                           "/* GUARDED_BY(m) in a comment is prose */\n"
                           "static void f(void) REQUIRES(m) EXCLUDES(n); // NOLINT(x): why\n"
                           "const char *s = \"ACQUIRE(m) \\\" GUARDED_BY(m)\";\n"
                           "static void g(void) NO_THREAD_SAFETY_ANALYSIS;\n",
                           valid_safe);
    CU_ASSERT_EQUAL_FATAL(write_file(safe, text, strlen(text)), 0);
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(catalog_load(root, &cat, &err), 0);
    bool all[3] = {true, true, true};
    char *md = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&md, &len);
    catalog_summary_markdown(out, &cat, all);
    fclose(out);
    static const char *const rows[] = {
        "| safe twins with annotations (`include/racelab/guarded.h`) | 1 |\n",
        "| `GUARDED_BY`, `PT_GUARDED_BY`: which lock guards which data | 2 |\n",
        "| `REQUIRES`, `REQUIRES_SHARED`: functions called with a lock held | 1 |\n",
        "| `EXCLUDES`: functions that take a lock themselves | 1 |\n",
        "functions that return holding a lock, or release one | 0 |\n",
        "(a hole) | 1 |\n",
        "silenced, with its reason | 1 |\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!strstr(md, rows[i]))
            fprintf(stderr, "\n  summary lacks '%s':\n%s\n", rows[i], md);
        CU_ASSERT_PTR_NOT_NULL(strstr(md, rows[i]));
    }
    free(md);
    catalog_free(&cat);
    free(text);
    free(safe);
    remove_tree(root);
    free(root);
}

/* ---- parameters and computed oracles (param.c) ---------------------------------- */

static void test_param_expand(void)
{
    struct param ps[2];
    const char *why;
    CU_ASSERT_EQUAL_FATAL(param_parse("iters 100 10..1000", &ps[0], &why), 0);
    CU_ASSERT_EQUAL_FATAL(param_parse("n_2 7 -5..9", &ps[1], &why), 0);
    static const struct {
        const char *tmpl;
        const char *want; /* NULL: an error */
    } cases[] = {
        {"counter = {2*iters}", "counter = 200"},
        {"{iters} and {n_2}", "100 and 7"},
        {"sum = {n_2 * (n_2 + 1) / 2}", "sum = 28"},
        {"{ -n_2 - -3 }", "-4"},
        {"{iters % 7}", "2"},
        {"{{literal}} {iters}", "{literal} 100"},
        {"no braces", "no braces"},
        {"{iters / (n_2 - 7)}", NULL},
        {"{nope}", NULL},
        {"{2 *}", NULL},
        {"{(2}", NULL},
        {"{2} }", NULL},
        {"{9223372036854775807 + 1}", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *err = NULL, *got = param_expand(cases[i].tmpl, ps, 2, NULL, &err);
        if (cases[i].want) {
            CU_ASSERT_PTR_NOT_NULL(got);
            if (got && strcmp(got, cases[i].want) != 0)
                fprintf(stderr, "\n%s gave '%s', want '%s'\n", cases[i].tmpl, got, cases[i].want);
            CU_ASSERT(got && strcmp(got, cases[i].want) == 0);
        } else {
            CU_ASSERT_PTR_NULL(got);
            CU_ASSERT_PTR_NOT_NULL(err);
        }
        free(got);
        free(err);
    }
    /* With a run's own values. */
    long values[2] = {123, -2};
    char *err = NULL, *got = param_expand("c = {2*iters}, {n_2}", ps, 2, values, &err);
    CU_ASSERT_STRING_EQUAL(got, "c = 246, -2");
    free(got);
    char *env = param_env(&ps[1], -2), *desc = param_describe(ps, 2, values);
    CU_ASSERT_STRING_EQUAL(env, "RACELAB_PARAM_N_2=-2");
    CU_ASSERT_STRING_EQUAL(desc, "iters = 123, n_2 = -2");
    free(env);
    free(desc);
    /* Fresh values stay within their ranges and do change. */
    unsigned long long seed = 42;
    bool changed = false;
    for (int k = 0; k < 1000; k++) {
        param_choose(ps, 2, PARAM_NATIVE, &seed, values); /* no native range: the main one */
        CU_ASSERT(values[0] >= 10 && values[0] <= 1000 && values[1] >= -5 && values[1] <= 9);
        changed |= values[0] != 100;
    }
    CU_ASSERT_TRUE(changed);
    /* Under Valgrind and natively, a parameter's own slower and faster
     * ranges, in either order. */
    struct param slow, again;
    CU_ASSERT_EQUAL_FATAL(
        param_parse("iters 1 1000..2000 valgrind 10..20 native 50000..60000", &slow, &why), 0);
    CU_ASSERT_TRUE(slow.range[PARAM_VALGRIND].set && slow.range[PARAM_NATIVE].set);
    for (int k = 0; k < 100; k++) {
        param_choose(&slow, 1, PARAM_VALGRIND, &seed, values);
        CU_ASSERT(values[0] >= 10 && values[0] <= 20);
        param_choose(&slow, 1, PARAM_MAIN, &seed, values);
        CU_ASSERT(values[0] >= 1000 && values[0] <= 2000);
        param_choose(&slow, 1, PARAM_NATIVE, &seed, values);
        CU_ASSERT(values[0] >= 50000 && values[0] <= 60000);
    }
    CU_ASSERT_EQUAL_FATAL(
        param_parse("iters 1 1000..2000 native 50000..60000 valgrind 10..20", &again, &why), 0);
    CU_ASSERT_TRUE(param_equal(&slow, &again));
    param_free(&again);
    CU_ASSERT_EQUAL_FATAL(param_parse("iters 1 1000..2000 valgrind 10..20", &again, &why), 0);
    CU_ASSERT_FALSE(param_equal(&slow, &again));
    param_free(&again);
    param_free(&slow);
    CU_ASSERT_EQUAL(param_parse("iters 1 1000..2000 valgrind 30..20", &slow, &why), -1);
    CU_ASSERT_EQUAL(param_parse("iters 1 1000..2000 valgrind", &slow, &why), -1);
    CU_ASSERT_EQUAL(param_parse("iters 1 1000..2000 native 1..2 native 3..4", &slow, &why), -1);
    CU_ASSERT_EQUAL(param_parse("iters 1 1000..2000 helgrind 1..2", &slow, &why), -1);
    param_free(&ps[0]);
    param_free(&ps[1]);
}

/* `toolchain: NAME TOOL: EXPECTATION: WHY` (docs/case-format.md): the
 * line of the toolchain in use replaces the tool's own, the other is kept
 * for the page; every malformed line is told with its line. */
static void test_toolchain_lines(void)
{
    const struct toolchain *in_use = toolchain_current();
    const struct toolchain *other =
        toolchain_row(0) == in_use ? toolchain_row(1) : toolchain_row(0);
    char *lines = xasprintf(" * tsan: data-race\n"
                            " * toolchain: %s tsan: data-race, use-after-free: it also sees\n"
                            " *   the write after the free.\n"
                            " * toolchain: %s helgrind: clean: it cannot see this.\n",
                            in_use->name, other->name);
    char *text = mutate(valid_unsafe, " * tsan: data-race\n", lines);
    struct program p;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(program_parse("cases/threads/x.c", text, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_EQUAL_FATAL(p.ntoolchain_expect, 2);
    /* In use: judged by the toolchain's line; the header's own kept. */
    CU_ASSERT_EQUAL(p.expect[TOOL_TSAN].kinds, 1u << FK_DATA_RACE | 1u << FK_USE_AFTER_FREE);
    CU_ASSERT_TRUE(p.toolchain_expect[0].applied);
    CU_ASSERT_EQUAL(program_header_expectation(&p, TOOL_TSAN)->kinds, 1u << FK_DATA_RACE);
    CU_ASSERT_STRING_EQUAL(p.toolchain_expect[0].why, "it also sees the write after the free.");
    /* Not in use: the header's own line judges. */
    CU_ASSERT_FALSE(p.toolchain_expect[1].applied);
    CU_ASSERT_EQUAL(p.expect[TOOL_HELGRIND].mode, EXPECT_KINDS);
    CU_ASSERT_EQUAL(p.toolchain_expect[1].ex.mode, EXPECT_CLEAN);
    CU_ASSERT_STRING_EQUAL(p.toolchain_expect[1].why, "it cannot see this.");
    program_free(&p);
    free(text);
    free(lines);

    static const struct bad_header bad[] = {
        {" * tsan: data-race\n", " * tsan: data-race\n * toolchain: clang-9 tsan: clean: x\n",
         "cases/threads/x.c:8: unknown toolchain 'clang-9' (known: clang-19, clang-14)"},
        {" * tsan: data-race\n", " * tsan: data-race\n * toolchain: clang-19 tsan: data-race\n",
         "cases/threads/x.c:8: toolchain clang-19 tsan: say why it differs: 'data-race: WHY'"},
        {" * tsan: data-race\n", " * tsan: data-race\n * toolchain: clang-19 tsan: clean\n",
         "cases/threads/x.c:8: toolchain clang-19 tsan: say why it differs: 'clean: WHY'"},
        {" * tsan: data-race\n", " * tsan: data-race\n * toolchain: clang-19 rustc: clean: x\n",
         "cases/threads/x.c:8: toolchain clang-19: 'rustc' is not a tool a C header names"},
        {" * tsan: data-race\n", " * tsan: data-race\n * toolchain: clang-19\n",
         "cases/threads/x.c:8: expected 'toolchain: NAME TOOL: EXPECTATION: WHY', e.g. "
         "'toolchain: clang-19 tsan: data-race, use-after-free: why'"},
        {" * tsan: data-race\n",
         " * tsan: data-race\n * toolchain: 19 tsan: clean: x\n * toolchain: clang-19 tsan: "
         "clean: y\n",
         "cases/threads/x.c:9: toolchain clang-19 tsan: named twice"},
    };
    check_rejected(valid_unsafe, VARIANT_UNSAFE, bad, sizeof bad / sizeof *bad);
    static const struct bad_header bad_safe[] = {
        {" * tsan: clean\n", " * tsan: clean\n * toolchain: clang-19 tsan: data-race: why\n",
         "safe/threads/x.c:7: a safe twin must be 'clean' under every toolchain, or 'n/a: "
         "REASON'"},
    };
    check_rejected(valid_safe, VARIANT_SAFE, bad_safe, 1);
}

int register_case_tests(void)
{
    CU_pSuite s = CU_add_suite("case header and catalog", NULL, NULL);
    if (!s || !CU_add_test(s, "valid unsafe header", test_valid_unsafe_header) ||
        !CU_add_test(s, "valid safe header", test_valid_safe_header) ||
        !CU_add_test(s, "malformed unsafe headers", test_malformed_unsafe_headers) ||
        !CU_add_test(s, "malformed safe headers", test_malformed_safe_headers) ||
        !CU_add_test(s, "catalog load and select", test_catalog_load_and_select) ||
        !CU_add_test(s, "annotations counted for the summary", test_annotation_count) ||
        !CU_add_test(s, "parameters and computed oracles", test_param_expand) ||
        !CU_add_test(s, "toolchain lines", test_toolchain_lines))
        return -1;
    return 0;
}
