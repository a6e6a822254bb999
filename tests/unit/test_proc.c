/* test_proc.c: proc_run() against real programs (/bin/sh, sleep, yes, env).
 *
 * Time bounds are deliberately loose (the machine is shared and noisy): they
 * only tell "came back" from "hung". */
#define _GNU_SOURCE
#include "test.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const test_env[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run `sh -c script`; extra arguments become $1. */
static int run_sh(const char *script, const char *arg, double timeout_s, size_t cap,
                  struct proc_result *res)
{
    const char *argv[] = {"/bin/sh", "-c", script, "sh", arg, NULL};
    struct proc_spec spec = {
        .argv = argv, .envp = test_env, .timeout_s = timeout_s, .output_cap = cap};
    return proc_run(&spec, res);
}

static void test_exit_codes(void)
{
    static const int codes[] = {0, 1, 3, 42, 255};
    char buf[128];
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        struct proc_result res;
        char *script = xasprintf("exit %d", codes[i]);
        CU_ASSERT_EQUAL_FATAL(run_sh(script, NULL, 30, 1024, &res), 0);
        CU_ASSERT_EQUAL(res.exit_code, codes[i]);
        CU_ASSERT_EQUAL(res.term_signal, 0);
        CU_ASSERT_FALSE(res.timed_out);
        CU_ASSERT_FALSE(res.spawn_failed);
        CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf), script);
        CU_ASSERT(res.elapsed_s >= 0 && res.elapsed_s < 30);
        free(script);
        proc_result_free(&res);
    }
}

static void test_capture(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(
        run_sh("echo out; echo err >&2; printf 'no newline'; printf 'x%s' \"$1\" >&2", "arg", 30,
               1024, &res),
        0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(res.out, "out\nno newline");
    CU_ASSERT_EQUAL(res.out_len, strlen("out\nno newline"));
    CU_ASSERT_STRING_EQUAL(res.err, "err\nxarg");
    CU_ASSERT_EQUAL(res.err_len, strlen("err\nxarg"));
    CU_ASSERT_FALSE(res.out_truncated);
    CU_ASSERT_FALSE(res.err_truncated);
    proc_result_free(&res);

    /* No output at all still gives empty strings, not NULL. */
    CU_ASSERT_EQUAL_FATAL(run_sh("true", NULL, 30, 1024, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.err);
    CU_ASSERT_STRING_EQUAL(res.out, "");
    CU_ASSERT_EQUAL(res.out_len, 0);
    proc_result_free(&res);
}

static void test_stdin(void)
{
    struct proc_result res;
    /* /dev/null by default: cat ends at once and read sees EOF. */
    CU_ASSERT_EQUAL_FATAL(run_sh("cat; read x; echo \"rc=$?\"", NULL, 30, 1024, &res), 0);
    CU_ASSERT_FALSE(res.timed_out);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(res.out, "rc=1\n");
    proc_result_free(&res);

    char path[] = "/tmp/racelab-proc-stdin-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(write_file(path, "line one\nline two\n", 18), 0);
    const char *argv[] = {"cat", NULL};
    struct proc_spec spec = {
        .argv = argv, .envp = test_env, .timeout_s = 30, .output_cap = 1024, .stdin_path = path};
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_STRING_EQUAL(res.out, "line one\nline two\n");
    proc_result_free(&res);

    /* A stdin that cannot be opened is the harness's error, not the program's. */
    unlink(path);
    errno = 0;
    CU_ASSERT_EQUAL(proc_run(&spec, &res), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_PTR_NOT_NULL(res.out);
    proc_result_free(&res);
}

static void test_timeout(void)
{
    struct proc_result res;
    char buf[128];
    double t0 = wall_now();
    CU_ASSERT_EQUAL_FATAL(run_sh("echo before; sleep 100", NULL, 0.5, 1024, &res), 0);
    double took = wall_now() - t0;
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_EQUAL(res.exit_code, -1);
    CU_ASSERT_EQUAL(res.term_signal, SIGTERM);
    CU_ASSERT(took >= 0.4);
    CU_ASSERT(took < 0.5 + 10);
    CU_ASSERT_STRING_EQUAL(res.out, "before\n"); /* output before the kill is kept */
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf),
                           "timeout after 0.5 s (possible deadlock)");
    proc_result_free(&res);
}

/* At the time limit, how busy the child was in its last seconds: a shell
 * waiting for sleep used no CPU, a shell looping used a core's worth. */
static void test_cpu_at_timeout(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run_sh("sleep 100", NULL, 3, 1024, &res), 0);
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT(res.cpu_rate_at_timeout >= 0 && res.cpu_rate_at_timeout < 0.05);
    proc_result_free(&res);
    CU_ASSERT_EQUAL_FATAL(run_sh("while :; do :; done", NULL, 3, 1024, &res), 0);
    CU_ASSERT_TRUE(res.timed_out);
    /* A loaded machine gives it less than a whole core, never nothing. */
    if (res.cpu_rate_at_timeout < 0.2)
        fprintf(stderr, "\nbusy loop at its limit: %.2f of a core\n", res.cpu_rate_at_timeout);
    CU_ASSERT(res.cpu_rate_at_timeout >= 0.2);
    proc_result_free(&res);
    /* A limit shorter than the window is not measured. */
    CU_ASSERT_EQUAL_FATAL(run_sh("sleep 100", NULL, 0.5, 1024, &res), 0);
    CU_ASSERT(res.cpu_rate_at_timeout < 0);
    proc_result_free(&res);
}

