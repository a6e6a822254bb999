/* cmd_exercise.c: racelab exercise SUBCOMMAND, rustlings-style: the buggy
 * cases as exercises in a workspace, checked with hints. Its subcommands
 * are rows of exercise_commands[].
 *
 * Exit status: 0 (check: it passed), 1 (check: not yet; solution: still
 * locked), 2 (usage, a missing workspace, a tool that failed). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "exercise_cli.h"
#include "explain.h"
#include "util.h"

static int exercise_list(struct exercise_session *s, int i, bool yes)
{
    (void)i;
    (void)yes;
    const char *family = NULL;
    printf("exercises in %s\n", s->ws.dir);
    for (size_t i = 0; i < s->cat.len; i++) {
        const struct rl_case *c = &s->cat.cases[i];
        const struct exercise_state *st = &s->ws.state[i];
        if (!family || strcmp(family, c->family) != 0)
            printf("%s\n", family = c->family);
        printf(" %s %s %-28s %s", s->ws.current == c ? ">" : " ", st->done ? "[x]" : "[ ]", c->name,
               c->variants[VARIANT_UNSAFE].title);
        if (st->hints_seen)
            printf(" (hints %d/%zu)", st->hints_seen, c->variants[VARIANT_UNSAFE].exercise.nhints);
        putchar('\n');
    }
    exercise_print_progress(s, stdout);
    if (s->ws.current)
        printf("  current: %s (racelab exercise check)\n", s->ws.current->id);
    return 0;
}

/* Reset ID: the original buggy program back, after a yes. */
static int exercise_reset(struct exercise_session *s, int i, bool yes)
{
    const struct rl_case *c = &s->cat.cases[i];
    char *mine = workspace_file(&s->ws, c);
    int rc = 0;
    if (workspace_unchanged(&s->ws, c)) {
        printf("%s is already the original program\n", mine);
    } else if (!yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "racelab: reset discards your edits to %s: run it in a terminal to confirm, or "
                "add --yes\n",
                mine);
        rc = 2;
    } else {
        char answer[16] = "";
        if (!yes) {
            printf("discard your edits to %s and start %s again? [y/N] ", mine, c->id);
            fflush(stdout);
            if (!fgets(answer, sizeof answer, stdin))
                answer[0] = '\0';
        }
        if (yes || answer[0] == 'y' || answer[0] == 'Y') {
            char *orig = xasprintf("%s/%s", s->cat.root, c->variants[VARIANT_UNSAFE].path);
            char *text = NULL;
            char *copy = NULL;
            if (read_file(orig, &text, NULL) < 0 || !(copy = workspace_starting_copy(c, text)) ||
                write_file(mine, copy, strlen(copy)) < 0) {
                fprintf(stderr, "racelab: %s: cannot restore it from %s\n", mine, orig);
                rc = 2;
            } else {
                s->ws.state[i].done = false;
                s->ws.current = c;
                printf("%s is the original buggy program again\n", mine);
                rc = exercise_save(s);
            }
            free(copy);
            free(text);
            free(orig);
        } else {
            printf("kept your edits\n");
        }
    }
    free(mine);
    return rc;
}

/* solution ID: the safe twin against the student's passing fix, then the
 * Rust twin. Locked until the exercise has passed. */
static int exercise_solution(struct exercise_session *s, int i, bool yes)
{
    (void)yes;
    const struct rl_case *c = &s->cat.cases[i];
    if (!s->ws.state[i].done) {
        fprintf(stderr,
                "racelab: the solution of %s unlocks once your fix passes: racelab exercise check "
                "%s\n",
                c->id, c->id);
        return 1;
    }
    const struct program *good = &c->variants[VARIANT_SAFE];
    char *mine = workspace_file(&s->ws, c), *twin = xasprintf("%s/%s", s->cat.root, good->path);
    char *label_a = xasprintf("yours (%s)", mine);
    char *label_b = xasprintf("reference (%s)", good->path);
    printf("%s: your fix passed. The reference fix, the safe twin:\n  %s\n\n", c->id, good->about);
    fflush(stdout);
    /* Whole lines: the student's own code, compared line for line. */
    if (explain_diff(stdout, 0, mine, label_a, twin, label_b) == 0)
        fputs("(your file is the reference, line for line)\n", stdout);
    if (good->twin) {
        char *rust = xasprintf("%s/%s", s->cat.root, good->twin->path), *text = NULL;
        printf("\nIn Rust (%s):\n  %s\n\n", good->twin->path, good->twin->about);
        if (read_file(rust, &text, NULL) == 0)
            fputs(text, stdout);
        free(text);
        free(rust);
    }
    free(label_a);
    free(label_b);
    free(twin);
    free(mine);
    return 0;
}

