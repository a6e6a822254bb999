/* test_suppress.c: the suppressions file (harness/core/suppress.h).
 *
 * - valid files, and malformed ones rejected with "file:line: what is wrong";
 * - racelab's own matching, on findings parsed from reports recorded from the
 *   real tools (tests/fixtures/tsan, tests/fixtures/valgrind);
 * - the exact TSan and Valgrind files made from a set of rules, and every
 *   Valgrind error kind --gen-suppressions=all really wrote
 *   (tests/fixtures/suppress/gen-suppressions-3.19.supp) mapped as racelab
 *   maps it;
 * - the real tools given those files: of two races, the one a rule names is
 *   gone and the other is still reported (tests/fixtures/suppress/legacy-fresh). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "suppress.h"
#include "test.h"
#include "tsan.h"
#include "util.h"
#include "valgrind.h"

static struct suppressions parse_ok(const char *text)
{
    struct suppressions s;
    char *err = NULL;
    int rc = suppressions_parse(text, "ci.supp", &s, &err);
    if (rc != 0)
        fprintf(stderr, "\n  unexpected error: %s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return s;
}

static void test_valid_file(void)
{
    struct suppressions s =
        parse_ok("# racelab suppressions for the legacy module\r\n"
                 "\n"
                 "all data-race,use-after-free fun:legacy_* -- replaced in 2.0 (#41)\n"
                 "   tsan,drd   *   src:vendor/*.c   fun:vendor_*\t\n"
                 "  # an indented comment\n"
                 "helgrind lock-order src:/opt/lib/*.c --   known, reported upstream  \r\n"
                 "drd other,data-race fun:x");
    CU_ASSERT_STRING_EQUAL(s.path, "ci.supp");
    CU_ASSERT_EQUAL_FATAL(s.nrules, 4);
    const struct suppression_rule *r = s.rules;
    CU_ASSERT_EQUAL(r[0].line, 3);
    CU_ASSERT_EQUAL(r[0].tools, SUPPRESS_TOOLS);
    CU_ASSERT_EQUAL(r[0].kinds, (1u << FK_DATA_RACE) | (1u << FK_USE_AFTER_FREE));
    CU_ASSERT_STRING_EQUAL(r[0].function, "legacy_*");
    CU_ASSERT_PTR_NULL(r[0].file);
    CU_ASSERT_STRING_EQUAL(r[0].reason, "replaced in 2.0 (#41)");
    CU_ASSERT_EQUAL(r[1].line, 4);
    CU_ASSERT_EQUAL(r[1].tools, (1u << TOOL_TSAN) | (1u << TOOL_DRD));
    CU_ASSERT_EQUAL(r[1].kinds, suppressions_kinds());
    CU_ASSERT_STRING_EQUAL(r[1].function, "vendor_*");
    CU_ASSERT_STRING_EQUAL(r[1].file, "vendor/*.c");
    CU_ASSERT_PTR_NULL(r[1].reason);
    CU_ASSERT_EQUAL(r[2].line, 6);
    CU_ASSERT_STRING_EQUAL(r[2].reason, "known, reported upstream");
    CU_ASSERT_EQUAL(r[3].line, 7);
    CU_ASSERT_EQUAL(r[3].kinds, (1u << FK_DATA_RACE) | (1u << FK_OTHER));
    /* Written back in one canonical form: tools, then kinds in racelab's order. */
    static const char *const texts[] = {
        "all data-race,use-after-free fun:legacy_* -- replaced in 2.0 (#41)",
        "tsan,drd * fun:vendor_* src:vendor/*.c",
        "helgrind lock-order src:/opt/lib/*.c -- known, reported upstream",
        "drd data-race,other fun:x",
    };
    for (size_t i = 0; i < 4; i++) {
        char *text = suppression_rule_text(&r[i]);
        CU_ASSERT_STRING_EQUAL(text, texts[i]);
        free(text);
    }
    suppressions_free(&s);

    /* Nothing but comments: no rules, no error. */
    s = parse_ok("# nothing yet\n\n");
    CU_ASSERT_EQUAL(s.nrules, 0);
    suppressions_free(&s);
}