static void test_ignores_sigterm(void)
{
    struct proc_result res;
    double t0 = wall_now();
    /* The ignored disposition is inherited by sleep too: only SIGKILL works. */
    CU_ASSERT_EQUAL_FATAL(run_sh("trap '' TERM; sleep 100; echo survived", NULL, 0.5, 1024, &res),
                          0);
    double took = wall_now() - t0;
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_EQUAL(res.term_signal, SIGKILL);
    CU_ASSERT_EQUAL(res.exit_code, -1);
    CU_ASSERT(took >= 1.0); /* it was given a grace period after SIGTERM */
    CU_ASSERT(took < 0.5 + 2 + 10);
    CU_ASSERT_STRING_EQUAL(res.out, "");
    proc_result_free(&res);
}

/* Dead (or a zombie waiting for init) within a few seconds? */
static bool process_gone(int pid)
{
    for (int i = 0; i < 50; i++) {
        char *path = xasprintf("/proc/%d/stat", pid), *stat;
        int rc = read_file(path, &stat, NULL);
        free(path);
        if (rc < 0)
            return true;
        const char *paren = strrchr(stat, ')');
        bool zombie = paren && paren[1] == ' ' && paren[2] == 'Z';
        free(stat);
        if (zombie)
            return true;
        usleep(100 * 1000);
    }
    return false;
}

