/* test_verdict.c: the judgement rules, driven by hand-built run outcomes
 * (the parsers' own tests use recorded tool output; here only the logic
 * that compares outcomes with a header is under test). */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "run.h"
#include "test.h"
#include "util.h"
#include "verdict.h"

#define SRC "/cat/cases/threads/x.c"

static struct program parse(enum variant v, const char *tsan, const char *extra)
{
    char *text =
        xasprintf("/* racelab-case\n * title: t\n%s * rust: r\n * tsan: %s\n"
                  " * helgrind: n/a: cannot see it\n * drd: clean\n"
                  " * oracle: stdout \"sum = 10\"\n * threads: 2\n * timeout: 7\n%s */\n",
                  v == VARIANT_UNSAFE ? " * bug: b\n * fix: f\n * tsa: clean\n"
                                        " * analyzer: clean\n * tidy: clean\n * cppcheck: clean\n"
                                        " * hint: h1\n * hint: h2\n * hint: h3\n * task: k\n"
                                      : " * discipline: d\n",
                  tsan, extra);
    struct program p;
    char *err = NULL;
    int rc = program_parse(v == VARIANT_UNSAFE ? "cases/threads/x.c" : "safe/threads/x.c", text, v,
                           &p, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    free(text);
    return p;
}

/* A completed run that printed `out`, started `threads` threads, and
 * reported one finding of `kind` at `file` (none when kind < 0). */
static struct run_outcome run(const char *out, long threads, int kind, const char *file)
{
    struct run_outcome r = {.status = RUN_OK, .exit_code = 0, .threads_started = threads};
    r.out = xstrdup(out);
    r.detail = xstrdup("exit 0");
    if (kind >= 0) {
        struct finding *f = finding_list_add(&r.findings);
        f->kind = (enum finding_kind)kind;
        f->tool_kind = xstrdup("data race");
        struct access *a = finding_add_access(f);
        a->what = xstrdup("Write of size 4");
        a->thread = 1;
        access_add_frame(a, "worker", file, "/cat/build/x", 12, 5);
    }
    return r;
}

static struct run_outcome failed_run(enum run_status status, const char *detail)
{
    struct run_outcome r = {.status = status, .threads_started = -1};
    r.detail = xstrdup(detail);
    return r;
}

static void judge(const struct program *p, struct run_outcome *runs, size_t n, struct judgement *j)
{
    verdict_judge(p, TOOL_TSAN, SRC, runs, n, j);
    for (size_t i = 0; i < n; i++)
        run_outcome_free(&runs[i]);
}

static void test_unsafe_detected_every_run(void)
{
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, FK_DATA_RACE, SRC),
                                 run("sum = 9\n", 2, FK_DATA_RACE, SRC),
                                 run("sum = 10\n", 2, FK_DATA_RACE, SRC)};
    struct judgement j;
    judge(&p, runs, 3, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NULL(j.reason);
    CU_ASSERT_EQUAL(j.runs, 3);
    CU_ASSERT_EQUAL(j.detected, 3);
    /* The wrong sum of a racy program is a symptom, shown but not a failure. */
    CU_ASSERT_EQUAL(j.oracle_failures, 1);
    CU_ASSERT_STRING_EQUAL(j.oracle_note, "printed \"sum = 9\", expected \"sum = 10\"");
    CU_ASSERT_EQUAL(j.findings.len, 1); /* the same race in three runs is one finding */
    CU_ASSERT_EQUAL(j.threads_seen, 2);
    judgement_free(&j);
    program_free(&p);
}

static void test_unsafe_missed_once(void)
{
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, FK_DATA_RACE, SRC),
                                 run("sum = 10\n", 2, -1, NULL),
                                 /* reported, but only in someone else's code: not a detection */
                                 run("sum = 10\n", 2, FK_DATA_RACE, "/usr/include/x.h")};
    struct judgement j;
    judge(&p, runs, 3, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(j.detected, 1);
    CU_ASSERT_STRING_EQUAL(j.reason, "expected data-race in every run, seen in 1/3");
    judgement_free(&j);
    program_free(&p);
}

