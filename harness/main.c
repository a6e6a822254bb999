/* main.c: racelab's command line: list, check, explain (and the dispatch to
 * run, cc and flags, in cli.c).
 *
 * Exit status: 0 when every verdict is pass or n/a, 1 when any fails, 2 for
 * usage or configuration errors (with a message that says what to do). */
#define _GNU_SOURCE
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "catalog_page.h"
#include "check.h"
#include "cli.h"
#include "exercise.h"
#include "explain.h"
#include "output.h"
#include "report.h"
#include "util.h"

static const char usage_text[] =
    "usage: racelab [--root DIR] [--build-dir DIR] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  list [SELECTOR...] [--format text|markdown|summary]\n"
    "                            the catalog, by family, with each tool's expectation\n"
    "  check [SELECTOR...] [--tools LIST] [--variant unsafe|safe|both] [--runs N]\n"
    "        [-j N] [--shard K/N] [--format F [--output FILE]]... [--keep]\n"
    "        [--suppressions FILE] [--baseline FILE [--update-baseline]]\n"
    "                            build, run under every tool, compare with each header\n"
    "  explain ID [--tools LIST] the bug, the diff, what each tool reports, the fix\n"
    "  run [--tool tsan|helgrind|drd|all] [--runs N] [--timeout S] [--expect-exit N]\n"
    "      [--source-root DIR] [--format F [--output FILE]]... [--suppressions FILE]\n"
    "      [--baseline FILE [--update-baseline]] [--fail-on KIND,...]\n"
    "      [--explore off|quick|thorough] [--all-runs] -- PROGRAM [ARGS...]\n"
    "                            run your own program under the tools (by default TSan,\n"
    "                            with Helgrind and DRD where it cannot judge): exit 0 clean,\n"
    "                            1 findings (or a wrong exit status), 2 tool or usage error;\n"
    "                            thread leaks and locks held at exit only warn unless\n"
    "                            --fail-on thread-leak,lock-held-at-exit; --explore (quick by\n"
    "                            default) also runs the -O0 build cc made and OpenMP teams of 8;\n"
    "                            a tool stops at its first failing run unless --all-runs;\n"
    "                            time limits scale from a native run unless --timeout\n"
    "  cc [--tool tsan|valgrind|all] [--openmp] -o OUT SOURCE... [-- CC-ARGS...]\n"
    "                            build OUT (for Valgrind) and OUT.tsan (for TSan), and the\n"
    "                            -O0 builds OUT.O0 and OUT.O0.tsan that run --explore uses\n"
    "  flags tsan|valgrind|openmp the compiler flags each tool needs, for your Makefile\n"
    "  exercise start|list|check|hint|watch|reset|solution [ID] [--dir DIR] [--runs N]\n"
    "                            fix the buggy cases as exercises (racelab exercise help)\n"
    "  grade DIR [--exercise SELECTOR]... [--runs N] [-j N] [--timeout S] [--shard K/N]\n"
    "        [--out DIR] [--keep] check a class's fixes: CSV, JUnit, feedback per student\n"
    "  grade merge OUT SHARD-DIR...  the shards of one grading, as one run would write\n"
    "\n"
    "SELECTOR: a case id (threads/shared-counter), a family (locking), a glob ('atomics/*')\n"
    "          or a path (cases/threads/shared-counter.c, rust/safe/threads/shared-counter.rs).\n"
    "LIST: comma-separated tools (tsan,helgrind,drd,native,tsa,analyzer,tidy,rustc) or\n"
    "      groups: 'static' (tsa,analyzer,tidy: no run, seconds), 'dynamic'\n"
    "      (tsan,helgrind,drd,native), 'all'.\n"
    "F: text (the matrix, default), json, sarif, junit, github, diagnostics, html; repeat\n"
    "   --format, each followed by its own --output FILE; at most one goes to stdout.\n"
    "--shard K/N: the K-th of N deterministic slices of the selected cases (CI matrices).\n"
    "--suppressions FILE: findings to forgive, for every tool (docs/suppressions.md).\n"
    "--baseline FILE: known findings, by fingerprint, do not fail; --update-baseline\n"
    "   rewrites FILE with this run's findings (docs/baselines.md).\n"
    "rustc builds the Rust twins with cargo (RACELAB_CARGO picks another cargo, with the\n"
    "rustc beside it); without a Rust toolchain its column is n/a.\n"
    "--root DIR: the directory holding cases/ and safe/ (default: the racelab checkout).\n"
    "--build-dir DIR: binaries and scratch files (default: ROOT/build).\n"
    "\n"
    "exit status: 0 all pass or n/a; 1 a verdict failed; 2 usage, configuration or tool\n"
    "error. The case format: docs/case-format.md. Reports: docs/json-report.md, docs/ci.md.\n";

/* The directory of this executable: build/, where the shim objects live. */
static char *exe_dir(void)
{
    char *exe = realpath("/proc/self/exe", NULL);
    if (!exe)
        return xstrdup(".");
    char *dir = xstrdup(dirname(exe));
    free(exe);
    return dir;
}

