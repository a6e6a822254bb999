/* test_observe.c: the observer (observe.c), its judge (overlap.c) and the
 * observed tool runs (a report channel the program cannot close, TSan's
 * frames named from outside), on the real programs of
 * tests/programs/observe/, built at -O0 as exercises are.
 *
 * The holds depend on scheduling, so the properties that need one are asked
 * of any of three runs, and the ones a program must never show, of all of
 * them. Time bounds only tell "came back" from "hung". */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "observe.h"
#include "overlap.h"
#include "proc.h"
#include "test.h"
#include "tool.h"
#include "toolchain.h"
#include "tsan_symbolize.h"
#include "util.h"

#define PROGRAMS "tests/programs/observe"

static char *bin_dir;

/* Build PROGRAMS/name.c at -O0 (as exercises are) for a profile: "native",
 * "tsan" or "valgrind" (the latter two with their thread-count shim).
 * Returns the binary's path (malloc'd), or NULL after a failed assertion. */
static char *build(const char *name, const char *profile)
{
    char *out = xasprintf("%s/%s.%s", bin_dir, name, profile);
    if (access(out, X_OK) == 0)
        return out;
    char *src = xasprintf("%s/%s.c", PROGRAMS, name);
    bool tsan = strcmp(profile, "tsan") == 0, vg = strcmp(profile, "valgrind") == 0;
    const char *argv[16];
    size_t n = 0;
    argv[n++] = toolchain_program("clang");
    argv[n++] = "-O0";
    argv[n++] = "-g";
    argv[n++] = "-pthread";
    if (tsan)
        argv[n++] = "-fsanitize=thread";
    if (vg)
        argv[n++] = "-gdwarf-4";
    argv[n++] = src;
    char *shim = xasprintf("build/shim/%s/thread_count-%s.o", toolchain_current()->name,
                           tsan ? "tsan" : "valgrind");
    if (tsan || vg)
        argv[n++] = shim;
    argv[n++] = "-ldl";
    argv[n++] = "-o";
    argv[n++] = out;
    argv[n] = NULL;
    const char *env[] = {"PATH=/usr/bin:/bin", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 120, .output_cap = 1 << 16};
    struct proc_result res;
    int rc = proc_run(&spec, &res);
    if (rc != 0 || res.exit_code != 0)
        fprintf(stderr, "\ncannot build %s: %s\n", src, res.err);
    CU_ASSERT_TRUE(rc == 0 && res.exit_code == 0);
    proc_result_free(&res);
    free(src);
    free(shim);
    if (access(out, X_OK) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Run name natively, observed as an exercise is, into *res. */
/* A native build of `name` observed as the observer would observe `tool`'s
 * runs (a Valgrind run: no work holds, no birth holds). */
static int observe_as(const char *name, enum observe_tool tool, const char *arg,
                      struct proc_result *res)
{
    char *bin = build(name, "native");
    if (!bin)
        return -1;
    const char *argv[] = {bin, arg, NULL};
    const char *env[] = {"PATH=/usr/bin:/bin", NULL};
    struct observe_spec os = {.tool = tool,
                              .birth_holds = true,
                              .work_holds = tool != OBSERVE_VALGRIND,
                              .hold_signal = SIGRTMAX - 2,
                              .protect_fd = {3},
                              .nprotect = 1,
                              .hold_budget_s = 3};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .timeout_s = 30,
                             .output_cap = 1 << 16,
                             .observe = &os,
                             .channels = {{3, 1 << 16}},
                             .nchannels = 1};
    int rc = proc_run(&spec, res);
    free(bin);
    return rc;
}

static int observe_native(const char *name, const char *arg, struct proc_result *res)
{
    return observe_as(name, OBSERVE_NATIVE, arg, res);
}

static bool ran_ok(const struct proc_result *res)
{
    bool ok = !res->spawn_failed && !res->timed_out && res->term_signal == 0 &&
              res->exit_code == 0 && res->observation && !res->observation->refused;
    if (!ok) { /* what went wrong, beside the failed assertion */
        char desc[256];
        fprintf(stderr, "\n  observed run: %s%s%s\n", proc_describe(res, desc, sizeof desc),
                res->observation && res->observation->refused ? ", refused: " : "",
                res->observation && res->observation->refused ? res->observation->refused : "");
    }
    return ok;
}

static void test_threads_seen_from_outside(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(observe_native("atomic-workers", NULL, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    CU_ASSERT_STRING_EQUAL(res.out, "counter = 2000000\n");
    const struct observation *o = res.observation;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_EQUAL(observation_threads_started(o), 2);
    /* The program's two, beside main; a harness built with TSan starts a
     * thread of its own in the forked child before the exec, not counted. */
    size_t mine = 0;
    for (size_t i = 1; i < o->nthreads; i++) {
        if (o->threads[i].tool)
            continue;
        mine++;
        CU_ASSERT_EQUAL(o->threads[i].parent, 0);
        CU_ASSERT(o->threads[i].work_s > 100e-6); /* a million increments each */
        CU_ASSERT(o->threads[i].ended_s >= o->threads[i].born_s);
    }
    CU_ASSERT_EQUAL(mine, 2);
    CU_ASSERT_EQUAL(overlap_max_alive(o), 2);
    CU_ASSERT_FALSE(o->deadlock);
    proc_result_free(&res);
}

/* name's runs: how many of n showed the threads working at the same time
 * (stopping at the first when `any`). */
/* Runs of `name` (n, or until the first witness with `any`) in which the
 * threads were seen working at the same time. With `any`, a run of a busy
 * machine in which the others were ready but got no CPU (the judge's
 * "too busy to watch", OTHER_STARVED) shows nothing either way: when no
 * run witnessed, one such run is returned as 1, said on stderr. A correct
 * program must then still never be judged taking turns. */
static int witnessed_runs(const char *name, int n, bool any)
{
    int seen = 0, starved = 0, turns = 0;
    for (int k = 0; k < n && !(any && seen); k++) {
        struct proc_result res;
        if (observe_native(name, NULL, &res) == 0 && ran_ok(&res)) {
            seen += overlap_witnessed(res.observation);
            struct overlap_run run = {TOOL_NATIVE, res.observation};
            struct overlap_verdict v;
            overlap_judge(OVERLAP_WORK, 2, false, 1, &run, 1, &v);
            starved += v.inconclusive;
            turns += !v.ok && !v.inconclusive;
            overlap_verdict_free(&v);
        } else {
            CU_FAIL("an observed run failed");
        }
        proc_result_free(&res);
    }
    if (any && !seen && starved) {
        fprintf(stderr, "\n  %s: no witness in %d runs; %d too busy to watch, %d judged turns\n",
                name, n, starved, turns);
        return turns ? 0 : 1;
    }
    return seen;
}

static int witnessed(const char *name, int n)
{
    return witnessed_runs(name, n, false);
}

static void test_work_holds(void)
{
    /* Up to six tries: on a loaded machine (CI's, a class being graded) a
     * run of two 2 ms threads can show nothing (seen: 0 of 3). */
    CU_ASSERT(witnessed_runs("atomic-workers", 6, true) >= 1);
    /* Taking turns is never mistaken for working at the same time. */
    CU_ASSERT_EQUAL(witnessed("whole-lock", 3), 0);
    CU_ASSERT_EQUAL(witnessed("whole-spinlock", 3), 0);
    CU_ASSERT_EQUAL(witnessed("join-chain", 3), 0);
}

/* Holds of one run in which a partner was found polling (spun). */
static int spun_in(const struct observation *o)
{
    int spun = 0;
    for (size_t i = 0; i < o->nholds; i++)
        for (size_t j = 0; j < o->holds[i].nothers; j++)
            spun += o->holds[i].others[j].did == OTHER_SPUN;
    return spun;
}

/* Holds in which a partner was found polling (spun), over n runs of name. */
static int spun_partners(const char *name, int n, int *witnesses)
{
    int spun = 0;
    *witnesses = 0;
    for (int k = 0; k < n; k++) {
        struct proc_result res;
        if (observe_native(name, NULL, &res) != 0 || !ran_ok(&res)) {
            CU_FAIL("an observed run failed");
            proc_result_free(&res);
            continue;
        }
        *witnesses += overlap_witnessed(res.observation);
        spun += spun_in(res.observation);
        proc_result_free(&res);
    }
    return spun;
}

/* A wait that counts its tries changes its registers every turn; a try that
 * fails, or an atomic exchange that changes nothing twice, is what gives it
 * away (observe_poll.c). Taking turns that way witnesses nothing, and the
 * waiting thread is seen polling; a try around each increment, which mostly
 * succeeds, and a contended compare-exchange loop, whose failures see the
 * value move, still work beside the others. */
static void test_polling_waits(void)
{
    int witnesses = 0;
    CU_ASSERT(spun_partners("whole-trylock", 3, &witnesses) > 0);
    CU_ASSERT_EQUAL(witnesses, 0);
    CU_ASSERT(spun_partners("whole-flag-spin", 3, &witnesses) > 0);
    CU_ASSERT_EQUAL(witnesses, 0);
    CU_ASSERT(witnessed_runs("trylock-each", 6, true) >= 1);
    CU_ASSERT(witnessed_runs("cas-pool", 6, true) >= 1);
}

/* The first thread's stretch alone after every other thread's last work
 * is not work beside them: left out, its share is a share of what it did
 * beside the worker. The worker's is all its work. */
static void test_work_beside(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(observe_native("master-tail", NULL, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    const struct observation *o = res.observation;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    const struct observed_thread *first = &o->threads[0];
    /* Half a share beside the worker's one (and what it did while the
     * worker ended), three shares alone after: a seventh or so beside,
     * well below three fifths, and more than nothing. */
    if (!(first->work_beside_s < 0.6 * first->work_s && first->work_beside_s > 0))
        fprintf(stderr, "\n  first thread: %.3f ms of work, %.3f ms beside the others\n",
                first->work_s * 1e3, first->work_beside_s * 1e3);
    CU_ASSERT(first->work_beside_s < 0.6 * first->work_s);
    CU_ASSERT(first->work_beside_s > 0);
    for (size_t i = 1; i < o->nthreads; i++)
        CU_ASSERT_DOUBLE_EQUAL(o->threads[i].work_beside_s, o->threads[i].work_s, 1e-9);
    proc_result_free(&res);
}

/* Threads that work side by side, but only inside a library (their start
 * routine is libc's strfry): the program's own code never runs in them, so
 * no hold witnesses them, though they are held (the test could fail) and
 * the others work meanwhile. */
static void test_library_work(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(observe_native("library-work", NULL, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    const struct observation *o = res.observation;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    size_t outside = 0, unseen = 0;
    for (size_t i = 0; i < o->nholds; i++) {
        const struct observed_hold *h = &o->holds[i];
        if (h->kind != HOLD_WORK)
            continue;
        outside += h->outside_code;
        for (size_t k = 0; k < h->nothers; k++)
            unseen += h->others[k].did == OTHER_WORKED && !h->others[k].code_seen;
    }
    if (!(outside > 0 && !overlap_witnessed(o))) {
        fprintf(stderr, "\n  %zu holds outside the program's code, %zu partners never in it\n",
                outside, unseen);
        overlap_dump(stderr, TOOL_NATIVE, o);
    }
    CU_ASSERT(outside > 0);
    CU_ASSERT_FALSE(overlap_witnessed(o));
    proc_result_free(&res);
}

/* CPU alone is not work: a partner that used CPU during a hold witnesses
 * only when the test that ended the hold found it working (caught), or when
 * it finished. A spinner the observer could not test, and a master walking
 * to its barrier, used CPU too. */
static void test_caught_working(void)
{
    struct observed_thread threads[3] = {
        {.tid = 1, .parent = -1, .work_s = 0.010, .work_beside_s = 0.010},
        {.tid = 2, .parent = 0, .work_s = 0.010, .work_beside_s = 0.010},
        {.tid = 3, .parent = 0, .work_s = 0.010, .work_beside_s = 0.010},
    };
    struct observed_other other = {
        .thread = 2, .work_s = 0.005, .cpu_s = 0.004, .did = OTHER_WORKED, .code_seen = true};
    struct observed_hold hold = {.kind = HOLD_WORK,
                                 .end = HOLD_WINDOW,
                                 .thread = 1,
                                 .held_work_s = 0.005,
                                 .others = &other,
                                 .nothers = 1};
    struct observation o = {.threads = threads, .nthreads = 3, .holds = &hold, .nholds = 1};
    CU_ASSERT_FALSE(overlap_witnessed(&o));
    other.caught = true;
    hold.end = HOLD_PROGRESS;
    CU_ASSERT_TRUE(overlap_witnessed(&o));
    other.caught = false;
    other.did = OTHER_FINISHED;
    CU_ASSERT_TRUE(overlap_witnessed(&o));
}

/* A run that shows the threads working at the same time, and one that
 * does not: one witness is enough where one is asked for, not where two
 * are (the confirming runs). */
static void test_judge_witnesses(void)
{
    struct proc_result good = {0}, lock;
    bool found = false;
    for (int k = 0; k < 5 && !found; k++) {
        proc_result_free(&good);
        CU_ASSERT_EQUAL_FATAL(observe_native("atomic-workers", NULL, &good), 0);
        found = ran_ok(&good) && overlap_witnessed(good.observation);
    }
    CU_ASSERT_TRUE_FATAL(found);
    CU_ASSERT_EQUAL_FATAL(observe_native("whole-lock", NULL, &lock), 0);
    struct overlap_run runs[] = {{TOOL_NATIVE, good.observation}, {TOOL_NATIVE, lock.observation}};
    struct overlap_verdict v;
    overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 2, &v);
    CU_ASSERT_TRUE(v.ok);
    overlap_verdict_free(&v);
    overlap_judge(OVERLAP_WORK, 2, false, 2, runs, 2, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_TRUE(v.unwitnessed);
    /* Why, in the words of the runs' holds: the lock's runs waited. */
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "under native"));
    overlap_verdict_free(&v);
    /* Two that show it are enough for two. */
    runs[1].obs = good.observation;
    overlap_judge(OVERLAP_WORK, 2, false, 2, runs, 2, &v);
    CU_ASSERT_TRUE(v.ok);
    overlap_verdict_free(&v);
    proc_result_free(&good);
    proc_result_free(&lock);
}

static void test_judge(void)
{
    struct proc_result a, b;
    CU_ASSERT_EQUAL_FATAL(observe_native("whole-lock", NULL, &a), 0);
    CU_ASSERT_EQUAL_FATAL(observe_native("join-chain", NULL, &b), 0);
    struct overlap_run runs[] = {{TOOL_NATIVE, a.observation}};
    struct overlap_verdict v;
    overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 1, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "native"));
    CU_ASSERT_PTR_NOT_NULL(v.detail);
    overlap_verdict_free(&v);
    /* An OpenMP program's plain runs are not asked for work (its TSan runs
     * are): the same native observation does not fail it. */
    overlap_judge(OVERLAP_WORK, 2, true, 1, runs, 1, &v);
    CU_ASSERT_TRUE(v.ok);
    overlap_verdict_free(&v);
    /* The lifetime rule asks less: a whole-thread lock keeps both alive. */
    overlap_judge(OVERLAP_LIFETIME, 2, false, 1, runs, 1, &v);
    CU_ASSERT_TRUE(v.ok);
    overlap_verdict_free(&v);
    overlap_judge(OVERLAP_NONE, 2, false, 1, runs, 1, &v);
    CU_ASSERT_TRUE(v.ok);
    overlap_verdict_free(&v);
    /* The chain's workers never meet (its companion is not one of them). */
    runs[0].obs = b.observation;
    overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 1, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_FALSE(v.inconclusive);
    overlap_verdict_free(&v);
    /* A run where the observer lost track of a thread shows nothing: with
     * no other run to judge by, the verdict is neither pass nor fail. */
    runs[0].obs = a.observation;
    a.observation->error = xstrdup("thread 7 did not stop within 2 s");
    overlap_judge(OVERLAP_LIFETIME, 2, false, 1, runs, 1, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_TRUE(v.inconclusive);
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "thread 7 did not stop"));
    overlap_verdict_free(&v);
    /* Another tool's good run does not stand in for the native one the
     * work rule needs. */
    struct overlap_run two[] = {{TOOL_NATIVE, a.observation}, {TOOL_TSAN, b.observation}};
    overlap_judge(OVERLAP_WORK, 2, false, 1, two, 2, &v);
    CU_ASSERT_TRUE(v.inconclusive);
    overlap_verdict_free(&v);
    proc_result_free(&a);
    proc_result_free(&b);
}

/* Holds in which the others were ready to run and got no CPU show nothing:
 * when they are most of a tool's holds, the verdict is the machine's (no
 * verdict on the program), never "the threads take turns". */
static void test_judge_starved(void)
{
    struct observed_thread threads[] = {
        {.tid = 1, .parent = -1, .work_s = 0.001},
        {.tid = 2, .parent = 0, .work_s = 0.010, .work_beside_s = 0.010},
        {.tid = 3, .parent = 0, .work_s = 0.010, .work_beside_s = 0.010},
    };
    struct observed_other others[4] = {
        {.thread = 2, .work_s = 0.004, .did = OTHER_STARVED, .code_seen = true},
        {.thread = 2, .work_s = 0.005, .did = OTHER_STARVED, .code_seen = true},
        {.thread = 2, .work_s = 0.006, .did = OTHER_WAITED, .code_seen = true},
        {.thread = 2, .work_s = 0.007, .did = OTHER_STARVED, .code_seen = true},
    };
    struct observed_hold holds[4];
    for (int i = 0; i < 4; i++)
        holds[i] = (struct observed_hold){.kind = HOLD_WORK,
                                          .end = HOLD_TIMEOUT,
                                          .thread = 1,
                                          .held_work_s = 0.005,
                                          .others = &others[i],
                                          .nothers = 1};
    struct observation o = {.threads = threads, .nthreads = 3, .holds = holds, .nholds = 4};
    struct overlap_run runs[] = {{TOOL_NATIVE, &o}};
    struct overlap_verdict v;
    overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 1, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_TRUE(v.inconclusive);
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "too busy to watch the threads"));
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "(3 of 4 times)"));
    overlap_verdict_free(&v);
    /* Mostly waits (thread 2 for thread 1, every time): the threads take
     * turns, a verdict. */
    others[0].did = others[1].did = OTHER_WAITED;
    overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 1, &v);
    CU_ASSERT_FALSE(v.ok);
    CU_ASSERT_FALSE(v.inconclusive);
    CU_ASSERT_PTR_NOT_NULL(strstr(v.reason ? v.reason : "", "the others waited for it"));
    overlap_verdict_free(&v);
}

