/* cmd_flags.c: racelab flags, the compiler flags each tool needs. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "command.h"
#include "run.h"

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
    const char *flags = argc - optind == 1 ? run_flags(argv[optind]) : NULL;
    if (!flags)
        return usage_error("takes one of tsan, valgrind or openmp, not '%s'",
                           argc > optind ? argv[optind] : "nothing");
    puts(flags);
    return 0;
}

const struct command command_flags = {
    .name = "flags",
    .summary = "the compiler flags each tool needs, for your Makefile",
    .help = "usage: racelab flags tsan|valgrind|openmp\n"
            "\n"
            "The compiler flags a build for that tool needs, on one line, for a Makefile:\n"
            "  CFLAGS += $(shell racelab flags tsan)\n"
            "\n"
            "exit status: 0, or 2 for an unknown profile.\n",
    .run = cmd_flags,
};
