/* command.c: the table of racelab's commands, the usage made from it, and
 * the option parsing every command shares (command.h). */
#define _GNU_SOURCE
#include "command.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "toolchain.h"
#include "util.h"

/* In the order `racelab --help` lists them: what most people want first. */
static const struct command *const commands[] = {
    &command_list,  &command_check,    &command_explain, &command_run,  &command_cc,
    &command_flags, &command_exercise, &command_grade,   &command_help,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const struct command *command_current;

const struct command *command_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

int command_unknown_among(const char *parent, const char *name, const char *const *names, size_t n)
{
    const char *near = str_suggest(name, names, n);
    fprintf(stderr, "racelab%s%s: unknown command '%s'", parent ? " " : "", parent ? parent : "",
            name);
    if (near)
        fprintf(stderr, " (did you mean '%s'?)", near);
    fprintf(stderr, "\nrun 'racelab%s%s --help' for the list of commands\n", parent ? " " : "",
            parent ? parent : "");
    return 2;
}

int command_unknown(const char *name)
{
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i]->name;
    return command_unknown_among(NULL, name, names, NCOMMANDS);
}

void command_usage(FILE *out)
{
    fputs("usage: racelab [--root DIR] [--build-dir DIR] [--toolchain T] COMMAND [ARGS]\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n'racelab help COMMAND' or 'racelab COMMAND --help' shows a command's options.\n"
          "Students start with 'racelab exercise start'; teachers with 'racelab check' and\n"
          "'racelab grade'; CI gates with 'racelab run -- PROGRAM' (docs/ci.md).\n"
          "\n"
          "  --root DIR       the directory holding cases/ and safe/ (default: the checkout\n"
          "                   this racelab was built in)\n"
          "  --build-dir DIR  binaries and scratch files (default: ROOT/build)\n"
          "  --toolchain T    the clang that builds, sanitizes and analyses (or\n"
          "                   RACELAB_CLANG; default: the newest installed):\n",
          out);
    const struct toolchain *current = toolchain_current();
    for (int i = 0; i < toolchain_count(); i++) {
        const struct toolchain *tc = toolchain_row(i);
        fprintf(out, "                   %s%s\n", tc->name,
                tc == current             ? " (installed, in use)"
                : toolchain_installed(tc) ? " (installed)"
                                          : " (not installed)");
    }
    fputs("\n"
          "exit status: 0 all pass or n/a; 1 a verdict failed; 2 usage, configuration or\n"
          "tool error.\n",
          out);
}

/* "--runs" for each long option (and "--help"), then each short one ("-j"). */
static char **option_names(const char *shortopts, const struct option *longopts, size_t *n)
{
    size_t cap = 2 + strlen(shortopts), k = 0;
    for (const struct option *o = longopts; o && o->name; o++)
        cap++;
    char **names = xcalloc(cap, sizeof *names);
    for (const struct option *o = longopts; o && o->name; o++)
        names[k++] = xasprintf("--%s", o->name);
    names[k++] = xstrdup("--help");
    for (const char *s = shortopts; *s; s++)
        if (*s != '+' && *s != ':' && *s != '-')
            names[k++] = xasprintf("-%c", *s);
    *n = k;
    return names;
}

int command_fail(const char *fmt, ...)
{
    const char *name = command_current ? command_current->name : NULL;
    fprintf(stderr, "racelab%s%s: ", name ? " " : "", name ? name : "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (name)
        fprintf(stderr, "\nrun 'racelab %s --help' for its options\n", name);
    else
        fputs("\nrun 'racelab --help' for usage\n", stderr);
    return 2;
}

enum option_fault { OPTION_UNKNOWN, OPTION_NEEDS_VALUE, OPTION_TAKES_NO_VALUE };

static void option_error(enum option_fault fault, const char *arg, const char *shortopts,
                         const struct option *longopts)
{
    char *word = xstrdup(arg);
    char *eq = strchr(word, '=');
    if (eq)
        *eq = '\0';
    size_t n;
    char **names = option_names(shortopts, longopts, &n);
    const char *near =
        fault == OPTION_UNKNOWN ? str_suggest(word, (const char *const *)names, n) : NULL;
    if (fault == OPTION_UNKNOWN)
        command_fail("unknown option '%s'%s%s%s", word, near ? " (did you mean '" : "",
                     near ? near : "", near ? "'?)" : "");
    else
        command_fail("option '%s' %s", word,
                     fault == OPTION_NEEDS_VALUE ? "needs a value" : "takes no value");
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(word);
}

int command_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
                   int *status)
{
    /* '+' (stop at the first operand) stays first; ':' asks getopt_long to
     * tell a missing value (':') from an unknown option ('?'). */
    bool plus = shortopts[0] == '+';
    char *opts = xasprintf("%s:%s", plus ? "+" : "", shortopts + plus);
    opterr = 0;
    int c = getopt_long(argc, argv, opts, longopts, NULL);
    free(opts);
    if (c != '?' && c != ':')
        return c;
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    if (c == '?' && (strcmp(arg, "--help") == 0 || optopt == 'h')) {
        if (command_current)
            fputs(command_current->help, stdout);
        *status = 0;
        return -1;
    }
    if (c == ':')
        option_error(OPTION_NEEDS_VALUE, arg, shortopts, longopts);
    else if (optopt && strncmp(arg, "--", 2) == 0)
        option_error(OPTION_TAKES_NO_VALUE, arg, shortopts, longopts);
    else if (optopt) {
        char short_name[3] = {'-', (char)optopt, '\0'};
        option_error(OPTION_UNKNOWN, short_name, shortopts, longopts);
    } else
        option_error(OPTION_UNKNOWN, arg, shortopts, longopts);
    *status = 2;
    return -1;
}
