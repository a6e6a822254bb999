/* test_probe.c: the concurrency probe (harness/probe.c, harness/shim/probe.c).
 *
 * - the parser on files recorded from real runs (tests/fixtures/probe), and
 *   on those files broken in one place each;
 * - the judge's thresholds, on hand-made reports;
 * - the probe itself: the programs under tests/programs/probe, compiled with
 *   clang and run with build/shim/probe.so preloaded. They force overlap with
 *   barriers (never sleeps), or rule it out by construction. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"
#include "proc.h"
#include "test.h"
#include "util.h"

#define PROBE_SO   "build/shim/probe.so"
#define COUNT_SHIM "build/shim/thread_count-valgrind.o"
#define PROGRAMS   "tests/programs/probe"

static char *scratch;

static int suite_init(void)
{
    char tmpl[] = "/tmp/racelab-probe-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    scratch = xstrdup(tmpl);
    return 0;
}

static int suite_clean(void)
{
    remove_tree(scratch);
    free(scratch);
    return 0;
}

/* --- the parser on recorded files ---------------------------------------------------------- */

/* Parse FIXTURE_DIR/probe/name.txt with every `from` replaced by `to` (from
 * NULL: as recorded). Returns probe_read's status; *err is set on error. */
static int read_fixture(const char *name, const char *from, const char *to, struct probe_report *r,
                        char **err)
{
    char *rel = xasprintf("probe/%s.txt", name);
    size_t len;
    char *text = test_fixture(rel, &len);
    struct strbuf sb = STRBUF_INIT;
    const char *p = text;
    for (const char *at; from && (at = strstr(p, from)); p = at + strlen(from)) {
        strbuf_add(&sb, p, (size_t)(at - p));
        strbuf_adds(&sb, to);
    }
    strbuf_adds(&sb, p);
    char *path = xasprintf("%s/%s.txt", scratch, name);
    CU_ASSERT_EQUAL_FATAL(write_file(path, sb.buf, sb.len), 0);
    *err = NULL;
    int rc = probe_read(path, r, err);
    free(path);
    strbuf_release(&sb);
    free(text);
    free(rel);
    return rc;
}

static const struct recorded {
    const char *name;
    long threads, max_live;
    size_t listed;
    bool complete;
    const char *judged; /* a word of probe_judge's reason with the lock rule, NULL: none */
} recorded[] = {
    {"parallel", 2, 2, 2, true, NULL},
    {"serial", 3, 1, 3, true, "serialised"},
    {"whole_lock", 2, 2, 2, true, "took turns"},
    {"per_update", 2, 2, 2, true, NULL},
    {"condvar", 2, 2, 2, true, NULL},
    {"exits", 3, 3, 3, true, NULL},
    {"omp", 2, 2, 2, true, NULL},
    {"fork", 2, 2, 2, false, NULL},
    {"chain", 3, 2, 3, true, NULL},
};

static void test_recorded_files(void)
{
    for (size_t i = 0; i < sizeof recorded / sizeof *recorded; i++) {
        const struct recorded *want = &recorded[i];
        struct probe_report r;
        char *err, buf[256];
        if (read_fixture(want->name, NULL, NULL, &r, &err) != 0)
            fprintf(stderr, "\n  %s: %s\n", want->name, err);
        CU_ASSERT_PTR_NULL_FATAL(err);
        CU_ASSERT_EQUAL(r.threads, want->threads);
        CU_ASSERT_EQUAL(r.max_live, want->max_live);
        CU_ASSERT_EQUAL(r.nthreads_listed, want->listed);
        CU_ASSERT_EQUAL(r.complete, want->complete);
        for (size_t t = 0; t < r.nthreads_listed; t++)
            CU_ASSERT(r.thread[t].longest_hold_s <= r.thread[t].lifetime_s);
        const char *why = probe_judge(&r, true, buf, sizeof buf);
        CU_ASSERT_EQUAL(why == NULL, want->judged == NULL);
        if (why && want->judged && !strstr(why, want->judged))
            CU_FAIL("the reason does not say what went wrong");
        probe_report_free(&r);
    }
}

