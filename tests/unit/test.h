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

/* Read FIXTURE_DIR/rel into a NUL-terminated buffer (aborts the test program when missing). */
char *test_fixture(const char *rel, size_t *len);

#endif