struct bad_file {
    const char *text;
    const char *message; /* expected, exactly */
};

#define KINDS_EXPECTED                                                                             \
    "expected '*' or kinds, comma-separated: data-race, use-after-free, lock-order, "              \
    "unlock-unowned, double-lock, destroy-locked, lock-held-at-exit, invalid-lock, "               \
    "rwlock-misuse, condvar-misuse, api-error, thread-leak, signal-unsafe, errno-spoiled, other"
#define TOOLS_EXPECTED "expected tsan, helgrind, drd or all, comma-separated"

static void test_malformed_files(void)
{
    static const struct bad_file bad[] = {
        {"tsan\n", "ci.supp:1: expected 'TOOLS KINDS PATTERN... [-- REASON]', e.g. 'all "
                   "data-race fun:legacy_*'"},
        {"tsan -- data-race\n", "ci.supp:1: expected 'TOOLS KINDS PATTERN... [-- REASON]', e.g. "
                                "'all data-race fun:legacy_*'"},
        {"# static tools have NOLINT\ntsa data-race fun:f\n",
         "ci.supp:2: tool 'tsa' has no suppressions (" TOOLS_EXPECTED ")"},
        {"tsan,valgrind data-race fun:f",
         "ci.supp:1: unknown tool 'valgrind' (" TOOLS_EXPECTED ")"},
        {"tsan,tsan data-race fun:f", "ci.supp:1: tool 'tsan' named twice"},
        {"all,drd data-race fun:f", "ci.supp:1: 'all' already names every tool: write it alone"},
        {"tsan, data-race fun:f", "ci.supp:1: stray ',' in 'tsan,'"},
        {"\n\ntsan data-rice fun:f",
         "ci.supp:3: unknown finding kind 'data-rice' (" KINDS_EXPECTED ")"},
        {"tsan timeout fun:f", "ci.supp:1: finding kind 'timeout' is not reported by tsan, "
                               "helgrind or drd (" KINDS_EXPECTED ")"},
        {"tsan data-race,data-race fun:f", "ci.supp:1: finding kind 'data-race' named twice"},
        {"tsan data-race,* fun:f",
         "ci.supp:1: '*' already names every finding kind: write it alone"},
        {"tsan data-race", "ci.supp:1: missing pattern: name a function (fun:GLOB), a source "
                           "file (src:GLOB) or both"},
        {"tsan data-race -- old code", "ci.supp:1: missing pattern: name a function (fun:GLOB), "
                                       "a source file (src:GLOB) or both"},
        {"tsan data-race function:f",
         "ci.supp:1: unknown pattern 'function:f' (expected fun:GLOB or src:GLOB)"},
        {"tsan data-race fun:f fun:g", "ci.supp:1: fun: given twice"},
        {"tsan data-race fun:", "ci.supp:1: empty glob after 'fun:'"},
        {"tsan data-race fun:legacy_[ab]",
         "ci.supp:1: bad glob 'legacy_[ab]': '[' is not allowed (the only wildcard is '*')"},
        {"tsan data-race src:legacy?.c",
         "ci.supp:1: bad glob 'legacy?.c': '?' is not allowed (the only wildcard is '*')"},
        {"tsan data-race fun:^legacy",
         "ci.supp:1: bad glob '^legacy': '^' is not allowed (the only wildcard is '*')"},
        {"tsan data-race src:./legacy.c",
         "ci.supp:1: bad glob './legacy.c': src: paths are relative to the root, without './'"},
        {"tsan data-race fun:f --", "ci.supp:1: '--' needs a reason after it"},
        {"tsan data-race fun:f # old",
         "ci.supp:1: comments go on lines of their own; write a rule's reason after '--'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct suppressions s;
        char *err = NULL;
        int rc = suppressions_parse(bad[i].text, "ci.supp", &s, &err);
        CU_ASSERT_EQUAL(rc, -1);
        if (rc != -1) {
            fprintf(stderr, "\n  case %zu accepted: %s\n", i, bad[i].text);
            suppressions_free(&s);
            continue;
        }
        if (strcmp(err, bad[i].message) != 0)
            fprintf(stderr, "\n  case %zu: got      '%s'\n          expected '%s'\n", i, err,
                    bad[i].message);
        CU_ASSERT_STRING_EQUAL(err, bad[i].message);
        CU_ASSERT_EQUAL(s.nrules, 0);
        free(err);
    }
}

static void test_load_errors(void)
{
    struct suppressions s;
    char *err = NULL;
    CU_ASSERT_EQUAL(suppressions_load("tests/fixtures/suppress/none.supp", &s, &err), -1);
    CU_ASSERT_STRING_EQUAL(err, "tests/fixtures/suppress/none.supp: cannot read: No such file "
                                "or directory");
    free(err);
    char dir[] = "/tmp/racelab-supp-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char *path = xasprintf("%s/nul.supp", dir);
    CU_ASSERT_EQUAL_FATAL(write_file(path, "all * fun:f\0x\n", 14), 0);
    CU_ASSERT_EQUAL(suppressions_load(path, &s, &err), -1);
    char *expected = xasprintf("%s: not a text file (it holds a NUL byte)", path);
    CU_ASSERT_STRING_EQUAL(err, expected);
    free(expected);
    free(err);
    CU_ASSERT_EQUAL_FATAL(write_file(path, "all * fun:f\n", 12), 0);
    CU_ASSERT_EQUAL(suppressions_load(path, &s, &err), 0);
    CU_ASSERT_EQUAL(s.nrules, 1);
    CU_ASSERT_STRING_EQUAL(s.path, path);
    suppressions_free(&s);
    free(path);
    remove_tree(dir);
}

struct match_case {
    const char *fixture; /* recorded report, under tests/fixtures */
    enum tool_id tool;
    const char *root;
    const char *rule;
    const char *matched; /* per finding, in order: '1' a rule takes it out, '0' not */
};

#define TSANFX "/tmp/tsanfx" /* where the TSan fixtures' programs were built */
#define VG     "/tmp/vg"     /* and the Valgrind ones' */

static void test_match_recorded_findings(void)
{
    static const struct match_case cases[] = {
        /* race: worker's write against worker's write, two threads main created. */
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan data-race fun:worker", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan data-race fun:work", "0"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan data-race fun:wor*", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "all data-race fun:*ker", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "helgrind,drd * fun:worker", "0"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan lock-order fun:worker", "0"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * src:race.c", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * src:/tmp/tsanfx/race.c", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * src:*/race.c", "0"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, NULL, "tsan * src:*/race.c", "1"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * src:*.c", "1"},
        /* Both globs must match one frame. */
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * fun:worker src:rac.c", "0"},
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * fun:worker src:race.c", "1"},
        /* TSan's "created by main thread at" stacks are places too: main matches. */
        {"tsan/race.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan * fun:main", "1"},
        /* Only the first frame in user source counts: run's callers do not. */
        {"tsan/cxx.clang-uniform.txt", TOOL_TSAN, TSANFX,
         "tsan data-race fun:*Pair<int,*long>::operator|=*", "11"},
        {"tsan/cxx.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan data-race fun:worker(void*)", "00"},
        {"tsan/uaf.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan data-race fun:reader", "0"},
        {"tsan/uaf.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan use-after-free fun:reader", "1"},
        /* Frame 0 is the interceptor; the first user frame is the caller. */
        {"tsan/lockorder.clang-uniform.txt", TOOL_TSAN, TSANFX, "tsan lock-order fun:worker", "1"},
        {"tsan/lockorder.clang-uniform.txt", TOOL_TSAN, TSANFX,
         "tsan lock-order fun:pthread_mutex_lock", "0"},
        /* Helgrind: main's read and write, each against worker's earlier write. */
        {"valgrind/helgrind-race.xml", TOOL_HELGRIND, VG, "helgrind data-race fun:worker", "11"},
        {"valgrind/helgrind-race.xml", TOOL_HELGRIND, VG, "all data-race src:race.c", "11"},
        {"valgrind/helgrind-race.xml", TOOL_HELGRIND, VG, "drd,tsan data-race fun:worker", "00"},
        /* DRD: the other thread's segment ended in worker's sleep(). */
        {"valgrind/drd-race.xml", TOOL_DRD, VG, "drd data-race fun:worker", "11"},
        {"valgrind/drd-race.xml", TOOL_DRD, VG, "drd data-race fun:sleep", "00"},
        /* double-lock, api-error, lock-held-at-exit (thread #2, created in main). */
        {"valgrind/helgrind-misc.xml", TOOL_HELGRIND, VG, "helgrind double-lock,api-error fun:main",
         "110"},
        {"valgrind/helgrind-misc.xml", TOOL_HELGRIND, VG, "helgrind lock-held-at-exit fun:main",
         "001"},
        {"valgrind/helgrind-misc.xml", TOOL_HELGRIND, VG, "helgrind * fun:start_thread", "000"},
        {"valgrind/drd-misc2.xml", TOOL_DRD, VG, "drd destroy-locked,invalid-lock src:misc2.c",
         "111"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct match_case *c = &cases[i];
        struct finding_list findings;
        test_fixture_findings(c->fixture, NULL, NULL, &findings);
        struct suppressions s = parse_ok(c->rule);
        char got[16] = {0};
        for (size_t f = 0; f < findings.len && f < sizeof got - 1; f++)
            got[f] = suppressions_match(&s, c->tool, &findings.items[f], c->root) ? '1' : '0';
        if (strcmp(got, c->matched) != 0)
            fprintf(stderr, "\n  %s, %s: matched %s, expected %s\n", c->fixture, c->rule, got,
                    c->matched);
        CU_ASSERT_STRING_EQUAL(got, c->matched);

        /* The filter moves exactly those, marked, in order. */
        struct finding_list out = {0};
        size_t moved = suppressions_filter(&s, c->tool, c->root, &findings, &out);
        size_t ones = 0;
        for (const char *m = c->matched; *m; m++)
            ones += *m == '1';
        CU_ASSERT_EQUAL(moved, ones);
        CU_ASSERT_EQUAL(out.len, ones);
        CU_ASSERT_EQUAL(findings.len, strlen(c->matched) - ones);
        for (size_t f = 0; f < out.len; f++)
            CU_ASSERT_EQUAL(out.items[f].filtered_by, FILTER_SUPPRESSED);
        for (size_t f = 0; f < findings.len; f++)
            CU_ASSERT_EQUAL(findings.items[f].filtered_by, FILTER_NONE);
        finding_list_free(&out);
        finding_list_free(&findings);
        suppressions_free(&s);
    }
}

/* suppressions_find names the first rule that matches: its line and reason
 * are what a report shows for a suppressed finding. */
static void test_find_first_rule(void)
{
    struct finding_list findings;
    test_fixture_findings("tsan/race.clang-uniform.txt", NULL, NULL, &findings);
    struct suppressions s = parse_ok("helgrind data-race fun:worker -- not this one\n"
                                     "all * src:race.c -- the race.c rule\n"
                                     "tsan data-race fun:worker -- too late\n");
    const struct suppression_rule *r = suppressions_find(&s, TOOL_TSAN, &findings.items[0], TSANFX);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->line, 2);
    CU_ASSERT_STRING_EQUAL(r->reason, "the race.c rule");
    /* Rules are tried in the file's order. */
    r = suppressions_find(&s, TOOL_HELGRIND, &findings.items[0], TSANFX);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->line, 1);
    CU_ASSERT_PTR_NULL(suppressions_find(&s, TOOL_DRD, &findings.items[0], "/elsewhere"));
    suppressions_free(&s);
    finding_list_free(&findings);
}

