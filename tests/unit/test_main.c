/* test_main.c: racelab's CUnit runner. Registers every suite, runs them
 * verbosely, and exits non-zero on any failure (CUnit's basic runner prints a
 * summary but does not set the exit status itself). */
#define _GNU_SOURCE
#include <CUnit/Basic.h>
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case.h"
#include "test.h"
#include "tsan.h"
#include "util.h"
#include "valgrind.h"

int register_case_tests(void);
int register_verdict_tests(void);
int register_tsan_tests(void);
int register_valgrind_tests(void);
int register_proc_tests(void);
int register_run_clock_tests(void);
int register_race_diagram_tests(void);
int register_sandbox_tests(void);
int register_integration_tests(void);
int register_rust_tests(void);
int register_static_tests(void);
int register_cppcheck_tests(void);
int register_fingerprint_tests(void);
int register_suppress_tests(void);
int register_baseline_tests(void);
int register_reports_tests(void);
int register_report_html_tests(void);
int register_exercise_tests(void);
int register_optout_tests(void);
int register_shim_tests(void);
int register_observe_tests(void);
int register_starting_copy_tests(void);
int register_grade_tests(void);
int register_command_tests(void);
int register_encode_tests(void);
int register_hostile_input_tests(void);

int test_catalog_load(struct catalog *cat)
{
    char *err = NULL;
    if (catalog_load(".", cat, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return -1;
    }
    return 0;
}

struct catalog test_repo_catalog;

int test_repo_catalog_load(void)
{
    return test_catalog_load(&test_repo_catalog);
}

int test_repo_catalog_free(void)
{
    catalog_free(&test_repo_catalog);
    return 0;
}

pid_t test_spin_on(int cpu, int nice, char *const *argv)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0 || setpriority(PRIO_PROCESS, 0, nice) < 0)
        _exit(1);
    if (argv)
        execv(argv[0], argv);
    for (volatile unsigned long i = 0;; i++)
        ;
}

void test_stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

int test_some_cpu(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int i = 0; i < CPU_SETSIZE; i++)
            if (CPU_ISSET(i, &set))
                return i;
    return 0;
}

char *test_temp_dir(void)
{
    char *dir = xstrdup("/tmp/racelab-test-XXXXXX");
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    return dir;
}

void test_put(const char *path, const char *text)
{
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CU_ASSERT_FATAL(mkdir_p(dir) == 0);
    CU_ASSERT_FATAL(write_file(path, text, strlen(text)) == 0);
    free(dir);
}

int test_copy_headers(const char *root)
{
    DIR *d = opendir("include/racelab");
    if (!d)
        return -1;
    char *dir = xasprintf("%s/include/racelab", root);
    int rc = mkdir_p(dir);
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".h") != 0)
            continue;
        char *from = xasprintf("include/racelab/%s", e->d_name);
        char *to = xasprintf("%s/%s", dir, e->d_name), *text;
        size_t len;
        rc = read_file(from, &text, &len) == 0 && write_file(to, text, len) == 0 ? 0 : -1;
        if (rc == 0)
            free(text);
        free(from);
        free(to);
    }
    closedir(d);
    free(dir);
    return rc;
}

char *test_fixture(const char *rel, size_t *len)
{
    char *path = xasprintf("%s/%s", FIXTURE_DIR, rel), *text;
    if (read_file(path, &text, len) < 0) {
        fprintf(stderr, "missing fixture %s (run the tests from the repository root)\n", path);
        exit(2);
    }
    free(path);
    return text;
}

void test_fixture_findings(const char *rel, const char *from, const char *to,
                           struct finding_list *out)
{
    size_t len;
    char *text = test_fixture(rel, &len), *err = NULL;
    struct strbuf sb = STRBUF_INIT;
    const char *p = text;
    for (const char *at; from && (at = strstr(p, from)); p = at + strlen(from)) {
        strbuf_add(&sb, p, (size_t)(at - p));
        strbuf_adds(&sb, to);
    }
    strbuf_adds(&sb, p);
    free(text);
    len = sb.len;
    text = strbuf_detach(&sb);
    int rc;
    if (str_ends_with(rel, ".xml")) {
        struct valgrind_result vr = {0};
        rc = valgrind_xml_parse(text, len, rel, &vr, &err);
        *out = vr.findings;
        memset(&vr.findings, 0, sizeof vr.findings);
        valgrind_result_free(&vr);
    } else {
        struct tsan_result tr = {0};
        rc = tsan_report_parse(text, len, &tr, &err);
        *out = tr.findings;
        memset(&tr.findings, 0, sizeof tr.findings);
        tsan_result_free(&tr);
    }
    if (rc < 0) {
        fprintf(stderr, "fixture %s does not parse: %s\n", rel, err);
        exit(2);
    }
    free(text);
}

/* unit-tests [SUITE...]: every suite, or only the named ones ("static tools"). */
int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    int (*const registers[])(void) = {
        register_case_tests,        register_verdict_tests,       register_tsan_tests,
        register_valgrind_tests,    register_proc_tests,          register_sandbox_tests,
        register_integration_tests, register_rust_tests,          register_static_tests,
        register_cppcheck_tests,    register_fingerprint_tests,   register_suppress_tests,
        register_baseline_tests,    register_reports_tests,       register_report_html_tests,
        register_exercise_tests,    register_shim_tests,          register_optout_tests,
        register_observe_tests,     register_starting_copy_tests, register_grade_tests,
        register_command_tests,     register_encode_tests,        register_hostile_input_tests,
        register_run_clock_tests,   register_race_diagram_tests,
    };
    for (size_t i = 0; i < sizeof registers / sizeof *registers; i++)
        if (registers[i]() != 0) {
            fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
            CU_cleanup_registry();
            return 2;
        }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (argc < 2)
        CU_basic_run_tests();
    for (int i = 1; i < argc; i++) {
        CU_pSuite suite = CU_get_suite(argv[i]);
        if (!suite) {
            fprintf(stderr, "no test suite named '%s'\n", argv[i]);
            CU_cleanup_registry();
            return 2;
        }
        CU_basic_run_suite(suite);
    }
    unsigned failures = CU_get_number_of_failures();
    unsigned failed_suites = CU_get_number_of_suites_failed();
    /* Repeated last, so a log cut to its tail (as CI shows it) still names
     * the failed assertions and where they are. */
    if (failures) {
        printf("\nFailures (%u):", failures);
        CU_basic_show_failures(CU_get_failure_list());
        printf("\n");
    }
    CU_cleanup_registry();
    return failures || failed_suites ? 1 : 0;
}
