/* test_hostile_input.c: files that are not what they claim to be (issue 17).
 *
 * The readers of files a person or a program under test gives racelab: a
 * text file that is a FIFO, a directory, a symbolic-link loop, 2 MB or holds
 * a NUL byte; a "program" that is a script, an object file or text; the
 * records racelab writes and reads back (the thread count, a baseline, a
 * workspace's progress), read from tests/fixtures/records/, which ./record
 * made with real commands. tests/hostile.sh drives the same cases through the
 * command line. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "binary_info.h"
#include "case.h"
#include "exercise.h"
#include "test.h"
#include "tool_module.h"
#include "util.h"

/* read_text_file's answer for path: 0 with the text, or -1 and why. */
static int read_text(const char *path, size_t max, char **why, int *err)
{
    char *text = NULL;
    int rc = read_text_file(path, max, &text, why);
    *err = errno;
    free(text);
    return rc;
}

static void test_read_text_file(void)
{
    char *dir = test_temp_dir(), *why = NULL;
    int err = 0;
    char *ok = xasprintf("%s/ok.c", dir), *nul = xasprintf("%s/nul.c", dir);
    char *fifo = xasprintf("%s/fifo.c", dir), *sub = xasprintf("%s/dir.c", dir);
    char *loop = xasprintf("%s/loop.c", dir), *big = xasprintf("%s/big.c", dir);
    char *missing = xasprintf("%s/missing.c", dir);
    test_put(ok, "int x;\n");
    CU_ASSERT_EQUAL_FATAL(write_file(nul, "a\nb\n\0c", 7), 0);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    CU_ASSERT_EQUAL_FATAL(symlink("loop.c", loop), 0);
    char *blob = xcalloc(1, 4097);
    memset(blob, 'x', 4096);
    test_put(big, blob);
    free(blob);

    char *text = NULL;
    CU_ASSERT_EQUAL(read_text_file(ok, 4096, &text, &why), 0);
    CU_ASSERT_STRING_EQUAL(text ? text : "", "int x;\n");
    CU_ASSERT_PTR_NULL(why);
    free(text);
    struct {
        const char *path, *why;
        int err;
    } bad[] = {
        {nul, "not a text file: line 3 holds a NUL byte", EINVAL},
        {fifo, "not a regular file (a FIFO)", EINVAL}, /* and it did not wait for a writer */
        {sub, "not a regular file (a directory)", EINVAL},
        {loop, "cannot read: Too many levels of symbolic links", ELOOP},
        {big, "too large: 0.0 MB (a file of this kind is at most 0.0 MB)", EFBIG},
        {missing, "cannot read: No such file or directory", ENOENT},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        CU_ASSERT_EQUAL(read_text(bad[i].path, 4095, &why, &err), -1);
        CU_ASSERT_STRING_EQUAL(why ? why : "", bad[i].why);
        CU_ASSERT_EQUAL(err, bad[i].err);
        free(why);
    }
    free(missing);
    free(big);
    free(loop);
    free(sub);
    free(fifo);
    free(nul);
    free(ok);
    remove_tree(dir);
    free(dir);
}