/* tests/fixtures/suppress/ci.supp made into each tool's file, compared with
 * the reviewed files beside it, byte for byte. */
static void test_translations(void)
{
    char *text = test_fixture("suppress/ci.supp", NULL);
    struct suppressions s = parse_ok(text);
    static const struct {
        const char *expected;
        enum tool_id tool;
    } files[] = {{"suppress/ci-tsan.txt", TOOL_TSAN},
                 {"suppress/ci-helgrind.supp", TOOL_HELGRIND},
                 {"suppress/ci-drd.supp", TOOL_DRD}};
    for (size_t i = 0; i < 3; i++) {
        char *expected = test_fixture(files[i].expected, NULL);
        char *got = files[i].tool == TOOL_TSAN ? suppressions_to_tsan(&s, "/src/proj")
                                               : suppressions_to_valgrind(&s, files[i].tool);
        if (strcmp(got, expected) != 0)
            fprintf(stderr, "\n  %s differs; got:\n%s\n", files[i].expected, got);
        CU_ASSERT_STRING_EQUAL(got, expected);
        free(got);
        free(expected);
    }
    /* A relative src: glob needs the root, and a root TSan can quote. */
    char *got = suppressions_to_tsan(&s, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "# ci.supp:3: all * src:vendor/*.c\n#   race: not "
                                       "translated: TSan sees absolute paths, and no root was "
                                       "given for this relative glob\n"));
    free(got);
    got = suppressions_to_tsan(&s, "/src/pro*");
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "#   race: not translated: the root's path holds a "
                                       "character TSan reads as a wildcard or an anchor\n"));
    free(got);
    suppressions_free(&s);
    free(text);
}