/* A correct program observed on one CPU beside a busy loop at nice 0 (the
 * observed program runs at nice 10): its other thread is ready during the
 * holds but mostly not let run. Whatever the holds show, it is never
 * failed as taking turns. */
static void test_starved_run_not_failed(void)
{
    int cpu = test_some_cpu();
    cpu_set_t mine, one;
    CU_ASSERT_FATAL(sched_getaffinity(0, sizeof mine, &mine) == 0);
    pid_t rival = test_spin_on(cpu, 0, NULL);
    CU_ASSERT_FATAL(rival > 0);
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    CU_ASSERT_FATAL(sched_setaffinity(0, sizeof one, &one) == 0); /* inherited by the child */
    struct proc_result res;
    int rc = observe_native("atomic-workers", NULL, &res);
    sched_setaffinity(0, sizeof mine, &mine);
    test_stop(rival);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    if (res.observation && !res.timed_out) {
        struct overlap_run runs[] = {{TOOL_NATIVE, res.observation}};
        struct overlap_verdict v;
        overlap_judge(OVERLAP_WORK, 2, false, 1, runs, 1, &v);
        if (!v.ok && !v.inconclusive) {
            fprintf(stderr, "\n  starved run judged: %s\n", v.reason ? v.reason : "?");
            overlap_dump(stderr, TOOL_NATIVE, res.observation);
        }
        CU_ASSERT(v.ok || v.inconclusive);
        overlap_verdict_free(&v);
    }
    proc_result_free(&res);
}

