/* test_integration.c: racelab check on real programs under the real tools.
 *
 * - the real catalog: every verdict pass or n/a, every unsafe program seen
 *   by a tool, every safe program clean (RACELAB_TEST_SELECTION=quick runs a
 *   few cases only: the sanitizer builds of this runner use it);
 * - misbehaving programs (tests/catalogs/misbehaving): a deadlock killed at
 *   its limit and reported as a timeout, a crash reported by signal name, an
 *   output flood capped and killed, and the other cases still judged;
 * - a race injected into a safe twin turns its verdict to fail, naming the
 *   file and the racing line. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "run.h"
#include "test.h"
#include "util.h"

#define BUILD_DIR "build/test-catalog"
#define SHIM_DIR  "build/shim"

static bool quick(void)
{
    const char *sel = getenv("RACELAB_TEST_SELECTION");
    return sel && strcmp(sel, "quick") == 0;
}

static struct check_options options(const char *root, const char *build_dir)
{
    struct check_options o = {.root = root,
                              .build_dir = build_dir,
                              .shim_dir = SHIM_DIR,
                              .runs = 1,
                              .jobs = 2,
                              .variants = {true, true}};
    return o;
}

static const struct judgement *cell(const struct check_report *rep, const char *id, enum variant v,
                                    enum tool_id t)
{
    for (size_t r = 0; r < rep->nrows; r++)
        if (strcmp(rep->rows[r].c->id, id) == 0 && rep->rows[r].variant == v)
            return &rep->rows[r].judged[t];
    CU_FAIL_FATAL("row not found");
    return NULL;
}

static void test_real_catalog(void)
{
    static const char *const quick_selection[] = {
        "threads/shared-counter", "locking/lock-order-inversion", "parallel/missing-reduction"};
    struct check_options o = options(".", BUILD_DIR);
    const char *runs = getenv("RACELAB_TEST_RUNS");
    o.runs = runs ? atoi(runs) : 2;
    if (quick()) {
        o.selectors = quick_selection;
        o.nselectors = 3;
        o.runs = 1;
    }
    struct check_report rep;
    char *err = NULL;
    int rc = check_run(&o, &rep, &err);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT(rep.nrows >= (quick() ? 6u : 80u));
    for (size_t r = 0; r < rep.nrows; r++) {
        const struct check_row *row = &rep.rows[r];
        int judged = 0;
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct judgement *j = &row->judged[t];
            if (j->verdict == VERDICT_FAIL)
                fprintf(stderr, "\n  %s %s %s: %s\n", row->c->id, variant_name(row->variant),
                        tool_name(t), j->reason);
            CU_ASSERT_NOT_EQUAL(j->verdict, VERDICT_FAIL);
            if (j->verdict != VERDICT_PASS)
                continue;
            judged++;
            if (row->variant == VARIANT_SAFE) {
                CU_ASSERT_EQUAL(j->detected, 0);
            } else if (row->prog->expect[t].mode == EXPECT_KINDS) {
                CU_ASSERT_EQUAL(j->detected, j->runs);
            }
        }
        /* Every program is judged by at least one tool. */
        CU_ASSERT(judged > 0);
    }
    CU_ASSERT_EQUAL(check_exit_status(&rep), 0);
    check_report_free(&rep);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_misbehaving_programs(void)
{
    struct check_options o = options("tests/catalogs/misbehaving", BUILD_DIR "-misbehaving");
    o.tools = (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND);
    struct check_report rep;
    char *err = NULL;
    double start = now_s();
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    double elapsed = now_s() - start;

    const struct judgement *j = cell(&rep, "threads/deadlock", VARIANT_UNSAFE, TOOL_TSAN);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    CU_ASSERT_PTR_NOT_NULL(strstr(j->reason, "timeout (possible deadlock) in 1/1 runs, limit 3 s"));
    j = cell(&rep, "threads/deadlock", VARIANT_UNSAFE, TOOL_HELGRIND);
    CU_ASSERT_PTR_NOT_NULL(strstr(j->reason, "timeout (possible deadlock)"));
    /* Artefacts of the kill (threads exiting with locks held) are not blamed. */
    CU_ASSERT_PTR_NULL(strstr(j->reason, "unexpected"));

    j = cell(&rep, "threads/crash", VARIANT_UNSAFE, TOOL_TSAN);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    /* TSan caught it: the signal, and where in the program it happened. */
    if (!strstr(j->reason, "crash in 1/1 runs: crashed: SIGSEGV in worker at crash.c:31"))
        fprintf(stderr, "\nthreads/crash under TSan: %s\n", j->reason);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(j->reason, "crash in 1/1 runs: crashed: SIGSEGV in worker at crash.c:31"));
    /* Helgrind too, from its XML's <fatal_signal> stack. */
    j = cell(&rep, "threads/crash", VARIANT_UNSAFE, TOOL_HELGRIND);
    if (!strstr(j->reason, "crash in 1/1 runs: crashed: SIGSEGV in worker at crash.c:31"))
        fprintf(stderr, "\nthreads/crash under Helgrind: %s\n", j->reason);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(j->reason, "crash in 1/1 runs: crashed: SIGSEGV in worker at crash.c:31"));

    j = cell(&rep, "threads/flood", VARIANT_UNSAFE, TOOL_TSAN);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    CU_ASSERT_PTR_NOT_NULL(strstr(j->reason, "timeout (possible deadlock) in 1/1 runs, limit 3 s"));
    for (size_t r = 0; r < rep.nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++)
            if (rep.rows[r].outcomes[t])
                CU_ASSERT(strlen(rep.rows[r].outcomes[t][0].out) <= RUN_OUTPUT_CAP);

    /* The run went on: every safe twin was still judged, and passed. */
    for (size_t r = 0; r < rep.nrows; r++)
        if (rep.rows[r].variant == VARIANT_SAFE)
            CU_ASSERT_EQUAL(rep.rows[r].judged[TOOL_TSAN].verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(check_exit_status(&rep), 1);
    /* Three programs killed at 3 s each, two workers: far below a minute even on a slow machine. */
    CU_ASSERT(elapsed < 120);
    check_report_free(&rep);
}