/* Each kind of file racelab run is given, built here by the real compiler. */
static void test_binary_not_runnable(void)
{
    char *dir = test_temp_dir();
    char *src = xasprintf("%s/f.c", dir), *prog = xasprintf("%s/prog", dir);
    char *obj = xasprintf("%s/f.o", dir), *lib = xasprintf("%s/lib.so", dir);
    char *text = xasprintf("%s/text", dir), *script = xasprintf("%s/script", dir);
    char *empty = xasprintf("%s/empty", dir);
    test_put(src, "int f(void) { return 1; }\nint main(void) { return f() - 1; }\n");
    test_put(text, "hello\nworld\n");
    test_put(script, "#!/bin/sh\necho hi\n");
    test_put(empty, "");
    char *cmd = xasprintf("cc -o '%s' '%s' && cc -c -o '%s' '%s' && cc -shared -fPIC -o '%s' '%s'",
                          prog, src, obj, src, lib, src);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    free(cmd);

    CU_ASSERT_PTR_NULL(binary_not_runnable(prog)); /* a PIE: ET_DYN with an interpreter */
    struct {
        const char *path, *starts;
    } bad[] = {
        {text, "not a program: neither an ELF executable nor a script (it starts with "
               "\"hello\\x0aworld\\x0a\")"},
        {script, "a script (#!/bin/sh), not a compiled program"},
        {obj, "an object file (.o), not a program"},
        {lib, "a shared library, not a program"},
        {empty, "an empty file, not a program"},
        {dir, "a directory, not a program"},
        {"/dev/null", "not a regular file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *why = binary_not_runnable(bad[i].path);
        CU_ASSERT_PTR_NOT_NULL(why);
        CU_ASSERT_TRUE(why && str_starts_with(why, bad[i].starts));
        if (why && !str_starts_with(why, bad[i].starts))
            fprintf(stderr, "\n  %s: '%s'\n", bad[i].path, why);
        free(why);
    }
    free(empty);
    free(script);
    free(text);
    free(lib);
    free(obj);
    free(prog);
    free(src);
    remove_tree(dir);
    free(dir);
}

static void test_thread_count_records(void)
{
    bool exited = false;
    char *text = test_fixture("records/thread-count-exit.txt", NULL);
    CU_ASSERT_EQUAL(thread_count_parse(text, &exited), 3);
    CU_ASSERT_TRUE(exited);
    free(text);
    text = test_fixture("records/thread-count-run.txt", NULL);
    CU_ASSERT_EQUAL(thread_count_parse(text, &exited), 3);
    CU_ASSERT_FALSE(exited);
    free(text);
    /* What a program could write there instead. */
    static const char *const bad[] = {
        "",           "exit",    "3",
        "3 exited",   "-1 exit", "3 exit junk",
        "3 run\nrun", "x3 exit", "99999999999999999999 exit",
        "3exit",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        exited = true;
        CU_ASSERT_EQUAL(thread_count_parse(bad[i], &exited), -1);
        CU_ASSERT_FALSE(exited);
    }
}

static void test_baseline_record(void)
{
    size_t len = 0;
    char *text = test_fixture("records/ledger.baseline", &len), *err = NULL;
    struct baseline b;
    CU_ASSERT_EQUAL_FATAL(baseline_parse(text, len, "ledger.baseline", &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 3);
    unsigned tools = 0;
    for (size_t i = 0; i < b.len; i++) {
        tools |= 1u << b.entries[i].tool;
        CU_ASSERT_EQUAL(b.entries[i].kind, FK_DATA_RACE);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.entries[i].text, "ledger.c:ledger_post:`balance +="));
    }
    CU_ASSERT_EQUAL(tools, 1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD);
    char *again = baseline_text(&b);
    CU_ASSERT_STRING_EQUAL(again, text); /* what racelab wrote, it writes again */
    free(again);
    baseline_free(&b);
    free(text);
}

static void test_progress_record(void)
{
    size_t len = 0;
    char *text = test_fixture("records/progress.txt", &len), *err = NULL, *warnings = NULL;
    struct workspace ws = {.dir = "/w", .cat = &test_repo_catalog};
    ws.state = xcalloc(test_repo_catalog.len, sizeof *ws.state);
    CU_ASSERT_EQUAL(workspace_progress_parse(&ws, "progress.txt", text, len, &warnings, &err), 0);
    CU_ASSERT_PTR_NULL(warnings);
    int sc = workspace_find(&ws, "threads/shared-counter");
    int cta = workspace_find(&ws, "locking/check-then-act");
    CU_ASSERT_FATAL(sc >= 0 && cta >= 0);
    CU_ASSERT_EQUAL(ws.state[sc].hints_seen, 2);
    CU_ASSERT_EQUAL(ws.state[cta].hints_seen, 1);
    CU_ASSERT_STRING_EQUAL(ws.current ? ws.current->id : "", "threads/exit-while-running");
    free(text);

    /* A count too large for an int is an error, not undefined behaviour. */
    static const char big[] = "threads/shared-counter done 99999999999999999999\n";
    CU_ASSERT_EQUAL(
        workspace_progress_parse(&ws, "progress.txt", big, strlen(big), &warnings, &err), -1);
    CU_ASSERT_TRUE(err && str_starts_with(err, "progress.txt:1: expected 'ID done|pending HINTS'"));
    free(err);
    static const char nul[] = "threads/shared-counter done 1\n\0x";
    CU_ASSERT_EQUAL(
        workspace_progress_parse(&ws, "progress.txt", nul, sizeof nul - 1, &warnings, &err), -1);
    CU_ASSERT_STRING_EQUAL(err ? err : "", "progress.txt: not a text file (it holds a NUL byte)");
    free(err);
    /* An exercise the catalog lacks: a warning, the rest read. */
    static const char gone[] = "threads/gone pending 1\nthreads/shared-counter done 0\n";
    err = NULL;
    CU_ASSERT_EQUAL(
        workspace_progress_parse(&ws, "progress.txt", gone, strlen(gone), &warnings, &err), 0);
    CU_ASSERT_STRING_EQUAL(warnings ? warnings : "",
                           "progress.txt:1: no exercise 'threads/gone' in the catalog; ignored\n");
    CU_ASSERT_TRUE(ws.state[sc].done);
    free(warnings);
    free(ws.state);
}

