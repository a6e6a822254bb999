/* cmd_flags.c: racelab flags, the compiler flags each tool needs. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "run.h"
#include "toolchain.h"

static int cmd_flags(struct globals *g, int argc, char **argv)
{
    (void)g;
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    int status = -1;
    optind = 0;
    while (command_getopt(argc, argv, "", longopts, &status) != -1)
        ;
    if (status >= 0)
        return status;
    const char *which = argc - optind == 1 ? argv[optind] : "";
    if (strcmp(which, "cc") == 0) {
        puts(toolchain_program("clang"));
        return 0;
    }
    const char *flags = run_flags(which);
    if (!flags)
        return usage_error("takes one of cc, tsan, valgrind or openmp, not '%s'",
                           argc > optind ? argv[optind] : "nothing");
    fputs(flags, stdout);
    if (strcmp(which, "openmp") == 0) {
        /* The chosen toolchain's OpenMP runtime, where clang would not look. */
        if (toolchain_openmp_missing())
            fprintf(stderr, "racelab flags: warning: %s\n", toolchain_openmp_missing());
        for (const char *const *f = toolchain_openmp_flags(); *f; f++)
            printf(" %s", *f);
    }
    putchar('\n');
    return 0;
}

const struct command command_flags = {
    .name = "flags",
    .summary = "the compiler flags each tool needs, for your Makefile",
    .help = "usage: racelab flags cc|tsan|valgrind|openmp\n"
            "\n"
            "The compiler flags a build for that tool needs, on one line, for a Makefile:\n"
            "  CFLAGS += $(shell racelab flags tsan)\n"
            "and, with cc, the toolchain's clang (racelab --toolchain, RACELAB_CLANG):\n"
            "  CC := $(shell racelab flags cc)\n"
            "\n"
            "exit status: 0, or 2 for an unknown profile.\n",
    .run = cmd_flags,
};
