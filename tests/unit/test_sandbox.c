/* test_sandbox.c: untrusted programs under proc_run()'s limits (sandbox.h).
 *
 * The hostile programs of tests/programs/hostile/ (each one's header says
 * what it does and what is expected) are built once per runner, then run
 * under limits tightened so that every test ends in seconds: a fork bomb, an
 * endless loop, a 1 GB output flood, a memory hog, a setsid() escapee,
 * writes outside the scratch directory, a connection to a local listener, a
 * crash, a file too big. Then the plumbing: a normal two-thread program under
 * TSan, Helgrind and DRD with the default grading limits (they are not too
 * tight), a compile of hostile source as the dedicated uid, and a whole
 * check_run() in a sandbox.
 *
 * Tests that need root (a dedicated uid, namespaces) say why they skip when
 * not root; CI runs as root. Time bounds are loose: they tell "stopped at
 * its limit" from "ran to its end". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "proc.h"
#include "sandbox.h"
#include "test.h"
#include "tool.h"
#include "toolchain.h"
#include "util.h"

#define HOSTILE_DIR "tests/programs/hostile"
#define SHIM_DIR    "build/shim"
#define MB          (1ull << 20)

static const char *const hostile[] = {"forkbomb", "spin",         "flood",   "memhog",
                                      "escapee",  "escape_write", "connect", "crash",
                                      "bigfile",  "two_threads",  NULL};

static char *work; /* build/test-sandbox/<pid>, absolute; searchable by the slots' uids */
static struct sandbox sb;
static bool built;

#define SKIP_UNLESS(cond, why)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "\n    skipped: %s ", why);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static bool root(void)
{
    return geteuid() == 0;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool on_path(const char *prog)
{
    char *p = path_lookup(prog);
    free(p);
    return p != NULL;
}

/* Build one program (trusted: the test's own) into work/bin/<out>. */
static bool compile(const char *name, const char *out, const char *flag)
{
    char *src = xasprintf("%s/%s.c", HOSTILE_DIR, name);
    char *bin = xasprintf("%s/bin/%s", work, out);
    const char *argv[] = {"clang", "-std=c17", "-O1", "-g", "-pthread", src, "-o", bin, flag, NULL};
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 120, .output_cap = 65536};
    struct proc_result pr;
    bool ok = proc_run(&spec, &pr) == 0 && !pr.spawn_failed && pr.exit_code == 0;
    if (!ok)
        fprintf(stderr, "cannot build %s: %s\n", src, pr.err);
    proc_result_free(&pr);
    free(src);
    free(bin);
    return ok;
}

static int suite_init(void)
{
    char *dir = xasprintf("build/test-sandbox/%d", (int)getpid());
    if (mkdir_p(dir) < 0 || !(work = realpath(dir, NULL))) {
        free(dir);
        return 1;
    }
    free(dir);
    char *bin = xasprintf("%s/bin", work);
    int rc = mkdir_p(bin);
    free(bin);
    char *err = NULL;
    if (rc < 0 || sandbox_slots_init(&sb, 2, &err) < 0) {
        fprintf(stderr, "sandbox suite: %s\n", err ? err : strerror(errno));
        free(err);
        return 1;
    }
    built = on_path("clang");
    for (int i = 0; built && hostile[i]; i++)
        built = compile(hostile[i], hostile[i], NULL);
    built = built && compile("two_threads", "two_threads.tsan", "-fsanitize=thread") &&
            compile("two_threads", "two_threads.vg", "-gdwarf-4");
    return 0;
}

static int suite_cleanup(void)
{
    if (work)
        remove_tree(work);
    free(work);
    work = NULL;
    sandbox_slots_free(&sb);
    return 0;
}

/* The grading defaults, tightened so that each test ends in seconds, with
 * slot 0's uid (none when not root). */
static struct proc_limits test_limits(void)
{
    struct proc_limits l;
    sandbox_default_limits(&l);
    l.cpu_s = 5;
    l.mem_bytes = 256 * MB;
    l.nproc = 64;
    l.output_bytes = 16 * MB;
    l.file_bytes = 16 * MB;
    sandbox_use_slot(&l, &sb, 0);
    return l;
}

