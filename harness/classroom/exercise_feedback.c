/* exercise_feedback.c: what a student reads when a check fails (see
 * exercise_feedback.h): the verdict in one line, the lesson of a wrong fix
 * the exercise's header names, and the tools' reports cut to what helps. */
#define _GNU_SOURCE
#include "exercise_feedback.h"
#include "race_diagram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optout.h"
#include "report.h"
#include "report_common.h"
#include "util.h"

#define FINDINGS_SHOWN 3 /* per tool; the rest counted */

char *feedback_summary(const struct check_report *rep, const struct check_row *row)
{
    enum { FEW = FK__COUNT, CRASH, OTHER, NPROBLEMS }; /* after the finding kinds */
    struct strbuf tools[NPROBLEMS];
    const char *other = NULL, *crash = NULL;
    for (int k = 0; k < NPROBLEMS; k++)
        tools[k] = (struct strbuf)STRBUF_INIT;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct judgement *j = &row->judged[t];
        if (!(rep->tools & (1u << t)) || j->verdict != VERDICT_FAIL)
            continue;
        /* A run killed by a signal or a sandbox limit: "killed by SIGSEGV",
         * "killed: memory limit (1 GB) exceeded". */
        const char *died = NULL;
        for (int k = 0; row->outcomes[t] && k < row->nruns[t] && !died; k++)
            if (row->outcomes[t][k].status == RUN_CRASH)
                died = row->outcomes[t][k].detail;
        bool named = false;
        for (int k = 0; k < NPROBLEMS; k++) {
            bool hit = k < FK__COUNT ? (j->observed & (1u << k)) != 0
                       : k == FEW ? j->threads_seen >= 0 && j->threads_seen < row->prog->min_threads
                       : k == CRASH ? died && (!crash || strcmp(crash, died) == 0)
                                    : !named;
            if (k == CRASH && hit)
                crash = died;
            if (!hit)
                continue;
            named = true;
            strbuf_addf(&tools[k], "%s%s", tools[k].len ? ", " : "", tool_name(t));
            if (k == OTHER && !other)
                other = j->reason;
        }
    }
    struct strbuf sb = STRBUF_INIT;
    for (int k = 0; k < NPROBLEMS; k++) {
        if (!tools[k].len)
            continue;
        const char *what = k < FK__COUNT ? finding_kind_name(k)
                           : k == FEW    ? "fewer threads than the exercise needs"
                           : k == CRASH  ? crash
                                         : other;
        strbuf_addf(&sb, "%s%s (%s)", sb.len ? "; " : "", what, tools[k].buf);
        strbuf_release(&tools[k]);
    }
    return strbuf_detach(&sb);
}

/* ---- wrong fixes ---------------------------------------------------------------------------- */

/* What the failing runs showed, for the recognisers. */
struct evidence {
    unsigned facts;   /* enum optout_fact */
    bool race;        /* a data race was reported */
    bool wrong;       /* a wrong result */
    bool hang;        /* a timeout or a deadlock */
    bool one_locked;  /* a race where one access held a lock and the other none (TSan) */
    bool both_locked; /* a race where both accesses held locks (different ones) */
};

static bool holds_lock(const struct access *a)
{
    return a->what && strstr(a->what, "(mutexes:");
}

static void gather(const struct check_row *row, unsigned facts, struct evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->facts = facts;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct judgement *j = &row->judged[t];
        if (j->verdict != VERDICT_FAIL)
            continue;
        ev->race |= (j->observed & (1u << FK_DATA_RACE)) != 0;
        ev->wrong |= j->oracle_failures > 0;
        ev->hang |= (j->observed & (1u << FK_TIMEOUT)) != 0;
        for (size_t i = 0; t == TOOL_TSAN && i < j->findings.len; i++) {
            const struct finding *f = &j->findings.items[i];
            if (f->kind != FK_DATA_RACE || f->naccesses < 2)
                continue;
            bool a = holds_lock(&f->accesses[0]), b = holds_lock(&f->accesses[1]);
            ev->one_locked |= a != b;
            ev->both_locked |= a && b;
        }
    }
}

