/* cmd_help.c: racelab help [COMMAND]. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "command.h"

static int cmd_help(struct globals *g, int argc, char **argv)
{
    (void)g;
    if (argc < 2) {
        command_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(command_help.help, stdout);
        return 0;
    }
    const struct command *cmd = command_find(argv[1]);
    if (!cmd)
        return command_unknown(argv[1]);
    fputs(cmd->help, stdout);
    return 0;
}

const struct command command_help = {
    .name = "help",
    .summary = "this list, or one command's options: racelab help check",
    .help = "usage: racelab help [COMMAND]\n"
            "\n"
            "The list of commands, or the options of one (as racelab COMMAND --help).\n",
    .run = cmd_help,
};