/* Run work/bin/<name> [arg1 [arg2]] under lim, in a fresh scratch directory
 * of lim's uid. */
static int run(const char *name, const char *arg1, const char *arg2, const struct proc_limits *lim,
               double timeout_s, struct proc_result *res)
{
    char *bin = xasprintf("%s/bin/%s", work, name);
    char *scratch = xasprintf("%s/run.XXXXXX", work);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
    CU_ASSERT_EQUAL_FATAL(sandbox_prepare_dir(scratch, lim), 0);
    char *home = xasprintf("HOME=%s", scratch);
    const char *env[] = {"PATH=/usr/bin:/bin", "LANG=C", home, NULL};
    const char *argv[] = {bin, arg1, arg2, NULL};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .cwd = scratch,
                             .timeout_s = timeout_s,
                             .output_cap = 1 << 20,
                             .limits = lim};
    int rc = proc_run(&spec, res);
    remove_tree(scratch);
    free(home);
    free(scratch);
    free(bin);
    return rc;
}

static void assert_uid_empty(unsigned uid)
{
    if (!uid)
        return;
    struct sandbox_usage u;
    sandbox_usage(0, uid, &u);
    CU_ASSERT_EQUAL(u.procs, 0);
}

static void test_describe(void)
{
    char buf[256];
    struct proc_result r = {.exit_code = -1, .term_signal = SIGKILL};
    r.limit = "memory";
    r.limit_value = 512.0 * MB;
    CU_ASSERT_STRING_EQUAL(proc_describe(&r, buf, sizeof buf),
                           "killed: memory limit (512 MB) exceeded");
    r.limit = "CPU time";
    r.limit_value = 60;
    CU_ASSERT_STRING_EQUAL(proc_describe(&r, buf, sizeof buf),
                           "killed: CPU time limit (60 s) exceeded");
    r.limit = "file size";
    r.limit_value = 64.0 * MB;
    CU_ASSERT_STRING_EQUAL(proc_describe(&r, buf, sizeof buf),
                           "killed: file size limit (64 MB) exceeded");
    r.limit = "output";
    r.limit_value = 1024.0 * MB;
    CU_ASSERT_STRING_EQUAL(proc_describe(&r, buf, sizeof buf),
                           "killed: output limit (1 GB) exceeded");
    r.limit = "processes";
    r.limit_value = 128;
    CU_ASSERT_STRING_EQUAL(proc_describe(&r, buf, sizeof buf),
                           "killed: process limit (128 tasks) reached");

    struct proc_result s = {.exit_code = -1, .spawn_failed = true, .spawn_errno = EPERM};
    s.spawn_step = "setresuid";
    CU_ASSERT_STRING_EQUAL(proc_describe(&s, buf, sizeof buf),
                           "could not start: sandbox setup failed at setresuid: Operation not "
                           "permitted");
    struct proc_result t = {.exit_code = 0, .survivors = 2};
    CU_ASSERT_STRING_EQUAL(proc_describe(&t, buf, sizeof buf),
                           "exit 0; 2 processes of the run could not be killed");
}

static void test_available(void)
{
    const char *why = NULL;
    bool all = sandbox_available(&why);
    CU_ASSERT_PTR_NOT_NULL_FATAL(why);
    CU_ASSERT(strlen(why) > 10);
    fprintf(stderr, "\n    sandbox: %s ", why);
    if (root()) {
        CU_ASSERT_TRUE(all); /* CI: root, with unshare */
    } else {
        CU_ASSERT_FALSE(all);
    }
    struct proc_limits l;
    sandbox_default_limits(&l);
    CU_ASSERT_EQUAL(l.cpu_s, 60);
    CU_ASSERT_EQUAL(l.mem_bytes, 1024 * MB);
    CU_ASSERT_EQUAL(l.nproc, 128);
    CU_ASSERT_EQUAL(l.nofile, 256);
    CU_ASSERT_EQUAL(l.file_bytes, 64 * MB);
    CU_ASSERT_EQUAL(l.uid, 0);
}