static void test_birth_holds(void)
{
    /* Unwatched, the first worker ends before the second is created; held
     * at its birth, it is alive when the second starts. */
    for (int k = 0; k < 3; k++) {
        struct proc_result res;
        CU_ASSERT_EQUAL_FATAL(observe_native("late-second", NULL, &res), 0);
        CU_ASSERT_TRUE(ran_ok(&res));
        CU_ASSERT_EQUAL(overlap_max_alive(res.observation), 2);
        proc_result_free(&res);
    }
    /* Where a birth hold cannot work (under Valgrind and TSan, whose
     * pthread_create waits for the new thread), the first is held at its
     * exit instead, until the second exists; a chain of create-then-join
     * still never has two alive. */
    for (int k = 0; k < 3; k++) {
        struct proc_result res;
        CU_ASSERT_EQUAL_FATAL(observe_as("late-second", OBSERVE_VALGRIND, NULL, &res), 0);
        CU_ASSERT_TRUE(ran_ok(&res));
        CU_ASSERT_EQUAL(overlap_max_alive(res.observation), 2);
        bool exit_hold = false;
        for (size_t i = 0; res.observation && i < res.observation->nholds; i++)
            exit_hold |= res.observation->holds[i].kind == HOLD_EXIT;
        CU_ASSERT_TRUE(exit_hold);
        proc_result_free(&res);
        CU_ASSERT_EQUAL_FATAL(observe_as("create-join", OBSERVE_VALGRIND, NULL, &res), 0);
        CU_ASSERT_TRUE(ran_ok(&res));
        CU_ASSERT_EQUAL(overlap_max_alive(res.observation), 1);
        proc_result_free(&res);
    }
}