/* A catalog whose family holds one good case and every kind of bad file:
 * each is named with what is wrong; the good one loads. */
static void test_catalog_hostile_files(void)
{
    char *root = test_temp_dir(), *err = NULL, *broken = NULL;
    CU_ASSERT_EQUAL_FATAL(test_copy_headers(root), 0);
    const char *names[] = {"shared-counter"};
    for (int v = 0; v < 2; v++) {
        char *from = xasprintf("%s/%s.c", v ? "safe/threads" : "cases/threads", names[0]);
        char *to = xasprintf("%s/%s", root, from), *text = NULL;
        CU_ASSERT_EQUAL_FATAL(read_file(from, &text, NULL), 0);
        test_put(to, text);
        free(text);
        free(to);
        free(from);
    }
    char *p = xasprintf("%s/cases/threads/nul.c", root);
    CU_ASSERT_EQUAL(write_file(p, "/* racelab-case\n * title: x\0\n */\n", 30), 0);
    free(p);
    p = xasprintf("%s/cases/threads/fifo.c", root);
    CU_ASSERT_EQUAL(mkfifo(p, 0600), 0);
    free(p);
    p = xasprintf("%s/cases/threads/loop.c", root);
    CU_ASSERT_EQUAL(symlink("loop.c", p), 0);
    free(p);
    p = xasprintf("%s/cases/threads/huge.c", root);
    char *blob = xcalloc(1, (2u << 20) + 1);
    memset(blob, '\n', 2u << 20);
    test_put(p, blob);
    free(blob);
    free(p);
    struct catalog got;
    CU_ASSERT_EQUAL_FATAL(catalog_load_partial(root, &got, &broken, &err), 0);
    CU_ASSERT_EQUAL(got.len, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(broken);
    static const char *const said[] = {
        "cases/threads/nul.c: not a text file: line 2 holds a NUL byte",
        "cases/threads/fifo.c: not a regular file (a FIFO)",
        "cases/threads/loop.c: cannot read: Too many levels of symbolic links",
        "cases/threads/huge.c: too large: 2.0 MB (a file of this kind is at most 1.0 MB)",
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        CU_ASSERT_PTR_NOT_NULL(strstr(broken, said[i]));
        if (!strstr(broken, said[i]))
            fprintf(stderr, "\n  missing '%s' in:\n%s", said[i], broken);
    }
    free(broken);
    catalog_free(&got);
    remove_tree(root);
    free(root);
}

/* bug: and discipline: both set the program's description: one header has
 * one of them (fuzzing found the leak of the first, tests/fuzz/repro/). */
static void test_bug_and_discipline(void)
{
    size_t len = 0;
    char *text = test_fixture("../fuzz/repro/headers/bug-and-discipline", &len), *err = NULL;
    struct program p;
    CU_ASSERT_EQUAL(program_parse("cases/threads/x.c", text, VARIANT_UNSAFE, &p, &err), -1);
    CU_ASSERT_TRUE(err && strstr(err, "a header has 'bug' (cases/) or 'discipline' (safe/), not "
                                      "both"));
    free(err);
    free(text);
}

int register_hostile_input_tests(void)
{
    CU_pSuite s = CU_add_suite("hostile input", test_repo_catalog_load, test_repo_catalog_free);
    if (!s ||
        !CU_add_test(s, "text files: FIFO, directory, loop, NUL, size", test_read_text_file) ||
        !CU_add_test(s, "racelab run's program: script, object, library, text",
                     test_binary_not_runnable) ||
        !CU_add_test(s, "thread-count records, and what a program could write instead",
                     test_thread_count_records) ||
        !CU_add_test(s, "a recorded baseline reads and writes back the same",
                     test_baseline_record) ||
        !CU_add_test(s, "a recorded progress file; too large, NUL, unknown",
                     test_progress_record) ||
        !CU_add_test(s, "a catalog beside bad files", test_catalog_hostile_files) ||
        !CU_add_test(s, "bug and discipline in one header", test_bug_and_discipline))
        return -1;
    return 0;
}