static void test_slots(void)
{
    struct sandbox other;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(sandbox_slots_init(&other, 2, &err), 0);
    if (!root()) {
        CU_ASSERT_EQUAL(other.slots[0].uid, 0);
        CU_ASSERT_EQUAL(sb.slots[1].uid, 0);
        sandbox_slots_free(&other);
        return;
    }
    /* Four distinct unused ids: the suite's sandbox holds its two locked. */
    unsigned ids[4] = {sb.slots[0].uid, sb.slots[1].uid, other.slots[0].uid, other.slots[1].uid};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT(ids[i] >= SANDBOX_FIRST_UID);
        for (int k = 0; k < i; k++)
            CU_ASSERT_NOT_EQUAL(ids[i], ids[k]);
        char *line = xasprintf(":%u:", ids[i]), *passwd = NULL;
        if (read_file("/etc/passwd", &passwd, NULL) == 0)
            CU_ASSERT_PTR_NULL(strstr(passwd, line));
        free(passwd);
        free(line);
    }
    sandbox_slots_free(&other);
}

static void test_spin(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    lim.cpu_s = 1;
    struct proc_result res;
    char buf[256];
    CU_ASSERT_EQUAL_FATAL(run("spin", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "CPU time");
    CU_ASSERT_EQUAL(res.term_signal, SIGXCPU);
    CU_ASSERT_FALSE(res.timed_out);
    CU_ASSERT(res.elapsed_s < 30);
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf),
                           "killed: CPU time limit (1 s) exceeded");
    proc_result_free(&res);
    assert_uid_empty(lim.uid);

    /* The wall-clock limit, when it comes first, is still a timeout. */
    lim.cpu_s = 60;
    CU_ASSERT_EQUAL_FATAL(run("spin", NULL, NULL, &lim, 1, &res), 0);
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_PTR_NULL(res.limit);
    proc_result_free(&res);
    assert_uid_empty(lim.uid);
}

static void test_flood(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    char buf[256];
    double t0 = wall_now();
    CU_ASSERT_EQUAL_FATAL(run("flood", NULL, NULL, &lim, 120, &res), 0);
    CU_ASSERT(wall_now() - t0 < 30);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "output");
    CU_ASSERT_EQUAL(res.out_len, 1u << 20);
    CU_ASSERT_TRUE(res.out_truncated);
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf),
                           "killed: output limit (16 MB) exceeded");
    proc_result_free(&res);

    /* Without an output limit, all of it is drained (and dropped): it ends. */
    lim.output_bytes = 0;
    t0 = wall_now();
    CU_ASSERT_EQUAL_FATAL(run("flood", NULL, NULL, &lim, 120, &res), 0);
    CU_ASSERT(wall_now() - t0 < 60);
    CU_ASSERT_PTR_NULL(res.limit);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_EQUAL(res.out_len, 1u << 20);
    CU_ASSERT_TRUE(res.out_truncated);
    CU_ASSERT_STRING_EQUAL(res.err, "flood done\n");
    proc_result_free(&res);
    assert_uid_empty(lim.uid);
}

static void test_memhog(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    char buf[256];
    CU_ASSERT_EQUAL_FATAL(run("memhog", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "memory");
    CU_ASSERT_EQUAL(res.term_signal, SIGKILL);
    CU_ASSERT(res.elapsed_s < 300); /* it holds its 2 GB for 600 s if not killed */
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf),
                           "killed: memory limit (256 MB) exceeded");
    proc_result_free(&res);
    assert_uid_empty(lim.uid);
}

