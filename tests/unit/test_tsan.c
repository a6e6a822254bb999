/* test_tsan.c: the TSan report parser against reports recorded from real runs
 * of clang 14's, clang 19's and gcc 12's TSan (tests/fixtures/tsan/README.md
 * says how each one was produced; `record` there re-records them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tsan.h"
#include "util.h"

/* Where the throwaway fixture programs were compiled: every user frame is there. */
#define SRC_DIR "/tmp/tsanfx/"

struct expect_finding {
    enum finding_kind kind;
    const char *threads; /* each access's thread, in order, comma-separated */
    const char *file;    /* first user frame, relative to SRC_DIR */
    int line;
    const char *function;
};

struct expect_report {
    const char *fixture; /* tests/fixtures/tsan/<fixture>.txt */
    size_t nfindings;
    int reported_warnings;
    struct expect_finding findings[2];
};

/* Thread numbers differ between variants of one program because TSan reports
   whichever pair of accesses it saw first, so each recording has its own row. */
static const struct expect_report reports[] = {
    {"cxx.clang-uniform",
     2,
     2,
     {{FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 9,
       "(anonymous namespace)::Pair<int, long>::operator|=((anonymous namespace)::Pair<int, long> "
       "const&)"},
      {FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 10,
       "(anonymous namespace)::Pair<int, long>::operator|=((anonymous namespace)::Pair<int, long> "
       "const&)"}}},
    {"cxx.clang",
     2,
     2,
     {{FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 9,
       "(anonymous namespace)::Pair<int, long>::operator|=((anonymous namespace)::Pair<int, long> "
       "const&)"},
      {FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 10,
       "(anonymous namespace)::Pair<int, long>::operator|=((anonymous namespace)::Pair<int, long> "
       "const&)"}}},
    {"cxx.gcc-uniform",
     2,
     2,
     {{FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 9, "operator|="},
      {FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 10, "operator|="}}},
    {"cxx.gcc",
     2,
     2,
     {{FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 9, "operator|="},
      {FK_DATA_RACE, "0,1,0,1", "cxx.cpp", 10, "operator|="}}},
    {"destroy.clang-uniform", 1, 1, {{FK_DESTROY_LOCKED, "-1,-1,-1", "destroy.c", 8, "main"}}},
    {"destroy.clang", 1, 1, {{FK_DESTROY_LOCKED, "-1,-1,-1", "destroy.c", 8, "main"}}},
    {"destroy.gcc-uniform", 1, 1, {{FK_DESTROY_LOCKED, "-1,-1,-1", "destroy.c", 8, "main"}}},
    {"destroy.gcc", 1, 1, {{FK_DESTROY_LOCKED, "-1,-1,-1", "destroy.c", 8, "main"}}},
    {"doublelock.clang-uniform", 1, 1, {{FK_DOUBLE_LOCK, "-1,-1", "doublelock.c", 21, "main"}}},
    {"doublelock.clang", 1, 1, {{FK_DOUBLE_LOCK, "-1,-1", "doublelock.c", 21, "main"}}},
    {"doublelock.gcc-uniform", 1, 1, {{FK_DOUBLE_LOCK, "-1,-1", "doublelock.c", 21, "main"}}},
    {"doublelock.gcc", 1, 1, {{FK_DOUBLE_LOCK, "-1,-1", "doublelock.c", 21, "main"}}},
    {"errno.clang-uniform", 1, 1, {{FK_ERRNO_SPOILED, "-1", "errno.c", 11, "handler"}}},
    {"errno.clang", 1, 1, {{FK_ERRNO_SPOILED, "-1", "errno.c", 11, "handler"}}},
    {"errno.gcc-uniform", 1, 1, {{FK_ERRNO_SPOILED, "-1", "errno.c", 11, "handler"}}},
    {"errno.gcc", 1, 1, {{FK_ERRNO_SPOILED, "-1", "errno.c", 11, "handler"}}},
    {"interleaved.clang-uniform", 1, 1, {{FK_DATA_RACE, "0,1,1", "interleaved.c", 20, "main"}}},
    {"interleaved.gcc", 1, 1, {{FK_DATA_RACE, "0,1,1", "interleaved.c", 20, "main"}}},
    {"leak.clang-uniform", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"leak.clang", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"leak.gcc-uniform", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"leak.gcc", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"lockorder.clang-uniform", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 20, "main"}}},
    {"lockorder.clang", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 20, "main"}}},
    {"lockorder.gcc-uniform", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 20, "main"}}},
    {"lockorder.gcc", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 20, "main"}}},
    {"multipid.clang-uniform",
     2,
     2,
     {{FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"},
      {FK_DATA_RACE, "1,2,1,2", "multipid.c", 9, "worker"}}},
    {"multipid.clang",
     2,
     2,
     {{FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"},
      {FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"}}},
    {"multipid.gcc-uniform",
     2,
     2,
     {{FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"},
      {FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"}}},
    {"multipid.gcc",
     2,
     2,
     {{FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"},
      {FK_DATA_RACE, "2,1,2,1", "multipid.c", 9, "worker"}}},
    {"omp.clang-uniform", 1, 1, {{FK_DATA_RACE, "3,0,3", "omp.c", 8, ".omp_outlined._debug__"}}},
    {"omp.clang", 1, 1, {{FK_DATA_RACE, "0,2,2", "omp.c", 8, ".omp_outlined._debug__"}}},
    {"race.clang-uniform", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"race.clang", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"race.gcc-uniform", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"race.gcc", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"several.clang-uniform",
     2,
     2,
     {{FK_DATA_RACE, "0,1,1", "several.c", 22, "main"},
      {FK_DATA_RACE, "0,1,0,1", "several.c", 23, "main"}}},
    {"several.clang",
     2,
     2,
     {{FK_DATA_RACE, "0,1,1", "several.c", 22, "main"},
      {FK_DATA_RACE, "0,1,0,1", "several.c", 23, "main"}}},
    {"several.gcc-uniform",
     2,
     2,
     {{FK_DATA_RACE, "0,1,1", "several.c", 22, "main"},
      {FK_DATA_RACE, "0,1,0,1", "several.c", 23, "main"}}},
    {"several.gcc",
     2,
     2,
     {{FK_DATA_RACE, "0,1,1", "several.c", 22, "main"},
      {FK_DATA_RACE, "0,1,0,1", "several.c", 23, "main"}}},
    {"sigunsafe.clang-uniform",
     2,
     2,
     {{FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 8, "handler"},
      {FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 10, "handler"}}},
    {"sigunsafe.clang",
     2,
     2,
     {{FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 8, "handler"},
      {FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 10, "handler"}}},
    {"sigunsafe.gcc-uniform",
     2,
     2,
     {{FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 8, "handler"},
      {FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 10, "handler"}}},
    {"sigunsafe.gcc",
     2,
     2,
     {{FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 8, "handler"},
      {FK_SIGNAL_UNSAFE, "-1", "sigunsafe.c", 10, "handler"}}},
    {"uaf.clang-uniform", 1, 1, {{FK_USE_AFTER_FREE, "1,0,1", "uaf.c", 11, "reader"}}},
    {"uaf.clang", 1, 1, {{FK_USE_AFTER_FREE, "1,0,1", "uaf.c", 11, "reader"}}},
    {"uaf.gcc-uniform", 1, 1, {{FK_USE_AFTER_FREE, "1,0,-1,1", "uaf.c", 11, "reader"}}},
    {"uaf.gcc", 1, 1, {{FK_USE_AFTER_FREE, "1,0,-1,1", "uaf.c", 11, "reader"}}},
    {"unlock-unlocked.clang-uniform",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_unlocked.c", 9, "main"}}},
    {"unlock-unlocked.clang", 1, 1, {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_unlocked.c", 9, "main"}}},
    {"unlock-unlocked.gcc-uniform",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_unlocked.c", 9, "main"}}},
    {"unlock-unlocked.gcc", 1, 1, {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_unlocked.c", 9, "main"}}},
    {"unlock-wrong-thread.clang-uniform",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_wrong_thread.c", 8, "worker"}}},
    {"unlock-wrong-thread.clang",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_wrong_thread.c", 8, "worker"}}},
    {"unlock-wrong-thread.gcc-uniform",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_wrong_thread.c", 8, "worker"}}},
    {"unlock-wrong-thread.gcc",
     1,
     1,
     {{FK_UNLOCK_UNOWNED, "-1,-1", "unlock_wrong_thread.c", 8, "worker"}}},
    /* clang 19, recorded by `record clang-19` from src/ (its line numbers):
     * the same report grammar; OpenMP's outlined function is now named
     * after its parent (main.omp_outlined_debug__). */
    {"race.clang-19", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"race.clang-19-uniform", 1, 1, {{FK_DATA_RACE, "2,1,2,1", "race.c", 9, "worker"}}},
    {"uaf.clang-19", 1, 1, {{FK_USE_AFTER_FREE, "1,0,1", "uaf.c", 11, "reader"}}},
    {"uaf.clang-19-uniform", 1, 1, {{FK_USE_AFTER_FREE, "1,0,1", "uaf.c", 11, "reader"}}},
    {"lockorder.clang-19", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 19, "main"}}},
    {"lockorder.clang-19-uniform", 1, 1, {{FK_LOCK_ORDER, "0,1,1", "lockorder.c", 19, "main"}}},
    {"leak.clang-19", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"leak.clang-19-uniform", 1, 1, {{FK_THREAD_LEAK, "1", "leak.c", 13, "main"}}},
    {"omp.clang-19", 1, 1, {{FK_DATA_RACE, "1,0,1", "omp.c", 9, "main.omp_outlined_debug__"}}},
    {"omp.clang-19-uniform",
     1,
     1,
     {{FK_DATA_RACE, "1,0,1", "omp.c", 9, "main.omp_outlined_debug__"}}},
};

static char *load(const char *name, size_t *len)
{
    char *rel = xasprintf("tsan/%s.txt", name);
    char *text = test_fixture(rel, len);
    free(rel);
    return text;
}

static int parse_fixture(const char *name, struct tsan_result *r, char **err)
{
    size_t len;
    char *text = load(name, &len);
    int rc = tsan_report_parse(text, len, r, err);
    free(text);
    return rc;
}

static char *thread_list(const struct finding *f)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < f->naccesses; i++)
        strbuf_addf(&sb, "%s%d", i ? "," : "", f->accesses[i].thread);
    return strbuf_detach(&sb);
}

static void check_report(const struct expect_report *e)
{
    struct tsan_result r;
    char *err = NULL;
    int rc = parse_fixture(e->fixture, &r, &err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NULL(err);
    CU_ASSERT_PTR_NULL(r.fatal);
    CU_ASSERT_EQUAL(r.reported_warnings, e->reported_warnings);
    CU_ASSERT_EQUAL(r.findings.len, e->nfindings);
    for (size_t i = 0; i < e->nfindings && i < r.findings.len; i++) {
        const struct expect_finding *ef = &e->findings[i];
        const struct finding *f = &r.findings.items[i];
        CU_ASSERT_EQUAL(f->kind, ef->kind);
        char *threads = thread_list(f);
        CU_ASSERT_STRING_EQUAL(threads, ef->threads);
        free(threads);
        const struct frame *uf = finding_user_frame(f, NULL);
        CU_ASSERT_PTR_NOT_NULL(uf);
        if (!uf)
            continue;
        char *want_file = xasprintf(SRC_DIR "%s", ef->file);
        CU_ASSERT_STRING_EQUAL(uf->file, want_file);
        free(want_file);
        CU_ASSERT_EQUAL(uf->line, ef->line);
        CU_ASSERT_PTR_NOT_NULL_FATAL(uf->function);
        CU_ASSERT_STRING_EQUAL(uf->function, ef->function);
        /* The same answer when the harness passes the source root. */
        CU_ASSERT_PTR_EQUAL(finding_user_frame(f, SRC_DIR), uf);
    }
    if (rc != 0 || r.findings.len != e->nfindings)
        fprintf(stderr, "\n  fixture %s: rc=%d, %zu findings (%s)\n", e->fixture, rc,
                r.findings.len, err ? err : "no error");
    free(err);
    tsan_result_free(&r);
}

static void test_all_fixtures(void)
{
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++)
        check_report(&reports[i]);
}

/* The three frame formats, field by field. */
static void test_frame_formats(void)
{
    static const struct {
        const char *fixture;
        size_t access, frame;
        const char *function, *file, *object;
        int line, column;
    } cases[] = {
        /* clang default: absolute file, line and column, object without path. */
        {"race.clang", 0, 0, "worker", SRC_DIR "race.c", "race.clang", 9, 12},
        /* Interceptor: "<null>" file, BuildId group after the object. */
        {"race.clang", 2, 0, "pthread_create", NULL, "race.clang", 0, 0},
        /* gcc default: no column; gcc's runtime has debug info under a relative path. */
        {"race.gcc", 0, 0, "worker", SRC_DIR "race.c", "race.gcc", 9, 0},
        {"race.gcc", 2, 0, "pthread_create",
         "../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp", "libtsan.so.2", 1001, 0},
        /* Uniform format: the object is a full path. */
        {"race.clang-uniform", 0, 0, "worker", SRC_DIR "race.c", SRC_DIR "race.clang", 9, 12},
        {"race.clang-uniform", 2, 0, "pthread_create", NULL, SRC_DIR "race.clang", 0, 0},
        {"race.gcc-uniform", 1, 0, "worker", SRC_DIR "race.c", SRC_DIR "race.gcc", 9, 0},
        /* Unknown function and file inside libomp. */
        {"omp.clang", 2, 1, NULL, NULL, "libomp.so.5", 0, 0},
        /* Inlined frame: no BuildId group. */
        {"omp.clang", 0, 1, ".omp_outlined.", SRC_DIR "omp.c", "omp.clang", 6, 1},
        /* A C++ signature with spaces, and a file without a line. */
        {"sigunsafe.clang", 0, 2,
         "__tsan::CallUserSignalHandler(__tsan::ThreadState*, bool, bool, int, "
         "__sanitizer::__sanitizer_siginfo*, void*)",
         "tsan_interceptors_posix.cpp.o", "sigunsafe.clang", 0, 0},
        {"cxx.clang", 0, 0,
         "(anonymous namespace)::Pair<int, long>::operator|=((anonymous namespace)::Pair<int, "
         "long> const&)",
         SRC_DIR "cxx.cpp", "cxx.clang", 9, 11},
        {"cxx.clang", 2, 0, "operator new(unsigned long)", NULL, "cxx.clang", 0, 0},
        {"cxx.clang-uniform", 1, 1, "worker(void*)", SRC_DIR "cxx.cpp", SRC_DIR "cxx.clang", 19,
         13},
        /* '|' inside the function name of a uniform frame. */
        {"cxx.gcc-uniform", 0, 0, "operator|=", SRC_DIR "cxx.cpp", SRC_DIR "cxx.gcc", 9, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tsan_result r;
        CU_ASSERT_EQUAL_FATAL(parse_fixture(cases[i].fixture, &r, NULL), 0);
        CU_ASSERT_FATAL(r.findings.len > 0);
        const struct finding *f = &r.findings.items[0];
        CU_ASSERT_FATAL(cases[i].access < f->naccesses);
        const struct access *a = &f->accesses[cases[i].access];
        CU_ASSERT_FATAL(cases[i].frame < a->nframes);
        const struct frame *fr = &a->frames[cases[i].frame];
        if (cases[i].function) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(fr->function);
            CU_ASSERT_STRING_EQUAL(fr->function, cases[i].function);
        } else {
            CU_ASSERT_PTR_NULL(fr->function);
        }
        if (cases[i].file) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(fr->file);
            CU_ASSERT_STRING_EQUAL(fr->file, cases[i].file);
        } else {
            CU_ASSERT_PTR_NULL(fr->file);
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(fr->object);
        CU_ASSERT_STRING_EQUAL(fr->object, cases[i].object);
        CU_ASSERT_EQUAL(fr->line, cases[i].line);
        CU_ASSERT_EQUAL(fr->column, cases[i].column);
        tsan_result_free(&r);
    }
    /* The pc's offset in its module, in every format (tsan_blind_to_fence reads the binary). */
    static const struct {
        const char *fixture;
        unsigned long long offset;
    } offsets[] = {{"race.clang", 0xd019f}, {"race.gcc", 0x11d7}, {"race.clang-uniform", 0xd019f}};
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        struct tsan_result r;
        CU_ASSERT_EQUAL_FATAL(parse_fixture(offsets[i].fixture, &r, NULL), 0);
        CU_ASSERT_EQUAL(r.findings.items[0].accesses[0].frames[0].offset, offsets[i].offset);
        tsan_result_free(&r);
    }
}

/* Headlines become tool_kind, message and each access's `what`. */
static void test_headlines(void)
{
    struct tsan_result r;
    CU_ASSERT_EQUAL_FATAL(parse_fixture("lockorder.clang", &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 1);
    const struct finding *f = &r.findings.items[0];
    CU_ASSERT_STRING_EQUAL(f->tool_kind, "lock-order-inversion (potential deadlock)");
    CU_ASSERT_STRING_EQUAL(f->message, "lock-order-inversion (potential deadlock)");
    CU_ASSERT_EQUAL_FATAL(f->naccesses, 3);
    CU_ASSERT_STRING_EQUAL(f->accesses[0].what,
                           "Mutex M1 acquired here while holding mutex M0 in main thread");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what,
                           "Mutex M0 acquired here while holding mutex M1 in thread T1");
    CU_ASSERT(str_starts_with(f->accesses[2].what, "Thread T1 (tid="));
    CU_ASSERT(str_ends_with(f->accesses[2].what, "created by main thread at"));
    tsan_result_free(&r);

    /* A stack right under the WARNING line is named after the report. */
    CU_ASSERT_EQUAL_FATAL(parse_fixture("destroy.gcc", &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 1);
    f = &r.findings.items[0];
    CU_ASSERT_EQUAL_FATAL(f->naccesses, 3);
    CU_ASSERT_STRING_EQUAL(f->accesses[0].what, "destroy of a locked mutex");
    CU_ASSERT_STRING_EQUAL(f->accesses[1].what, "and");
    CU_ASSERT(str_starts_with(f->accesses[2].what, "Mutex M0 (0x"));
    tsan_result_free(&r);

    /* gcc's "As if synchronized via sleep" section names no thread. */
    CU_ASSERT_EQUAL_FATAL(parse_fixture("uaf.gcc", &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 1);
    f = &r.findings.items[0];
    CU_ASSERT_STRING_EQUAL(f->message, "heap-use-after-free");
    CU_ASSERT_EQUAL_FATAL(f->naccesses, 4);
    CU_ASSERT_STRING_EQUAL(f->accesses[2].what, "As if synchronized via sleep");
    CU_ASSERT(str_starts_with(f->accesses[0].what, "Read of size 4 at 0x"));
    CU_ASSERT(str_ends_with(f->accesses[0].what, "by thread T1"));
    tsan_result_free(&r);
}

static void test_fatal(void)
{
    struct tsan_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(parse_fixture("suppressions-missing.clang", &r, &err), 0);
    CU_ASSERT_PTR_NULL(err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.fatal);
    CU_ASSERT(str_starts_with(r.fatal, "ThreadSanitizer: failed to read suppressions file"));
    CU_ASSERT_PTR_NULL(strchr(r.fatal, '\n'));
    CU_ASSERT_PTR_NULL(r.deadly.signal);
    CU_ASSERT_EQUAL(r.findings.len, 0);
    CU_ASSERT_EQUAL(r.reported_warnings, -1);
    tsan_result_free(&r);
}

/* A signal TSan's handler caught: the signal, its line, the stack where it
 * happened, and no tool failure (whose crash it is, the caller tells). */
static void test_deadly_signal(void)
{
    static const struct {
        const char *fixture, *signal;
        size_t findings, frames;
        int frame; /* a frame to check: function, file's end, line */
        const char *function, *file;
        int line;
    } cases[] = {
        /* log_path: only the ERROR line is in the log. */
        {"archer-crash.clang-uniform", "SEGV", 0, 12, 1, "__kmpc_omp_wait_deps", NULL, 0},
        /* stderr: the DEADLYSIGNAL line before it is not a failure of its own. */
        {"archer-crash.clang-stderr", "SEGV", 0, 12, 2, ".omp_outlined._debug__", "ompcrash.c", 11},
        /* A race reported, then the program's own NULL write. */
        {"race-then-segv.clang-uniform", "SEGV", 1, 5, 0, "crash", "segv.c", 5},
        /* abort(): libc's frames first, main at frame 4. */
        {"abort.clang-uniform", "ABRT", 0, 8, 4, "main", "abrt.c", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tsan_result r;
        char *err = NULL;
        CU_ASSERT_EQUAL(parse_fixture(cases[i].fixture, &r, &err), 0);
        CU_ASSERT_PTR_NULL(err);
        free(err);
        CU_ASSERT_PTR_NULL(r.fatal);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r.deadly.signal);
        CU_ASSERT_STRING_EQUAL(r.deadly.signal, cases[i].signal);
        CU_ASSERT(str_starts_with(r.deadly.line, "ERROR: ThreadSanitizer: "));
        CU_ASSERT_EQUAL(r.findings.len, cases[i].findings);
        CU_ASSERT_EQUAL(r.reported_warnings, -1); /* it died before counting */
        const struct access *st = &r.deadly.stack;
        CU_ASSERT_EQUAL_FATAL(st->nframes, cases[i].frames);
        const struct frame *f = &st->frames[cases[i].frame];
        CU_ASSERT_PTR_NOT_NULL_FATAL(f->function);
        CU_ASSERT_STRING_EQUAL(f->function, cases[i].function);
        if (cases[i].file) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(f->file);
            CU_ASSERT(str_ends_with(f->file, cases[i].file));
        }
        CU_ASSERT_EQUAL(f->line, cases[i].line);
        tsan_result_free(&r);
    }
    /* Archer's crash: frame 0 is in libarcher.so. */
    struct tsan_result r;
    CU_ASSERT_EQUAL(parse_fixture("archer-crash.clang-uniform", &r, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.deadly.stack.frames[0].object);
    CU_ASSERT(str_ends_with(r.deadly.stack.frames[0].object, "libarcher.so"));
    tsan_result_free(&r);
}

/* clang -O1 merged two increments into one instruction: its frame has line 0.
 * The access is placed at the nearest frame with a line (its caller), so
 * that reports, suppressions and fingerprints have a place. */
static void test_line_zero_frame(void)
{
    struct tsan_result r;
    CU_ASSERT_EQUAL_FATAL(parse_fixture("line-zero.clang-uniform", &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 1);
    const struct access *a = &r.findings.items[0].accesses[0];
    CU_ASSERT_EQUAL_FATAL(a->nframes, 2);
    CU_ASSERT_EQUAL(a->frames[0].line, 0);
    CU_ASSERT_STRING_EQUAL(a->frames[0].function, "record");
    CU_ASSERT_EQUAL(access_user_frame(a, NULL), 1);
    CU_ASSERT_STRING_EQUAL(a->frames[1].function, "worker");
    CU_ASSERT_EQUAL(a->frames[1].line, 13);
    /* The pc's offset in the module, for reading the binary (tsan_blind_to_fence). */
    CU_ASSERT_EQUAL(a->frames[0].offset, 0xd01c4);
    const struct frame *f = finding_user_frame(&r.findings.items[0], NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->line, 13);
    tsan_result_free(&r);
}

/* A race on storage the OpenMP runtime took from malloc and reuses from task
 * to task is one Archer cannot model; a race on the program's own memory is
 * not such a race. The binary does not exist: it uses no OpenMP allocator. */
static void test_runtime_storage(void)
{
    struct tsan_result r;
    CU_ASSERT_EQUAL_FATAL(parse_fixture("archer-task-storage.clang-uniform", &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 1);
    CU_ASSERT_TRUE(tsan_blind_to_runtime_storage(&r.findings.items[0], "/nonexistent/x.tsan"));
    tsan_result_free(&r);
    static const char *const own[] = {"race.clang-uniform", "uaf.clang-uniform",
                                      "omp.clang-uniform"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        CU_ASSERT_EQUAL_FATAL(parse_fixture(own[i], &r, NULL), 0);
        for (size_t k = 0; k < r.findings.len; k++)
            CU_ASSERT_FALSE(
                tsan_blind_to_runtime_storage(&r.findings.items[k], "/nonexistent/x.tsan"));
        tsan_result_free(&r);
    }
}

static void test_truncated(void)
{
    struct tsan_result r;
    char *err = NULL;
    CU_ASSERT_EQUAL(parse_fixture("truncated.clang-uniform", &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT(str_starts_with(err, "line 23: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "opened at line 18"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "data race"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cut off"));
    /* The complete report before the cut is kept, the cut one is not. */
    CU_ASSERT_EQUAL(r.findings.len, 1);
    CU_ASSERT_EQUAL(r.reported_warnings, -1);
    CU_ASSERT_PTR_NULL(r.fatal);
    free(err);
    tsan_result_free(&r);

    /* err may be NULL. */
    CU_ASSERT_EQUAL(parse_fixture("truncated.clang-uniform", &r, NULL), -1);
    tsan_result_free(&r);

    /* The same cut, but the tool crashed right after it: not a malformed text. */
    size_t len1, len2;
    char *cut = load("truncated.clang-uniform", &len1);
    char *crash = load("archer-crash.clang-stderr", &len2);
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, cut, len1);
    strbuf_addch(&sb, '\n');
    strbuf_add(&sb, crash, len2);
    CU_ASSERT_EQUAL(tsan_report_parse(sb.buf, sb.len, &r, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(r.fatal);
    CU_ASSERT_EQUAL(r.findings.len, 2);
    tsan_result_free(&r);
    strbuf_release(&sb);
    free(cut);
    free(crash);
}

static void test_clean_and_concatenated(void)
{
    struct tsan_result r;
    CU_ASSERT_EQUAL(parse_fixture("clean.clang-uniform", &r, NULL), 0);
    CU_ASSERT_EQUAL(r.findings.len, 0);
    CU_ASSERT_EQUAL(r.reported_warnings, -1);
    CU_ASSERT_PTR_NULL(r.fatal);
    tsan_result_free(&r);

    /* Nothing at all. */
    CU_ASSERT_EQUAL(tsan_report_parse("", 0, &r, NULL), 0);
    CU_ASSERT_EQUAL(r.reported_warnings, -1);
    tsan_result_free(&r);

    /* Two logs of different runtimes and formats, as the harness concatenates them. */
    size_t len1, len2;
    char *a = load("race.gcc", &len1);
    char *b = load("lockorder.clang-uniform", &len2);
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, a, len1);
    strbuf_add(&sb, b, len2);
    CU_ASSERT_EQUAL(tsan_report_parse(sb.buf, sb.len, &r, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(r.findings.len, 2);
    CU_ASSERT_EQUAL(r.findings.items[0].kind, FK_DATA_RACE);
    CU_ASSERT_EQUAL(r.findings.items[1].kind, FK_LOCK_ORDER);
    CU_ASSERT_EQUAL(r.reported_warnings, 2);
    tsan_result_free(&r);
    strbuf_release(&sb);
    free(a);
    free(b);
}

static void test_kind_from_type(void)
{
    static const struct {
        const char *type;
        enum finding_kind kind;
    } cases[] = {
        {"data race", FK_DATA_RACE},
        {"data race on vptr (ctor/dtor vs virtual call)", FK_DATA_RACE},
        {"data race on vptr", FK_DATA_RACE},
        {"race on external object", FK_DATA_RACE},
        {"heap-use-after-free", FK_USE_AFTER_FREE},
        {"heap-use-after-free (virtual call vs free)", FK_USE_AFTER_FREE},
        {"lock-order-inversion (potential deadlock)", FK_LOCK_ORDER},
        {"thread leak", FK_THREAD_LEAK},
        {"unlock of an unlocked mutex (or by a wrong thread)", FK_UNLOCK_UNOWNED},
        {"destroy of a locked mutex", FK_DESTROY_LOCKED},
        {"double lock of a mutex", FK_DOUBLE_LOCK},
        {"use of an invalid mutex", FK_INVALID_LOCK},
        {"use of an invalid mutex (e.g. uninitialized or destroyed)", FK_INVALID_LOCK},
        {"read lock of a write locked mutex", FK_RWLOCK_MISUSE},
        {"read unlock of a write locked mutex", FK_RWLOCK_MISUSE},
        {"read unlock of a read locked mutex", FK_RWLOCK_MISUSE},
        {"signal-unsafe call inside of a signal", FK_SIGNAL_UNSAFE},
        {"signal handler spoils errno", FK_ERRNO_SPOILED},
        {"mutex held in the wrong context", FK_OTHER},
        {"data racer", FK_OTHER},
        {"", FK_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CU_ASSERT_EQUAL(tsan_kind_from_type(cases[i].type), cases[i].kind);
    CU_ASSERT_EQUAL(tsan_kind_from_type(NULL), FK_OTHER);
}

int register_tsan_tests(void)
{
    CU_pSuite s = CU_add_suite("tsan", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "every fixture: findings, kinds, threads, user frame", test_all_fixtures) ||
        !CU_add_test(s, "frame formats", test_frame_formats) ||
        !CU_add_test(s, "headlines", test_headlines) ||
        !CU_add_test(s, "tool failures", test_fatal) ||
        !CU_add_test(s, "deadly signals", test_deadly_signal) ||
        !CU_add_test(s, "a frame at line 0", test_line_zero_frame) ||
        !CU_add_test(s, "the OpenMP runtime's own storage", test_runtime_storage) ||
        !CU_add_test(s, "truncated report", test_truncated) ||
        !CU_add_test(s, "clean and concatenated", test_clean_and_concatenated) ||
        !CU_add_test(s, "kind from type", test_kind_from_type))
        return -1;
    return 0;
}
