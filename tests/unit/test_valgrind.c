/* test_valgrind.c: the Helgrind/DRD XML parser against files recorded from
 * real Valgrind 3.19 runs (tests/fixtures/valgrind/README.md says how). The
 * programs were built in /tmp/vg, so that is where their source frames point. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finding.h"
#include "test.h"
#include "util.h"
#include "valgrind.h"

#define SRC "/tmp/vg" /* where the fixture programs were compiled */

/* Parse FIXTURE_DIR/valgrind/<name> from memory; returns what the parser did. */
static int parse_fixture(const char *name, struct valgrind_result *r, char **err)
{
    char *rel = xasprintf("valgrind/%s", name);
    size_t len;
    char *buf = test_fixture(rel, &len);
    int rc = valgrind_xml_parse(buf, len, name, r, err);
    free(buf);
    free(rel);
    return rc;
}

/* Parse a fixture that must succeed, and check the header fields. */
static bool load(const char *name, const char *tool, size_t nfindings, struct valgrind_result *r)
{
    char *err = NULL;
    int rc = parse_fixture(name, r, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc != 0) {
        fprintf(stderr, "\n%s: %s\n", name, err);
        free(err);
        return false;
    }
    CU_ASSERT_PTR_NULL(err);
    CU_ASSERT_STRING_EQUAL(r->tool, tool);
    CU_ASSERT_EQUAL(r->protocol_version, 4);
    CU_ASSERT_TRUE(r->finished);
    CU_ASSERT(r->pid > 0);
    CU_ASSERT_EQUAL(r->findings.len, nfindings);
    if (r->findings.len != nfindings) {
        valgrind_result_free(r);
        return false;
    }
    return true;
}

/* The finding's first frame under SRC is file:line in function fn. */
static void check_user(const struct finding *f, const char *file, int line, const char *fn)
{
    const struct frame *fr = finding_user_frame(f, SRC);
    CU_ASSERT_PTR_NOT_NULL(fr);
    if (!fr)
        return;
    char *want = xasprintf(SRC "/%s", file);
    CU_ASSERT_STRING_EQUAL(fr->file, want);
    CU_ASSERT_EQUAL(fr->line, line);
    CU_ASSERT_PTR_NOT_NULL(fr->function);
    if (fr->function)
        CU_ASSERT_STRING_EQUAL(fr->function, fn);
    free(want);
}

/* The first frame of one access whose file is under SRC is file:line in fn.
 * (Not access_user_frame: Debian's glibc records relative directories such as
 * "./nptl/./nptl", which finding.c counts as user source.) */
static void check_access_user(const struct access *a, const char *file, int line, const char *fn)
{
    size_t k = 0;
    while (k < a->nframes && !(a->frames[k].file && str_starts_with(a->frames[k].file, SRC "/")))
        k++;
    CU_ASSERT(k < a->nframes);
    if (k == a->nframes)
        return;
    char *want = xasprintf(SRC "/%s", file);
    CU_ASSERT_STRING_EQUAL(a->frames[k].file, want);
    CU_ASSERT_EQUAL(a->frames[k].line, line);
    CU_ASSERT_STRING_EQUAL(a->frames[k].function, fn);
    free(want);
}

/* No frame of f is in the program's own source. */
static void check_no_user(const struct finding *f)
{
    for (size_t i = 0; i < f->naccesses; i++)
        for (size_t k = 0; k < f->accesses[i].nframes; k++) {
            const char *file = f->accesses[i].frames[k].file;
            CU_ASSERT_FALSE(file && str_starts_with(file, SRC "/"));
        }
}

static void check_finding(const struct finding *f, enum finding_kind kind, const char *tool_kind,
                          const char *message_prefix, size_t naccesses, int thread)
{
    CU_ASSERT_EQUAL(f->kind, kind);
    CU_ASSERT_STRING_EQUAL(f->tool_kind, tool_kind);
    CU_ASSERT_TRUE(str_starts_with(f->message, message_prefix));
    CU_ASSERT_EQUAL(f->naccesses, naccesses);
    if (f->naccesses > 0) {
        CU_ASSERT_STRING_EQUAL(f->accesses[0].what, f->message);
        CU_ASSERT_EQUAL(f->accesses[0].thread, thread);
    }
}

/* Helgrind does not model pthread_once: a read after the fast path races,
 * for it, with the once routine's write (under __pthread_once_slow). Such a
 * report, and no other, is one valgrind_blind_to_once() recognises. */