static void test_crash(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    char buf[256];
    CU_ASSERT_EQUAL_FATAL(run("crash", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_EQUAL(res.term_signal, SIGSEGV);
    CU_ASSERT_PTR_NULL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.out, "crashing\n");
    CU_ASSERT_STRING_EQUAL(proc_describe(&res, buf, sizeof buf), "killed by SIGSEGV");
    proc_result_free(&res);
}

static void test_bigfile(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("bigfile", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "file size");
    CU_ASSERT_EQUAL(res.term_signal, SIGXFSZ);
    proc_result_free(&res);
}

static void test_forkbomb(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    SKIP_UNLESS(root(), "needs root: RLIMIT_NPROC and the kill by uid need a dedicated uid");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("forkbomb", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "processes");
    CU_ASSERT_EQUAL(res.survivors, 0);
    /* Its processes sleep 600 s if not killed. The bound is about that, not
     * speed: killing thousands of processes took over 20 s on a loaded CI. */
    CU_ASSERT(res.elapsed_s < 300);
    proc_result_free(&res);
    assert_uid_empty(lim.uid);
}

/* Without a dedicated uid (not root): no RLIMIT_NPROC, but the polled task
 * count of the process group still stops the bomb, which stops itself after
 * 10,000 forks anyway; and the run does not end until the whole group is dead.
 * SIGKILLed processes take a while to die: thousands of them on a loaded host,
 * their forks and exits queued on the lock of the one mapping they share,
 * died at 300 a second, and a fixed 5 s wait left survivors in 7 runs of 14
 * (with two busy loops per core); waiting while their number still falls left
 * none in 14. */
static void test_forkbomb_without_uid(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    lim.uid = lim.gid = 0;
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("forkbomb", NULL, NULL, &lim, 60, &res), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res.limit);
    CU_ASSERT_STRING_EQUAL(res.limit, "processes");
    CU_ASSERT(res.elapsed_s < 300); /* not the 600 s its processes sleep */
    CU_ASSERT_EQUAL(res.survivors, 0);
    int pgid = 0;
    CU_ASSERT_EQUAL(sscanf(res.out, "bomb %d", &pgid), 1);
    struct sandbox_usage u;
    sandbox_usage(pgid, 0, &u);
    CU_ASSERT_EQUAL(u.procs, 0);
    proc_result_free(&res);
}

/* Alive, and not a zombie? */
static bool alive(int pid)
{
    char *path = xasprintf("/proc/%d/stat", pid), *stat;
    int rc = read_file(path, &stat, NULL);
    free(path);
    if (rc < 0)
        return false;
    const char *paren = strrchr(stat, ')');
    bool zombie = paren && paren[1] == ' ' && paren[2] == 'Z';
    free(stat);
    return !zombie;
}

static void test_escapee(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    SKIP_UNLESS(root(), "needs root: only a dedicated uid lets the harness find what left the "
                        "process group");
    struct proc_limits lim = test_limits();
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("escapee", NULL, NULL, &lim, 120, &res), 0);
    char buf[256];
    if (res.exit_code != 0)
        fprintf(stderr, "\nescapee: %s\n%s%s", proc_describe(&res, buf, sizeof buf), res.out,
                res.err);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_EQUAL(res.survivors, 0);
    CU_ASSERT(res.elapsed_s < 300); /* not the escapee's 600 s */
    int pid = 0;
    CU_ASSERT_EQUAL(sscanf(res.out, "escapee %d", &pid), 1);
    CU_ASSERT(pid > 1);
    if (pid > 1)
        CU_ASSERT_FALSE(alive(pid));
    proc_result_free(&res);
    assert_uid_empty(lim.uid);
}

static size_t count_escapes(void)
{
    static const char *const patterns[] = {"/tmp/racelab-escape-*", "/var/tmp/racelab-escape-*",
                                           "/dev/shm/racelab-escape-*", "racelab-escape-*"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
        glob_t g;
        if (glob(patterns[i], 0, NULL, &g) == 0)
            n += g.gl_pathc;
        globfree(&g);
    }
    return n;
}

static void test_escape_write(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    SKIP_UNLESS(root(), "needs root: a dedicated uid owns nothing outside its scratch directory");
    struct proc_limits lim = test_limits();
    SKIP_UNLESS(lim.private_tmp, "mount namespaces do not work here");
    char *repo = realpath(".", NULL);
    size_t before = count_escapes();
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("escape_write", repo, NULL, &lim, 60, &res), 0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT_EQUAL(count_escapes(), before);
    char *refused = xasprintf("failed %s: Permission denied", repo);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.out, refused));
    CU_ASSERT_PTR_NOT_NULL(strstr(res.out, "ok /tmp/racelab-escape-"));
    /* Every write that worked went to the run's own tmpfs, gone now. */
    for (char *line = res.out; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (str_starts_with(line, "ok "))
            CU_ASSERT_NOT_EQUAL(access(line + 3, F_OK), 0);
        line = end ? end + 1 : NULL;
    }
    proc_result_free(&res);
    free(refused);
    free(repo);
}

