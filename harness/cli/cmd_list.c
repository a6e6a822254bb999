/* cmd_list.c: racelab list, the catalog by family with each tool's
 * expectation. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_page.h"
#include "cli.h"
#include "command.h"
#include "util.h"

static int cmd_list(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"wide", no_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "markdown", "summary"};
    int format = 0, status = -1, c;
    bool wide = false;
    optind = 0;
    while ((c = command_getopt(argc, argv, "", longopts, &status)) != -1) {
        if (c == 'w') {
            wide = true;
            continue;
        }
        for (format = 2; format >= 0 && strcmp(optarg, formats[format]) != 0; format--)
            ;
        if (format < 0)
            return usage_error("--format must be text, markdown or summary, not '%s'", optarg);
    }
    if (status >= 0)
        return status;
    struct catalog cat;
    char *err;
    bool broken;
    if (catalog_load_reporting(g->root, &cat, &broken) != 0)
        return 2;
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
        catalog_list_text(stdout, &cat, selected, wide ? 0 : output_width(stdout));
    }
    free(selected);
    catalog_free(&cat);
    return broken ? 2 : rc;
}

const struct command command_list = {
    .name = "list",
    .summary = "the catalog, by family, with each tool's expectation",
    .help = "usage: racelab list [SELECTOR...] [--format text|markdown|summary]\n"
            "\n"
            "The catalog's cases, family by family, with what each tool is expected to\n"
            "report on the buggy program and on its safe twin (the case headers say so).\n"
            "\n"
            "  SELECTOR   a case id (threads/shared-counter), a family (locking), a glob\n"
            "             ('atomics/*') or a path (cases/threads/shared-counter.c);\n"
            "             default: every case\n"
            "  --format   text (default), markdown (docs/catalog.md) or summary (the\n"
            "             README's table of families)\n"
            "  --wide     full lines, whatever the terminal's width (COLUMNS, or 100 when\n"
            "             not a terminal)\n"
            "\n"
            "exit status: 0, or 2 when a selector matches nothing or a header is malformed.\n",
    .run = cmd_list,
};