static void test_unsafe_unexpected_kind(void)
{
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, FK_DATA_RACE, SRC),
                                 run("sum = 10\n", 2, FK_LOCK_ORDER, SRC)};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "expected data-race in every run, seen in 1/2; unexpected "
                                     "lock-order in 1/2 runs");
    CU_ASSERT_EQUAL(j.observed, (1u << FK_DATA_RACE) | (1u << FK_LOCK_ORDER) | 0u);
    judgement_free(&j);
    program_free(&p);
}

static void test_safe_clean_and_correct(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, -1, NULL), run("x\nsum = 10\n", 3, -1, NULL)};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(j.detected, 0);
    CU_ASSERT_EQUAL(j.threads_seen, 2);
    judgement_free(&j);
    program_free(&p);
}

static void test_safe_with_race_fails(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, -1, NULL),
                                 run("sum = 10\n", 2, FK_DATA_RACE, "/cat/safe/threads/x.c")};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(j.detected, 1);
    CU_ASSERT_STRING_EQUAL(j.reason, "unexpected data-race in 1/2 runs");
    CU_ASSERT_EQUAL_FATAL(j.findings.len, 1);
    CU_ASSERT_EQUAL(j.findings.items[0].accesses[0].frames[0].line, 12);
    judgement_free(&j);
    program_free(&p);
}

static void test_safe_wrong_result_fails(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[] = {run("sum = 11\n", 2, -1, NULL)};
    runs[0].exit_code = 0;
    struct judgement j;
    judge(&p, runs, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "wrong result in 1/1 runs: printed \"sum = 11\", expected "
                                     "\"sum = 10\"");
    judgement_free(&j);

    struct run_outcome bad_exit[] = {run("sum = 10\n", 2, -1, NULL)};
    bad_exit[0].exit_code = 3;
    judge(&p, bad_exit, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "wrong result in 1/1 runs: exit status 3, expected 0 (last "
                                     "output: \"sum = 10\")");
    judgement_free(&j);
    program_free(&p);
}