static void test_helgrind_once(void)
{
    struct valgrind_result r;
    if (!load("helgrind-once.xml", "helgrind", 1, &r))
        return;
    CU_ASSERT_EQUAL(r.findings.items[0].kind, FK_DATA_RACE);
    CU_ASSERT_TRUE(valgrind_blind_to_once(&r.findings.items[0]));
    valgrind_result_free(&r);
    if (!load("helgrind-race.xml", "helgrind", 2, &r))
        return;
    for (size_t i = 0; i < r.findings.len; i++)
        CU_ASSERT_FALSE(valgrind_blind_to_once(&r.findings.items[i]));
    valgrind_result_free(&r);
}

static void test_helgrind_race(void)
{
    struct valgrind_result r;
    if (!load("helgrind-race.xml", "helgrind", 2, &r))
        return;
    CU_ASSERT_EQUAL(r.fatal_signal, 0);
    CU_ASSERT_PTR_NULL(r.fatal_signame);
    CU_ASSERT_EQUAL(r.pid, 3101);
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_DATA_RACE, "Race", "Possible data race during read of size 4", 2, 1);
    check_user(f, "race.c", 14, "main");
    /* The previous access: its own text and thread, and the worker's stack. */
    const struct access *prev = &f->accesses[1];
    CU_ASSERT_STRING_EQUAL(prev->what,
                           "This conflicts with a previous write of size 4 by thread #2");
    CU_ASSERT_EQUAL(prev->thread, 2);
    CU_ASSERT_EQUAL(prev->nframes, 4);
    check_access_user(prev, "race.c", 7, "worker");
    /* dir + "/" + file, the object, and a frame with no debug info. */
    CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].object, SRC "/race");
    CU_ASSERT_PTR_NULL(prev->frames[1].function);
    CU_ASSERT_PTR_NULL(prev->frames[1].file);
    CU_ASSERT_EQUAL(prev->frames[1].line, 0);
    CU_ASSERT_STRING_EQUAL(prev->frames[2].file, "./nptl/./nptl/pthread_create.c");
    CU_ASSERT_STRING_EQUAL(prev->frames[2].function, "start_thread");
    f = &r.findings.items[1];
    check_finding(f, FK_DATA_RACE, "Race", "Possible data race during write of size 4", 2, 1);
    check_user(f, "race.c", 14, "main");
    valgrind_result_free(&r);
}

static void test_helgrind_lockorder(void)
{
    struct valgrind_result r;
    if (!load("helgrind-lockorder.xml", "helgrind", 1, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_LOCK_ORDER, "LockOrder",
                  "Thread #1: lock order \"0x10C060 before 0x10C038\"", 5, 1);
    check_user(f, "lockorder.c", 18, "main");
    CU_ASSERT_TRUE(str_starts_with(f->accesses[1].what,
                                   "Required order was established by acquisition of lock at"));
    check_access_user(&f->accesses[1], "lockorder.c", 6, "worker");
    CU_ASSERT_TRUE(str_starts_with(f->accesses[2].what, "followed by a later acquisition"));
    check_access_user(&f->accesses[2], "lockorder.c", 7, "worker");
    CU_ASSERT_TRUE(str_ends_with(f->accesses[3].what, "was first observed"));
    CU_ASSERT_EQUAL(f->accesses[3].thread, -1); /* the text names no thread */
    valgrind_result_free(&r);
}

static void test_helgrind_unlock_foreign(void)
{
    struct valgrind_result r;
    if (!load("helgrind-unlockforeign.xml", "helgrind", 2, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    /* xwhat lists the unlocker (#2) then the owner (#1): the access is #2's. */
    check_finding(f, FK_UNLOCK_UNOWNED, "UnlockForeign",
                  "Thread #2 unlocked lock at 0x10C038 currently held by thread #1", 2, 2);
    check_user(f, "unlockforeign.c", 6, "worker");
    check_access_user(&f->accesses[1], "unlockforeign.c", 12, "main");
    /* main still "holds" the lock the worker released: its stack is all libc
     * (_Exit, exit, below main), so no frame is the program's. */
    f = &r.findings.items[1];
    check_finding(f, FK_LOCK_HELD_AT_EXIT, "Misc", "Thread #1: Exiting thread still holds 1 lock",
                  1, 1);
    check_no_user(f);
    CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].function, "_Exit");
    valgrind_result_free(&r);
}

static void test_helgrind_unlock_unlocked(void)
{
    struct valgrind_result r;
    if (!load("helgrind-unlockunlocked.xml", "helgrind", 1, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_UNLOCK_UNOWNED, "UnlockUnlocked", "Thread #1 unlocked a not-locked lock", 2,
                  1);
    check_user(f, "unlockunlocked.c", 7, "main");
    check_access_user(&f->accesses[1], "unlockunlocked.c", 5, "main");
    valgrind_result_free(&r);
}

static void test_helgrind_misc(void)
{
    struct valgrind_result r;
    if (!load("helgrind-misc.xml", "helgrind", 3, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_DOUBLE_LOCK, "Misc",
                  "Thread #1: Attempt to re-lock a non-recursive lock I already hold", 2, 1);
    check_user(f, "misc.c", 17, "main");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "Lock was previously acquired");
    check_access_user(&f->accesses[1], "misc.c", 16, "main");
    /* PthAPIerror: the xwhat and the following <what> make one message. */
    f = &r.findings.items[1];
    check_finding(f, FK_API_ERROR, "PthAPIerror",
                  "Thread #1's call to pthread_mutex_lock failed with error code 35 (EDEADLK", 1,
                  1);
    check_user(f, "misc.c", 17, "main");
    f = &r.findings.items[2];
    check_finding(f, FK_LOCK_HELD_AT_EXIT, "Misc", "Thread #2: Exiting thread still holds 1 lock",
                  2, 2);
    /* Reported in start_thread, after the worker returned: no frame of the
     * report is the program's, so the thread's creation (from its
     * <announcethread>) locates it, as TSan's "Thread T1 created at" does. */
    CU_ASSERT_EQUAL(access_user_frame(&f->accesses[0], NULL), -1);
    CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].function, "start_thread");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "Thread was created");
    CU_ASSERT_EQUAL(f->accesses[1].thread, 2);
    check_access_user(&f->accesses[1], "misc.c", 20, "main");
    valgrind_result_free(&r);
}