/* Copy one case of the real catalog into a fresh root. */
static char *copy_case(const char *id)
{
    char tmpl[] = "/tmp/racelab-inject-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    const char *dirs[] = {"cases", "safe"};
    for (int v = 0; v < 2; v++) {
        char *from = xasprintf("%s/%s.c", dirs[v], id), *text;
        size_t len;
        CU_ASSERT_EQUAL_FATAL(read_file(from, &text, &len), 0);
        char *to = xasprintf("%s/%s/%s.c", tmpl, dirs[v], id);
        char *dir = xstrdup(to);
        *strrchr(dir, '/') = '\0';
        CU_ASSERT_EQUAL(mkdir_p(dir), 0);
        CU_ASSERT_EQUAL(write_file(to, text, len), 0);
        free(dir);
        free(to);
        free(text);
        free(from);
    }
    /* The Rust twins, when the case has them. */
    for (int v = 0; v < 2; v++) {
        char *from = xasprintf("rust/%s/%s.rs", dirs[v], id), *text;
        size_t len;
        if (read_file(from, &text, &len) == 0) {
            char *to = xasprintf("%s/rust/%s/%s.rs", tmpl, dirs[v], id);
            char *dir = xstrdup(to);
            *strrchr(dir, '/') = '\0';
            CU_ASSERT_EQUAL(mkdir_p(dir), 0);
            CU_ASSERT_EQUAL(write_file(to, text, len), 0);
            free(dir);
            free(to);
            free(text);
        }
        free(from);
    }
    CU_ASSERT_EQUAL(test_copy_headers(tmpl), 0);
    return xstrdup(tmpl);
}

/* Replace the first `from` in root/rel by `to`. */
static void edit_file(const char *root, const char *rel, const char *from, const char *to)
{
    char *path = xasprintf("%s/%s", root, rel), *text;
    CU_ASSERT_EQUAL_FATAL(read_file(path, &text, NULL), 0);
    char *at = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    char *edited = xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    CU_ASSERT_EQUAL(write_file(path, edited, strlen(edited)), 0);
    free(edited);
    free(text);
    free(path);
}