/* Each error kind Valgrind 3.19 wrote with --gen-suppressions=all on a real
 * program is one the translation uses, and it carries the racelab kind
 * valgrind_kind() gives that error: a rule naming every kind but that one
 * must not use it. */
static void check_recorded_kind(const char *tool, const char *kind, const char *what)
{
    enum finding_kind k = valgrind_kind(tool, kind, what);
    enum tool_id t = tool_from_name(tool);
    char *entry = xasprintf("\n   %s:%s\n", t == TOOL_DRD ? "drd" : "Helgrind", kind);
    struct strbuf others = STRBUF_INIT;
    for (int o = 0; o < FK__COUNT; o++)
        if ((suppressions_kinds() & (1u << o)) && o != (int)k)
            strbuf_addf(&others, "%s%s", others.len ? "," : "", finding_kind_name(o));
    char *every = xasprintf("%s * fun:x", tool),
         *but_one = xasprintf("%s %s fun:x", tool, others.buf);
    struct suppressions s = parse_ok(every);
    char *out = suppressions_to_valgrind(&s, t);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, entry));
    free(out);
    suppressions_free(&s);
    s = parse_ok(but_one);
    out = suppressions_to_valgrind(&s, t);
    if (strstr(out, entry))
        fprintf(stderr, "\n  %s %s (%s) is used by a rule without %s\n", tool, kind, what,
                finding_kind_name(k));
    CU_ASSERT_PTR_NULL(strstr(out, entry));
    free(out);
    suppressions_free(&s);
    free(every);
    free(but_one);
    strbuf_release(&others);
    free(entry);
}

