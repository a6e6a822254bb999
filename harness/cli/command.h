/* command.h: racelab's commands, one row each of one table (command.c).
 *
 * A command is its row, in the file named for it (cmd_check.c holds
 * command_check and its function): the usage (`racelab --help`), `racelab
 * help COMMAND`, `racelab COMMAND --help` and the "did you mean" for an
 * unknown command or option all come from the rows, so a new command is one
 * row and one file. */
#ifndef RACELAB_COMMAND_H
#define RACELAB_COMMAND_H

#include <stddef.h>
#include <stdio.h>

struct globals;
struct option;

struct command {
    const char *name;
    const char *summary; /* one line for the list of commands, under 60 columns */
    const char *help;    /* the whole help: "usage: racelab NAME ...", options, exit */
    int (*run)(struct globals *g, int argc, char **argv); /* argv[0] is the name */
};

extern const struct command command_list, command_check, command_explain, command_run, command_cc,
    command_flags, command_exercise, command_grade, command_help;

/* The command called name, or NULL. */
const struct command *command_find(const char *name);
/* "racelab: unknown command 'chek' (did you mean 'check'?)": returns 2. */
int command_unknown(const char *name);
/* The same for the subcommands names[] of command parent ("exercise"). */
int command_unknown_among(const char *parent, const char *name, const char *const *names, size_t n);
/* racelab --help: the global options and one line per command. */
void command_usage(FILE *out);
/* The row of the command that is running (for usage errors); NULL before one is. */
extern const struct command *command_current;

/* "racelab COMMAND: " and the message, then where the command's help is (to
 * stderr): every usage error's shape. Returns 2. */
int command_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getopt_long for the running command, with one way to fail: it prints
 * nothing itself, "--help" and "-h" (which longopts and shortopts need not
 * name) print the command's help on stdout, and an unknown option or a
 * missing value prints one line on stderr, with the nearest option's name
 * when one is close ("racelab check: unknown option '--tool' (did you mean
 * '--tools'?)"). Returns the option as getopt_long does, or -1 at the end
 * and when it stopped; then *status is 0 after the help, 2 after an error,
 * and stays -1 otherwise. The caller sets optind = 0 before the first call. */
int command_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
                   int *status);

#endif