static void default_paths(struct globals *g)
{
    char *dir = exe_dir();
    g->shim_dir = xasprintf("%s/shim", dir);
    if (!g->root) {
        /* build/racelab inside a checkout: the catalog is one level up. */
        char *parent = xasprintf("%s/..", dir);
        char *cases = xasprintf("%s/cases", parent);
        g->root = access(cases, R_OK) == 0 ? realpath(parent, NULL) : NULL;
        if (!g->root)
            g->root = xstrdup(".");
        free(cases);
        free(parent);
    }
    if (!g->build_dir)
        g->build_dir = xasprintf("%s/build", g->root);
    free(dir);
}

static int cmd_list(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "markdown", "summary"};
    int format = 0;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'f')
            return usage_error("%s", "bad option");
        for (format = 2; format >= 0 && strcmp(optarg, formats[format]) != 0; format--)
            ;
        if (format < 0)
            return usage_error("list --format must be text, markdown or summary, not '%s'", optarg);
    }
    struct catalog cat;
    char *err;
    if (catalog_load(g->root, &cat, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    bool *selected = xcalloc(cat.len, sizeof *selected);
    int rc = 0;
    if (catalog_select(&cat, (const char *const *)argv + optind, (size_t)(argc - optind), selected,
                       &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        rc = 2;
    } else if (format == 1) {
        catalog_list_markdown(stdout, &cat, selected);
    } else if (format == 2) {
        catalog_summary_markdown(stdout, &cat, selected);
    } else {
        catalog_list_text(stdout, &cat, selected);
    }
    free(selected);
    catalog_free(&cat);
    return rc;
}

/* --shard K/N */
static int parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10), b = 0;
    if (end != s && *end == '/')
        b = strtol(end + 1, &end, 10);
    if (*end || a < 1 || b < 1 || a > b || b > 1000)
        return usage_error("--shard needs K/N with 1 <= K <= N <= 1000 (e.g. 2/4), not '%s'", s);
    *k = (int)a;
    *n = (int)b;
    return 0;
}

static int cmd_check(struct globals *g, int argc, char **argv, bool explain)
{
    static const struct option longopts[] = {
        {"tools", required_argument, NULL, 't'},
        {"variant", required_argument, NULL, 'v'},
        {"shard", required_argument, NULL, 's'},
        SHARED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct check_options o = check_defaults(g);
    struct gate gate = {0};
    struct report_outputs outs;
    outputs_init(&outs);
    int c, rc = 0;
    /* optind = 0 makes GNU getopt start afresh and permute, so options may
     * follow the selectors: racelab check threads --runs 20. */
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            rc = parse_tools(optarg, &o.tools);
            break;
        case 'v':
            if (strcmp(optarg, "both") == 0)
                o.variants[0] = o.variants[1] = true;
            else if (strcmp(optarg, "unsafe") == 0 || strcmp(optarg, "safe") == 0) {
                o.variants[VARIANT_UNSAFE] = strcmp(optarg, "unsafe") == 0;
                o.variants[VARIANT_SAFE] = !o.variants[VARIANT_UNSAFE];
            } else
                rc = usage_error("--variant must be unsafe, safe or both, not '%s'", optarg);
            break;
        case 's':
            rc = parse_shard(optarg, &o.shard_k, &o.shard_n);
            break;
        default:
            if ((rc = shared_option(c, optarg, &o, &outs, &gate)) < 0)
                return usage_error("%s", "bad option");
        }
    }
    if (rc)
        return rc;
    o.selectors = (const char *const *)argv + optind;
    o.nselectors = (size_t)(argc - optind);
    if (explain) {
        if (o.nselectors != 1)
            return usage_error("explain takes one case id, e.g. racelab explain %s",
                               "threads/shared-counter");
        return explain_case(&o, stdout);
    }
    if ((rc = gate_load(&gate, &o)) == 0)
        rc = check_and_report(&o, &outs);
    gate_free(&gate);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"root", required_argument, NULL, 'R'},
        {"build-dir", required_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct globals g = {0};
    int c;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'R':
            free(g.root);
            g.root = realpath(optarg, NULL);
            if (!g.root)
                return usage_error("--root %s: no such directory", optarg);
            break;
        case 'B':
            g.build_dir = xstrdup(optarg);
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        default:
            fputs(usage_text, stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        fputs(usage_text, stderr);
        return 2;
    }
    default_paths(&g);
    const char *cmd = argv[optind];
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    int rc;
    if (strcmp(cmd, "list") == 0)
        rc = cmd_list(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "check") == 0)
        rc = cmd_check(&g, sub_argc, sub_argv, false);
    else if (strcmp(cmd, "explain") == 0)
        rc = cmd_check(&g, sub_argc, sub_argv, true);
    else if (strcmp(cmd, "run") == 0)
        rc = cmd_run(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "cc") == 0)
        rc = cmd_cc(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "flags") == 0)
        rc = cmd_flags(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "exercise") == 0)
        rc = cmd_exercise(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "grade") == 0)
        rc = cmd_grade(&g, sub_argc, sub_argv);
    else if (strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        rc = 0;
    } else
        rc = usage_error("unknown command '%s' (commands: list, check, explain, run, cc, flags, "
                         "exercise, grade)",
                         cmd);
    free(g.root);
    free(g.build_dir);
    free(g.shim_dir);
    return rc;
}
