/* exercise_cli.c: what `racelab exercise`'s commands (cmd_exercise.c) and
 * its watch loop (exercise_watch.c) print: progress, hints, a check's verdict.
 *
 * What a student sees: short, in the order they need it, always ending with
 * the next command to type. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exercise_cli.h"
#include "explain.h"
#include "util.h"

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

int exercise_save(struct exercise_session *s)
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
    if (p->exercise.nhints == 0) {
        fprintf(out, "%s has no hints; racelab explain %s tells its whole story\n", c->id, c->id);
        return 0;
    }
    if (reveal && (size_t)st->hints_seen < p->exercise.nhints)
        st->hints_seen++;
    if (st->hints_seen == 0)
        st->hints_seen = 1;
    int width = output_width(out);
    char *heading = xasprintf("%s: %s", c->id, p->title);
    fput_wrapped(out, heading, 0, 2, width);
    free(heading);
    /* Each hint under its label, wrapped to the terminal: one line of 230
     * columns is unreadable on 80. */
    for (int k = 0; k < st->hints_seen; k++) {
        fprintf(out, "  %shint %d of %zu (%s):%s\n", paint(s, "\033[1m"), k + 1, p->exercise.nhints,
                k < 3 ? hint_level[k] : "one more", paint(s, "\033[0m"));
        fput_wrapped(out, p->exercise.hints[k], 4, 4, width);
    }
    if ((size_t)st->hints_seen < p->exercise.nhints)
        fprintf(out, "  more: racelab exercise hint %s\n", c->id);
    else
        fprintf(out, "  that was the last hint; racelab explain %s tells the whole story\n", c->id);
    return exercise_save(s);
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
        else if ((size_t)next <= p->exercise.nhints)
            fprintf(out, "  stuck? racelab exercise hint %s (hint %d of %zu: %s)\n", c->id, next,
                    p->exercise.nhints, next <= 3 ? hint_level[next - 1] : "one more");
        rc = res.tool_error ? 2 : 1;
    }
    exercise_print_progress(s, out);
    exercise_result_free(&res);
    int saved = exercise_save(s);
    return saved ? saved : rc;
}