static void test_grandchild(void)
{
    struct proc_result res;
    /* The background sleep holds the stdout pipe; the group kill ends it. */
    double t0 = wall_now();
    CU_ASSERT_EQUAL_FATAL(run_sh("sleep 100 & echo $!", NULL, 0, 1024, &res), 0);
    CU_ASSERT(wall_now() - t0 < 10);
    CU_ASSERT_FALSE(res.timed_out);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    int pid = atoi(res.out);
    CU_ASSERT_FATAL(pid > 1);
    CU_ASSERT_TRUE(process_gone(pid));
    proc_result_free(&res);

    /* A grandchild that left the group (setsid) is out of reach of the group
     * kill: proc_run must still return, after a bounded drain, and the
     * grandchild, adopted by the harness as subreaper, is killed with it. */
    if (access("/usr/bin/setsid", X_OK) != 0)
        return;
    CU_ASSERT_EQUAL_FATAL(run_sh("setsid sleep 600 & echo $!", NULL, 0, 1024, &res), 0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    pid = atoi(res.out);
    CU_ASSERT_FATAL(pid > 1);
    CU_ASSERT_TRUE(process_gone(pid));
    CU_ASSERT_EQUAL(res.orphans_killed, 1);
    proc_result_free(&res);
}

/* A double fork into a new session: sh starts setsid, which starts a shell
 * that starts sleep and exits at once, so sleep's parent is gone before the
 * run ends. Its pid on stdout. */
#define DOUBLE_FORK "setsid sh -c 'sleep 600 & echo $!' & wait"

struct blocked_run {
    const char *fifo;
    pthread_t tid;
    struct proc_result res;
    int rc;
};

static void *run_until_fifo(void *arg)
{
    struct blocked_run *b = arg;
    const char *argv[] = {"/bin/cat", b->fifo, NULL};
    struct proc_spec spec = {.argv = argv, .envp = test_env, .timeout_s = 120, .output_cap = 64};
    b->rc = proc_run(&spec, &b->res);
    return NULL;
}

/* Nothing a run started outlives it, though it left every process group:
 * the orphan is killed at the run's end when no other run is going (which
 * might own it), else when the last one ends. */
static void test_setsid_double_fork(void)
{
    if (access("/usr/bin/setsid", X_OK) != 0) {
        fprintf(stderr, "\nsetsid missing: double fork not tested\n");
        return;
    }
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run_sh(DOUBLE_FORK, NULL, 60, 1024, &res), 0);
    int pid = atoi(res.out);
    CU_ASSERT_FATAL(pid > 1);
    CU_ASSERT_TRUE(process_gone(pid));
    CU_ASSERT(res.orphans_killed >= 1); /* sleep, and the shell if it had not exited yet */
    proc_result_free(&res);

    /* Another run is going: its cat blocks on a FIFO until we write. */
    char dir[] = "/tmp/racelab-test-reaper-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    struct blocked_run other = {.fifo = xasprintf("%s/fifo", dir)};
    CU_ASSERT_EQUAL_FATAL(mkfifo(other.fifo, 0600), 0);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&other.tid, NULL, run_until_fifo, &other), 0);
    CU_ASSERT_EQUAL_FATAL(run_sh(DOUBLE_FORK, NULL, 60, 1024, &res), 0);
    pid = atoi(res.out);
    CU_ASSERT_FATAL(pid > 1);
    /* Could be the other run's daemon: alive until that run ends. Unless
     * cat had not started yet (the FIFO's open is what blocks it): then
     * nothing was going, and the orphan was rightly killed at once. */
    bool alive_meanwhile = kill(pid, 0) == 0;
    int fd = open(other.fifo, O_WRONLY); /* waits for cat to open its end */
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "done\n", 5), 5);
    close(fd);
    pthread_join(other.tid, NULL);
    CU_ASSERT_EQUAL(other.rc, 0);
    CU_ASSERT_STRING_EQUAL(other.res.out, "done\n");
    CU_ASSERT_TRUE(process_gone(pid));
    if (alive_meanwhile)
        CU_ASSERT_EQUAL(other.res.orphans_killed, 1);
    proc_result_free(&res);
    proc_result_free(&other.res);
    unlink(other.fifo);
    rmdir(dir);
    free((char *)other.fifo);
}

static void test_crash(void)
{
    struct proc_result res;
    char buf[128];
    CU_ASSERT_EQUAL_FATAL(run_sh("echo dying; kill -SEGV $$", NULL, 30, 1024, &res), 0);
    CU_ASSERT_EQUAL(res.term_signal, SIGSEGV);
    CU_ASSERT_EQUAL(res.exit_code, -1);
    CU_ASSERT_FALSE(res.timed_out);
    CU_ASSERT_STRING_EQUAL(res.out, "dying\n");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(res.term_signal), "SIGSEGV");
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf), "killed by SIGSEGV");
    proc_result_free(&res);

    CU_ASSERT_EQUAL_FATAL(run_sh("kill -ABRT $$", NULL, 30, 1024, &res), 0);
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf), "killed by SIGABRT");
    proc_result_free(&res);
}

static void test_signal_names(void)
{
    CU_ASSERT_STRING_EQUAL(proc_signal_name(SIGABRT), "SIGABRT");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(SIGKILL), "SIGKILL");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(SIGBUS), "SIGBUS");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(SIGFPE), "SIGFPE");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(0), "unknown signal");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(-3), "unknown signal");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(10000), "unknown signal");
    CU_ASSERT_STRING_EQUAL(proc_signal_name(SIGRTMIN + 1), "real-time signal");

    /* A short buffer truncates, still NUL-terminated. */
    struct proc_result res = {.term_signal = SIGSEGV, .exit_code = -1};
    char small[8];
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, small, sizeof small), "killed ");
}