static void test_network(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim = test_limits();
    SKIP_UNLESS(lim.no_network, "network namespaces do not work here (not root, no user "
                                "namespaces)");
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CU_ASSERT_FATAL(s >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CU_ASSERT_FATAL(bind(s, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(s, 4) == 0 &&
                    getsockname(s, (struct sockaddr *)&addr, &len) == 0);
    char port[16];
    snprintf(port, sizeof port, "%d", ntohs(addr.sin_port));
    struct proc_result res;
    CU_ASSERT_EQUAL_FATAL(run("connect", port, NULL, &lim, 60, &res), 0);
    CU_ASSERT_EQUAL(res.exit_code, 0);
    CU_ASSERT(str_starts_with(res.out, "connect failed"));
    CU_ASSERT_EQUAL(accept(s, NULL, NULL), -1); /* nobody came */
    proc_result_free(&res);

    /* The control: with the network, the same program gets through. */
    lim.no_network = false;
    CU_ASSERT_EQUAL_FATAL(run("connect", port, NULL, &lim, 60, &res), 0);
    CU_ASSERT_STRING_EQUAL(res.out, "connected\n");
    int c = accept(s, NULL, NULL);
    CU_ASSERT(c >= 0);
    if (c >= 0)
        close(c);
    proc_result_free(&res);
    close(s);
}

/* A sandbox that cannot be set up is a clear spawn failure, never a run
 * without its limits. */
static void test_setup_failures(void)
{
    struct proc_result res;
    char buf[512];
    /* A working directory under /tmp (a checkout in /tmp, say) stays visible
     * under the private /tmp, with what is in it; the rest of /tmp does not. */
    char dir[] = "/tmp/racelab-sandbox-XXXXXX", other[] = "/tmp/racelab-sandbox-other-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(other));
    char *mine = xasprintf("%s/mine", dir),
         *script = xasprintf("test -e mine && ! test -e %s", other);
    CU_ASSERT_EQUAL_FATAL(write_file(mine, "x", 1), 0);
    struct proc_limits lim = {.private_tmp = true};
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    struct proc_spec spec = {.argv = argv, .cwd = dir, .timeout_s = 30, .limits = &lim};
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    if (sandbox_available(&(const char *){NULL})) {
        CU_ASSERT_FALSE(res.spawn_failed);
        CU_ASSERT_EQUAL(res.exit_code, 0);
    }
    proc_result_free(&res);
    unlink(mine);
    rmdir(dir);
    rmdir(other);
    free(mine);
    free(script);
    argv[0] = "/bin/true";
    argv[1] = NULL;

    spec.cwd = "/";
    if (!root()) {
        /* Only root may switch ids: the step says so. */
        lim = (struct proc_limits){.uid = SANDBOX_FIRST_UID};
        CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
        CU_ASSERT_TRUE(res.spawn_failed);
        CU_ASSERT_EQUAL(res.spawn_errno, EPERM);
        CU_ASSERT(str_starts_with(proc_describe(&res, buf, sizeof buf),
                                  "could not start: sandbox setup failed at set"));
        proc_result_free(&res);
        return;
    }
    /* Root: a program the uid may not execute fails at exec, as usual. */
    char *hidden = xasprintf("%s/hidden", work);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(hidden), 0);
    chmod(hidden, 0700);
    char *prog = xasprintf("%s/true", hidden);
    CU_ASSERT_EQUAL_FATAL(write_file(prog, "#!/bin/sh\n", 10), 0);
    chmod(prog, 0755);
    lim = test_limits();
    const char *argv2[] = {prog, NULL};
    spec.argv = argv2;
    CU_ASSERT_EQUAL_FATAL(proc_run(&spec, &res), 0);
    CU_ASSERT_TRUE(res.spawn_failed);
    CU_ASSERT_EQUAL(res.spawn_errno, EACCES);
    CU_ASSERT_PTR_NULL(res.spawn_step);
    proc_result_free(&res);
    char *err = NULL;
    const char *paths[] = {"/", prog, NULL};
    CU_ASSERT_EQUAL(sandbox_check_access(&lim, paths, &err), -1);
    CU_ASSERT(err && strstr(err, prog));
    free(err);
    remove_tree(hidden);
    free(prog);
    free(hidden);
    assert_uid_empty(lim.uid);
}

/* Files a run leaves in its scratch directory are read as untrusted: a link
 * is not followed, a FIFO does not block the harness. */
static void test_read_untrusted(void)
{
    char *dir = xasprintf("%s/untrusted", work);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(dir), 0);
    char *file = xasprintf("%s/file", dir), *link = xasprintf("%s/link", dir);
    char *fifo = xasprintf("%s/fifo", dir), *text = NULL;
    CU_ASSERT_EQUAL_FATAL(write_file(file, "12 exit\n", 8), 0);
    CU_ASSERT_EQUAL_FATAL(symlink("/etc/hostname", link), 0);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    size_t len = 0;
    CU_ASSERT_EQUAL(read_file_regular(file, &text, &len), 0);
    CU_ASSERT_EQUAL(len, 8);
    CU_ASSERT_STRING_EQUAL(text ? text : "", "12 exit\n");
    free(text);
    errno = 0;
    CU_ASSERT_EQUAL(read_file_regular(link, &text, NULL), -1);
    CU_ASSERT_EQUAL(errno, ELOOP);
    CU_ASSERT_EQUAL(read_file_regular(fifo, &text, NULL), -1); /* at once, no writer needed */
    CU_ASSERT_EQUAL(errno, EINVAL);
    remove_tree(dir);
    free(file);
    free(link);
    free(fifo);
    free(dir);
}