/* The rustc column on a copy of one pair: as checked in, with a wrong error
 * code in the header, with a safe twin that no longer compiles, and without
 * a toolchain. The build directory is kept under build/ so that cargo
 * compiles tokio and rayon once, not at every test run. */
static void test_rustc_column(void)
{
    const char *id = "threads/shared-counter";
    char *root = copy_case(id);
    struct check_options o = options(root, BUILD_DIR "-rust");
    o.tools = 1u << TOOL_RUSTC;
    struct check_report rep;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    const struct judgement *j = cell(&rep, id, VARIANT_UNSAFE, TOOL_RUSTC);
    if (j->verdict != VERDICT_PASS)
        fprintf(stderr, "\n  rustc unsafe: %s\n", j->reason);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NOT_NULL(j->codes);
    CU_ASSERT_EQUAL(cell(&rep, id, VARIANT_SAFE, TOOL_RUSTC)->verdict, VERDICT_PASS);
    check_report_free(&rep);

    /* A header that names another code fails, saying what rustc gave. */
    edit_file(root, "rust/cases/threads/shared-counter.rs", " * rustc: rejected ",
              " * rustc: rejected E0000, ");
    edit_file(root, "rust/safe/threads/shared-counter.rs", "fn main()",
              "fn unused() -> u32 { \"not a number\" }\nfn main()");
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    j = cell(&rep, id, VARIANT_UNSAFE, TOOL_RUSTC);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    CU_ASSERT(j->reason && strstr(j->reason, "the header expects E0000,"));
    j = cell(&rep, id, VARIANT_SAFE, TOOL_RUSTC);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    CU_ASSERT(j->reason && strstr(j->reason, "rustc rejected it (E0308)"));
    CU_ASSERT_EQUAL(check_exit_status(&rep), 1);
    check_report_free(&rep);

    /* No toolchain: the column is n/a and nothing else stops. */
    setenv("RACELAB_CARGO", "/nonexistent/cargo", 1);
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    unsetenv("RACELAB_CARGO");
    j = cell(&rep, id, VARIANT_UNSAFE, TOOL_RUSTC);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_NA);
    CU_ASSERT_STRING_EQUAL(j->reason, "rustc not installed");
    CU_ASSERT_EQUAL(check_exit_status(&rep), 0);
    check_report_free(&rep);
    remove_tree(root);
    free(root);
}

/* The catalog the issue asks for: at least forty pairs, four per family, each
 * program beside its Rust twin. */
static void test_catalog_shape(void)
{
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(catalog_load(".", &cat, &err), 0);
    CU_ASSERT(cat.len >= 40);
    for (int f = 0; case_families[f]; f++) {
        size_t n = 0;
        for (size_t i = 0; i < cat.len; i++)
            n += strcmp(cat.cases[i].family, case_families[f]) == 0;
        if (n < 4)
            fprintf(stderr, "\n  family %s has %zu pairs\n", case_families[f], n);
        CU_ASSERT(n >= 4);
    }
    for (size_t i = 0; i < cat.len; i++)
        for (int v = 0; v < VARIANT__COUNT; v++) {
            if (!cat.cases[i].variants[v].twin)
                fprintf(stderr, "\n  %s has no Rust twin\n", cat.cases[i].variants[v].path);
            CU_ASSERT_PTR_NOT_NULL(cat.cases[i].variants[v].twin);
        }
    catalog_free(&cat);
}

/* The static tools on the whole catalog: every expectation met, every safe
 * twin warning-free under each (or n/a, with its reason), and every safe twin that locks writes
 * its discipline down with racelab/guarded.h (no bare pthread lock calls). */
