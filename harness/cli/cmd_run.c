/* cmd_run.c: racelab run, a user's own program judged under the tools: the
 * plan (run.c), the engine (check.c) and the reports. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "run.h"
#include "util.h"

/* --fail-on KIND,...: these warning kinds fail the gate too. */
static int parse_fail_on(const char *list, unsigned *warn_kinds)
{
    char *copy = xstrdup(list), *save = NULL;
    int rc = 0;
    for (char *k = strtok_r(copy, ",", &save); k && rc == 0; k = strtok_r(NULL, ",", &save)) {
        int kind = finding_kind_from_name(k);
        if (kind < 0)
            rc = usage_error("--fail-on: unknown finding kind '%s' (docs/finding-kinds.md)", k);
        else if (!(RUN_WARN_KINDS & (1u << kind)))
            rc = usage_error("--fail-on: %s fails the gate already; only thread-leak and "
                             "lock-held-at-exit are warnings",
                             k);
        else
            *warn_kinds &= ~(1u << kind);
    }
    free(copy);
    return rc;
}

static int cmd_run(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tool", required_argument, NULL, 't'},
        {"tools", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'T'},
        {"expect-exit", required_argument, NULL, 'x'},
        {"source-root", required_argument, NULL, 'S'},
        {"fail-on", required_argument, NULL, 'F'},
        {"explore", required_argument, NULL, 'E'},
        {"all-runs", no_argument, NULL, 'A'},
        SHARED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct check_options o = check_defaults(g);
    struct gate gate = {0};
    struct report_outputs outs;
    outputs_init(&outs);
    struct run_spec spec = {.tools = tools_with(TOOL_CAP_DETECTOR),
                            .timeout_s = 300,
                            .warn_kinds = RUN_WARN_KINDS,
                            .explore = EXPLORE_QUICK,
                            .omp_threads = getenv("OMP_NUM_THREADS")};
    char *source_root = NULL;
    int c, rc = 0, status = -1;
    optind = 0;
    /* '+': stop at the program; its own options are not racelab's. */
    while (rc == 0 && (c = command_getopt(argc, argv, "+j:", longopts, &status)) != -1) {
        switch (c) {
        case 't':
            spec.tools_explicit = true;
            rc = strcmp(optarg, "all") == 0 ? 0 : parse_tools(optarg, &spec.tools);
            if (rc == 0 && (spec.tools & ~tools_with(TOOL_CAP_DETECTOR)))
                rc = usage_error("--tool takes tsan, helgrind, drd or all, not '%s'", optarg);
            break;
        case 'T':
            rc = parse_positive(optarg, "--timeout needs whole seconds from 1 to 86400, not '%s'",
                                86400, &spec.timeout_s);
            spec.timeout_given = true;
            break;
        case 'x':
            rc = parse_positive(optarg, "--expect-exit needs a status from 1 to 255, not '%s'", 255,
                                &spec.expect_exit);
            break;
        case 'F':
            rc = parse_fail_on(optarg, &spec.warn_kinds);
            break;
        case 'A':
            o.run.all_runs = true;
            break;
        case 'E':
            if (strcmp(optarg, "off") == 0)
                spec.explore = EXPLORE_OFF;
            else if (strcmp(optarg, "quick") == 0)
                spec.explore = EXPLORE_QUICK;
            else if (strcmp(optarg, "thorough") == 0)
                spec.explore = EXPLORE_THOROUGH;
            else
                rc = usage_error("--explore takes off, quick or thorough, not '%s'", optarg);
            break;
        case 'S':
            free(source_root);
            source_root = realpath(optarg, NULL);
            if (!source_root)
                rc = usage_error("--source-root %s: no such directory", optarg);
            break;
        default:
            if ((rc = shared_option(c, optarg, &o, &outs, &gate)) < 0)
                rc = usage_error("option '%s' is not handled", argv[optind - 1]);
        }
    }
    if (rc == 0 && status >= 0) {
        free(source_root);
        return status;
    }
    if (rc == 0 && optind >= argc)
        rc = usage_error("needs a program: racelab run [OPTIONS] -- PROGRAM "
                         "[ARGS...]%s",
                         "");
    if (rc == 0 && !source_root && !(source_root = getcwd(NULL, 0)))
        rc = usage_error("cannot read the current directory%s", "");
    struct catalog cat;
    char *err = NULL;
    if (rc == 0) {
        spec.program = argv[optind];
        spec.args = (const char *const *)argv + optind + 1;
        spec.source_root = source_root;
        if (run_catalog(&spec, &cat, &err) < 0) {
            fprintf(stderr, "racelab run: %s\n", err);
            free(err);
            rc = 2;
        }
    }
    if (rc == 0 && (rc = gate_load(&gate, &o)) != 0)
        catalog_free(&cat);
    if (rc == 0) {
        o.root = source_root;
        o.catalog = &cat;
        o.run.on = true;
        o.tools = spec.tools;
        o.variants[VARIANT_UNSAFE] = false;
        /* Every configuration of the plan gets the runs asked for (thorough,
         * and OpenMP tasks: two at least, for other schedules), in turn
         * (check.c). */
        const struct program *prog = &cat.cases[0].variants[VARIANT_SAFE];
        size_t nconfigs = prog->run.nconfigs;
        if (o.runs < prog->run.explore_runs)
            o.runs = prog->run.explore_runs;
        if (nconfigs)
            o.runs *= (int)nconfigs;
        rc = check_and_report(&o, &outs);
    }
    gate_free(&gate);
    free(source_root);
    return rc;
}