/* A normal program under the default grading limits: TSan, Helgrind, DRD. */
static void test_detectors_fit(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    struct proc_limits lim;
    sandbox_default_limits(&lim);
    sandbox_use_slot(&lim, &sb, 0);
    static const enum tool_id tools[] = {TOOL_TSAN, TOOL_HELGRIND, TOOL_DRD};
    for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
        if (tools[i] != TOOL_TSAN && !on_path("valgrind")) {
            fprintf(stderr, "\n    skipped %s: valgrind is not installed ", tool_name(tools[i]));
            continue;
        }
        char *scratch = xasprintf("%s/run.XXXXXX", work);
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
        CU_ASSERT_EQUAL_FATAL(sandbox_prepare_dir(scratch, &lim), 0);
        char *binary =
            xasprintf("%s/bin/two_threads.%s", work, tools[i] == TOOL_TSAN ? "tsan" : "vg");
        struct run_request req = {.tool = tools[i],
                                  .binary = binary,
                                  .scratch_dir = scratch,
                                  .timeout_s = 120,
                                  .no_shim = true,
                                  .limits = &lim};
        struct run_outcome out;
        tool_run(&req, &out);
        if (out.status != RUN_OK || out.findings.len)
            fprintf(stderr, "\n%s under the grading limits: %s\n%s\n", tool_name(tools[i]),
                    out.detail, out.err);
        CU_ASSERT_EQUAL(out.status, RUN_OK);
        CU_ASSERT_EQUAL(out.exit_code, 0);
        CU_ASSERT_EQUAL(out.findings.len, 0);
        CU_ASSERT_STRING_EQUAL(out.out, "counter 40000\n");
        CU_ASSERT_PTR_NULL(out.limit);
        run_outcome_free(&out);
        remove_tree(scratch);
        free(binary);
        free(scratch);
    }
    assert_uid_empty(lim.uid);
}

/* Compiling hostile source is untrusted too: as the dedicated uid, clang
 * cannot read /etc/shadow; a normal program builds, owned by the harness. */
