/* test.h: conventions shared by racelab's CUnit test files.
 *
 * Each tests/unit/test_<module>.c defines `int register_<module>_tests(void)`,
 * which adds one or more CUnit suites and returns 0 (or -1 when CUnit fails);
 * tests/unit/test_main.c calls every one of them. Tests run from the
 * repository root; FIXTURE_DIR is "tests/fixtures". */
#ifndef RACELAB_TEST_H
#define RACELAB_TEST_H

#include <CUnit/CUnit.h>

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "tests/fixtures"
#endif

/* The catalog of the repository (the tests' working directory) into cat:
 * 0, or -1 with the error printed (a suite's init function). */
struct catalog;
int test_catalog_load(struct catalog *cat);

/* The repository's catalog, loaded once per suite that names these as its
 * init and cleanup functions (CUnit runs suites one at a time). */
extern struct catalog test_repo_catalog;
int test_repo_catalog_load(void);
int test_repo_catalog_free(void);

/* A new directory under /tmp (malloc'd path); the test fails without one. */
char *test_temp_dir(void);

/* Write text to path, making its directories. */
void test_put(const char *path, const char *text);

/* Copy racelab's own headers (every .h in include/racelab) into root/include/racelab,
 * as a scratch catalog needs them: 0, or -1 (usable in a suite's init). */
int test_copy_headers(const char *root);

/* A child process spinning on CPU `cpu` at niceness `nice` (execv'ing
 * argv there instead when argv is not NULL): how tests make a busy machine
 * on purpose, one CPU of it. test_stop kills and reaps it. */
#include <sys/types.h>
pid_t test_spin_on(int cpu, int nice, char *const *argv);
void test_stop(pid_t pid);
/* The first CPU this process may run on. */
int test_some_cpu(void);

/* Read FIXTURE_DIR/rel into a NUL-terminated buffer (aborts the test program when missing). */
char *test_fixture(const char *rel, size_t *len);

/* The findings of a recorded report, FIXTURE_DIR/rel: TSan's text (.txt) or
 * Valgrind's XML (.xml), parsed after replacing every `from` in it with `to`
 * (from NULL: as recorded), so that its frames can point into a directory a
 * test made. Aborts the test program when it does not parse. */
struct finding_list;
void test_fixture_findings(const char *rel, const char *from, const char *to,
                           struct finding_list *out);

#endif