static void test_helgrind_misc2(void)
{
    struct valgrind_result r;
    if (!load("helgrind-misc2.xml", "helgrind", 4, &r))
        return;
    const struct finding *f = r.findings.items;
    check_finding(&f[0], FK_DESTROY_LOCKED, "Misc",
                  "Thread #1: pthread_mutex_destroy of a locked mutex", 1, 1);
    check_user(&f[0], "misc2.c", 10, "main");
    check_finding(&f[1], FK_API_ERROR, "PthAPIerror",
                  "Thread #1's call to pthread_mutex_destroy failed with error code 16 (EBUSY", 1,
                  1);
    check_user(&f[1], "misc2.c", 10, "main");
    check_finding(&f[2], FK_CONDVAR_MISUSE, "Misc",
                  "Thread #1: pthread_cond_{timed}wait called with invalid mutex", 1, 1);
    check_user(&f[2], "misc2.c", 13, "main");
    check_finding(&f[3], FK_INVALID_LOCK, "UnlockBogus", "Thread #1 unlocked an invalid lock at", 1,
                  1);
    check_user(&f[3], "misc2.c", 15, "main");
    valgrind_result_free(&r);
}

static void test_helgrind_condvar(void)
{
    struct valgrind_result r;
    if (!load("helgrind-condvar.xml", "helgrind", 1, &r))
        return;
    check_finding(
        &r.findings.items[0], FK_CONDVAR_MISUSE, "Misc",
        "Thread #1: pthread_cond_{signal,broadcast}: dubious: associated lock is not held "
        "by any thread",
        1, 1);
    check_user(&r.findings.items[0], "condvar.c", 23, "main");
    valgrind_result_free(&r);
}

static void test_helgrind_free_race(void)
{
    struct valgrind_result r;
    if (!load("helgrind-freerace.xml", "helgrind", 1, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_DATA_RACE, "Race", "Possible data race during write of size 4", 2, 1);
    /* The first frame is the free() wrapper in Valgrind's preload object. */
    CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].function, "free");
    CU_ASSERT_PTR_NULL(f->accesses[0].frames[0].file);
    check_user(f, "freerace.c", 18, "main");
    CU_ASSERT_EQUAL(f->accesses[1].thread, 2);
    check_access_user(&f->accesses[1], "freerace.c", 8, "worker");
    valgrind_result_free(&r);
}

static void test_clean_runs(void)
{
    static const char *const files[][2] = {
        {"helgrind-clean.xml", "helgrind"},
        {"drd-clean.xml", "drd"},
        {"drd-lockorder.xml", "drd"}, /* DRD has no lock-order checker */
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct valgrind_result r;
        if (!load(files[i][0], files[i][1], 0, &r))
            continue;
        CU_ASSERT_EQUAL(r.fatal_signal, 0);
        valgrind_result_free(&r);
    }
}

