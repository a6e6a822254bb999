/* report_diagnostics.c: compiler-style lines (docs/ci.md), so that editors,
 * `make` output parsers and CI log matchers jump to the racing lines:
 *
 *   cases/x.c:37:9: error: data race on 'counter' [racelab-tsan-data-race]
 *   cases/x.c:37:9: note: Previous write of size 8 by thread T2 in worker
 *
 * `error:` for a finding that fails a verdict, `warning:` for the others (the
 * catalog's documented bugs), then one `note:` per other access that reaches
 * user source. A failed verdict without such a finding is an `error:` at the
 * program header's line for the tool. Paths are relative to the current
 * directory when under it, else as the report gives them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "report_common.h"

struct diagnostics {
    FILE *out;
    char *cwd; /* NULL when unknown: paths as given */
};

static void location(struct diagnostics *d, const char *file, int line, int column)
{
    struct strbuf clean = STRBUF_INIT;
    text_add_clean(&clean, report_relative(file ? file : "?", d->cwd));
    fprintf(d->out, "%s:%d:", clean.buf ? clean.buf : "", line > 0 ? line : 1);
    if (column > 0)
        fprintf(d->out, "%d:", column);
    strbuf_release(&clean);
}

/* The rest of a line: one line, valid text. */
static void text(struct diagnostics *d, const char *s)
{
    struct strbuf clean = STRBUF_INIT;
    text_add_clean(&clean, s);
    for (char *p = clean.buf; p && *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    fputs(clean.buf ? clean.buf : "", d->out);
    strbuf_release(&clean);
}

static void diagnose(void *ctx, const struct report_item *it)
{
    struct diagnostics *d = ctx;
    struct strbuf sb = STRBUF_INIT;
    location(d, it->file, it->line, it->column);
    fprintf(d->out, " %s: ", it->level == REPORT_ERROR ? "error" : "warning");
    report_headline(&sb, it);
    struct strbuf seen = STRBUF_INIT;
    report_item_seen(&seen, it);
    if (seen.len && it->tools != 1u << it->tool)
        strbuf_addf(&sb, " (%s)", seen.buf);
    strbuf_release(&seen);
    text(d, sb.buf);
    fprintf(d->out, " [racelab-%s-%s]\n", tool_name(it->tool),
            it->finding ? finding_kind_name(it->finding->kind) : "verdict");
    for (size_t a = 0; it->finding && a < it->finding->naccesses; a++) {
        const struct access *acc = &it->finding->accesses[a];
        int k = access_user_frame(acc, NULL);
        if ((int)a == it->access || k < 0)
            continue;
        const struct frame *fr = &acc->frames[k];
        sb.len = 0;
        report_access_label(&sb, it->tool, acc);
        if (fr->function)
            strbuf_addf(&sb, " in %s", fr->function);
        location(d, fr->file, fr->line, fr->column);
        fputs(" note: ", d->out);
        text(d, sb.buf);
        fputc('\n', d->out);
    }
    strbuf_release(&sb);
}

int report_diagnostics_write(FILE *out, const struct check_report *rep)
{
    struct diagnostics d = {.out = out, .cwd = getcwd(NULL, 0)};
    report_walk(rep, false, diagnose, &d);
    free(d.cwd);
    return ferror(out) ? -1 : 0;
}
