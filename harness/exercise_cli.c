/* exercise_cli.c: `racelab exercise start|list|check|hint|watch|reset|solution`.
 *
 * What a student sees: short, in the order they need it, always ending with
 * the next command to type. Exit status: 0 (check: it passed), 1 (check: not
 * yet; solution: still locked), 2 (usage, a missing workspace, a tool that
 * failed). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exercise_cli.h"
#include "explain.h"
#include "util.h"

static const char exercise_usage[] =
    "usage: racelab exercise COMMAND [--dir DIR] ...\n"
    "  start                 copy every exercise into DIR (default: exercises/ in the catalog);\n"
    "                        files already there are yours and are never overwritten\n"
    "  list                  your progress: done, pending, the current exercise\n"
    "  check [ID] [--runs N] is your fix race-free, still concurrent and still right?\n"
    "                        (N runs per tool, 3 by default, on sizes chosen afresh each run)\n"
    "  hint [ID]             the next hint (a nudge, the concept, nearly the solution)\n"
    "  watch [ID] [--runs N] check again on every save; keys: n next, h hint, l list, q quit\n"
    "  reset ID [--yes]      put the original buggy program back (asks first)\n"
    "  solution ID           once ID passes: the safe twin beside your fix, and the Rust twin\n"
    "ID defaults to the current exercise; IDs look like threads/shared-counter.\n";

static const char *const hint_level[] = {"a nudge", "the concept", "nearly the solution"};

bool exercise_color(FILE *out)
{
    const char *no = getenv("NO_COLOR");
    return isatty(fileno(out)) && !(no && *no);
}

static const char *paint(const struct exercise_session *s, const char *code)
{
    return s->color ? code : "";
}

void exercise_print_progress(const struct exercise_session *s, FILE *out)
{
    size_t done = workspace_done(&s->ws), total = s->cat.len, width = 20;
    size_t filled = total ? done * width / total : 0;
    fputs("  progress [", out);
    for (size_t i = 0; i < width; i++)
        fputc(i < filled ? '#' : '-', out);
    fprintf(out, "] %zu/%zu done\n", done, total);
}

/* The first pending exercise after index (wrapping), or -1 when all are done. */
int exercise_next_pending(const struct exercise_session *s, int index)
{
    for (size_t k = 1; k <= s->cat.len; k++) {
        size_t i = ((size_t)index + k) % s->cat.len;
        if (!s->ws.state[i].done)
            return (int)i;
    }
    return -1;
}