/* The numbers themselves, of one file, in seconds. */
static void test_recorded_numbers(void)
{
    struct probe_report r;
    char *err;
    CU_ASSERT_EQUAL_FATAL(read_fixture("whole_lock", NULL, NULL, &r, &err), 0);
    CU_ASSERT_EQUAL_FATAL(r.nthreads_listed, 2);
    /* Thread 1 held the lock all its life (57.0 ms: 47 waiting for it, 10 working); thread 0
     * lived 46.9 ms, of which it waited 36.9 for a CPU (the machine was loaded), inside its one
     * hold of 46.8 ms: what is left of its life is shorter than its hold, which is 100%. */
    CU_ASSERT_DOUBLE_EQUAL(r.thread[0].lifetime_s, 0.046874499, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.thread[0].longest_hold_s, 0.046847178, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.thread[0].cpu_wait_s, 0.036878113, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.thread[1].lifetime_s, 0.056976435, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.thread[1].longest_hold_s, 0.056969342, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.thread[1].cpu_wait_s, 0.000035496, 1e-12);
    char buf[256];
    const char *why = probe_judge(&r, true, buf, sizeof buf);
    CU_ASSERT(why && str_starts_with(why, "every thread held one lock for 100% of its life"));
    probe_report_free(&r);
}

static void test_broken_files(void)
{
    static const struct {
        const char *from, *to, *error;
    } broken[] = {
        {"end\n", "", "parallel.txt:6: expected 'end' (the file is cut short), got ''"},
        {"end\n", "end", "parallel.txt:6: expected a newline at the end of the line, got 'end'"},
        {"end\n", "end\nthread 2 1 1 1\n",
         "parallel.txt:7: expected nothing after 'end', got 'thread 2 1 1 1'"},
        {"max_live", "max-live", "parallel.txt:2: expected 'max_live N', got 'max-live 2'"},
        {"threads 2", "threads x", "parallel.txt:1: expected 'threads N', got 'threads x'"},
        {"threads 2", "threads 1",
         "parallel.txt:1: expected at least one thread per 'thread' line (2), got 'threads 1'"},
        {"state exit", "state done",
         "parallel.txt:3: expected 'state run' or 'state exit', got 'state done'"},
        {"thread 1 ", "thread 7 ",
         "parallel.txt:5: expected 'thread 1 LIFETIME_NS HOLD_NS CPU_WAIT_NS' (or with ' "
         "running') or 'end', got 'thread 7 "},
        {"\nend", " 12\nend",
         "parallel.txt:5: expected 'thread 1 LIFETIME_NS HOLD_NS CPU_WAIT_NS' (or with ' "
         "running') or 'end', got 'thread 1 "},
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        struct probe_report r;
        char *err;
        CU_ASSERT_EQUAL(read_fixture("parallel", broken[i].from, broken[i].to, &r, &err), -1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(err);
        const char *at = strstr(err, "parallel.txt:");
        if (!at || strncmp(at, broken[i].error, strlen(broken[i].error)) != 0)
            fprintf(stderr, "\n  got      %s\n  expected %s\n", err, broken[i].error);
        CU_ASSERT(at && strncmp(at, broken[i].error, strlen(broken[i].error)) == 0);
        CU_ASSERT_PTR_NULL(r.thread);
        free(err);
    }
    /* A thread still running: the file parses but is not complete. */
    struct probe_report r;
    char *err;
    CU_ASSERT_EQUAL(read_fixture("parallel", "\nend", " running\nend", &r, &err), 0);
    CU_ASSERT_FALSE(r.complete);
    probe_report_free(&r);
    char *missing = xasprintf("%s/no-such-file", scratch);
    CU_ASSERT_EQUAL(probe_read(missing, &r, &err), -1);
    CU_ASSERT(err && strstr(err, "no-such-file: No such file or directory (the concurrency probe"));
    free(err);
    free(missing);
}

/* --- the judge ----------------------------------------------------------------------------- */

/* A report of n threads, each {lifetime, longest hold, CPU wait} in seconds. */
static const char *judge(long threads, long max_live, const double (*times)[3], size_t n,
                         bool forbid, char *buf)
{
    struct probe_thread t[8];
    for (size_t i = 0; i < n; i++)
        t[i] = (struct probe_thread){times[i][0], times[i][1], times[i][2]};
    struct probe_report r = {threads, max_live, n, t, true};
    return probe_judge(&r, forbid, buf, 256);
}

static void test_judge_thresholds(void)
{
    char buf[256];
    static const double none[1][3];
    CU_ASSERT_PTR_NULL(judge(0, 0, none, 0, true, buf));
    CU_ASSERT_PTR_NULL(judge(1, 1, none, 0, true, buf));
    CU_ASSERT_STRING_EQUAL(judge(2, 1, none, 0, false, buf),
                           "the threads never ran at the same time (at most 1 was running at "
                           "once): they were serialised, e.g. joined right after being created");
    CU_ASSERT_PTR_NOT_NULL(strstr(judge(4, 0, none, 0, false, buf), "(at most 0 were running"));

    static const double locked[3][3] = {{0.010, 0.0097, 0}, {0.020, 0.0199, 0}, {0.000005, 0, 0}};
    CU_ASSERT_PTR_NULL(judge(3, 2, locked, 3, false, buf));
    CU_ASSERT_STRING_EQUAL(judge(3, 2, locked, 3, true, buf),
                           "every thread held one lock for 97% of its life: the threads took turns "
                           "instead of running together; lock only the shared update");
    /* 90% fires, 89% does not; one such thread alone does not; short ones do not count. */
    static const double at90[2][3] = {{0.010, 0.00901, 0}, {0.010, 0.0095, 0}};
    static const double at89[2][3] = {{0.010, 0.0089, 0}, {0.010, 0.0095, 0}};
    static const double one[2][3] = {{0.010, 0.010, 0}, {0.000009, 0.000009, 0}};
    CU_ASSERT_PTR_NOT_NULL(strstr(judge(2, 2, at90, 2, true, buf), " 90% "));
    CU_ASSERT_PTR_NULL(judge(2, 2, at89, 2, true, buf));
    CU_ASSERT_PTR_NULL(judge(2, 2, one, 2, true, buf));
    /* Time spent waiting for a CPU is not life: 10 ms held of 11 ms lived is 90%. */
    static const double waited[2][3] = {{0.020, 0.010, 0.009}, {0.020, 0.0185, 0}};
    static const double not_waited[2][3] = {{0.020, 0.010, 0}, {0.020, 0.0185, 0}};
    CU_ASSERT_PTR_NOT_NULL(strstr(judge(2, 2, waited, 2, true, buf), " 90% "));
    CU_ASSERT_PTR_NULL(judge(2, 2, not_waited, 2, true, buf));
    /* ... and a hold that outlasts what is left counts as the whole life. */
    static const double over[2][3] = {{0.020, 0.015, 0.010}, {0.020, 0.020, 0}};
    CU_ASSERT_PTR_NOT_NULL(strstr(judge(2, 2, over, 2, true, buf), " 100% "));
}

/* --- the probe on real programs ------------------------------------------------------------ */

/* Run argv in the scratch directory with a minimal environment plus extra
 * (NULL-terminated). True when it exited 0. */
static bool run(const char *const *argv, const char *const *extra)
{
    const char *env[8] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C"};
    for (size_t i = 0, n = 2; extra && extra[i] && n < 7; i++)
        env[n++] = extra[i];
    struct proc_spec spec = {
        .argv = argv, .envp = env, .cwd = scratch, .timeout_s = 120, .output_cap = 1u << 16};
    struct proc_result pr;
    char desc[256];
    bool ok = proc_run(&spec, &pr) == 0 && !pr.spawn_failed && !pr.timed_out && !pr.term_signal &&
              pr.exit_code == 0;
    if (!ok)
        fprintf(stderr, "\n  %s: %s\n%s", argv[0], proc_describe(&pr, desc, sizeof desc), pr.err);
    proc_result_free(&pr);
    return ok;
}

/* Build tests/programs/probe/name.c into the scratch directory: its path. */
static char *build(const char *name)
{
    char *dir = realpath(PROGRAMS, NULL), *shim = realpath(COUNT_SHIM, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char *src = xasprintf("%s/%s.c", dir, name), *bin = xasprintf("%s/%s", scratch, name);
    bool omp = strcmp(name, "omp") == 0, chain = strcmp(name, "chain") == 0;
    if (chain && !shim)
        fprintf(stderr, "\n  %s is missing: run 'make'\n", COUNT_SHIM);
    CU_ASSERT_FATAL(shim || !chain);
    const char *argv[16] = {"clang",    "-std=c17", "-O1", "-Wall", "-Werror",
                            "-pthread", "-o",       bin,   src};
    size_t n = 9;
    if (omp)
        argv[n++] = "-fopenmp";
    if (chain)
        argv[n++] = shim;
    argv[n++] = "-ldl";
    CU_ASSERT_FATAL(run(argv, NULL));
    free(src);
    free(shim);
    free(dir);
    return bin;
}

/* Run the program with the probe preloaded (or only loaded, without
 * RACELAB_PROBE_FILE, when record is false) and read its file. */
static void probe_run(const char *name, bool record, const char *more_env, struct probe_report *r)
{
    char *bin = build(name), *so = realpath(PROBE_SO, NULL), *err = NULL;
    if (!so)
        fprintf(stderr, "\n  %s is missing: run 'make'\n", PROBE_SO);
    CU_ASSERT_PTR_NOT_NULL_FATAL(so);
    char *file = xasprintf("%s/%s.probe", scratch, name);
    char *preload = xasprintf("LD_PRELOAD=%s", so);
    char *where = xasprintf("RACELAB_PROBE_FILE=%s", file);
    const char *argv[] = {bin, NULL}, *env[4] = {preload};
    size_t n = 1;
    if (record)
        env[n++] = where;
    if (more_env)
        env[n++] = more_env;
    unlink(file);
    CU_ASSERT_FATAL(run(argv, env));
    if (!record) {
        CU_ASSERT_EQUAL(access(file, F_OK), -1);
    } else if (probe_read(file, r, &err) != 0) {
        fprintf(stderr, "\n  %s\n", err);
        free(err);
        CU_FAIL_FATAL("the probe's file does not parse");
    }
    free(where);
    free(preload);
    free(file);
    free(so);
    free(bin);
}

/* Run name and check what every run must show; returns the judge's reason with the lock rule. */
static const char *probe_check(const char *name, long threads, long max_live, bool complete,
                               struct probe_report *r, char *buf)
{
    probe_run(name, true, NULL, r);
    if (r->threads != threads || r->max_live != max_live || r->complete != complete)
        fprintf(stderr, "\n  %s: threads %ld, max_live %ld, complete %d\n", name, r->threads,
                r->max_live, r->complete);
    CU_ASSERT_EQUAL(r->threads, threads);
    CU_ASSERT_EQUAL(r->max_live, max_live);
    CU_ASSERT_EQUAL(r->complete, complete);
    CU_ASSERT_EQUAL(r->nthreads_listed, (size_t)threads);
    return probe_judge(r, true, buf, 256);
}

static void test_concurrent_programs(void)
{
    static const char *const fine[] = {"parallel", "per_update", "condvar"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        struct probe_report r;
        char buf[256];
        const char *why = probe_check(fine[i], 2, 2, true, &r, buf);
        if (why)
            fprintf(stderr, "\n  %s: %s\n", fine[i], why);
        CU_ASSERT_PTR_NULL(why);
        /* per_update and condvar run 100 and 200 short holds: never one long one. */
        for (size_t t = 0; t < r.nthreads_listed; t++) {
            CU_ASSERT(r.thread[t].lifetime_s >= 1e-3);
            CU_ASSERT(r.thread[t].longest_hold_s < r.thread[t].lifetime_s / 2);
        }
        probe_report_free(&r);
    }
}

static void test_serialised_programs(void)
{
    struct probe_report r;
    char buf[256];
    const char *why = probe_check("serial", 3, 1, true, &r, buf);
    CU_ASSERT(why && strstr(why, "never ran at the same time (at most 1 was running at once)"));
    probe_report_free(&r);

    why = probe_check("whole_lock", 2, 2, true, &r, buf);
    CU_ASSERT(why && strstr(why, "the threads took turns"));
    CU_ASSERT_PTR_NULL(probe_judge(&r, false, buf, sizeof buf));
    for (size_t t = 0; t < r.nthreads_listed; t++)
        CU_ASSERT(r.thread[t].longest_hold_s >=
                  0.9 * (r.thread[t].lifetime_s - r.thread[t].cpu_wait_s));
    probe_report_free(&r);
}

/* pthread_exit (holding a mutex), cancellation, a detached thread; main's pthread_exit. */
static void test_thread_ends(void)
{
    struct probe_report r;
    char buf[256];
    CU_ASSERT_PTR_NULL(probe_check("exits", 3, 3, true, &r, buf));
    double held = 0;
    for (size_t t = 0; t < r.nthreads_listed; t++)
        held = r.thread[t].longest_hold_s > held ? r.thread[t].longest_hold_s : held;
    CU_ASSERT(held >= 2e-3); /* the exiter's hold ends with the thread */
    probe_report_free(&r);
}

static void test_openmp(void)
{
    struct probe_report r;
    char buf[256];
    probe_run("omp", true, NULL, &r);
    CU_ASSERT(r.threads >= 2);
    CU_ASSERT(r.max_live >= 2);
    CU_ASSERT_PTR_NULL(probe_judge(&r, false, buf, sizeof buf));
    CU_ASSERT_PTR_NULL(probe_judge(&r, true, buf, sizeof buf));
    probe_report_free(&r);
}

/* A forked child and the shell leave the record alone; _exit keeps the last one written. */
static void test_fork_and_exit(void)
{
    struct probe_report r;
    char buf[256];
    CU_ASSERT_PTR_NULL(probe_check("fork", 2, 2, false, &r, buf));
    for (size_t t = 0; t < r.nthreads_listed; t++)
        CU_ASSERT(r.thread[t].lifetime_s >= 2e-3);
    probe_report_free(&r);
}

/* Behind the executable's own pthread_create (the thread-count shim), and a
 * thread started before any constructor: both counted by both. */
static void test_chain_and_early_thread(void)
{
    struct probe_report r;
    char buf[256], *count_file = xasprintf("%s/threads", scratch);
    char *count_env = xasprintf("RACELAB_THREADS_FILE=%s", count_file), *text = NULL;
    probe_run("chain", true, count_env, &r);
    CU_ASSERT_EQUAL(r.threads, 3);
    CU_ASSERT_EQUAL(r.max_live, 2);
    CU_ASSERT(r.complete);
    CU_ASSERT_PTR_NULL(probe_judge(&r, true, buf, sizeof buf));
    CU_ASSERT_EQUAL_FATAL(read_file(count_file, &text, NULL), 0);
    CU_ASSERT_EQUAL(strtol(text, NULL, 10), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " exit"));
    free(text);
    free(count_env);
    free(count_file);
    probe_report_free(&r);
}

/* Without RACELAB_PROBE_FILE the library is loaded and records nothing. */
static void test_disabled(void)
{
    probe_run("parallel", false, NULL, NULL);
}

int register_probe_tests(void)
{
    CU_pSuite s = CU_add_suite("probe: concurrency probe files and judge", suite_init, suite_clean);
    if (!s || !CU_add_test(s, "recorded files", test_recorded_files) ||
        !CU_add_test(s, "recorded numbers", test_recorded_numbers) ||
        !CU_add_test(s, "broken files", test_broken_files) ||
        !CU_add_test(s, "judge thresholds", test_judge_thresholds))
        return -1;
    s = CU_add_suite("probe: real programs under build/shim/probe.so", suite_init, suite_clean);
    if (!s || !CU_add_test(s, "concurrent programs pass", test_concurrent_programs) ||
        !CU_add_test(s, "serialised programs fail", test_serialised_programs) ||
        !CU_add_test(s, "pthread_exit, cancellation, detached", test_thread_ends) ||
        !CU_add_test(s, "OpenMP workers", test_openmp) ||
        !CU_add_test(s, "fork, system and _exit", test_fork_and_exit) ||
        !CU_add_test(s, "behind the thread-count shim, before constructors",
                     test_chain_and_early_thread) ||
        !CU_add_test(s, "without RACELAB_PROBE_FILE", test_disabled))
        return -1;
    return 0;
}
