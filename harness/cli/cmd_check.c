/* cmd_check.c: racelab check, the catalog built and run under every tool,
 * each verdict compared with its header. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "command.h"

static int cmd_check(struct globals *g, int argc, char **argv)
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
    int c, rc = 0, status = -1;
    /* optind = 0 makes GNU getopt start afresh and permute, so options may
     * follow the selectors: racelab check threads --runs 20. */
    optind = 0;
    while (rc == 0 && (c = command_getopt(argc, argv, "j:", longopts, &status)) != -1) {
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
                rc = usage_error("option '%s' is not handled", argv[optind - 1]);
        }
    }
    if (rc || status >= 0) { /* a usage error, or the help was printed */
        outputs_close(&outs);
        return rc ? rc : status;
    }
    o.selectors = (const char *const *)argv + optind;
    o.nselectors = (size_t)(argc - optind);
    /* A malformed case is said first and left out; the others are checked. */
    struct catalog cat;
    bool broken = false;
    if ((rc = gate_load(&gate, &o)) == 0 &&
        (rc = catalog_load_reporting(g->root, &cat, &broken)) == 0) {
        o.catalog = &cat;
        rc = check_and_report(&o, &outs);
        if (cat.cases) /* not handed to the engine: an output could not be opened */
            catalog_free(&cat);
        if (broken) {
            fprintf(stderr,
                    "racelab check: malformed cases were left out (listed first): exit 2\n");
            rc = 2;
        }
    } else {
        outputs_close(&outs);
    }
    gate_free(&gate);
    return rc;
}

const struct command command_check = {
    .name = "check",
    .summary = "build the catalog, run every tool, compare with each header",
    .help = "usage: racelab check [SELECTOR...] [--tools LIST] [--variant unsafe|safe|both]\n"
            "                     [--runs N] [-j N] [--shard K/N] [--keep] [--wide]\n"
            "                     [--format F [--output FILE]]... [--suppressions FILE]\n"
            "                     [--baseline FILE [--update-baseline]]\n"
            "\n"
            "Build each selected case and its safe twin, run them under every tool, and\n"
            "compare what each tool saw with what the case's header expects.\n"
            "\n"
            "  SELECTOR           a case id (threads/shared-counter), a family (locking), a\n"
            "                     glob ('atomics/*') or a path; default: the whole catalog\n"
            "  --tools LIST       comma-separated: tsan, helgrind, drd, native, tsa,\n"
            "                     analyzer, tidy, cppcheck, rustc; or the groups static\n"
            "                     (tsa, analyzer, tidy, cppcheck: no run, seconds),\n"
            "                     dynamic (tsan, helgrind, drd, native), all\n"
            "  --variant V        unsafe (the buggy programs), safe (the twins) or both\n"
            "  --runs N           runs per program and tool (default 1)\n"
            "  -j, --jobs N       programs checked at once (default: the number of cores)\n"
            "  --shard K/N        the K-th of N deterministic slices of the cases (for CI)\n"
            "  --format F         text (the matrix, default), json, sarif, junit, github,\n"
            "                     diagnostics, html; repeat it, each followed by its own\n"
            "  --output FILE      (at most one format goes to stdout)\n"
            "  --keep             keep the scratch directories of the runs\n"
            "  --wide             the full matrix and lines, whatever the width (COLUMNS,\n"
            "                     the terminal's, or 100 when not a terminal)\n"
            "  --suppressions F   findings to forgive, for every tool (docs/suppressions.md)\n"
            "  --baseline FILE    known findings, by fingerprint, do not fail; with\n"
            "  --update-baseline  FILE is rewritten with this run's findings\n"
            "                     (docs/baselines.md)\n"
            "\n"
            "rustc builds the Rust twins with cargo (RACELAB_CARGO picks another cargo, with\n"
            "the rustc beside it); without a Rust toolchain its column is n/a.\n"
            "\n"
            "exit status: 0 every verdict pass or n/a; 1 a verdict failed; 2 usage,\n"
            "configuration or tool error. The case format: docs/case-format.md; reports:\n"
            "docs/json-report.md, docs/ci.md.\n",
    .run = cmd_check,
};