static void test_build_as_uid(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    SKIP_UNLESS(root(), "needs root: the compiler runs as a dedicated uid");
    char *shim = xasprintf(SHIM_DIR "/%s/thread_count-tsan.o", toolchain_current()->name);
    bool have_shim = access(shim, R_OK) == 0;
    free(shim);
    SKIP_UNLESS(have_shim, "run 'make' first (shim)");
    SKIP_UNLESS(access("/etc/shadow", F_OK) == 0, "no /etc/shadow here");
    char *cat = xasprintf("%s/cat", work), *cases = xasprintf("%s/cases/sandbox", cat);
    char *inc = xasprintf("%s/include", cat), *bdir = xasprintf("%s/build", work);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(cases), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(inc), 0);
    char *shadow = xasprintf("%s/shadow.c", cases), *fine = xasprintf("%s/fine.c", cases);
    const char *shadow_src = "#include \"/etc/shadow\"\nint main(void) { return 0; }\n";
    const char *fine_src = "int main(void) { return 0; }\n";
    CU_ASSERT_EQUAL_FATAL(write_file(shadow, shadow_src, strlen(shadow_src)), 0);
    CU_ASSERT_EQUAL_FATAL(write_file(fine, fine_src, strlen(fine_src)), 0);

    struct build_env env;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(build_env_init(&env, cat, bdir, SHIM_DIR, &err), 0);
    struct proc_limits lim = test_limits();
    env.limits = &lim;
    struct program prog = {.path = "cases/sandbox/shadow.c"};
    char *binary = NULL, *log = NULL;
    bool cached;
    CU_ASSERT_EQUAL(build_program(&env, &prog, PROFILE_NATIVE, &binary, &log, &cached), -1);
    CU_ASSERT(log && strstr(log, "/etc/shadow"));
    CU_ASSERT_PTR_NULL(log ? strstr(log, "root:") : NULL); /* nothing of it quoted */
    free(binary);
    free(log);

    prog.path = "cases/sandbox/fine.c";
    CU_ASSERT_EQUAL(build_program(&env, &prog, PROFILE_NATIVE, &binary, &log, &cached), 0);
    struct stat st;
    CU_ASSERT_FATAL(binary && stat(binary, &st) == 0);
    CU_ASSERT_EQUAL(st.st_uid, geteuid());
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0755);
    char *tmp = xasprintf("%s/tmp", env.build_dir);
    glob_t g;
    char *pattern = xasprintf("%s/*", tmp);
    CU_ASSERT_EQUAL(glob(pattern, 0, NULL, &g), GLOB_NOMATCH); /* no compiler directory left */
    globfree(&g);
    free(pattern);
    free(tmp);
    free(binary);
    free(log);
    build_env_free(&env);

    /* A catalog and a build directory under /tmp, which the sandbox replaces
     * with a private one: the compile must still see the source and write
     * its output (a grade with --build-dir /tmp/... failed every row). */
    char tmpl[] = "/tmp/racelab-sandbox-build-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    CU_ASSERT_EQUAL(chmod(tmpl, 0755), 0);
    char *tcat = xasprintf("%s/cat", tmpl), *tcases = xasprintf("%s/cases/sandbox", tcat);
    char *tinc = xasprintf("%s/include", tcat), *tbdir = xasprintf("%s/build", tmpl);
    char *tfine = xasprintf("%s/fine.c", tcases);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(tcases), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir_p(tinc), 0);
    CU_ASSERT_EQUAL_FATAL(write_file(tfine, fine_src, strlen(fine_src)), 0);
    CU_ASSERT_EQUAL_FATAL(build_env_init(&env, tcat, tbdir, SHIM_DIR, &err), 0);
    env.limits = &lim;
    CU_ASSERT_EQUAL(build_program(&env, &prog, PROFILE_NATIVE, &binary, &log, &cached), 0);
    if (log && *log)
        fprintf(stderr, "\n  build in /tmp: %s\n", log);
    CU_ASSERT(binary && access(binary, X_OK) == 0);
    free(binary);
    free(log);
    build_env_free(&env);
    remove_tree(tmpl);
    free(tcat);
    free(tcases);
    free(tinc);
    free(tbdir);
    free(tfine);

    free(shadow);
    free(fine);
    free(cat);
    free(cases);
    free(inc);
    free(bdir);
    assert_uid_empty(lim.uid);
}