static void test_recorded_valgrind_kinds(void)
{
    char *text = test_fixture("suppress/gen-suppressions-3.19.supp", NULL), *save = NULL;
    const char *what = NULL;
    char tool[16] = "", kind[64];
    int blocks = 0;
    /* "# TOOL PROGRAM.c: WHAT" before each entry, then "   Helgrind:KIND" in it. */
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            CU_ASSERT_EQUAL_FATAL(sscanf(line, "# %15s", tool), 1);
            what = strstr(line, ".c: ");
            CU_ASSERT_PTR_NOT_NULL_FATAL(what);
            what += 4;
        } else if (what && (sscanf(line, " Helgrind:%63s", kind) == 1 ||
                            sscanf(line, " drd:%63s", kind) == 1)) {
            check_recorded_kind(tool, kind, what);
            what = NULL;
            blocks++;
        }
    }
    CU_ASSERT_EQUAL(blocks, 31);
    free(text);
}

/* The real tools, given the files made from racelab's rules. */

#define LEGACY_FRESH "tests/fixtures/suppress/legacy-fresh"

/* Run argv in dir with the scrubbed environment of a tool run (tool.h) plus
 * `extra`; returns its stderr (malloc'd), or NULL when it did not exit 0. */
static char *run_in(const char *dir, const char *const *argv, const char *extra)
{
    const char *const more[] = {extra, NULL};
    char **env = env_build(dir, extra ? more : NULL);
    struct proc_spec spec = {.argv = argv,
                             .envp = (const char *const *)env,
                             .cwd = dir,
                             .timeout_s = 120,
                             .output_cap = 1u << 20};
    struct proc_result pr;
    int rc = proc_run(&spec, &pr);
    char *err = NULL;
    if (rc == 0 && pr.exit_code == 0) {
        err = pr.err;
        pr.err = NULL;
    } else {
        fprintf(stderr, "\n  %s failed (exit %d): %s\n", argv[0], pr.exit_code, pr.err);
    }
    proc_result_free(&pr);
    env_free(env);
    return err;
}