/* The exercise an ID names, or the current one. -1 after a message. */
static int pick(struct exercise_session *s, const char *id)
{
    if (!id) {
        if (s->ws.current)
            return (int)(s->ws.current - s->cat.cases);
        fputs("racelab: no current exercise: name one (racelab exercise list)\n", stderr);
        return -1;
    }
    int i = workspace_find(&s->ws, id);
    if (i < 0)
        fprintf(stderr, "racelab: no exercise '%s' (racelab exercise list shows them)\n", id);
    return i;
}

static int exercise_check_row(struct exercise_session *s, int i, bool yes)
{
    (void)yes;
    return exercise_check_print(s, i, stdout);
}

static int exercise_hint(struct exercise_session *s, int i, bool yes)
{
    (void)yes;
    return exercise_print_hint(s, i, true, stdout);
}

static int exercise_watch_row(struct exercise_session *s, int i, bool yes)
{
    (void)yes;
    return exercise_watch(s, i);
}

/* What a subcommand needs before it runs: an ID (or the current exercise). */
enum exercise_id { EXERCISE_NO_ID, EXERCISE_ID_OR_CURRENT, EXERCISE_ID_REQUIRED };

struct exercise_command {
    const char *name;
    enum exercise_id id;
    int (*run)(struct exercise_session *s, int i, bool yes); /* NULL: start */
};

static const struct exercise_command exercise_commands[] = {
    {"start", EXERCISE_NO_ID, NULL},
    {"list", EXERCISE_NO_ID, exercise_list},
    {"check", EXERCISE_ID_OR_CURRENT, exercise_check_row},
    {"hint", EXERCISE_ID_OR_CURRENT, exercise_hint},
    {"watch", EXERCISE_ID_OR_CURRENT, exercise_watch_row},
    {"reset", EXERCISE_ID_REQUIRED, exercise_reset},
    {"solution", EXERCISE_ID_REQUIRED, exercise_solution},
};
#define NEXERCISE_COMMANDS (sizeof exercise_commands / sizeof exercise_commands[0])

static const struct exercise_command *exercise_command_find(const char *name)
{
    for (size_t k = 0; k < NEXERCISE_COMMANDS; k++)
        if (strcmp(exercise_commands[k].name, name) == 0)
            return &exercise_commands[k];
    return NULL;
}

static int exercise_unknown(const char *name)
{
    const char *names[NEXERCISE_COMMANDS];
    for (size_t k = 0; k < NEXERCISE_COMMANDS; k++)
        names[k] = exercise_commands[k].name;
    return command_unknown_among("exercise", name, names, NEXERCISE_COMMANDS);
}

