/* main.c: racelab's global options, and the dispatch to the command a row
 * of command.c's table names (each in its cmd_NAME.c).
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

#include "cli.h"
#include "command.h"
#include "toolchain.h"
#include "util.h"

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

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"root", required_argument, NULL, 'R'},
        {"build-dir", required_argument, NULL, 'B'},
        {"toolchain", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct globals g = {0};
    const char *toolchain = NULL;
    int c;
    opterr = 0;
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
        case 'T':
            toolchain = optarg;
            break;
        case 'h':
            command_usage(stdout);
            return 0;
        default:
            fprintf(stderr, "racelab: unknown option '%s'\n", argv[optind - 1]);
            command_usage(stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        command_usage(stderr);
        return 2;
    }
    /* Before any command's threads: every build, analysis and symbolizer
     * of this process uses the one toolchain. */
    char *why = NULL;
    if (toolchain_select(toolchain, &why) < 0) {
        fprintf(stderr, "racelab: %s\n", why);
        free(why);
        free(g.root);
        free(g.build_dir);
        return 2;
    }
    default_paths(&g);
    const struct command *cmd = command_find(argv[optind]);
    int rc;
    if (!cmd) {
        rc = command_unknown(argv[optind]);
    } else {
        command_current = cmd;
        rc = cmd->run(&g, argc - optind, argv + optind);
    }
    free(g.root);
    free(g.build_dir);
    free(g.shim_dir);
    return rc;
}
