/* test_run_clock.c: the time limit that counts the time a program could run
 * (run_clock.h), on real processes.
 *
 * Starvation is made, not hoped for: the starved process runs at nice 19 on
 * one CPU beside a busy loop at nice 0 pinned to the same CPU, so it gets
 * about 1.5% of that CPU however idle or busy the rest of the machine is
 * (more load only starves it more: seen at 1.4%). The bounds are one-sided where load
 * could move them. */
#define _GNU_SOURCE
#include "test.h"
#include "proc.h"
#include "run_clock.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_served(void)
{
    /* Blocked: every second counts, whatever it ran meanwhile. */
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0, 0, 2, 0.05), 1, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0.01, 0, 2, 0.05), 1, 1e-9);
    /* One runnable thread given its core, or a tenth of it. */
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0.05, 1, 2, 0.05), 1, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0.005, 1, 2, 0.05), 0.1, 1e-9);
    /* Eight threads on two idle cores ask for two and get two. */
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0.1, 8, 2, 0.05), 1, 1e-9);
    /* ... and a tenth of that beside other work. */
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0.01, 8, 2, 0.05), 0.1, 1e-9);
    /* Never let run at all. */
    CU_ASSERT_DOUBLE_EQUAL(run_clock_served(0, 1, 1, 0.05), 0, 1e-9);
}

/* Sample every 50 ms for `seconds`; the counted time and the wall time. */
static void watch(struct run_clock *c, double seconds, double *counted, double *wall)
{
    double t0 = wall_now(), now;
    while ((now = wall_now()) - t0 < seconds) {
        usleep(50 * 1000);
        run_clock_sample(c, wall_now());
    }
    *counted = c->counted_s;
    *wall = c->last - c->start;
}

static void test_blocked_counts_every_second(void)
{
    char *argv[] = {"/bin/sleep", "100", NULL};
    pid_t pid = test_spin_on(test_some_cpu(), 0, argv);
    CU_ASSERT_FATAL(pid > 0);
    struct run_clock c;
    run_clock_start(&c, pid, 30, wall_now());
    double counted, wall;
    watch(&c, 0.6, &counted, &wall);
    test_stop(pid);
    CU_ASSERT_FALSE(c.wall_only);
    /* It waited for nothing: a deadlock meets its limit on time. */
    CU_ASSERT(counted >= 0.9 * wall);
    CU_ASSERT(run_clock_waited_s(&c) < 0.1 * wall);
    run_clock_free(&c);
}

static void test_starved_counts_little(void)
{
    int cpu = test_some_cpu();
    pid_t rival = test_spin_on(cpu, 0, NULL), starved = test_spin_on(cpu, 19, NULL);
    CU_ASSERT_FATAL(rival > 0 && starved > 0);
    struct run_clock c;
    run_clock_start(&c, starved, 30, wall_now());
    double counted, wall;
    watch(&c, 1.0, &counted, &wall);
    CU_ASSERT(counted < 0.5 * wall);
    CU_ASSERT(run_clock_waited_s(&c) > 0.4 * wall);
    if (counted >= 0.5 * wall)
        fprintf(stderr, "\nstarved: %.2f s counted of %.2f s\n", counted, wall);
    /* The bound: a limit of 0.25 s ends at 4 times that on the wall clock,
     * and says that the machine, not the program, ran out of time. */
    run_clock_free(&c);
    double t0 = wall_now();
    run_clock_start(&c, starved, 0.25, t0);
    while (!run_clock_expired(&c, wall_now()) && wall_now() - t0 < 30) {
        usleep(20 * 1000);
        run_clock_sample(&c, wall_now());
    }
    double took = wall_now() - t0;
    test_stop(starved);
    test_stop(rival);
    CU_ASSERT(run_clock_starved(&c, wall_now()));
    CU_ASSERT(took >= 0.25 * RUN_CLOCK_STRETCH - 0.01);
    CU_ASSERT(took < 0.25 * RUN_CLOCK_STRETCH + 10);
    run_clock_free(&c);
}

/* proc_run's limit is that clock: a starved program is stopped at the
 * bound, and the result says why (a tool error, not a timeout verdict). */
static void test_proc_run_starved(void)
{
    int cpu = test_some_cpu();
    pid_t rival = test_spin_on(cpu, 0, NULL);
    CU_ASSERT_FATAL(rival > 0);
    cpu_set_t mine, one;
    CU_ASSERT_FATAL(sched_getaffinity(0, sizeof mine, &mine) == 0);
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    CU_ASSERT_FATAL(sched_setaffinity(0, sizeof one, &one) == 0); /* inherited by the child */
    const char *argv[] = {"/usr/bin/nice",       "-n", "19", "/bin/sh", "-c",
                          "while :; do :; done", NULL};
    static const char *const env[] = {"PATH=/usr/bin:/bin", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 0.5, .output_cap = 64};
    struct proc_result res;
    double t0 = wall_now();
    int rc = proc_run(&spec, &res);
    double took = wall_now() - t0;
    sched_setaffinity(0, sizeof mine, &mine);
    test_stop(rival);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_TRUE(res.timed_out);
    CU_ASSERT_TRUE(res.starved);
    CU_ASSERT(res.waited_s > 1.0);
    CU_ASSERT(took >= 0.5 * RUN_CLOCK_STRETCH - 0.01);
    char buf[256];
    const char *why = proc_describe(&res, buf, sizeof buf);
    if (strncmp(why, "stopped after 2.0 s: the machine was too busy", 45) != 0)
        fprintf(stderr, "\nstarved run described as: %s\n", why);
    CU_ASSERT_NSTRING_EQUAL(why, "stopped after 2.0 s: the machine was too busy", 45);
    proc_result_free(&res);
}

int register_run_clock_tests(void)
{
    CU_pSuite s = CU_add_suite("run clock", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "share served", test_served) ||
        !CU_add_test(s, "a blocked program counts every second",
                     test_blocked_counts_every_second) ||
        !CU_add_test(s, "a starved program counts little, up to the bound",
                     test_starved_counts_little) ||
        !CU_add_test(s, "proc_run stops a starved program at the bound", test_proc_run_starved))
        return -1;
    return 0;
}