/* One recogniser per kind: does the program look like it made this wrong fix? */
static bool made(enum wrong_fix_kind kind, const struct evidence *ev)
{
    bool broken = ev->race || ev->wrong;
    switch (kind) {
    case WRONG_VOLATILE:
        return (ev->facts & FACT_VOLATILE) && broken;
    case WRONG_SLEEP:
        return (ev->facts & FACT_SLEEP) && (broken || ev->hang);
    case WRONG_RELAXED:
        return (ev->facts & FACT_RELAXED) && broken;
    case WRONG_LOCK_WRITE_ONLY:
        return ev->one_locked;
    case WRONG_LOCK_PER_THREAD:
        return ev->both_locked;
    case WRONG__COUNT:
        break;
    }
    return false;
}

char *feedback_wrong_fixes(const struct rl_case *c, const struct check_row *row, unsigned facts)
{
    const struct program *bug = &c->variants[VARIANT_UNSAFE];
    struct evidence ev;
    gather(row, facts, &ev);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < bug->exercise.nwrong_fixes; i++)
        if (made(bug->exercise.wrong_fixes[i].kind, &ev))
            strbuf_addf(&sb, "  - %s\n", bug->exercise.wrong_fixes[i].message);
    return sb.len ? strbuf_detach(&sb) : (strbuf_release(&sb), NULL);
}

/* ---- the tools' reports, for a student ----------------------------------------------------- */

/* DRD sets the scene of each conflict with where the other thread's
 * segment began and ended: true, and ten lines a conflict. Folded. */
static bool scene_setting(const struct access *a)
{
    return a->what && str_starts_with(a->what, "Other segment");
}

/* The picture of the first race the tool reported, two threads on a
 * timeline (race_diagram.h): the student's own lines, in order, with the
 * locks held and the edge that is missing. One a tool: the rest read the
 * same. */
static void feedback_diagram(struct strbuf *sb, enum tool_id tool, const struct judgement *j)
{
    for (size_t i = 0; i < j->findings.len; i++) {
        struct race_diagram d;
        if (race_diagram_build(tool, &j->findings.items[i], &d) < 0)
            continue;
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        if (out) {
            struct diagram_style st = {
                .width = 80, .ascii = race_diagram_locale_ascii(), .indent = "    "};
            race_diagram_print(out, &d, &st);
            fclose(out);
            strbuf_adds(sb, "\n");
            strbuf_add(sb, text, len);
        }
        free(text);
        race_diagram_free(&d);
        return;
    }
}

void feedback_report(struct strbuf *sb, const struct check_report *rep, const struct check_row *row,
                     enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    strbuf_addf(sb, "%s: %s\n", tool_name(tool), j->reason ? j->reason : verdict_name(j->verdict));
    size_t shown = 0, folded = 0;
    for (size_t i = 0; i < j->findings.len; i++) {
        const struct finding *f = &j->findings.items[i];
        if (shown == FINDINGS_SHOWN) {
            strbuf_addf(sb, "  ... and %zu more report%s of the same program\n",
                        j->findings.len - i, j->findings.len - i == 1 ? "" : "s");
            break;
        }
        shown++;
        strbuf_addf(sb, "  %s (%s)\n", finding_kind_name(f->kind),
                    f->tool_kind ? f->tool_kind : "?");
        for (size_t a = 0; a < f->naccesses; a++) {
            if (scene_setting(&f->accesses[a])) {
                folded++;
                continue;
            }
            struct strbuf line = STRBUF_INIT;
            if (report_format_access(&line, tool, &f->accesses[a], rep->catalog.root))
                strbuf_addf(sb, "    %s\n", line.buf);
            strbuf_release(&line);
        }
    }
    if (folded)
        strbuf_addf(sb,
                    "  (%zu lines of where DRD's other segments began and ended left out: "
                    "`racelab explain` shows a case's whole reports)\n",
                    folded);
    feedback_diagram(sb, tool, j);
}