static void test_flood(void)
{
    struct proc_result res;
    enum { CAP = 4096 };
    /* 50 MB through a 4 KiB cap: all read, almost all dropped. */
    CU_ASSERT_EQUAL_FATAL(run_sh("yes | head -c 50000000; echo done >&2", NULL, 120, CAP, &res), 0);
    CU_ASSERT_FALSE(res.timed_out);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_EQUAL(res.out_len, CAP);
    CU_ASSERT_EQUAL(strlen(res.out), CAP);
    CU_ASSERT_TRUE(res.out_truncated);
    CU_ASSERT(strncmp(res.out, "y\ny\ny\n", 6) == 0);
    CU_ASSERT(malloc_usable_size(res.out) <= 2 * CAP + 64); /* memory stayed bounded */
    CU_ASSERT_STRING_EQUAL(res.err, "done\n");
    CU_ASSERT_FALSE(res.err_truncated);
    proc_result_free(&res);

    /* Endless output on both pipes at once, stopped only by the time limit. */
    CU_ASSERT_EQUAL_FATAL(run_sh("yes err >&2 & yes", NULL, 1, CAP, &res), 0);
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_EQUAL(res.out_len, CAP);
    CU_ASSERT_EQUAL(res.err_len, CAP);
    CU_ASSERT_TRUE(res.out_truncated);
    CU_ASSERT_TRUE(res.err_truncated);
    CU_ASSERT(strncmp(res.err, "err\nerr\n", 8) == 0);
    proc_result_free(&res);

    /* Cap 0 keeps nothing but still drains. */
    CU_ASSERT_EQUAL_FATAL(run_sh("head -c 1000000 /dev/zero", NULL, 60, 0, &res), 0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_EQUAL(res.out_len, 0);
    CU_ASSERT_TRUE(res.out_truncated);
    proc_result_free(&res);
}

static void expect_spawn_failure(const char *prog, const char *const *envp, const char *cwd,
                                 int want)
{
    const char *argv[] = {prog, NULL};
    struct proc_spec spec = {
        .argv = argv, .envp = envp, .cwd = cwd, .timeout_s = 30, .output_cap = 1024};
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_TRUE(res.spawn_failed);
    CU_ASSERT_EQUAL(res.spawn_errno, want);
    CU_ASSERT_EQUAL(res.exit_code, -1);
    CU_ASSERT_STRING_EQUAL(res.out, "");
    CU_ASSERT_STRING_EQUAL(res.err, "");
    proc_result_free(&res);
}

static void test_spawn_failure(void)
{
    static const char *const no_path[] = {"PATH=/nonexistent", NULL};
    static const char *const bin_path[] = {"PATH=/nonexistent:/bin", NULL};
    struct proc_result res;
    char buf[128];

    expect_spawn_failure("racelab-no-such-program", test_env, NULL, ENOENT);
    /* With a '/', no lookup: the error comes back from execve in the child. */
    expect_spawn_failure("/nonexistent/prog", test_env, NULL, ENOENT);
    expect_spawn_failure("/etc/passwd", test_env, NULL, EACCES);
    expect_spawn_failure("/bin/sh", test_env, "/nonexistent-dir", ENOENT);
    /* The lookup uses the child's PATH, not the harness's. */
    expect_spawn_failure("sh", no_path, NULL, ENOENT);

    const char *argv[] = {"sh", "-c", "echo found", NULL};
    struct proc_spec spec = {.argv = argv, .envp = bin_path, .timeout_s = 30, .output_cap = 64};
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_FALSE(res.spawn_failed);
    CU_ASSERT_STRING_EQUAL(res.out, "found\n");
    proc_result_free(&res);

    const char *missing[] = {"/nonexistent/prog", NULL};
    spec.argv = missing;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf),
                           "could not start: No such file or directory");
    proc_result_free(&res);

    const char *empty[] = {NULL};
    spec.argv = empty;
    CU_ASSERT_EQUAL(proc_run(&spec, &res), -1);
    CU_ASSERT_EQUAL(errno, EINVAL);
    proc_result_free(&res);
}