/* Where each finding is: the function of its first access's first user frame. */
static char *places(const struct finding_list *findings, const char *root)
{
    const char **names = xcalloc(findings->len + 1, sizeof *names);
    for (size_t i = 0; i < findings->len; i++) {
        const struct access *a = &findings->items[i].accesses[0];
        int k = access_user_frame(a, root);
        names[i] = k >= 0 && a->frames[k].function ? a->frames[k].function : "?";
    }
    char *joined = str_join_sorted_unique(names, findings->len, " ");
    free(names);
    return joined;
}

/* One run of the tool with the rules' translation: the sorted, distinct
 * places of its findings, or NULL when the run failed. */
static char *run_tool(enum tool_id tool, const struct suppressions *s, const char *dir,
                      const char *root, struct finding_list *findings)
{
    char *supp = xasprintf("%s/%s.supp", dir, tool_name(tool));
    char *text =
        tool == TOOL_TSAN ? suppressions_to_tsan(s, root) : suppressions_to_valgrind(s, tool);
    CU_ASSERT_EQUAL_FATAL(write_file(supp, text, strlen(text)), 0);
    char *out = NULL, *err = NULL;
    int rc = -1;
    if (tool == TOOL_TSAN) {
        char *opts = xasprintf("TSAN_OPTIONS=suppressions=%s exitcode=0", supp);
        const char *argv[] = {"./tsan-bin", NULL};
        out = run_in(dir, argv, opts);
        struct tsan_result tr = {0};
        rc = out ? tsan_report_parse(out, strlen(out), &tr, &err) : -1;
        *findings = tr.findings;
        memset(&tr.findings, 0, sizeof tr.findings);
        tsan_result_free(&tr);
        free(opts);
    } else {
        char *tool_opt = xasprintf("--tool=%s", tool_name(tool));
        char *supp_opt = xasprintf("--suppressions=%s", supp);
        char *xml = xasprintf("%s/%s.xml", dir, tool_name(tool));
        char *xml_opt = xasprintf("--xml-file=%s", xml);
        const char *argv[] = {"valgrind", tool_opt,         supp_opt, "--xml=yes",
                              xml_opt,    "./valgrind-bin", NULL};
        out = run_in(dir, argv, NULL);
        struct valgrind_result vr = {0};
        rc = out ? valgrind_xml_parse_file(xml, &vr, &err) : -1;
        *findings = vr.findings;
        memset(&vr.findings, 0, sizeof vr.findings);
        valgrind_result_free(&vr);
        free(xml_opt);
        free(xml);
        free(supp_opt);
        free(tool_opt);
    }
    if (err)
        fprintf(stderr, "\n  %s report: %s\n", tool_name(tool), err);
    free(err);
    free(out);
    free(text);
    free(supp);
    return rc == 0 ? places(findings, root) : NULL;
}

