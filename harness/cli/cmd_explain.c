/* cmd_explain.c: racelab explain ID, one case's whole story: the bug, the
 * diff to its twin, what each tool reported, the fix, the Rust twin. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "command.h"
#include "explain.h"
#include "race_diagram.h"
#include "util.h"

static int cmd_explain(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tools", required_argument, NULL, 't'},
        {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},
        {"keep", no_argument, NULL, 'k'},
        {"wide", no_argument, NULL, 'w'},
        {"ascii", no_argument, NULL, 'a'},
        {NULL, 0, NULL, 0},
    };
    struct check_options o = check_defaults(g);
    int c, rc = 0, status = -1, width = output_width(stdout);
    bool ascii = race_diagram_locale_ascii();
    optind = 0;
    while (rc == 0 && (c = command_getopt(argc, argv, "j:", longopts, &status)) != -1) {
        switch (c) {
        case 't':
            rc = parse_tools(optarg, &o.tools);
            break;
        case 'r':
            rc = parse_runs(optarg, &o.runs);
            break;
        case 'j':
            rc = parse_jobs(optarg, &o.jobs);
            break;
        case 'w':
            width = 0;
            break;
        case 'a':
            ascii = true;
            break;
        default:
            o.keep_scratch = true;
        }
    }
    if (rc || status >= 0)
        return rc ? rc : status;
    if (argc - optind != 1)
        return usage_error("takes one case id, e.g. racelab explain %s", "threads/shared-counter");
    o.selectors = (const char *const *)argv + optind;
    o.nselectors = 1;
    return explain_case(&o, stdout, width, ascii);
}

const struct command command_explain = {
    .name = "explain",
    .summary = "one case: the bug, the diff, what each tool saw, the fix",
    .help = "usage: racelab explain ID [--tools LIST] [--runs N] [-j N] [--keep] [--wide]\n"
            "                      [--ascii]\n"
            "\n"
            "One case's whole story: the bug, the diff between the buggy program and its\n"
            "safe twin, what each tool reported on the buggy one (run now), how to fix it\n"
            "and what rustc does with the Rust twin. Each race is drawn as two threads\n"
            "on a timeline: the accesses, the locks held, the missing edge.\n"
            "\n"
            "  ID            a case id, e.g. threads/shared-counter (racelab list shows them)\n"
            "  --tools LIST  the tools to run (as for racelab check; default: all)\n"
            "  --runs N      runs per tool (default 1)\n"
            "  -j, --jobs N  runs at once (default: the number of cores)\n"
            "  --keep        keep the scratch directories of the runs\n"
            "  --wide        whole lines: code is otherwise cut, and the rest wrapped, at\n"
            "                the width (COLUMNS, the terminal's, or 100)\n"
            "  --ascii       draw races in ASCII (the default when the locale is not UTF-8)\n"
            "\n"
            "exit status: 0, or 2 for an unknown case or a tool that could not run.\n",
    .run = cmd_explain,
};
