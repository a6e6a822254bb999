/* report_github.c: GitHub Actions workflow commands (docs/ci.md):
 * `::error file=F,line=L,col=C,title=T::MESSAGE` for every finding that fails
 * a verdict and every failed verdict no finding explains (at the program's
 * header line), so that the step's log and the pull request show them.
 *
 * GitHub shows at most 10 error annotations per step (50 per job) and drops
 * the rest silently. So the 10 most important are printed (first one per
 * failing (program, tool), in catalog order, then the others), and one notice
 * says how many more there are and where to read them. A clean run prints one
 * notice. Findings of a kind that is only a warning (racelab run's thread
 * leaks) are `::warning` annotations, 10 at most too. Expected findings (the
 * catalog's documented bugs) print nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_common.h"

#define GITHUB_MAX_ERRORS 10

/* Workflow command data: '%', CR and LF escaped (GitHub's escapeData). */
static void add_data(struct strbuf *sb, const char *s, bool property)
{
    struct strbuf clean = STRBUF_INIT;
    text_add_clean(&clean, s ? s : "");
    for (const char *p = clean.buf ? clean.buf : ""; *p; p++) {
        switch (*p) {
        case '%':
            strbuf_adds(sb, "%25");
            break;
        case '\r':
            strbuf_adds(sb, "%0D");
            break;
        case '\n':
            strbuf_adds(sb, "%0A");
            break;
        case ':':
        case ',':
            /* Properties (escapeProperty) also escape their separators. */
            if (property) {
                strbuf_adds(sb, *p == ':' ? "%3A" : "%2C");
                break;
            }
            /* fall through */
        default:
            strbuf_addch(sb, *p);
        }
    }
    strbuf_release(&clean);
}

struct annotation {
    char *line;
    int rank; /* errors: 0 the first of its (program, tool), 1 the others; 2 warnings */
    size_t seq;
};

struct github {
    const struct check_report *rep;
    struct annotation *items;
    size_t n, cap;
    const struct check_row *last_row;
    int last_tool;
    size_t warnings; /* of the n items */
};

static void message(struct strbuf *msg, const struct github *g, const struct report_item *it)
{
    const struct judgement *j = &it->row->judged[it->tool];
    struct strbuf text = STRBUF_INIT;
    report_headline(&text, it);
    if (it->finding) {
        const char *why = it->level == REPORT_WARNING && !it->expected
                              ? (j->note ? j->note : "warning")
                              : (j->reason ? j->reason : "failed");
        struct strbuf seen = STRBUF_INIT;
        report_item_seen(&seen, it);
        if (seen.len)
            strbuf_addf(&text, " (%s)", seen.buf);
        strbuf_release(&seen);
        strbuf_addf(&text, "\n%s on %s: %s", tool_name(it->tool), it->prog->path, why);
        const struct finding *f = it->finding;
        for (size_t a = 0; a < f->naccesses; a++) {
            struct strbuf place = STRBUF_INIT;
            if (report_access_place(&place, it->tool, &f->accesses[a], g->rep->catalog.root))
                strbuf_addf(&text, "\n%s", place.buf);
            strbuf_release(&place);
        }
    } else {
        strbuf_addf(&text, "\non %s", it->prog->path);
    }
    add_data(msg, text.buf, false);
    strbuf_release(&text);
}

static void collect(void *ctx, const struct report_item *it)
{
    struct github *g = ctx;
    bool warning = it->level == REPORT_WARNING && !it->expected;
    if (it->level != REPORT_ERROR && !warning)
        return;
    struct strbuf sb = STRBUF_INIT, title = STRBUF_INIT;
    strbuf_adds(&sb, warning ? "::warning file=" : "::error file=");
    add_data(&sb, report_relative(it->file, g->rep->catalog.root), true);
    strbuf_addf(&sb, ",line=%d", it->line);
    if (it->column > 0)
        strbuf_addf(&sb, ",col=%d", it->column);
    strbuf_adds(&title, "racelab ");
    report_item_tools(&title, it);
    strbuf_adds(&title, ": ");
    if (it->finding)
        report_headline(&title, it);
    else
        strbuf_adds(&title, report_rule(REPORT_RULE_VERDICT)->words);
    strbuf_adds(&sb, ",title=");
    add_data(&sb, title.buf, true);
    strbuf_adds(&sb, "::");
    message(&sb, g, it);
    strbuf_release(&title);

    g->items = grow_array(g->items, &g->cap, g->n + 1, sizeof *g->items);
    bool first = it->row != g->last_row || (int)it->tool != g->last_tool;
    g->items[g->n] = (struct annotation){strbuf_detach(&sb), warning ? 2 : first ? 0 : 1, g->n};
    g->n++;
    if (warning) {
        g->warnings++;
        return;
    }
    g->last_row = it->row;
    g->last_tool = (int)it->tool;
}

static int by_importance(const void *a, const void *b)
{
    const struct annotation *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int report_github_write(FILE *out, const struct check_report *rep)
{
    struct github g = {.rep = rep, .last_tool = -1};
    report_walk(rep, false, collect, &g);
    if (g.n)
        qsort(g.items, g.n, sizeof *g.items, by_importance);
    size_t errors = g.n - g.warnings;
    for (size_t i = 0; i < errors && i < GITHUB_MAX_ERRORS; i++)
        fprintf(out, "%s\n", g.items[i].line);
    for (size_t i = errors; i < g.n && i - errors < GITHUB_MAX_ERRORS; i++)
        fprintf(out, "%s\n", g.items[i].line);
    if (errors > GITHUB_MAX_ERRORS && g.warnings <= GITHUB_MAX_ERRORS)
        fprintf(out,
                "::notice title=racelab::%zu more errors not annotated (GitHub shows %d per "
                "step); all %zu are in the SARIF and JUnit reports (--format sarif or "
                "--format junit, with --output FILE)\n",
                errors - GITHUB_MAX_ERRORS, GITHUB_MAX_ERRORS, errors);
    else if (g.warnings > GITHUB_MAX_ERRORS)
        fprintf(out,
                "::notice title=racelab::%zu more errors and %zu more warnings not annotated "
                "(GitHub shows %d of each per step); all are in the SARIF report (--format "
                "sarif, with --output FILE)\n",
                errors > GITHUB_MAX_ERRORS ? errors - GITHUB_MAX_ERRORS : 0,
                g.warnings > GITHUB_MAX_ERRORS ? g.warnings - GITHUB_MAX_ERRORS : 0,
                GITHUB_MAX_ERRORS);
    if (!errors)
        fprintf(out, "::notice title=racelab::every expectation met: %d pass, %d fail, %d n/a\n",
                rep->pass, rep->fail, rep->na);
    for (size_t i = 0; i < g.n; i++)
        free(g.items[i].line);
    free(g.items);
    return ferror(out) ? -1 : 0;
}
