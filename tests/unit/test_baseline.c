/* test_baseline.c: the baseline file (harness/engine/baseline.h).
 *
 * Findings come from reports recorded from the real tools, their frames moved
 * into a directory the test makes (with the fixture programs' sources in it),
 * so that the fingerprints do not depend on what lies in /tmp. A baseline
 * built from them is written, read back, and written again to the same bytes,
 * whatever order the findings came in; malformed files are rejected with
 * "file:line: what is wrong". */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "test.h"
#include "util.h"

/* tests/fixtures/tsan/race.*: two threads run worker's counter++ (line 9),
 * created at lines 16 and 17 (the recorded program's layout). */
static const char tsan_race_c[] = "#include <pthread.h>\n"
                                  "#include <stdio.h>\n"
                                  "\n"
                                  "static int counter;\n"
                                  "\n"
                                  "static void *worker(void *arg)\n"
                                  "{\n"
                                  "    (void)arg;\n"
                                  "    counter++;\n"
                                  "    return NULL;\n"
                                  "}\n"
                                  "\n"
                                  "int main(void)\n"
                                  "{\n"
                                  "    pthread_t a, b;\n"
                                  "    pthread_create(&a, NULL, worker, NULL);\n"
                                  "    pthread_create(&b, NULL, worker, NULL);\n"
                                  "    pthread_join(a, NULL);\n"
                                  "    pthread_join(b, NULL);\n"
                                  "    printf(\"%d\\n\", counter);\n"
                                  "    return 0;\n"
                                  "}\n";

/* tests/fixtures/valgrind/README.md, race.c. */
static const char vg_race_c[] = "#include <pthread.h>\n"
                                "#include <stdio.h>\n"
                                "static int counter;\n"
                                "static void *worker(void *arg)\n"
                                "{\n"
                                "    (void)arg;\n"
                                "    counter++;\n"
                                "    return NULL;\n"
                                "}\n"
                                "int main(void)\n"
                                "{\n"
                                "    pthread_t t;\n"
                                "    pthread_create(&t, NULL, worker, NULL);\n"
                                "    counter++;\n"
                                "    pthread_join(t, NULL);\n"
                                "    printf(\"%d\\n\", counter);\n"
                                "    return 0;\n"
                                "}\n";

/* The findings of the test, by tool: a TSan race and lock-order inversion
 * (whose source is not there: its lines count by number), Helgrind's two
 * reports of one race (the same places: one fingerprint), DRD's race. */
struct sample {
    const char *fixture, *from, *to;
    enum tool_id tool;
};
static const struct sample samples[] = {
    {"tsan/race.clang-uniform.txt", "/tmp/tsanfx", "tsan", TOOL_TSAN},
    {"tsan/lockorder.clang-uniform.txt", "/tmp/tsanfx", "tsan", TOOL_TSAN},
    {"valgrind/helgrind-race.xml", "/tmp/vg", "vg", TOOL_HELGRIND},
    {"valgrind/drd-race.xml", "/tmp/vg", "vg", TOOL_DRD},
};
#define NSAMPLES (sizeof samples / sizeof *samples)

struct fixture {
    char root[32];
    struct finding_list findings[NSAMPLES];
};