static int exercise_start(struct exercise_session *s, const char *dir)
{
    size_t copied, kept;
    char *err = NULL;
    if (workspace_start(dir, &s->cat, &s->ws, &copied, &kept, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    printf("%zu exercises in %s (%zu copied, %zu of yours kept as they were)\n", s->cat.len,
           s->ws.dir, copied, kept);
    exercise_print_progress(s, stdout);
    printf("  start with: racelab exercise check %s   (or: racelab exercise watch)\n",
           s->ws.current ? s->ws.current->id : "ID");
    return 0;
}

/* Run row sub in a session on the workspace in dir. */
static int exercise_session_run(struct globals *g, const struct exercise_command *sub,
                                struct exercise_session *s, const char *dir, const char *id,
                                bool yes)
{
    char *err = NULL;
    if (catalog_load(g->root, &s->cat, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    if (!sub->run)
        return exercise_start(s, dir);
    if (workspace_open(dir, &s->cat, &s->ws, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    int i = -1;
    if (sub->id != EXERCISE_NO_ID && (i = pick(s, id)) < 0)
        return 2;
    return sub->run(s, i, yes);
}

static int cmd_exercise(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},
        {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},
        {"yes", no_argument, NULL, 'y'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2) {
        fputs(command_exercise.help, stderr);
        return 2;
    }
    if (strcmp(argv[1], "help") == 0) {
        fputs(command_exercise.help, stdout);
        return 0;
    }
    struct exercise_session s = {.color = exercise_color(stdout)};
    struct check_options defaults = check_defaults(g);
    s.opts = (struct exercise_check_options){.catalog_root = g->root,
                                             .build_dir = g->build_dir,
                                             .shim_dir = g->shim_dir,
                                             .runs = 3,
                                             .jobs = defaults.jobs};
    const char *dir_opt = NULL;
    bool yes = false;
    int c, rc = 0, status = -1;
    optind = 0;
    /* The subcommand may come before or after the options. */
    while (rc == 0 && (c = command_getopt(argc, argv, "j:", longopts, &status)) != -1) {
        switch (c) {
        case 'd':
            dir_opt = optarg;
            break;
        case 'r':
            rc = parse_runs(optarg, &s.opts.runs);
            break;
        case 'j':
            rc = parse_jobs(optarg, &s.opts.jobs);
            break;
        default:
            yes = true;
        }
    }
    if (rc || status >= 0)
        return rc ? rc : status;
    /* argv[optind] is the subcommand, then at most one ID. */
    if (optind >= argc)
        return usage_error("which one? start, list, check, hint, watch, reset or solution%s", "");
    const struct exercise_command *sub = exercise_command_find(argv[optind]);
    if (!sub)
        return exercise_unknown(argv[optind]);
    const char *id = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (optind + 2 < argc)
        return usage_error("takes at most one ID, not '%s'", argv[optind + 2]);
    if (id && sub->id == EXERCISE_NO_ID)
        return usage_error("this exercise command takes no ID, not '%s'", id);
    if (!id && sub->id == EXERCISE_ID_REQUIRED)
        return usage_error("this exercise command needs an ID (e.g. %s)", "threads/shared-counter");
    char *dir = dir_opt ? xstrdup(dir_opt) : xasprintf("%s/exercises", g->root);
    rc = exercise_session_run(g, sub, &s, dir, id, yes);
    workspace_free(&s.ws);
    if (s.cat.cases)
        catalog_free(&s.cat);
    free(dir);
    return rc;
}

const struct command command_exercise = {
    .name = "exercise",
    .summary = "fix the buggy cases as exercises: racelab exercise start",
    .help = "usage: racelab exercise COMMAND [ID] [--dir DIR] [--runs N] [-j N] [--yes]\n"
            "\n"
            "  start        copy every exercise into DIR (default: exercises/ in the\n"
            "               catalog); files already there are yours and are never overwritten\n"
            "  list         your progress: done, pending, the current exercise\n"
            "  check [ID]   is your fix race-free, still concurrent and still right?\n"
            "               (N runs per tool, 3 by default, on sizes chosen afresh each run)\n"
            "  hint [ID]    the next hint (a nudge, the concept, nearly the solution)\n"
            "  watch [ID]   check again on every save; keys: n next, h hint, l list, q quit\n"
            "  reset ID     put the original buggy program back (asks first; --yes does not)\n"
            "  solution ID  once ID passes: the safe twin beside your fix, and the Rust twin\n"
            "\n"
            "ID defaults to the current exercise; IDs look like threads/shared-counter.\n"
            "exit status: 0 (check: it passed), 1 (check: not yet; solution: still locked),\n"
            "2 (usage, a missing workspace, a tool that failed).\n",
    .run = cmd_exercise,
};