/* A whole check in a sandbox: two jobs, two uids, scratch directories they own. */
static void test_check_in_sandbox(void)
{
    SKIP_UNLESS(built, "clang missing or a hostile program did not build");
    SKIP_UNLESS(root(), "needs root: each job runs as its slot's uid");
    SKIP_UNLESS(on_path("valgrind"), "valgrind is not installed");
    static const char *const selection[] = {"threads/shared-counter"};
    struct proc_limits lim;
    sandbox_default_limits(&lim);
    char *bdir = xasprintf("%s/check", work);
    struct check_options o = {.root = ".",
                              .build_dir = bdir,
                              .shim_dir = SHIM_DIR,
                              .selectors = selection,
                              .nselectors = 1,
                              .tools = 1u << TOOL_TSAN | 1u << TOOL_HELGRIND,
                              .variants = {true, true},
                              .runs = 1,
                              .jobs = 2,
                              .untrusted = {.limits = &lim, .sandbox = &sb}};
    struct check_report rep;
    char *err = NULL;
    int rc = check_run(&o, &rep, &err);
    if (rc != 0)
        fprintf(stderr, "\ncheck in a sandbox: %s\n", err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(rep.fail, 0);
    CU_ASSERT_EQUAL(rep.pass, 4);
    for (size_t r = 0; r < rep.nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++)
            for (int k = 0; rep.rows[r].outcomes[t] && k < rep.rows[r].nruns[t]; k++)
                if (rep.rows[r].outcomes[t][k].status != RUN_OK)
                    fprintf(stderr, "\n%s %s: %s\n", rep.rows[r].c->id, tool_name(t),
                            rep.rows[r].outcomes[t][k].detail);
    check_report_free(&rep);
    free(err);

    /* One uid per job: a uid without a sandbox serves one job only. */
    o.untrusted.sandbox = NULL;
    sandbox_use_slot(&lim, &sb, 0);
    CU_ASSERT_EQUAL(check_run(&o, &rep, &err), -1);
    CU_ASSERT(err && strstr(err, "one job"));
    check_report_free(&rep);
    free(err);
    free(bdir);
    assert_uid_empty(sb.slots[0].uid);
    assert_uid_empty(sb.slots[1].uid);
}

int register_sandbox_tests(void)
{
    CU_pSuite s = CU_add_suite("sandbox", suite_init, suite_cleanup);
    if (!s)
        return -1;
    if (!CU_add_test(s, "limits described", test_describe) ||
        !CU_add_test(s, "what is enforced here", test_available) ||
        !CU_add_test(s, "uid slots", test_slots) ||
        !CU_add_test(s, "endless loop: CPU time, wall clock", test_spin) ||
        !CU_add_test(s, "1 GB output flood", test_flood) ||
        !CU_add_test(s, "memory hog", test_memhog) || !CU_add_test(s, "crash", test_crash) ||
        !CU_add_test(s, "file too big", test_bigfile) ||
        !CU_add_test(s, "fork bomb", test_forkbomb) ||
        !CU_add_test(s, "fork bomb without a uid", test_forkbomb_without_uid) ||
        !CU_add_test(s, "setsid() escapee", test_escapee) ||
        !CU_add_test(s, "writes outside the scratch directory", test_escape_write) ||
        !CU_add_test(s, "network", test_network) ||
        !CU_add_test(s, "setup failures", test_setup_failures) ||
        !CU_add_test(s, "files a run left, read as untrusted", test_read_untrusted) ||
        !CU_add_test(s, "TSan, Helgrind, DRD under the grading limits", test_detectors_fit) ||
        !CU_add_test(s, "compiling hostile source", test_build_as_uid) ||
        !CU_add_test(s, "check_run in a sandbox", test_check_in_sandbox))
        return -1;
    return 0;
}