static void test_refusals(void)
{
    static const struct {
        const char *program, *refused;
    } cases[] = {
        {"forks", "creating a process"},
        {"execs", "execve(\"/bin/true\")"},
        {"closes-channel", "replacing racelab's report channel"},
        {"writes-channel", "writing into racelab's report channel"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct proc_result res;
        CU_ASSERT_EQUAL_FATAL(observe_native(cases[i].program, NULL, &res), 0);
        const struct observation *o = res.observation;
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        CU_ASSERT_PTR_NOT_NULL(o->refused);
        if (o->refused && !strstr(o->refused, cases[i].refused))
            fprintf(stderr, "\n%s: refused '%s'\n", cases[i].program, o->refused);
        CU_ASSERT_PTR_NOT_NULL(o->refused ? strstr(o->refused, cases[i].refused) : NULL);
        /* Ended on the spot: never reached its last line. */
        CU_ASSERT_PTR_NULL(strstr(res.out, "forked"));
        CU_ASSERT_PTR_NULL(strstr(res.out, "closed"));
        CU_ASSERT_PTR_NULL(strstr(res.out, "written"));
        CU_ASSERT(res.elapsed_s < 10);
        /* Nothing of the program's reached the channel. */
        CU_ASSERT_STRING_EQUAL(res.channel[0], "");
        proc_result_free(&res);
    }
    /* Allowed, a process may be created. */
    char *bin = build("forks", "native");
    const char *argv[] = {bin, NULL};
    struct observe_spec os = {.tool = OBSERVE_NATIVE, .allow_processes = true, .hold_budget_s = 1};
    struct proc_spec spec = {.argv = argv, .timeout_s = 30, .output_cap = 4096, .observe = &os};
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    CU_ASSERT_STRING_EQUAL(res.out, "forked\n");
    proc_result_free(&res);
    free(bin);
}

static void test_deadlock_and_sleep(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(observe_native("deadlock", NULL, &res), 0);
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_TRUE(res.observation && res.observation->deadlock);
    CU_ASSERT(res.elapsed_s < 15); /* two seconds of nothing, not the 30 s limit */
    proc_result_free(&res);
    /* Everyone asleep on a timer is no deadlock. */
    CU_ASSERT_EQUAL_FATAL(observe_native("sleeper", NULL, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    CU_ASSERT_FALSE(res.observation && res.observation->deadlock);
    CU_ASSERT_STRING_EQUAL(res.out, "rested\n");
    proc_result_free(&res);
}

static void test_signals_pass(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(observe_native("signals", NULL, &res), 0);
    CU_ASSERT_TRUE(ran_ok(&res));
    CU_ASSERT_STRING_EQUAL(res.out, "got = 1\n");
    proc_result_free(&res);
}

/* One observed run of name under a tool, through the tool layer. */
static void tool_observed(enum tool_id tool, const char *name, struct run_outcome *out)
{
    char *bin = build(name, tool == TOOL_TSAN ? "tsan" : "valgrind");
    char scratch[] = "/tmp/racelab-observe-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
    struct run_request req = {.tool = tool,
                              .binary = bin,
                              .scratch_dir = scratch,
                              .timeout_s = 120,
                              .source_root = PROGRAMS,
                              .observe = true};
    tool_run(&req, out);
    remove_tree(scratch);
    free(bin);
}

static bool racing_line_named(const struct run_outcome *out)
{
    for (size_t i = 0; i < out->findings.len; i++)
        for (size_t a = 0; a < out->findings.items[i].naccesses; a++)
            for (size_t f = 0; f < out->findings.items[i].accesses[a].nframes; f++) {
                const struct frame *fr = &out->findings.items[i].accesses[a].frames[f];
                if (fr->file && str_ends_with(fr->file, "tsan-race.c") && fr->line == 12)
                    return true;
            }
    return false;
}

static void test_tsan_channel(void)
{
    struct run_outcome out;
    tool_observed(TOOL_TSAN, "tsan-race", &out);
    CU_ASSERT_EQUAL(out.status, RUN_OK);
    CU_ASSERT(out.findings.len >= 1);
    CU_ASSERT_TRUE(racing_line_named(&out)); /* named by racelab's own llvm-symbolizer run */
    CU_ASSERT_EQUAL(out.threads_started, 2); /* TSan's own thread aside */
    CU_ASSERT_PTR_NOT_NULL(out.observation);
    run_outcome_free(&out);
    /* Closing the channel under TSan is refused like anywhere, and so is
     * writing into it through the C library (TSan's runtime, in the
     * executable, writes with a system call of its own). */
    tool_observed(TOOL_TSAN, "closes-channel", &out);
    CU_ASSERT_EQUAL(out.status, RUN_REFUSED);
    run_outcome_free(&out);
    tool_observed(TOOL_TSAN, "writes-channel", &out);
    CU_ASSERT_EQUAL(out.status, RUN_REFUSED);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.detail ? out.detail : "", "writing into"));
    run_outcome_free(&out);
    /* A TSan failure printed by the program itself is not TSan's. */
    tool_observed(TOOL_TSAN, "fakes-tsan-failure", &out);
    CU_ASSERT_EQUAL(out.status, RUN_OK);
    run_outcome_free(&out);
}

/* Under TSan, a wait that only loads (test-and-test-and-set, the waiter
 * counting its turns) is a wait: the runtime's atomic load returns the same
 * value from the same lock twice (observe_poll.c). Taking turns that way
 * witnesses nothing there, and the waiter is seen polling; a contended
 * compare-exchange loop, whose loads see the value move, still works beside
 * the others. */
static void test_tsan_load_polls(void)
{
    int spun = 0, witnesses = 0;
    for (int k = 0; k < 3; k++) {
        struct run_outcome out;
        tool_observed(TOOL_TSAN, "whole-ttas", &out);
        CU_ASSERT_EQUAL(out.status, RUN_OK);
        CU_ASSERT_EQUAL(out.findings.len, 0);
        if (out.observation) {
            bool witnessed = overlap_witnessed(out.observation);
            spun += spun_in(out.observation);
            witnesses += witnessed;
            if (witnessed)
                overlap_dump(stderr, TOOL_TSAN, out.observation);
        }
        run_outcome_free(&out);
    }
    CU_ASSERT(spun > 0);
    CU_ASSERT_EQUAL(witnesses, 0);
    witnesses = 0;
    for (int k = 0; k < 6 && !witnesses; k++) {
        struct run_outcome out;
        tool_observed(TOOL_TSAN, "cas-pool", &out);
        CU_ASSERT_EQUAL(out.status, RUN_OK);
        witnesses += out.observation && overlap_witnessed(out.observation);
        run_outcome_free(&out);
    }
    CU_ASSERT(witnesses >= 1);
}

static void test_valgrind_channel(void)
{
    struct run_outcome out;
    tool_observed(TOOL_HELGRIND, "tsan-race", &out);
    CU_ASSERT_EQUAL(out.status, RUN_OK);
    CU_ASSERT(out.findings.len >= 1);
    CU_ASSERT_EQUAL(out.threads_started, 2);
    run_outcome_free(&out);
    /* The guest's copy of the XML's descriptor is closed before it runs:
     * it can neither write into the XML nor trip the filter (Valgrind moves
     * the descriptor, so it is not protected there). */
    tool_observed(TOOL_DRD, "closes-channel", &out);
    CU_ASSERT_EQUAL(out.status, RUN_OK);
    CU_ASSERT_PTR_NULL(strstr(out.out ? out.out : "", "injected"));
    run_outcome_free(&out);
}

static void test_symbolize_text(void)
{
    /* Lines that are not unnamed frames pass through untouched. */
    char *err = NULL;
    const char *text = "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n"
                       "    #0|w|/x.c|4|5|/bin/true|0x10\n==================\n";
    char *out = tsan_symbolize(text, NULL, &err);
    CU_ASSERT_STRING_EQUAL(out, text);
    free(out);
}

static int suite_init(void)
{
    char tmpl[] = "/tmp/racelab-observe-bin-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    bin_dir = xstrdup(tmpl);
    return 0;
}

static int suite_clean(void)
{
    remove_tree(bin_dir);
    free(bin_dir);
    return 0;
}

int register_observe_tests(void)
{
    CU_pSuite s = CU_add_suite("observer", suite_init, suite_clean);
    if (!s || !CU_add_test(s, "threads seen from outside", test_threads_seen_from_outside) ||
        !CU_add_test(s, "work holds: working together or taking turns", test_work_holds) ||
        !CU_add_test(s, "the first thread's work beside the others", test_work_beside) ||
        !CU_add_test(s, "work only in a library witnesses nothing", test_library_work) ||
        !CU_add_test(s, "a counting wait on a lock is a wait", test_polling_waits) ||
        !CU_add_test(s, "CPU alone is not work: caught working or finished", test_caught_working) ||
        !CU_add_test(s, "the judge's verdicts and reasons", test_judge) ||
        !CU_add_test(s, "confirming runs need two witnesses", test_judge_witnesses) ||
        !CU_add_test(s, "starved holds are the machine's, not turns", test_judge_starved) ||
        !CU_add_test(s, "a starved correct run is not failed", test_starved_run_not_failed) ||
        !CU_add_test(s, "birth and exit holds make threads meet", test_birth_holds) ||
        !CU_add_test(s, "fork, exec and the channel refused", test_refusals) ||
        !CU_add_test(s, "deadlock ended early, sleep is not one", test_deadlock_and_sleep) ||
        !CU_add_test(s, "the program's own signals pass", test_signals_pass) ||
        !CU_add_test(s, "TSan on its channel, frames named", test_tsan_channel) ||
        !CU_add_test(s, "under TSan, a wait that only loads is a wait", test_tsan_load_polls) ||
        !CU_add_test(s, "Valgrind's XML out of the guest's reach", test_valgrind_channel) ||
        !CU_add_test(s, "symbolize leaves named frames alone", test_symbolize_text))
        return -1;
    return 0;
}