static int save(struct exercise_session *s)
{
    char *err = NULL;
    if (workspace_save(&s->ws, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    return 0;
}

int exercise_print_hint(struct exercise_session *s, int i, bool reveal, FILE *out)
{
    const struct rl_case *c = &s->cat.cases[i];
    const struct program *p = &c->variants[VARIANT_UNSAFE];
    struct exercise_state *st = &s->ws.state[i];
    if (p->nhints == 0) {
        fprintf(out, "%s has no hints; racelab explain %s tells its whole story\n", c->id, c->id);
        return 0;
    }
    if (reveal && (size_t)st->hints_seen < p->nhints)
        st->hints_seen++;
    if (st->hints_seen == 0)
        st->hints_seen = 1;
    fprintf(out, "%s: %s\n", c->id, p->title);
    for (int k = 0; k < st->hints_seen; k++)
        fprintf(out, "  %shint %d of %zu (%s):%s %s\n", paint(s, "\033[1m"), k + 1, p->nhints,
                k < 3 ? hint_level[k] : "one more", paint(s, "\033[0m"), p->hints[k]);
    if ((size_t)st->hints_seen < p->nhints)
        fprintf(out, "  more: racelab exercise hint %s\n", c->id);
    else
        fprintf(out, "  that was the last hint; racelab explain %s tells the whole story\n", c->id);
    return save(s);
}

/* A progress bar on a terminal while the runs go on (a check of a correct
 * fix takes several seconds): redrawn in place, then erased. */
struct progress {
    FILE *out;
    bool shown;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    size_t width = 20, filled = total ? done * width / total : width;
    fprintf(p->out, "\r  running [");
    for (size_t k = 0; k < width; k++)
        fputc(k < filled ? '#' : '-', p->out);
    fprintf(p->out, "] %zu of %zu runs", done, total);
    fflush(p->out);
    p->shown = true;
}

int exercise_check_print(struct exercise_session *s, int i, FILE *out)
{
    const struct rl_case *c = &s->cat.cases[i];
    struct exercise_result res;
    char *err = NULL;
    s->ws.current = c;
    fprintf(out, "checking %s (%s.c): %d run%s per tool...\n", c->id, c->id, s->opts.runs,
            s->opts.runs == 1 ? "" : "s");
    fflush(out);
    struct progress progress = {.out = out};
    if (isatty(fileno(out))) {
        s->opts.on_progress = show_progress;
        s->opts.progress_ctx = &progress;
    }
    int checked = exercise_check(&s->opts, c, s->ws.dir, &res, &err);
    s->opts.on_progress = NULL;
    if (progress.shown)
        fputs("\r\033[K", out);
    if (checked < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    int rc;
    if (res.warnings)
        fprintf(out, "compiler warnings (-Wall -Wextra):\n%s", res.warnings);
    if (res.passed) {
        s->ws.state[i].done = true;
        char more[96] = "";
        if (res.confirming)
            snprintf(more, sizeof more, " (and %d more to see the threads overlap)",
                     res.confirming);
        fprintf(out,
                "%sPASS%s %s: race-free under every tool in %d runs%s, still concurrent, right "
                "answer.\n  compare with the reference: racelab exercise solution %s\n",
                paint(s, "\033[32m"), paint(s, "\033[0m"), c->id, s->opts.runs, more, c->id);
        rc = 0;
    } else {
        const struct program *p = &c->variants[VARIANT_UNSAFE];
        fprintf(out, "%s%s%s %s: %s\n", paint(s, "\033[31m"),
                res.tool_error                   ? "ERROR"
                : res.status == EXERCISE_REFUSED ? "REFUSED"
                                                 : "NOT YET",
                paint(s, "\033[0m"), c->id, res.reason);
        if (res.lesson)
            fprintf(out, "%sthat looks like a fix this exercise warns about:%s\n%s",
                    paint(s, "\033[1m"), paint(s, "\033[0m"), res.lesson);
        fputs(res.report ? res.report : "", out);
        int next = s->ws.state[i].hints_seen + 1;
        if (res.tool_error)
            fputs("  a tool failed under your program: that is not a verdict on your fix\n", out);
        else if ((size_t)next <= p->nhints)
            fprintf(out, "  stuck? racelab exercise hint %s (hint %d of %zu: %s)\n", c->id, next,
                    p->nhints, next <= 3 ? hint_level[next - 1] : "one more");
        rc = res.tool_error ? 2 : 1;
    }
    exercise_print_progress(s, out);
    exercise_result_free(&res);
    int saved = save(s);
    return saved ? saved : rc;
}

static int cmd_list_exercises(struct exercise_session *s)
{
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
            printf(" (hints %d/%zu)", st->hints_seen, c->variants[VARIANT_UNSAFE].nhints);
        putchar('\n');
    }
    exercise_print_progress(s, stdout);
    if (s->ws.current)
        printf("  current: %s (racelab exercise check)\n", s->ws.current->id);
    return 0;
}

/* Reset ID: the original buggy program back, after a yes. */
static int cmd_reset(struct exercise_session *s, int i, bool yes)
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
                rc = save(s);
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
static int cmd_solution(struct exercise_session *s, int i)
{
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
    if (explain_diff(stdout, mine, label_a, twin, label_b) == 0)
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

int cmd_exercise(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},  {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'}, {"yes", no_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(exercise_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    struct exercise_session s = {.color = exercise_color(stdout)};
    struct check_options defaults = check_defaults(g);
    s.opts = (struct exercise_check_options){.catalog_root = g->root,
                                             .build_dir = g->build_dir,
                                             .shim_dir = g->shim_dir,
                                             .runs = 3,
                                             .jobs = defaults.jobs};
    char *dir = xasprintf("%s/exercises", g->root);
    bool yes = false;
    int c, rc = 0;
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc - 1, argv + 1, "j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            free(dir);
            dir = xstrdup(optarg);
            break;
        case 'r':
            rc = parse_positive(optarg, "--runs needs a number from 1 to 1000, not '%s'", 1000,
                                &s.opts.runs);
            break;
        case 'j':
            rc = parse_positive(optarg, "-j needs a number from 1 to 256, not '%s'", 256,
                                &s.opts.jobs);
            break;
        case 'y':
            yes = true;
            break;
        case 'h':
            fputs(exercise_usage, stdout);
            free(dir);
            return 0;
        default:
            rc = 2;
        }
    }
    const char *id = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (rc == 0 && optind + 2 < argc)
        rc = usage_error("exercise takes at most one ID, not '%s'", argv[optind + 2]);
    static const char *const subs[] = {"start", "list",  "check",    "hint",
                                       "watch", "reset", "solution", NULL};
    size_t k = 0;
    while (subs[k] && strcmp(subs[k], sub) != 0)
        k++;
    if (rc == 0 && !subs[k])
        rc = usage_error("unknown exercise command '%s' (start, list, check, hint, watch, reset, "
                         "solution)",
                         sub);
    if (rc == 0 && (strcmp(sub, "reset") == 0 || strcmp(sub, "solution") == 0) && !id)
        rc = usage_error("exercise %s needs an ID (e.g. threads/shared-counter)", sub);
    char *err = NULL;
    if (rc == 0 && catalog_load(g->root, &s.cat, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        free(dir);
        return 2;
    }
    if (rc == 0 && strcmp(sub, "start") == 0) {
        size_t copied, kept;
        if (workspace_start(dir, &s.cat, &s.ws, &copied, &kept, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        } else {
            printf("%zu exercises in %s (%zu copied, %zu of yours kept as they were)\n", s.cat.len,
                   s.ws.dir, copied, kept);
            exercise_print_progress(&s, stdout);
            printf("  start with: racelab exercise check %s   (or: racelab exercise watch)\n",
                   s.ws.current ? s.ws.current->id : "ID");
        }
    } else if (rc == 0) {
        if (workspace_open(dir, &s.cat, &s.ws, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        } else if (strcmp(sub, "list") == 0) {
            rc = cmd_list_exercises(&s);
        } else {
            int i = pick(&s, id);
            if (i < 0)
                rc = 2;
            else if (strcmp(sub, "check") == 0)
                rc = exercise_check_print(&s, i, stdout);
            else if (strcmp(sub, "hint") == 0)
                rc = exercise_print_hint(&s, i, true, stdout);
            else if (strcmp(sub, "watch") == 0)
                rc = exercise_watch(&s, i);
            else if (strcmp(sub, "reset") == 0)
                rc = cmd_reset(&s, i, yes);
            else
                rc = cmd_solution(&s, i);
        }
    }
    workspace_free(&s.ws);
    if (s.cat.cases)
        catalog_free(&s.cat);
    free(dir);
    return rc;
}
