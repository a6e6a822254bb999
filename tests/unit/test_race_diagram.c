/* test_race_diagram.c: race diagrams of recorded reports against golden
 * files, as a student sees them at 80 columns, in UTF-8 and in ASCII.
 *
 * The reports are real (tests/fixtures/tsan, tests/fixtures/valgrind); the
 * TSan ones quote their programs from tests/fixtures/tsan/src. Golden files
 * are tests/fixtures/diagrams/REPORT.{utf8,ascii}.txt; after a deliberate
 * change, RACELAB_UPDATE_GOLDEN=1 rewrites them (then read the diff). */
#define _GNU_SOURCE
#include "test.h"
#include "race_diagram.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct golden {
    const char *report; /* under FIXTURE_DIR */
    enum tool_id tool;
    const char *name; /* tests/fixtures/diagrams/NAME.*.txt */
    /* The recorded program's sources; the Valgrind fixtures' were not kept,
     * so they are drawn without source lines (a directory that does not
     * exist, never the recording machine's /tmp). */
    const char *sources;
};

#define TSAN_SRC FIXTURE_DIR "/tsan/src"
#define NO_SRC   FIXTURE_DIR "/valgrind/sources-not-kept"

static const struct golden goldens[] = {
    {"tsan/race.clang-19.txt", TOOL_TSAN, "tsan-race", TSAN_SRC},
    {"tsan/race-locked.clang-19.txt", TOOL_TSAN, "tsan-race-locked", TSAN_SRC},
    {"tsan/uaf.clang-19.txt", TOOL_TSAN, "tsan-uaf", TSAN_SRC},
    {"valgrind/helgrind-race.xml", TOOL_HELGRIND, "helgrind-race", NO_SRC},
    {"valgrind/drd-race.xml", TOOL_DRD, "drd-race", NO_SRC},
};

/* The diagram of the report's first two-access finding, drawn. */
static char *draw(const struct golden *g, bool ascii, int width)
{
    struct finding_list fl = {0};
    test_fixture_findings(g->report, NULL, NULL, &fl);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    for (size_t i = 0; i < fl.len; i++) {
        struct race_diagram d;
        if (race_diagram_build(g->tool, &fl.items[i], &d) < 0)
            continue;
        struct diagram_style st = {
            .width = width, .ascii = ascii, .indent = "  ", .source_dir = g->sources};
        race_diagram_print(out, &d, &st);
        race_diagram_free(&d);
        break;
    }
    fclose(out);
    finding_list_free(&fl);
    return text;
}

static void check_golden(const struct golden *g, bool ascii)
{
    char *got = draw(g, ascii, 80);
    char *path = xasprintf(FIXTURE_DIR "/diagrams/%s.%s.txt", g->name, ascii ? "ascii" : "utf8");
    const char *update = getenv("RACELAB_UPDATE_GOLDEN");
    if (update && *update)
        CU_ASSERT_EQUAL(write_file(path, got, strlen(got)), 0);
    char *want = NULL;
    CU_ASSERT_EQUAL_FATAL(read_file(path, &want, NULL), 0);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n%s differs; drawn:\n%s", path, got);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT(strlen(got) > 0);
    /* 80 columns, every line; ASCII means ASCII. */
    for (const char *p = got; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
        size_t n = strcspn(p, "\n");
        if (str_columns(p, n) > 80)
            fprintf(stderr, "\n%s: wider than 80: %.*s\n", path, (int)n, p);
        CU_ASSERT(str_columns(p, n) <= 80);
        for (size_t k = 0; ascii && k < n; k++)
            CU_ASSERT((unsigned char)p[k] < 0x80);
    }
    free(want);
    free(path);
    free(got);
}

static void test_goldens(void)
{
    for (size_t i = 0; i < sizeof goldens / sizeof *goldens; i++) {
        check_golden(&goldens[i], false);
        check_golden(&goldens[i], true);
    }
}

/* Narrower: still no line wider than asked. */
static void test_narrow(void)
{
    for (size_t i = 0; i < sizeof goldens / sizeof *goldens; i++) {
        char *got = draw(&goldens[i], false, 48);
        for (const char *p = got; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
            CU_ASSERT(str_columns(p, strcspn(p, "\n")) <= 48);
        free(got);
    }
}

/* What the lanes say, read from the model rather than the drawing. */
static void test_model(void)
{
    struct finding_list fl = {0};
    test_fixture_findings("tsan/race-locked.clang-19.txt", NULL, NULL, &fl);
    struct race_diagram d;
    CU_ASSERT_EQUAL_FATAL(race_diagram_build(TOOL_TSAN, &fl.items[0], &d), 0);
    /* main thread left (thread 0), T1 right; T1's write came first. */
    CU_ASSERT_STRING_EQUAL(d.lanes[0].name, "main thread");
    CU_ASSERT_STRING_EQUAL(d.lanes[1].name, "T1");
    CU_ASSERT_STRING_EQUAL(d.lanes[1].created, "created by main thread at race-locked.c:22");
    CU_ASSERT_EQUAL(d.accesses[0].lane, 1);
    CU_ASSERT_STRING_EQUAL(d.accesses[0].verb, "write");
    CU_ASSERT_STRING_EQUAL(d.accesses[0].locks, "M0 (write)");
    CU_ASSERT_STRING_EQUAL(d.accesses[1].verb, "read");
    CU_ASSERT_STRING_EQUAL(d.accesses[1].locks, "none");
    CU_ASSERT_STRING_EQUAL(d.object, "global 'counter' of size 4");
    CU_ASSERT_PTR_NOT_NULL(strstr(d.remedy, "take M0 around main thread's read"));
    race_diagram_free(&d);
    /* Not a two-thread finding: no diagram. */
    finding_list_free(&fl);
    test_fixture_findings("tsan/lockorder.clang-19.txt", NULL, NULL, &fl);
    CU_ASSERT_EQUAL(race_diagram_build(TOOL_TSAN, &fl.items[0], &d), -1);
    finding_list_free(&fl);
}

int register_race_diagram_tests(void)
{
    CU_pSuite s = CU_add_suite("race diagrams", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "golden diagrams, UTF-8 and ASCII", test_goldens) ||
        !CU_add_test(s, "narrow terminals", test_narrow) ||
        !CU_add_test(s, "lanes, locks and the remedy", test_model))
        return -1;
    return 0;
}