static void test_gen_suppressions(void)
{
    /* Suppressions inside <error> and at top level must not disturb the errors. */
    struct valgrind_result r;
    if (!load("helgrind-gensupp.xml", "helgrind", 2, &r))
        return;
    for (size_t i = 0; i < 2; i++) {
        const struct finding *f = &r.findings.items[i];
        CU_ASSERT_EQUAL(f->kind, FK_DATA_RACE);
        CU_ASSERT_EQUAL(f->naccesses, 2);
        check_user(f, "race.c", 14, "main");
        check_access_user(&f->accesses[1], "race.c", 7, "worker");
    }
    valgrind_result_free(&r);
}

static void test_fatal_signal(void)
{
    struct valgrind_result r;
    if (!load("helgrind-segv.xml", "helgrind", 2, &r))
        return;
    /* The program died, yet Valgrind still closes the file with FINISHED. */
    CU_ASSERT_EQUAL(r.fatal_signal, 11);
    CU_ASSERT_STRING_EQUAL(r.fatal_signame, "SIGSEGV");
    CU_ASSERT_EQUAL(r.findings.items[0].kind, FK_DATA_RACE);
    check_user(&r.findings.items[0], "segv.c", 14, "main");
    /* The fatal signal's own stack is not an access of any finding, but
     * kept on its own: where the program died. */
    for (size_t i = 0; i < r.findings.len; i++)
        CU_ASSERT_EQUAL(r.findings.items[i].naccesses, 2);
    CU_ASSERT_TRUE(r.fatal_stack.nframes >= 1);
    if (r.fatal_stack.nframes >= 1) {
        const struct frame *top = &r.fatal_stack.frames[0];
        CU_ASSERT_STRING_EQUAL(top->function, "main");
        CU_ASSERT_STRING_EQUAL(path_base(top->file), "segv.c");
        CU_ASSERT_EQUAL(top->line, 17);
    }
    valgrind_result_free(&r);
}

/* DRD's own pthread_create wrapper dies when glibc's thrd_create calls it:
 * the stack says whose code that was, frame by frame, with its object. */
static void test_fatal_signal_in_wrapper(void)
{
    struct valgrind_result r;
    if (!load("drd-thrd-create.xml", "drd", 0, &r))
        return;
    CU_ASSERT_EQUAL(r.fatal_signal, 11);
    CU_ASSERT_EQUAL(r.fatal_stack.nframes, 4);
    if (r.fatal_stack.nframes == 4) {
        const struct frame *f = r.fatal_stack.frames;
        CU_ASSERT_STRING_EQUAL(f[0].function, "pthread_attr_getdetachstate");
        CU_ASSERT_TRUE(frame_is_system(&f[0]));
        CU_ASSERT_STRING_EQUAL(f[1].function, "pthread_create@*");
        CU_ASSERT_STRING_EQUAL(f[1].object, "/usr/libexec/valgrind/vgpreload_drd-amd64-linux.so");
        CU_ASSERT_FALSE(frame_is_system(&f[1]));
        CU_ASSERT_STRING_EQUAL(f[2].function, "thrd_create@@GLIBC_2.34");
        CU_ASSERT_TRUE(frame_is_system(&f[2]));
        char *place = access_place(&r.fatal_stack, 3);
        CU_ASSERT_STRING_EQUAL(place, "main at thrd.c:13");
        free(place);
    }
    valgrind_result_free(&r);
}

static void test_truncated(void)
{
    struct valgrind_result r;
    char *err = NULL;
    /* SIGKILLed run: ends cleanly after an </error>, without </valgrindoutput>. */
    const char *path = FIXTURE_DIR "/valgrind/helgrind-killed.xml";
    CU_ASSERT_EQUAL(valgrind_xml_parse_file(path, &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(err);
    if (err) {
        char *want = xasprintf("%s:201: truncated Valgrind XML", path);
        CU_ASSERT_TRUE(str_starts_with(err, want));
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "</valgrindoutput>"));
        free(want);
    }
    free(err);
    /* Failed, but the two races written before the kill are kept. */
    CU_ASSERT_TRUE(r.truncated);
    CU_ASSERT_EQUAL(r.findings.len, 2);
    CU_ASSERT_PTR_NULL(r.tool);
    valgrind_result_free(&r);
    /* A real file cut in the middle of an <obj>. */
    err = NULL;
    CU_ASSERT_EQUAL(parse_fixture("drd-race-cut.xml", &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(err);
    if (err) {
        CU_ASSERT_TRUE(str_starts_with(err, "drd-race-cut.xml:65: truncated"));
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "inside <obj>"));
    }
    free(err);
    valgrind_result_free(&r);
}

/* Valgrind's own failure, read from its stderr in its words; the guest's
 * assert() (glibc's backquoted text, mixed into the same stderr) is not one. */