static void test_static_tools(void)
{
    struct check_options o = options(".", BUILD_DIR);
    o.tools = tool_group("static");
    struct check_report rep;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    CU_ASSERT(rep.nrows >= 80);
    size_t caught = 0;
    for (size_t r = 0; r < rep.nrows; r++) {
        const struct check_row *row = &rep.rows[r];
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!tool_is_static((enum tool_id)t))
                continue;
            const struct judgement *j = &row->judged[t];
            /* A safe twin a tool cannot judge says so, with the reason
             * (cppcheck on a twin whose fix is a function-local static). */
            if (row->prog->expect[t].mode == EXPECT_NA) {
                CU_ASSERT_EQUAL(j->verdict, VERDICT_NA);
                CU_ASSERT_PTR_NOT_NULL(row->prog->expect[t].reason);
                continue;
            }
            if (j->verdict != VERDICT_PASS)
                fprintf(stderr, "\n  %s %s %s: %s\n", row->c->id, variant_name(row->variant),
                        tool_name(t), j->reason);
            CU_ASSERT_EQUAL(j->verdict, VERDICT_PASS);
            CU_ASSERT_EQUAL(row->nruns[t], 1);
            if (row->variant == VARIANT_SAFE) {
                CU_ASSERT_EQUAL(j->findings.len, 0);
            } else {
                caught += row->prog->expect[t].mode == EXPECT_KINDS;
            }
        }
        if (row->variant != VARIANT_SAFE)
            continue;
        char *text = NULL;
        CU_ASSERT_EQUAL_FATAL(read_file(row->source, &text, NULL), 0);
        static const char *const bare[] = {"pthread_mutex_lock(", "pthread_mutex_unlock(",
                                           "pthread_rwlock_rdlock(", "pthread_rwlock_wrlock("};
        for (size_t b = 0; b < sizeof bare / sizeof *bare; b++)
            if (strstr(text, bare[b])) {
                fprintf(stderr, "\n  %s calls %s: use racelab/guarded.h\n", row->prog->path,
                        bare[b]);
                CU_FAIL("a safe twin locks without racelab/guarded.h");
            }
        free(text);
    }
    CU_ASSERT(caught >= 10); /* the static columns are not decoration */
    CU_ASSERT_EQUAL(check_exit_status(&rep), 0);
    check_report_free(&rep);
}