static void test_real_tools(void)
{
    char dir[] = "/tmp/racelab-supp-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char *root = realpath(LEGACY_FRESH, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    char *main_c = xasprintf("%s/main.c", root), *legacy_c = xasprintf("%s/legacy.c", root);
    const char *tsan_cc[] = {"clang", "-g",     "-O1", "-fsanitize=thread", "-o", "tsan-bin",
                             main_c,  legacy_c, NULL};
    const char *vg_cc[] = {"clang", "-g",           "-gdwarf-4", "-O1",    "-pthread",
                           "-o",    "valgrind-bin", main_c,      legacy_c, NULL};
    char *out1 = run_in(dir, tsan_cc, NULL), *out2 = run_in(dir, vg_cc, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out2);
    free(out1);
    free(out2);

    /* Rules that match neither race, but use every kind each tool has: the
     * tools reject a file with an unknown kind, so this checks the names. */
    static const char control[] = "all * fun:nothing_here_*\n"
                                  "helgrind,drd * src:*nothing.c\n"
                                  "tsan data-race,use-after-free src:vendor/*.c\n";
    static const char *const rules[] = {
        control,
        "all data-race,use-after-free fun:legacy_*\n",
        "all data-race,use-after-free src:*legacy.c\n",
    };
    static const enum tool_id tools[] = {TOOL_TSAN, TOOL_HELGRIND, TOOL_DRD};
    for (size_t r = 0; r < 3; r++) {
        struct suppressions s = parse_ok(rules[r]);
        for (size_t t = 0; t < 3; t++) {
            struct finding_list findings = {0};
            char *seen = run_tool(tools[t], &s, dir, root, &findings);
            const char *expected = r == 0 ? "fresh_update legacy_update" : "fresh_update";
            if (!seen || strcmp(seen, expected) != 0)
                fprintf(stderr, "\n  %s with rules %zu: races in '%s', expected '%s'\n",
                        tool_name(tools[t]), r, seen ? seen : "(run failed)", expected);
            CU_ASSERT_PTR_NOT_NULL(seen);
            CU_ASSERT_STRING_EQUAL(seen ? seen : "", expected);
            /* racelab's own matching agrees with the tool: on the unfiltered
             * run, the rules take out exactly the legacy race. */
            for (size_t f = 0; r == 0 && f < findings.len; f++) {
                struct suppressions by_fun = parse_ok(rules[1]), by_file = parse_ok(rules[2]);
                bool legacy = strstr(findings.items[f].accesses[0].frames[0].function
                                         ? findings.items[f].accesses[0].frames[0].function
                                         : "",
                                     "legacy_") != NULL;
                CU_ASSERT_EQUAL(suppressions_match(&by_fun, tools[t], &findings.items[f], root),
                                legacy);
                CU_ASSERT_EQUAL(suppressions_match(&by_file, tools[t], &findings.items[f], root),
                                legacy);
                suppressions_free(&by_fun);
                suppressions_free(&by_file);
            }
            free(seen);
            finding_list_free(&findings);
        }
        suppressions_free(&s);
    }
    free(main_c);
    free(legacy_c);
    free(root);
    remove_tree(dir);
}

int register_suppress_tests(void)
{
    CU_pSuite s = CU_add_suite("suppressions", NULL, NULL);
    if (!s || !CU_add_test(s, "valid files", test_valid_file) ||
        !CU_add_test(s, "malformed files: file:line: what is wrong", test_malformed_files) ||
        !CU_add_test(s, "loading: unreadable and binary files", test_load_errors) ||
        !CU_add_test(s, "matching recorded findings", test_match_recorded_findings) ||
        !CU_add_test(s, "the first matching rule", test_find_first_rule) ||
        !CU_add_test(s, "the TSan and Valgrind files, exactly", test_translations) ||
        !CU_add_test(s, "every Valgrind kind --gen-suppressions wrote",
                     test_recorded_valgrind_kinds) ||
        !CU_add_test(s, "TSan, Helgrind and DRD given the files", test_real_tools))
        return -1;
    return 0;
}