const struct command command_run = {
    .name = "run",
    .summary = "your own program under the tools: the CI gate",
    .help = "usage: racelab run [OPTIONS] [--] PROGRAM [ARGS...]\n"
            "\n"
            "Run your own program under the tools and judge it like a safe twin: clean under\n"
            "every tool, its own exit status, no deadlock. By default ThreadSanitizer, with\n"
            "Helgrind and DRD where TSan cannot judge it (or beside it, where the program\n"
            "loads a library TSan does not see). PROGRAM is a binary built by racelab cc,\n"
            "or a TSan build (PROGRAM.tsan beside it is used for TSan).\n"
            "\n"
            "  --tool T             tsan, helgrind, drd or all (comma-separated)\n"
            "  --runs N             runs per tool and configuration (default 1)\n"
            "  --timeout S          a run's limit in seconds (default: scaled from a native\n"
            "                       run)\n"
            "  --expect-exit N      the program's expected exit status (default 0)\n"
            "  --source-root DIR    where findings' files are shown from (default: the\n"
            "                       current directory)\n"
            "  --fail-on KINDS      thread-leak,lock-held-at-exit fail too (they only warn)\n"
            "  --explore E          off, quick (default: also the -O0 build cc made and\n"
            "                       OpenMP teams of 8) or thorough (every tool, every\n"
            "                       configuration)\n"
            "  --all-runs           every run, not just up to a tool's first failing one\n"
            "  -j, --jobs N         runs at once (default: the number of cores)\n"
            "  --format F           text (default), json, sarif, junit, github, diagnostics,\n"
            "  --output FILE        html; repeat --format, each with its own --output\n"
            "  --keep               keep the scratch directories of the runs\n"
            "  --wide               full lines, whatever the terminal's width\n"
            "  --suppressions FILE  findings to forgive (docs/suppressions.md)\n"
            "  --baseline FILE      known findings do not fail; --update-baseline rewrites\n"
            "                       FILE with this run's findings (docs/baselines.md)\n"
            "\n"
            "exit status: 0 clean; 1 findings or a wrong exit status; 2 a tool or usage\n"
            "error. The formats and a workflow to copy: docs/ci.md.\n",
    .run = cmd_run,
};