static void test_tool_failure(void)
{
    size_t len;
    char *text = test_fixture("valgrind/helgrind-max-threads.stderr.txt", &len);
    char *why = valgrind_failure_in(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(why);
    CU_ASSERT_STRING_EQUAL(why,
                           "Valgrind: the 'impossible' happened: Max number of threads is too low");
    free(why);
    free(text);
    text = test_fixture("valgrind/drd-guest-assert.stderr.txt", &len);
    CU_ASSERT_PTR_NULL(valgrind_failure_in(text));
    free(text);
    CU_ASSERT_PTR_NULL(valgrind_failure_in(NULL));
    CU_ASSERT_PTR_NULL(valgrind_failure_in(""));
    /* Its XML is closed by the panic, then goes on with a stack: cut
     * short all the same, with no error written before to keep. */
    struct valgrind_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(parse_fixture("helgrind-max-threads.xml", &r, &err), -1);
    CU_ASSERT_TRUE(r.truncated);
    CU_ASSERT_EQUAL(r.findings.len, 0);
    CU_ASSERT_PTR_NOT_NULL(err ? strstr(err, "goes on after </valgrindoutput>") : NULL);
    free(err);
    valgrind_result_free(&r);
}

static void test_every_prefix_fails(void)
{
    /* Any cut of a complete file is an error, never a crash or a silent
     * partial result; the whole file parses. */
    size_t len;
    char *buf = test_fixture("valgrind/helgrind-race.xml", &len);
    size_t failures = 0;
    for (size_t n = 0; n < len; n++) {
        struct valgrind_result r;
        char *err = NULL;
        if (valgrind_xml_parse(buf, n, "cut", &r, &err) == -1 && err)
            failures++;
        free(err);
        valgrind_result_free(&r);
    }
    /* The file ends "</valgrindoutput>\n\n": only those two newlines may go. */
    CU_ASSERT_EQUAL(failures, len - 2);
    struct valgrind_result r;
    CU_ASSERT_EQUAL(valgrind_xml_parse(buf, len, "whole", &r, NULL), 0);
    CU_ASSERT_EQUAL(r.findings.len, 2);
    valgrind_result_free(&r);
    free(buf);
}

static void test_drd_race(void)
{
    struct valgrind_result r;
    if (!load("drd-race.xml", "drd", 2, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_DATA_RACE, "ConflictingAccess",
                  "Conflicting load by thread 1 at 0x0010c034 size 4", 3, 1);
    check_user(f, "race2.c", 17, "main");
    /* DRD's XML drops the "(thread 2)" of its text log. */
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "Other segment start");
    CU_ASSERT_EQUAL(f->accesses[1].thread, -1);
    CU_ASSERT_STRING_EQUAL(f->accesses[2].what, "Other segment end");
    check_access_user(&f->accesses[2], "race2.c", 9, "worker");
    f = &r.findings.items[1];
    check_finding(f, FK_DATA_RACE, "ConflictingAccess", "Conflicting store by thread 1", 3, 1);
    valgrind_result_free(&r);
}

static void test_drd_free_race(void)
{
    struct valgrind_result r;
    if (!load("drd-freerace.xml", "drd", 1, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_DATA_RACE, "ConflictingAccess", "Conflicting store by thread 1", 4, 1);
    CU_ASSERT_STRING_EQUAL(f->accesses[0].frames[0].function, "free");
    check_user(f, "freerace.c", 18, "main");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "Allocation context");
    check_access_user(&f->accesses[1], "freerace.c", 15, "main");
    check_access_user(&f->accesses[3], "freerace.c", 9, "worker");
    valgrind_result_free(&r);
}

static void test_drd_mutex(void)
{
    struct valgrind_result r;
    if (load("drd-unlockforeign.xml", "drd", 1, &r)) {
        const struct finding *f = &r.findings.items[0];
        check_finding(f, FK_UNLOCK_UNOWNED, "MutexErr",
                      "Mutex not locked by calling thread: mutex 0x10c038, recursion count 1, "
                      "owner 1.",
                      2, 2);
        check_user(f, "unlockforeign.c", 6, "worker");
        CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "mutex 0x10c038 was first observed at");
        check_access_user(&f->accesses[1], "unlockforeign.c", 12, "main");
        valgrind_result_free(&r);
    }
    if (load("drd-unlockunlocked.xml", "drd", 1, &r)) {
        const struct finding *f = &r.findings.items[0];
        check_finding(f, FK_UNLOCK_UNOWNED, "MutexErr",
                      "Mutex not locked by calling thread: mutex 0x10c028, recursion count 0", 2,
                      1);
        check_user(f, "unlockunlocked.c", 7, "main");
        valgrind_result_free(&r);
    }
    if (load("drd-misc.xml", "drd", 2, &r)) {
        const struct finding *f = r.findings.items;
        check_finding(&f[0], FK_DOUBLE_LOCK, "MutexErr", "Recursive locking not allowed: mutex", 2,
                      1);
        check_user(&f[0], "misc.c", 17, "main");
        check_access_user(&f[0].accesses[1], "misc.c", 15, "main");
        /* DRD notices the held lock when main joins the thread. */
        check_finding(&f[1], FK_LOCK_HELD_AT_EXIT, "MutexErr",
                      "Mutex still locked at thread exit: mutex", 2, 1);
        check_user(&f[1], "misc.c", 21, "main");
        check_access_user(&f[1].accesses[1], "misc.c", 7, "worker");
        valgrind_result_free(&r);
    }
    if (load("drd-misc2.xml", "drd", 3, &r)) {
        const struct finding *f = r.findings.items;
        check_finding(&f[0], FK_DESTROY_LOCKED, "MutexErr", "Destroying locked mutex: mutex", 2, 1);
        check_user(&f[0], "misc2.c", 10, "main");
        check_finding(&f[1], FK_INVALID_LOCK, "MutexErr", "The object at address 0x10c0a8 is not",
                      1, 1);
        check_user(&f[1], "misc2.c", 13, "main");
        check_finding(&f[2], FK_INVALID_LOCK, "MutexErr", "The object at address", 1, 1);
        check_user(&f[2], "misc2.c", 15, "main");
        valgrind_result_free(&r);
    }
}