static void test_injected_race_in_safe_twin(void)
{
    char *root = copy_case("threads/shared-counter");
    char *path = xasprintf("%s/safe/threads/shared-counter.c", root), *text;
    CU_ASSERT_EQUAL_FATAL(read_file(path, &text, NULL), 0);
    /* Append a second, unsynchronised writer: every thread bumps a plain global. */
    const char *marker = "\nint main(";
    char *at = strstr(text, marker);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    int line = 1;
    for (char *p = text; p < at; p++)
        line += *p == '\n';
    char *racy = xasprintf("%.*s\nstatic long injected;\n__attribute__((constructor)) static void "
                           "start_racer(void);\nstatic void *racer(void *arg)\n{\n    injected++;\n"
                           "    return arg;\n}\n__attribute__((constructor)) static void "
                           "start_racer(void)\n{\n    pthread_t t;\n    pthread_create(&t, NULL, "
                           "racer, NULL);\n    injected++;\n    pthread_join(t, NULL);\n}\n%s",
                           (int)(at - text), text, at);
    /* `line` is the last line before main; the two "injected++;" lines follow. */
    int racing_line = line + 5, other_line = line + 12;
    CU_ASSERT_EQUAL(write_file(path, racy, strlen(racy)), 0);

    char *build = xasprintf("%s/build", root);
    struct check_options o = options(root, build);
    o.tools = 1u << TOOL_TSAN;
    o.variants[VARIANT_UNSAFE] = false;
    struct check_report rep;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    CU_ASSERT_EQUAL(check_exit_status(&rep), 1);
    const struct judgement *j = cell(&rep, "threads/shared-counter", VARIANT_SAFE, TOOL_TSAN);
    CU_ASSERT_EQUAL(j->verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(j->reason, "unexpected data-race in 1/1 runs");
    CU_ASSERT_EQUAL_FATAL(j->findings.len, 1);
    const struct frame *fr = finding_user_frame(&j->findings.items[0], NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fr);
    CU_ASSERT_STRING_EQUAL(fr->file, path);
    if (fr->line != racing_line && fr->line != other_line)
        fprintf(stderr, "\n  racing line reported: %s:%d (injected at %d and %d)\n", fr->file,
                fr->line, racing_line, other_line);
    CU_ASSERT(fr->line == racing_line || fr->line == other_line);
    check_report_free(&rep);
    remove_tree(root);
    free(build);
    free(racy);
    free(text);
    free(path);
    free(root);
}

/* racelab run's fallback through the engine, under the real tools. Built
 * without racelab cc's C11-threads shim, clang 14's TSan crashes on
 * thrd_create threads, and DRD in its own pthread_create wrapper: Helgrind,
 * the fallback, judges the program clean, and the gate passes. Under the
 * TSan and ASan builds of these tests, this is the engine's wait for the
 * primary runs (check.c, fallback_needed) watched. */
static void test_run_fallback(void)
{
    char dir[] = "/tmp/racelab-fallback.XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char *cwd = getcwd(NULL, 0);
    char *plain = xasprintf("%s/c11", dir);
    char *cmd = xasprintf("clang-14 %s -o %s tests/programs/foreign/c11-thrd-counter.c && "
                          "clang-14 %s -o %s.tsan tests/programs/foreign/c11-thrd-counter.c",
                          run_flags("valgrind"), plain, run_flags("tsan"), plain);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    static const char *const no_args[] = {NULL};
    struct run_spec spec = {.program = plain,
                            .args = no_args,
                            .tools = 1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD,
                            .timeout_s = 300,
                            .warn_kinds = RUN_WARN_KINDS,
                            .explore = EXPLORE_QUICK,
                            .source_root = cwd};
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(run_catalog(&spec, &cat, &err), 0);
    struct check_options o = options(cwd, BUILD_DIR "-run");
    o.catalog = &cat;
    o.run.on = true;
    o.tools = spec.tools;
    o.variants[VARIANT_UNSAFE] = false;
    struct check_report rep;
    CU_ASSERT_EQUAL_FATAL(check_run(&o, &rep, &err), 0);
    const struct check_row *row = &rep.rows[0];
    const struct judgement *t = &row->judged[TOOL_TSAN], *h = &row->judged[TOOL_HELGRIND],
                           *d = &row->judged[TOOL_DRD];
    CU_ASSERT_EQUAL(t->verdict, VERDICT_FAIL);
    CU_ASSERT_TRUE(t->reason && strstr(t->reason, "nested bug"));
    CU_ASSERT_EQUAL(h->verdict, VERDICT_PASS);
    CU_ASSERT_TRUE(h->plan_note && str_starts_with(h->plan_note, "run as the fallback: tsan could "
                                                                 "not judge the program in 1/1"));
    CU_ASSERT_TRUE(d->reason &&
                   strstr(d->reason, "DRD crashed in its own wrapper of pthread_create"));
    CU_ASSERT_TRUE(check_verdict_covered(&rep, row, TOOL_TSAN));
    CU_ASSERT_EQUAL(check_exit_status(&rep), 0);
    check_report_free(&rep);
    remove_tree(dir);
    free(cmd);
    free(plain);
    free(cwd);
}

int register_integration_tests(void)
{
    CU_pSuite s = CU_add_suite("integration: racelab check under the real tools", NULL, NULL);
    if (!s || !CU_add_test(s, "real catalog", test_real_catalog) ||
        !CU_add_test(s, "hanging, crashing and flooding programs", test_misbehaving_programs) ||
        !CU_add_test(s, "race injected into a safe twin", test_injected_race_in_safe_twin) ||
        !CU_add_test(s, "the rustc column", test_rustc_column) ||
        !CU_add_test(s, "the static tools on the whole catalog", test_static_tools) ||
        !CU_add_test(s, "forty pairs, four per family, Rust twins", test_catalog_shape) ||
        !CU_add_test(s, "racelab run's fallback", test_run_fallback))
        return -1;
    return 0;
}
