/* cmd_cc.c: racelab cc, a user's program built for each tool. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "run.h"
#include "util.h"

static int cmd_cc(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tool", required_argument, NULL, 't'},
        {"openmp", no_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    const char *which = "all", *out = NULL;
    bool openmp = false;
    int c, status = -1;
    optind = 0;
    while ((c = command_getopt(argc, argv, "+o:", longopts, &status)) != -1) {
        switch (c) {
        case 't':
            which = optarg;
            if (strcmp(which, "all") && strcmp(which, "tsan") && strcmp(which, "valgrind"))
                return usage_error("--tool takes tsan, valgrind or all, not '%s'", which);
            break;
        case 'm':
            openmp = true;
            break;
        default:
            out = optarg;
        }
    }
    if (status >= 0)
        return status;
    /* SOURCES up to "--", then the compiler's own arguments. */
    int first = optind, end = optind;
    while (end < argc && strcmp(argv[end], "--") != 0)
        end++;
    if (!out || end == first)
        return usage_error("needs -o OUT and a SOURCE: racelab cc -o OUT SOURCE...%s", "");
    const char **sources = xcalloc((size_t)(end - first) + 1, sizeof *sources);
    for (int i = first; i < end; i++)
        sources[i - first] = argv[i];
    const char *const *extra = end < argc ? (const char *const *)argv + end + 1 : NULL;
    int built = run_cc(which, out, openmp, sources, extra, g->shim_dir);
    free(sources);
    return built == 0 ? 0 : 2;
}

const struct command command_cc = {
    .name = "cc",
    .summary = "build your program for each tool",
    .help = "usage: racelab cc [--tool tsan|valgrind|all] [--openmp] -o OUT SOURCE...\n"
            "                  [-- CC-ARGS...]\n"
            "\n"
            "Build OUT (for Valgrind) and OUT.tsan (for ThreadSanitizer) with the flags each\n"
            "tool needs, and the -O0 builds OUT.O0 and OUT.O0.tsan that racelab run\n"
            "--explore uses. Arguments after -- go to the compiler.\n"
            "\n"
            "  --tool T   tsan, valgrind or all (default: all)\n"
            "  --openmp   an OpenMP program (libomp; Archer for ThreadSanitizer)\n"
            "  -o OUT     the program to write\n"
            "\n"
            "exit status: 0 built, 2 a usage or compiler error.\n",
    .run = cmd_cc,
};