static void test_drd_condvar(void)
{
    struct valgrind_result r;
    if (!load("drd-condvar.xml", "drd", 1, &r))
        return;
    const struct finding *f = &r.findings.items[0];
    check_finding(f, FK_CONDVAR_MISUSE, "CondRaceErr",
                  "Probably a race condition: condition variable 0x10c080 has been signaled", 3, 1);
    check_user(f, "condvar.c", 23, "main");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "cond 0x10c080 was first observed at");
    check_access_user(&f->accesses[1], "condvar.c", 11, "worker");
    CU_ASSERT_STRING_EQUAL(f->accesses[2].what, "mutex 0x10c050 was first observed at");
    valgrind_result_free(&r);
}

static void expect_error(const char *buf, size_t len, const char *want_prefix, const char *want_sub)
{
    struct valgrind_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(valgrind_xml_parse(buf, len, "t.xml", &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(err);
    if (err) {
        if (!str_starts_with(err, want_prefix) || !strstr(err, want_sub))
            fprintf(stderr, "\nunexpected message: %s\n", err);
        CU_ASSERT_TRUE(str_starts_with(err, want_prefix));
        CU_ASSERT_PTR_NOT_NULL(strstr(err, want_sub));
    }
    CU_ASSERT_EQUAL(r.findings.len, 0);
    free(err);
    valgrind_result_free(&r);
}

/* Replace the first `from` in a real fixture by `to`. */
static char *mutate(const char *fixture, const char *from, const char *to, size_t *len)
{
    char *rel = xasprintf("valgrind/%s", fixture);
    char *buf = test_fixture(rel, len);
    free(rel);
    char *at = strstr(buf, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, buf, (size_t)(at - buf));
    strbuf_adds(&sb, to);
    strbuf_adds(&sb, at + strlen(from));
    free(buf);
    *len = sb.len;
    return strbuf_detach(&sb);
}

static void test_bad_input(void)
{
    struct valgrind_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(valgrind_xml_parse_file(FIXTURE_DIR "/valgrind/no-such.xml", &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(err);
    if (err)
        CU_ASSERT_STRING_EQUAL(err,
                               FIXTURE_DIR "/valgrind/no-such.xml: cannot open: No such file or "
                                           "directory");
    free(err);
    valgrind_result_free(&r);
    CU_ASSERT_EQUAL(valgrind_xml_parse_file(FIXTURE_DIR "/valgrind/no-such.xml", &r, NULL), -1);

    expect_error("", 0, "t.xml: empty file", "Valgrind wrote no XML");
    expect_error("  \n", 3, "t.xml:2: not Valgrind XML output", "no XML element");
    expect_error("hello", 5, "t.xml:1: not well-formed XML", "syntax error");
    expect_error("<foo/>", 6, "t.xml:1: not Valgrind XML output", "root element is <foo>");

    err = NULL;
    CU_ASSERT_EQUAL(parse_fixture("memcheck-clean.xml", &r, &err), -1); /* a real memcheck run */
    CU_ASSERT_PTR_NOT_NULL(err);
    if (err)
        CU_ASSERT_STRING_EQUAL(err, "memcheck-clean.xml:6: unknown tool \"memcheck\" (racelab "
                                    "reads helgrind and drd)");
    free(err);
    valgrind_result_free(&r);

    size_t len;
    char *buf = mutate("helgrind-race.xml", "<protocolversion>4<", "<protocolversion>3<", &len);
    expect_error(buf, len, "t.xml:5: unsupported Valgrind XML protocol version \"3\"", "4");
    free(buf);
    buf = mutate("helgrind-race.xml", "<protocolversion>4</protocolversion>", "", &len);
    expect_error(buf, len, "t.xml:", "no <protocolversion>");
    free(buf);
    buf = mutate("drd-race.xml", "<kind>", "<kind><", &len);
    expect_error(buf, len, "t.xml:", "not well-formed XML");
    free(buf);
}

static void test_parse_file_streams(void)
{
    /* A large file (thousands of real <error> blocks, many 64 KiB chunks)
     * parses the same as the buffer, element boundaries falling anywhere. */
    size_t len;
    char *buf = test_fixture("valgrind/helgrind-race.xml", &len);
    const char *first = strstr(buf, "<error>");
    const char *tail = strstr(buf, "\n\n<status>\n  <state>FINISHED");
    CU_ASSERT_PTR_NOT_NULL_FATAL(first);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, buf, (size_t)(tail - buf));
    enum { COPIES = 1500 };
    for (int i = 0; i < COPIES; i++)
        strbuf_add(&sb, first, (size_t)(tail - first));
    strbuf_adds(&sb, tail);
    char path[] = "/tmp/racelab-test-valgrind-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(write_file(path, sb.buf, sb.len), 0);
    CU_ASSERT(sb.len > 10 * 65536);

    struct valgrind_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(valgrind_xml_parse_file(path, &r, &err), 0);
    CU_ASSERT_PTR_NULL(err);
    free(err);
    CU_ASSERT_EQUAL(r.findings.len, 2 * (COPIES + 1));
    CU_ASSERT_TRUE(r.finished);
    size_t races = 0;
    for (size_t i = 0; i < r.findings.len; i++) {
        const struct frame *fr = finding_user_frame(&r.findings.items[i], SRC);
        if (r.findings.items[i].kind == FK_DATA_RACE && fr && fr->line == 14)
            races++;
    }
    CU_ASSERT_EQUAL(races, r.findings.len);
    valgrind_result_free(&r);
    unlink(path);
    strbuf_release(&sb);
    free(buf);
}

static void test_kind_mapping(void)
{
    static const struct {
        const char *tool, *kind, *what;
        enum finding_kind want;
    } cases[] = {
        {"helgrind", "Race", "Possible data race during read of size 4", FK_DATA_RACE},
        {"helgrind", "LockOrder", NULL, FK_LOCK_ORDER},
        {"helgrind", "UnlockUnlocked", NULL, FK_UNLOCK_UNOWNED},
        {"helgrind", "UnlockForeign", NULL, FK_UNLOCK_UNOWNED},
        {"helgrind", "UnlockBogus", NULL, FK_INVALID_LOCK},
        {"helgrind", "PthAPIerror", NULL, FK_API_ERROR},
        {"helgrind", "Misc", "Thread #1: Attempt to re-lock a non-recursive lock I already hold",
         FK_DOUBLE_LOCK},
        {"helgrind", "Misc", "Thread #2: Exiting thread still holds 3 locks", FK_LOCK_HELD_AT_EXIT},
        {"helgrind", "Misc", "Thread #1: pthread_mutex_destroy of a locked mutex",
         FK_DESTROY_LOCKED},
        {"helgrind", "Misc", "Thread #1: pthread_rwlock_destroy of a locked mutex",
         FK_DESTROY_LOCKED},
        {"helgrind", "Misc",
         "Thread #1: pthread_cond_{signal,broadcast}: associated lock is not held by calling "
         "thread",
         FK_CONDVAR_MISUSE},
        {"helgrind", "Misc", "Thread #1: pthread_cond_{timed}wait called with un-held mutex",
         FK_CONDVAR_MISUSE},
        {"helgrind", "Misc",
         "Thread #1: condition variable has been destroyed while being waited upon",
         FK_CONDVAR_MISUSE},
        {"helgrind", "Misc", "Thread #1: pthread_mutex_destroy with invalid argument",
         FK_INVALID_LOCK},
        {"helgrind", "Misc", "Thread #1: pthread_mutex_lock with a pthread_rwlock_t* argument ",
         FK_INVALID_LOCK},
        {"helgrind", "Misc", "Thread #1: pthread_barrier_wait: barrier is uninitialised", FK_OTHER},
        {"helgrind", "Misc", NULL, FK_OTHER},
        {"helgrind", "Whatever", "x", FK_OTHER},
        {"drd", "ConflictingAccess", "Conflicting load by thread 1", FK_DATA_RACE},
        {"drd", "MutexErr", "Mutex not locked: mutex 0x1, recursion count 0, owner 0.",
         FK_UNLOCK_UNOWNED},
        {"drd", "MutexErr", "Mutex not locked by calling thread: mutex 0x1", FK_UNLOCK_UNOWNED},
        {"drd", "MutexErr", "Recursive locking not allowed: mutex 0x1", FK_DOUBLE_LOCK},
        {"drd", "MutexErr", "Destroying locked mutex: mutex 0x1", FK_DESTROY_LOCKED},
        {"drd", "MutexErr", "Mutex still locked at thread exit: mutex 0x1", FK_LOCK_HELD_AT_EXIT},
        {"drd", "MutexErr", "The object at address 0x1 is not a mutex.", FK_INVALID_LOCK},
        {"drd", "MutexErr", "Not a mutex", FK_INVALID_LOCK},
        {"drd", "MutexErr", "Mutex locked recursively: mutex 0x1", FK_CONDVAR_MISUSE},
        {"drd", "MutexErr", "Mutex reinitialization: mutex 0x1", FK_API_ERROR},
        {"drd", "MutexErr", "Mutex type mismatch", FK_API_ERROR},
        {"drd", "MutexErr", NULL, FK_API_ERROR},
        {"drd", "CondErr", NULL, FK_CONDVAR_MISUSE},
        {"drd", "CondDestrErr", NULL, FK_CONDVAR_MISUSE},
        {"drd", "CondRaceErr", NULL, FK_CONDVAR_MISUSE},
        {"drd", "CondWaitErr", NULL, FK_CONDVAR_MISUSE},
        {"drd", "RwlockErr", "Reader-writer lock not locked by calling thread", FK_RWLOCK_MISUSE},
        {"drd", "SemaphoreErr", NULL, FK_OTHER},
        {"drd", "BarrierErr", NULL, FK_OTHER},
        {"drd", "HoldtimeErr", NULL, FK_OTHER},
        {"drd", "GenericErr", NULL, FK_OTHER},
        {"drd", "Race", NULL, FK_OTHER}, /* Helgrind's kind names mean nothing to DRD */
        {"memcheck", "InvalidRead", NULL, FK_OTHER},
        {NULL, "Race", NULL, FK_OTHER},
        {"helgrind", NULL, NULL, FK_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum finding_kind got = valgrind_kind(cases[i].tool, cases[i].kind, cases[i].what);
        if (got != cases[i].want)
            fprintf(stderr, "\ncase %zu (%s %s \"%s\"): got %s\n", i, cases[i].tool, cases[i].kind,
                    cases[i].what ? cases[i].what : "", finding_kind_name(got));
        CU_ASSERT_EQUAL(got, cases[i].want);
    }
}

int register_valgrind_tests(void)
{
    CU_pSuite s = CU_add_suite("valgrind", NULL, NULL);
    if (!s)
        return -1;
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"helgrind race", test_helgrind_race},
        {"helgrind lock order", test_helgrind_lockorder},
        {"helgrind unlock foreign", test_helgrind_unlock_foreign},
        {"helgrind unlock unlocked", test_helgrind_unlock_unlocked},
        {"helgrind misc: re-lock, PthAPIerror, exit holding", test_helgrind_misc},
        {"helgrind misc: destroy locked, cond wait, unlock bogus", test_helgrind_misc2},
        {"helgrind condvar", test_helgrind_condvar},
        {"helgrind race on free", test_helgrind_free_race},
        {"helgrind and pthread_once", test_helgrind_once},
        {"clean runs", test_clean_runs},
        {"--gen-suppressions=all", test_gen_suppressions},
        {"fatal signal", test_fatal_signal},
        {"fatal signal in the tool's own wrapper", test_fatal_signal_in_wrapper},
        {"truncated files", test_truncated},
        {"Valgrind's own failure", test_tool_failure},
        {"every prefix of a file fails", test_every_prefix_fails},
        {"drd conflicting access", test_drd_race},
        {"drd race on free", test_drd_free_race},
        {"drd mutex errors", test_drd_mutex},
        {"drd condvar", test_drd_condvar},
        {"bad input", test_bad_input},
        {"large file streams", test_parse_file_streams},
        {"kind mapping", test_kind_mapping},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        if (!CU_add_test(s, tests[i].name, tests[i].fn))
            return -1;
    return 0;
}