static void test_expected_wrong_result_and_timeout(void)
{
    /* Bugs no detector sees: the oracle or the time limit must catch them. */
    struct program p = parse(VARIANT_UNSAFE, "wrong-result, timeout", "");
    struct run_outcome runs[] = {run("sum = 9\n", 2, -1, NULL),
                                 failed_run(RUN_TIMEOUT, "timeout after 7 s")};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "expected timeout in every run, seen in 1/2; expected "
                                     "wrong-result in every run, seen in 1/2");
    judgement_free(&j);
    program_free(&p);

    p = parse(VARIANT_UNSAFE, "wrong-result", "");
    struct run_outcome ok[] = {run("sum = 9\n", 2, -1, NULL), run("sum = 8\n", 2, -1, NULL)};
    judge(&p, ok, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(j.detected, 2);
    /* The verdict says that only the oracle saw it, and what it saw. */
    CU_ASSERT_STRING_EQUAL(j.note, "the tool cannot see this; the oracle failed in every run: "
                                   "printed \"sum = 9\", expected \"sum = 10\"");
    judgement_free(&j);
    program_free(&p);

    p = parse(VARIANT_UNSAFE, "timeout", "");
    struct run_outcome hung[] = {failed_run(RUN_TIMEOUT, "timeout after 7 s")};
    judge(&p, hung, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(j.note,
                           "the tool cannot see this; every run hung until the 7 s limit (killed)");
    judgement_free(&j);
    program_free(&p);

    /* A detector that sees the bug needs no note. */
    p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome seen[] = {run("sum = 10\n", 2, FK_DATA_RACE, SRC)};
    judge(&p, seen, 1, &j);
    CU_ASSERT_PTR_NULL(j.note);
    judgement_free(&j);
    program_free(&p);
}

/* A Rust twin's compilation, as the engine hands it over: RUN_REJECTED with
 * one compile-error finding per rustc error. */
static struct run_outcome rejected(const char *const *codes)
{
    struct run_outcome r = {.status = RUN_REJECTED, .threads_started = -1};
    r.detail = xstrdup("rejected by rustc");
    for (; *codes; codes++) {
        struct finding *f = finding_list_add(&r.findings);
        f->kind = FK_COMPILE_ERROR;
        f->tool_kind = xstrdup(*codes);
        f->message = xstrdup("error");
        access_add_frame(finding_add_access(f), NULL, "/cat/rust/cases/threads/x.rs", NULL, 9, 5);
    }
    return r;
}

static struct program twin(enum variant v, const char *header)
{
    struct program p;
    char *err = NULL;
    int rc = rust_twin_parse("rust/cases/threads/x.rs", header, v, &p, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return p;
}

static void judge_rustc(const struct program *p, struct run_outcome *runs, size_t n,
                        struct judgement *j)
{
    verdict_judge(p, TOOL_RUSTC, "/cat/rust/cases/threads/x.rs", runs, n, j);
    for (size_t i = 0; i < n; i++)
        run_outcome_free(&runs[i]);
}

static void test_rustc_verdicts(void)
{
    struct program p = twin(VARIANT_UNSAFE, "/* racelab-rust\n * rustc: rejected E0502, E0373\n"
                                            " * why: w\n */\n");
    struct judgement j;
    /* The same set of codes, in any order and with repeats: pass. */
    struct run_outcome same[] = {rejected((const char *const[]){"E0502", "E0373", "E0373", NULL})};
    judge_rustc(&p, same, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(j.codes, "E0373,E0502");
    CU_ASSERT_EQUAL(j.runs, 1);
    judgement_free(&j);

    struct run_outcome other[] = {rejected((const char *const[]){"E0373", NULL})};
    judge_rustc(&p, other, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason,
                           "rustc rejected it with E0373; the header expects E0373,E0502");
    judgement_free(&j);

    struct run_outcome compiled[] = {run("sum = 10\n", -1, -1, NULL)};
    judge_rustc(&p, compiled, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "rustc compiled it; the header expects rejection with "
                                     "E0373,E0502");
    judgement_free(&j);
    program_free(&p);

    /* A safe twin must compile and run correctly. */
    p = twin(VARIANT_SAFE, "/* racelab-rust\n * rustc: compiles\n * why: w\n"
                           " * oracle: stdout \"sum = 10\"\n * timeout: 9\n */\n");
    struct run_outcome refused[] = {rejected((const char *const[]){"E0308", NULL})};
    judge_rustc(&p, refused, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "rustc rejected it (E0308); the header says it compiles");
    judgement_free(&j);
    struct run_outcome good[] = {run("sum = 10\n", -1, -1, NULL), run("sum = 10\n", -1, -1, NULL)};
    judge_rustc(&p, good, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(j.runs, 2);
    judgement_free(&j);
    program_free(&p);

    /* "Rust allows this": the symptom must show in every run, and the note says rustc let it
     * through. */
    p = twin(VARIANT_UNSAFE, "/* racelab-rust\n * rustc: compiles\n * why: w\n"
                             " * symptom: wrong-result\n * oracle: stdout \"sum = 10\"\n"
                             " * timeout: 9\n */\n");
    struct run_outcome lost[] = {run("sum = 9\n", -1, -1, NULL)};
    judge_rustc(&p, lost, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT(j.note && strstr(j.note, "rustc accepts this; the oracle failed"));
    judgement_free(&j);
    struct run_outcome right[] = {run("sum = 10\n", -1, -1, NULL)};
    judge_rustc(&p, right, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    judgement_free(&j);
    program_free(&p);
}

static void test_native_skip(void)
{
    /* Without a `native` line, the program is not run natively and not counted. */
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct judgement j;
    verdict_judge(&p, TOOL_NATIVE, SRC, NULL, 0, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_SKIP);
    CU_ASSERT_STRING_EQUAL(verdict_name(j.verdict), "skip");
    judgement_free(&j);
    program_free(&p);
    p = parse(VARIANT_UNSAFE, "data-race", " * native: wrong-result\n");
    CU_ASSERT_EQUAL(p.expect[TOOL_NATIVE].mode, EXPECT_KINDS);
    struct run_outcome lost[] = {run("sum = 9\n", 2, -1, NULL)};
    verdict_judge(&p, TOOL_NATIVE, SRC, lost, 1, &j);
    run_outcome_free(&lost[0]);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT(j.note && strstr(j.note, "no detector runs here"));
    judgement_free(&j);
    program_free(&p);
}

/* What a run reported before it crashed is judged with the crash. */
static void test_crash_keeps_findings(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[] = {run("", 2, FK_DATA_RACE, "/cat/safe/threads/x.c")};
    runs[0].status = RUN_CRASH;
    free(runs[0].detail);
    runs[0].detail = xstrdup("crashed: SIGABRT in main at x.c:20");
    struct judgement j;
    judge(&p, runs, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "crash in 1/1 runs: crashed: SIGABRT in main at x.c:20; "
                                     "unexpected data-race in 1/1 runs");
    CU_ASSERT_EQUAL(j.findings.len, 1);
    CU_ASSERT_EQUAL(j.detected, 1);
    judgement_free(&j);
    program_free(&p);
}

/* A kind the expectation makes a warning (racelab run's thread leaks) passes
 * with a note naming it, and fails once it is no longer a warning. */
static void test_warning_kinds(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    p.expect[TOOL_TSAN].warn_kinds = 1u << FK_THREAD_LEAK;
    struct run_outcome runs[] = {run("sum = 10\n", 2, FK_THREAD_LEAK, "/cat/safe/threads/x.c"),
                                 run("sum = 10\n", 2, -1, NULL)};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(j.detected, 0);
    CU_ASSERT_EQUAL(j.findings.len, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j.note);
    CU_ASSERT_STRING_EQUAL(j.note, "warning: thread-leak in 1/2 runs (--fail-on thread-leak fails "
                                   "on it)");
    judgement_free(&j);
    /* A race beside it still fails; the leak is still only noted. */
    struct run_outcome more[] = {run("sum = 10\n", 2, FK_THREAD_LEAK, "/cat/safe/threads/x.c"),
                                 run("sum = 10\n", 2, FK_DATA_RACE, "/cat/safe/threads/x.c")};
    judge(&p, more, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "unexpected data-race in 1/2 runs");
    judgement_free(&j);
    p.expect[TOOL_TSAN].warn_kinds = 0;
    struct run_outcome again[] = {run("sum = 10\n", 2, FK_THREAD_LEAK, "/cat/safe/threads/x.c")};
    judge(&p, again, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "unexpected thread-leak in 1/1 runs");
    judgement_free(&j);
    program_free(&p);
}

static void add_race(struct finding_list *list, int first, int second)
{
    struct finding *f = finding_list_add(list);
    f->kind = FK_DATA_RACE;
    f->tool_kind = xstrdup("data race");
    int lines[2] = {first, second};
    for (int a = 0; a < 2; a++) {
        struct access *acc = finding_add_access(f);
        acc->what = xstrdup(a ? "Previous write of size 4" : "Write of size 4");
        acc->thread = a;
        access_add_frame(acc, lines[a] == 4 ? "main" : "worker", "/cat/safe/threads/x.c",
                         "/cat/build/x", lines[a], 5);
    }
}

/* One race, its two accesses reported in either order (which thread came
 * second differs between runs): one finding, counted once per run that saw
 * it, however often that run reported it. */
static void test_race_either_order_once(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[3];
    for (int r = 0; r < 3; r++)
        runs[r] = run("sum = 10\n", 2, -1, NULL);
    add_race(&runs[0].findings, 4, 9);
    add_race(&runs[0].findings, 9, 4);
    add_race(&runs[1].findings, 9, 4);
    add_race(&runs[2].findings, 5, 6);
    struct judgement j;
    judge(&p, runs, 3, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "unexpected data-race in 3/3 runs");
    CU_ASSERT_EQUAL_FATAL(j.findings.len, 2);
    CU_ASSERT_EQUAL(j.findings.items[0].runs_seen, 2);
    CU_ASSERT_EQUAL(j.findings.items[1].runs_seen, 1);
    judgement_free(&j);
    program_free(&p);
}

static void test_process_failures(void)
{
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome runs[] = {
        failed_run(RUN_TIMEOUT, "timeout after 7 s (possible deadlock)"),
        failed_run(RUN_CRASH, "crashed: killed by SIGSEGV"),
        failed_run(RUN_TOOL_ERROR, "helgrind report unusable: truncated"),
        failed_run(RUN_BUILD_ERROR, "x.c:3: error: expected ';'"),
    };
    struct judgement j;
    judge(&p, runs, 4, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason,
                           "build failed: x.c:3: error: expected ';'; tool error in 1/4 runs: "
                           "helgrind report unusable: truncated; crash in 1/4 runs: crashed: "
                           "killed by SIGSEGV; timeout (possible deadlock) in 1/4 runs, limit 7 "
                           "s; expected data-race in every run, seen in 0/4");
    judgement_free(&j);
    program_free(&p);
}

/* A failure of one cause reads as that cause in the matrix, not "FAIL 0/N";
 * mixed with findings, or several causes at once, it is a FAIL. */
static void cell_is(const struct judgement *j, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    report_format_cell(&sb, j, 0);
    CU_ASSERT_STRING_EQUAL(sb.buf, want);
    strbuf_release(&sb);
}

static void test_failure_cells(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct judgement j;
    struct run_outcome hung[] = {failed_run(RUN_TIMEOUT, "timeout after 7 s"),
                                 failed_run(RUN_TIMEOUT, "timeout after 7 s")};
    judge(&p, hung, 2, &j);
    cell_is(&j, "TIMEOUT 2/2");
    judgement_free(&j);
    struct run_outcome stuck[] = {failed_run(RUN_TIMEOUT, "deadlock: every thread waits")};
    judge(&p, stuck, 1, &j);
    cell_is(&j, "DEADLOCK 1/1");
    judgement_free(&j);
    struct run_outcome broke[] = {run("sum = 10\n", 2, -1, NULL),
                                  failed_run(RUN_TOOL_ERROR, "ThreadSanitizer CHECK failed")};
    judge(&p, broke, 2, &j);
    cell_is(&j, "TOOL ERR 1/2");
    judgement_free(&j);
    struct run_outcome crashed[] = {failed_run(RUN_CRASH, "crashed: killed by SIGSEGV")};
    judge(&p, crashed, 1, &j);
    cell_is(&j, "CRASH 1/1");
    judgement_free(&j);
    /* A race and a timeout: the race is the news. */
    struct run_outcome both[] = {run("", 2, FK_DATA_RACE, "/cat/safe/threads/x.c"),
                                 failed_run(RUN_TIMEOUT, "timeout after 7 s")};
    judge(&p, both, 2, &j);
    cell_is(&j, "FAIL 1/2");
    judgement_free(&j);
    /* Two causes at once: no one word fits. */
    struct run_outcome two[] = {failed_run(RUN_CRASH, "crashed: killed by SIGSEGV"),
                                failed_run(RUN_TIMEOUT, "timeout after 7 s")};
    judge(&p, two, 2, &j);
    cell_is(&j, "FAIL 0/2");
    judgement_free(&j);
    program_free(&p);
}

static void test_too_few_threads(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    struct run_outcome runs[] = {run("sum = 10\n", 1, -1, NULL), run("sum = 10\n", -1, -1, NULL)};
    struct judgement j;
    judge(&p, runs, 2, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j.reason, "fewer threads than required in 1/2 runs: started 1, needs "
                                     "2; could not count the threads started in 1/2 runs");
    judgement_free(&j);
    program_free(&p);
}

static void test_not_applicable(void)
{
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct judgement j;
    verdict_judge(&p, TOOL_HELGRIND, SRC, NULL, 0, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_NA);
    CU_ASSERT_STRING_EQUAL(j.reason, "cannot see it");
    CU_ASSERT_STRING_EQUAL(verdict_name(j.verdict), "n/a");
    judgement_free(&j);
    program_free(&p);
}

static void test_relative_frame_matches_source(void)
{
    /* gcc prints the path it was given; it matches the absolute source by suffix. */
    struct program p = parse(VARIANT_UNSAFE, "data-race", "");
    struct run_outcome runs[] = {run("sum = 10\n", 2, FK_DATA_RACE, "cases/threads/x.c")};
    struct judgement j;
    judge(&p, runs, 1, &j);
    CU_ASSERT_EQUAL(j.verdict, VERDICT_PASS);
    judgement_free(&j);
    program_free(&p);
}

/* racelab run's fallback (run.h): Helgrind and DRD run only where TSan
 * could not judge the program, and their plan note says which it was. */
static void test_run_fallback(void)
{
    struct program p = parse(VARIANT_SAFE, "clean", "");
    p.run.fallback_tools = 1u << TOOL_HELGRIND | 1u << TOOL_DRD;
    unsigned tools = 1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD;
    struct run_outcome tsan[3] = {run("sum = 10\n", 2, -1, NULL), run("sum = 10\n", 2, -1, NULL),
                                  failed_run(RUN_SKIPPED, "not run: an earlier run had decided")};
    struct run_outcome *outcomes[TOOL__COUNT] = {[TOOL_TSAN] = tsan};
    int nruns[TOOL__COUNT] = {[TOOL_TSAN] = 3};

    /* TSan judged in every run it made: not needed, and the note says who judged. */
    CU_ASSERT_PTR_NULL(run_fallback_needed(&p, outcomes, nruns, tools));
    char *note = run_plan_note(&p, TOOL_DRD, outcomes, nruns, tools);
    CU_ASSERT_STRING_EQUAL(note, "not run: tsan judged the program, so the fallback was not "
                                 "needed (--explore thorough, or --tool, runs it as well)");
    free(note);
    CU_ASSERT_PTR_NULL(run_plan_note(&p, TOOL_TSAN, outcomes, nruns, tools));

    /* Its time limit on a program still computing: Valgrind, slower, would not finish either. */
    run_outcome_free(&tsan[1]);
    tsan[1] = failed_run(RUN_TOOL_ERROR, "too slow under tsan");
    tsan[1].too_slow = true;
    CU_ASSERT_PTR_NULL(run_fallback_needed(&p, outcomes, nruns, tools));

    /* A tool error in one run of two made (the skipped one is not counted). */
    run_outcome_free(&tsan[0]);
    tsan[0] = failed_run(RUN_TOOL_ERROR, "Archer crashed");
    char *why = run_fallback_needed(&p, outcomes, nruns, tools);
    CU_ASSERT_STRING_EQUAL(why, "tsan could not judge the program in 1/2 runs (Archer crashed)");
    free(why);
    note = run_plan_note(&p, TOOL_HELGRIND, outcomes, nruns, tools);
    CU_ASSERT_STRING_EQUAL(note, "run as the fallback: tsan could not judge the program in 1/2 "
                                 "runs (Archer crashed)");
    free(note);
    for (int k = 0; k < 3; k++)
        run_outcome_free(&tsan[k]);
    program_free(&p);
}

int register_verdict_tests(void)
{
    CU_pSuite s = CU_add_suite("verdicts", NULL, NULL);
    if (!s || !CU_add_test(s, "unsafe detected in every run", test_unsafe_detected_every_run) ||
        !CU_add_test(s, "unsafe missed once", test_unsafe_missed_once) ||
        !CU_add_test(s, "unsafe with an unexpected kind", test_unsafe_unexpected_kind) ||
        !CU_add_test(s, "safe clean and correct", test_safe_clean_and_correct) ||
        !CU_add_test(s, "safe with a race", test_safe_with_race_fails) ||
        !CU_add_test(s, "safe with a wrong result", test_safe_wrong_result_fails) ||
        !CU_add_test(s, "expected wrong result and timeout",
                     test_expected_wrong_result_and_timeout) ||
        !CU_add_test(s, "timeouts, crashes, tool and build errors", test_process_failures) ||
        !CU_add_test(s, "too few threads", test_too_few_threads) ||
        !CU_add_test(s, "a crash keeps what was reported before it", test_crash_keeps_findings) ||
        !CU_add_test(s, "warning kinds", test_warning_kinds) ||
        !CU_add_test(s, "a race in either order is one finding", test_race_either_order_once) ||
        !CU_add_test(s, "not applicable", test_not_applicable) ||
        !CU_add_test(s, "relative frame paths", test_relative_frame_matches_source) ||
        !CU_add_test(s, "rustc: rejections, compilations, symptoms", test_rustc_verdicts) ||
        !CU_add_test(s, "native: skipped without an expectation", test_native_skip) ||
        !CU_add_test(s, "racelab run's fallback", test_run_fallback) ||
        !CU_add_test(s, "a failure of one cause reads as that cause", test_failure_cells))
        return -1;
    return 0;
}