static void test_env_and_cwd(void)
{
    static const char *const env[] = {"FOO=bar", "RACELAB_X=1 2", NULL};
    const char *argv[] = {"/usr/bin/env", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 30, .output_cap = 4096};
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_STRING_EQUAL(res.out, "FOO=bar\nRACELAB_X=1 2\n");
    proc_result_free(&res);

    spec.envp = NULL;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(res.out, "");
    proc_result_free(&res);

    const char *pwd[] = {"/bin/sh", "-c", "pwd", NULL};
    spec = (struct proc_spec){
        .argv = pwd, .envp = test_env, .cwd = "/", .timeout_s = 30, .output_cap = 4096};
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_STRING_EQUAL(res.out, "/\n");
    proc_result_free(&res);
}

static void test_cpu_time(void)
{
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(
        run_sh("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo $i", NULL, 120, 64, &res),
        0);
    CU_ASSERT_STRING_EQUAL(res.out, "200000\n");
    CU_ASSERT(res.child_cpu_s > 0);
    CU_ASSERT(res.child_cpu_s < res.elapsed_s + 1);
    proc_result_free(&res);
}

enum { NTHREADS = 8, ROUNDS = 6 };

struct worker {
    pthread_t tid;
    int id;
    int failures;
    char first_bad[256];
};

/* CUnit's asserts are not thread-safe: workers only count, the main thread asserts. */
static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (int r = 0; r < ROUNDS; r++) {
        char tag[32];
        snprintf(tag, sizeof tag, "%d-%d", w->id, r);
        /* `ls /proc/$$/fd` lists the shell's fds: a pipe end leaked from a
         * concurrent proc_run would show up there as an extra number. */
        struct proc_result res;
        int rc =
            run_sh("echo \"out-$1\"; echo \"err-$1\" >&2; ls /proc/$$/fd", tag, 60, 4096, &res);
        char *want_out = xasprintf("out-%s\n0\n1\n2\n", tag);
        char *want_err = xasprintf("err-%s\n", tag);
        if (rc != 0 || res.exit_code != 0 || strcmp(res.out, want_out) != 0 ||
            strcmp(res.err, want_err) != 0) {
            if (!w->failures++)
                snprintf(w->first_bad, sizeof w->first_bad, "rc=%d exit=%d out=[%s] err=[%s]", rc,
                         res.exit_code, res.out, res.err);
        }
        free(want_out);
        free(want_err);
        proc_result_free(&res);
    }
    return NULL;
}

static void test_concurrent(void)
{
    struct worker workers[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        workers[i] = (struct worker){.id = i};
        CU_ASSERT_EQUAL_FATAL(pthread_create(&workers[i].tid, NULL, worker_main, &workers[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(workers[i].tid, NULL);
        if (workers[i].failures)
            fprintf(stderr, "\nworker %d: %d failures, first: %s\n", i, workers[i].failures,
                    workers[i].first_bad);
        CU_ASSERT_EQUAL(workers[i].failures, 0);
    }
}

int register_proc_tests(void)
{
    CU_pSuite s = CU_add_suite("proc", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "exit codes", test_exit_codes) ||
        !CU_add_test(s, "stdout and stderr captured", test_capture) ||
        !CU_add_test(s, "stdin", test_stdin) || !CU_add_test(s, "timeout", test_timeout) ||
        !CU_add_test(s, "SIGTERM ignored", test_ignores_sigterm) ||
        !CU_add_test(s, "CPU use at the time limit", test_cpu_at_timeout) ||
        !CU_add_test(s, "grandchild holding the pipe", test_grandchild) ||
        !CU_add_test(s, "setsid double fork", test_setsid_double_fork) ||
        !CU_add_test(s, "crash", test_crash) ||
        !CU_add_test(s, "signal names", test_signal_names) ||
        !CU_add_test(s, "output flood", test_flood) ||
        !CU_add_test(s, "spawn failure", test_spawn_failure) ||
        !CU_add_test(s, "env and cwd", test_env_and_cwd) ||
        !CU_add_test(s, "cpu time", test_cpu_time) ||
        !CU_add_test(s, "concurrent runs", test_concurrent))
        return -1;
    return 0;
}