static void setup(struct fixture *fx)
{
    strcpy(fx->root, "/tmp/racelab-baseline-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(fx->root));
    static const struct {
        const char *rel, *text;
    } sources[] = {{"tsan/race.c", tsan_race_c}, {"vg/race.c", vg_race_c}};
    for (size_t i = 0; i < 2; i++) {
        char *path = xasprintf("%s/%s", fx->root, sources[i].rel);
        *strrchr(path, '/') = '\0';
        CU_ASSERT_EQUAL_FATAL(mkdir_p(path), 0);
        path[strlen(path)] = '/';
        CU_ASSERT_EQUAL_FATAL(write_file(path, sources[i].text, strlen(sources[i].text)), 0);
        free(path);
    }
    for (size_t i = 0; i < NSAMPLES; i++) {
        char *to = xasprintf("%s/%s", fx->root, samples[i].to);
        test_fixture_findings(samples[i].fixture, samples[i].from, to, &fx->findings[i]);
        free(to);
    }
}

static void teardown(struct fixture *fx)
{
    for (size_t i = 0; i < NSAMPLES; i++)
        finding_list_free(&fx->findings[i]);
    remove_tree(fx->root);
}

static void add_all(struct baseline *b, const struct fixture *fx, bool reverse)
{
    for (size_t k = 0; k < NSAMPLES; k++) {
        size_t i = reverse ? NSAMPLES - 1 - k : k;
        const struct finding_list *l = &fx->findings[i];
        for (size_t j = 0; j < l->len; j++)
            baseline_add(b, samples[i].tool, &l->items[reverse ? l->len - 1 - j : j], fx->root);
    }
}

/* Sorted by tool, kind and places; scene-setting stacks (TSan's "created
 * at", DRD's other segment) are not places (fingerprint.h). */
static const char expected_text[] =
    "racelab-baseline 1\n"
    "d33b38de8003cee8 drd data-race vg/race2.c:main:17\n"
    "045b428f311f9dc3 helgrind data-race vg/race.c:main:`counter++;` | "
    "vg/race.c:worker:`counter++;`\n"
    "6cfda22cfff3c96b tsan data-race tsan/race.c:worker:`counter++;`\n"
    "1b4e51bcd93b3f01 tsan lock-order tsan/lockorder.c:main:20 | tsan/lockorder.c:worker:10\n";

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void test_round_trip(void)
{
    struct fixture fx;
    setup(&fx);
    struct baseline b = BASELINE_INIT, again = BASELINE_INIT;
    add_all(&b, &fx, false);
    add_all(&again, &fx, true);
    add_all(&again, &fx, false); /* every finding twice: still one line each */
    char *text = baseline_text(&b), *text2 = baseline_text(&again);
    if (strcmp(text, expected_text) != 0)
        fprintf(stderr, "\n  got:\n%s", text);
    CU_ASSERT_STRING_EQUAL(text, expected_text);
    CU_ASSERT_STRING_EQUAL(text2, text);
    CU_ASSERT_EQUAL(b.len, 4);

    char *path = xasprintf("%s/racelab.baseline", fx.root), *err = NULL, *written = NULL;
    size_t before = files_in(fx.root);
    CU_ASSERT_EQUAL_FATAL(baseline_write(&b, path, &err), 0);
    CU_ASSERT_EQUAL(files_in(fx.root), before + 1); /* no temporary file left */
    CU_ASSERT_EQUAL_FATAL(read_file(path, &written, NULL), 0);
    CU_ASSERT_STRING_EQUAL(written, expected_text);

    struct baseline loaded;
    CU_ASSERT_EQUAL_FATAL(baseline_load(path, &loaded, &err), 0);
    CU_ASSERT_EQUAL(loaded.len, 4);
    char *reloaded = baseline_text(&loaded);
    CU_ASSERT_STRING_EQUAL(reloaded, expected_text);
    for (size_t i = 0; i < NSAMPLES; i++)
        for (size_t j = 0; j < fx.findings[i].len; j++) {
            struct fingerprint fp;
            finding_fingerprint(&fx.findings[i].items[j], samples[i].tool, fx.root, &fp);
            CU_ASSERT_TRUE(baseline_contains(&loaded, &fp));
            /* The same finding from another tool is another finding. */
            finding_fingerprint(&fx.findings[i].items[j], TOOL_NATIVE, fx.root, &fp);
            CU_ASSERT_FALSE(baseline_contains(&loaded, &fp));
        }

    /* The filter takes out both of Helgrind's reports, and keeps DRD's when
     * the baseline was made of TSan's findings only. */
    struct finding_list helgrind = {0}, drd = {0};
    CU_ASSERT_EQUAL(baseline_filter(&loaded, TOOL_HELGRIND, fx.root, &fx.findings[2], &helgrind),
                    2);
    CU_ASSERT_EQUAL(fx.findings[2].len, 0);
    CU_ASSERT_EQUAL_FATAL(helgrind.len, 2);
    CU_ASSERT_EQUAL(helgrind.items[1].filtered_by, FILTER_BASELINE);
    struct baseline tsan_only = BASELINE_INIT;
    for (size_t j = 0; j < fx.findings[0].len; j++)
        baseline_add(&tsan_only, TOOL_TSAN, &fx.findings[0].items[j], fx.root);
    CU_ASSERT_EQUAL(baseline_filter(&tsan_only, TOOL_DRD, fx.root, &fx.findings[3], &drd), 0);
    CU_ASSERT_EQUAL(fx.findings[3].len, 2);

    /* Rewriting replaces the file whole. */
    CU_ASSERT_EQUAL(baseline_write(&tsan_only, path, &err), 0);
    free(written);
    CU_ASSERT_EQUAL_FATAL(read_file(path, &written, NULL), 0);
    char *tsan_text = baseline_text(&tsan_only);
    CU_ASSERT_STRING_EQUAL(written, tsan_text);
    CU_ASSERT_EQUAL(files_in(fx.root), before + 1);
    free(tsan_text);

    /* A racing line edited is a new finding: the baseline no longer holds it. */
    char *vg_race = xasprintf("%s/vg/race.c", fx.root);
    const char *line7 = strstr(vg_race_c, "    counter++;\n");
    char *edited = xasprintf("%.*s    counter += 1;\n%s", (int)(line7 - vg_race_c), vg_race_c,
                             line7 + strlen("    counter++;\n"));
    CU_ASSERT_EQUAL_FATAL(write_file(vg_race, edited, strlen(edited)), 0);
    struct fingerprint fp;
    finding_fingerprint(&helgrind.items[0], TOOL_HELGRIND, fx.root, &fp);
    CU_ASSERT_FALSE(baseline_contains(&loaded, &fp));

    /* A directory that does not exist: an error, nothing written. */
    char *nowhere = xasprintf("%s/missing/racelab.baseline", fx.root);
    CU_ASSERT_EQUAL(baseline_write(&b, nowhere, &err), -1);
    char *expected = xasprintf("%s: cannot write: No such file or directory", nowhere);
    CU_ASSERT_STRING_EQUAL(err, expected);
    free(expected);
    free(err);

    free(nowhere);
    free(edited);
    free(vg_race);
    finding_list_free(&helgrind);
    finding_list_free(&drd);
    baseline_free(&tsan_only);
    free(reloaded);
    baseline_free(&loaded);
    free(written);
    free(path);
    free(text2);
    free(text);
    baseline_free(&again);
    baseline_free(&b);
    teardown(&fx);
}

struct bad_file {
    const char *text;
    size_t len;          /* 0: strlen(text) */
    const char *message; /* after "PATH:" */
};

#define EXPECTED_LINE                                                                              \
    "expected 'FINGERPRINT TOOL KIND PLACES...' with a fingerprint of 16 lower-case hex digits"

static void test_malformed_files(void)
{
    static const struct bad_file bad[] = {
        {"", 0, "1: not a racelab baseline: the first line must be 'racelab-baseline 1'"},
        {"racelab-baseline\n", 0,
         "1: not a racelab baseline: the first line must be 'racelab-baseline 1'"},
        {"# known findings\n", 0,
         "1: not a racelab baseline: the first line must be 'racelab-baseline 1'"},
        {"racelab-baseline 2\n0123456789abcdef tsan data-race x.c:f:1\n", 0,
         "1: baseline version 2 is not supported (this racelab reads version 1; make a new one "
         "with --update-baseline)"},
        {"racelab-baseline 1\n0123456789abcdef tsan data-race x.c:f:1\n<<<<<<< HEAD\n", 0,
         "3: " EXPECTED_LINE},
        {"racelab-baseline 1\n0123456789ABCDEF tsan data-race x.c:f:1\n", 0, "2: " EXPECTED_LINE},
        {"racelab-baseline 1\n0123456789abcde tsan data-race x.c:f:1\n", 0, "2: " EXPECTED_LINE},
        {"racelab-baseline 1\n0123456789abcdef tsan\n", 0, "2: " EXPECTED_LINE},
        {"racelab-baseline 1\n\n", 0, "2: " EXPECTED_LINE},
        {"racelab-baseline 1\n0123456789abcdef tsam data-race x.c:f:1\n", 0,
         "2: unknown tool 'tsam'"},
        {"racelab-baseline 1\n0123456789abcdef tsan data-rice x.c:f:1\n", 0,
         "2: unknown finding kind 'data-rice'"},
        {"racelab-baseline 1\n0123456789abcdef tsan data-race a\nfedcba9876543210 drd data-race "
         "b\n0123456789abcdef tsan data-race a\n",
         0, "4: fingerprint 0123456789abcdef listed twice (first on line 2)"},
        {"racelab-baseline 1\n\0", 20, " not a text file (it holds a NUL byte)"},
    };
    char dir[] = "/tmp/racelab-baseline-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char *path = xasprintf("%s/x.baseline", dir);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
        CU_ASSERT_EQUAL_FATAL(write_file(path, bad[i].text, len), 0);
        struct baseline b;
        char *err = NULL;
        int rc = baseline_load(path, &b, &err);
        CU_ASSERT_EQUAL(rc, -1);
        if (rc != -1) {
            baseline_free(&b);
            continue;
        }
        char *expected = xasprintf("%s:%s", path, bad[i].message);
        if (strcmp(err, expected) != 0)
            fprintf(stderr, "\n  case %zu: got      '%s'\n          expected '%s'\n", i, err,
                    expected);
        CU_ASSERT_STRING_EQUAL(err, expected);
        CU_ASSERT_EQUAL(b.len, 0);
        free(expected);
        free(err);
    }

    /* CRLF line ends (a checkout on Windows) are fine; so is an empty baseline. */
    static const char crlf[] = "racelab-baseline 1\r\n0123456789abcdef tsan data-race x.c:f:1\r\n";
    CU_ASSERT_EQUAL_FATAL(write_file(path, crlf, strlen(crlf)), 0);
    struct baseline b;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(baseline_load(path, &b, &err), 0);
    CU_ASSERT_EQUAL_FATAL(b.len, 1);
    CU_ASSERT_STRING_EQUAL(b.entries[0].text, "tsan data-race x.c:f:1");
    CU_ASSERT_EQUAL(b.entries[0].tool, TOOL_TSAN);
    CU_ASSERT_EQUAL(b.entries[0].kind, FK_DATA_RACE);
    CU_ASSERT_EQUAL(b.entries[0].line, 2);
    baseline_free(&b);
    CU_ASSERT_EQUAL_FATAL(write_file(path, "racelab-baseline 1\n", 19), 0);
    CU_ASSERT_EQUAL(baseline_load(path, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 0);
    baseline_free(&b);

    remove_tree(dir);
    CU_ASSERT_EQUAL(baseline_load(path, &b, &err), -1);
    char *expected = xasprintf("%s: cannot read: No such file or directory", path);
    CU_ASSERT_STRING_EQUAL(err, expected);
    free(expected);
    free(err);
    free(path);
}

int register_baseline_tests(void)
{
    CU_pSuite s = CU_add_suite("baselines", NULL, NULL);
    if (!s || !CU_add_test(s, "round trip, sorted and deterministic", test_round_trip) ||
        !CU_add_test(s, "malformed files: file:line: what is wrong", test_malformed_files))
        return -1;
    return 0;
}
