/* report_common.h: what the CI report writers (report_sarif.c, report_junit.c,
 * report_github.c, report_diagnostics.c) share, so that the four say the same
 * thing about the same check report:
 *
 * - which findings fail a verdict (an error), which are the catalog's
 *   documented bugs (a warning), and which failed verdicts no finding
 *   explains (reported at the program's header line);
 * - where each is reported, and how it is named ("data race on 'counter'");
 * - one rule per finding kind, in enum order, plus one for a failed verdict;
 * - text that consumers accept: valid UTF-8, XML 1.0 characters only. */
#ifndef RACELAB_REPORT_COMMON_H
#define RACELAB_REPORT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "encode.h"
#include "util.h"

enum report_level {
    REPORT_ERROR,   /* it fails a verdict (or would, had nothing filtered it) */
    REPORT_WARNING, /* an expected finding (the catalog's documented bug), or a kind that is
                       only a warning (expectation.warn_kinds: racelab run's thread leaks) */
    REPORT_NOTE,    /* neither: seen in a run the verdict did not count (a killed run) */
};
const char *report_level_name(enum report_level level); /* "error", "warning", "note" */

/* One thing a CI report shows: a bug (a finding of one (row, tool) cell, and
 * the same bug as the row's other tools saw it), or a failed verdict none of
 * whose findings is an error (a missed expected finding, a timeout, a crash,
 * a build or tool error). */
struct report_item {
    const struct check_row *row;
    enum tool_id tool;
    const struct program *prog;    /* the program judged (rustc: the Rust twin) */
    const struct finding *finding; /* NULL: the failed verdict itself */
    enum report_level level;
    bool expected; /* the finding's kind is the row's documented bug */
    bool filtered; /* from judgement.filtered (finding->filtered_by says why) */
    /* Where it is reported: the first access's first user frame (else any
     * access's); a failed verdict, or a finding without one, at the header
     * line of the tool's expectation. `file` is the frame's file as the tool
     * gave it, or the program's absolute path. */
    int access; /* index of that access, -1 when at the header */
    const char *file;
    int line, column; /* column 0: unknown */
    /* The tools that reported this bug (bit 1u << tool): `tool`, the first in
     * enum order, and those whose findings report_walk merged into it; level
     * is the most severe of theirs. seen[t]: in how many of tool t's judged
     * runs it was reported (0: not counted, as for a filtered finding). */
    unsigned tools;
    int seen[TOOL__COUNT];
};

/* The kinds a row expects of a tool (bit 1u << kind): its header's kinds on
 * an unsafe program (compile-error for a twin rustc must reject), else none. */
unsigned report_expected_kinds(const struct check_row *row, enum tool_id tool);

/* Call fn for every item of the report (report_walk.c), in catalog order
 * (rows, then tools in enum order; per cell its findings, then its failed
 * verdict when no finding explains it, then, with `filtered`, its filtered
 * findings), one item per bug: a finding another tool of the row also
 * reported (same kind, user lines that meet) is shown once, at the first. */
typedef void (*report_visit_fn)(void *ctx, const struct report_item *item);
void report_walk(const struct check_report *rep, bool filtered, report_visit_fn fn, void *ctx);
/* The same for one row, rep->rows[r]. */
void report_walk_row(const struct check_report *rep, size_t r, bool filtered, report_visit_fn fn,
                     void *ctx);
/* "tsan + helgrind": the item's tools. */
void report_item_tools(struct strbuf *sb, const struct report_item *it);
/* Where the bug was seen: "in 3/5 runs, tsan + helgrind", or "in 5/5 runs
 * of tsan, 2/5 of drd" when the counts differ; nothing when not counted. */
void report_item_seen(struct strbuf *sb, const struct report_item *it);

/* The program judged for a tool: the Rust twin for rustc, else the row's. */
const struct program *report_judged_program(const struct check_row *row, enum tool_id tool);

/* A path relative to `dir` when under it (absolute dir, no trailing slash),
 * else the path unchanged. */
const char *report_relative(const char *file, const char *dir);

/* The variable a finding is about, from the tool's location words (TSan
 * "global 'x'", Helgrind "data symbol "x"", "global var "x""): malloc'd, or
 * NULL when the tool named none (heap blocks, DRD without --read-var-info). */
char *report_variable_name(const struct finding *f);

/* One line naming an item: "data race on 'counter'", "lock-order inversion
 * (potential deadlock)"; a static tool's own warning; rustc's "E0499: cannot
 * borrow ..."; for a failed verdict, "tsan: <reason>". */
void report_headline(struct strbuf *sb, const struct report_item *item);

/* An access in stable words (no addresses or thread ids, which change every
 * run): "Previous write of size 8 by thread T2". */
void report_access_label(struct strbuf *sb, enum tool_id tool, const struct access *acc);

/* report_access_label, then " at FILE:LINE in FUNCTION" at its first user
 * frame (FILE relative to root when under it); that frame, or NULL (and only
 * the label) when it has none. */
const struct frame *report_access_place(struct strbuf *sb, enum tool_id tool,
                                        const struct access *acc, const char *root);

/* The condensed report of a cell as the text report prints it: "tsan on
 * FILE: REASON", then each finding and its accesses, indented. */
void report_condensed(struct strbuf *sb, const struct check_report *rep,
                      const struct check_row *row, enum tool_id tool);

/* A bug as people read it: its headline, where, and where it was seen,
 * "data race on 'counter' at x.c:4 (in 4/4 runs, tsan + drd)", then each
 * access of the first tool's finding on its own line, indented. */
void report_bug_text(struct strbuf *sb, const struct check_report *rep,
                     const struct report_item *it);

/* One rule per finding kind in enum order, then the failed-verdict rule:
 * REPORT_RULES of them; a finding's rule index is its kind. */
#define REPORT_RULE_VERDICT FK__COUNT
#define REPORT_RULES        (FK__COUNT + 1)
struct report_rule {
    const char *slug;  /* "verdict-failed": a rule that is not a kind (report_rule_slug) */
    const char *name;  /* "DataRace" */
    const char *words; /* "data race" */
    const char *full;  /* one paragraph: what it is */
    const char *help;  /* one paragraph: what to do about it */
};
const struct report_rule *report_rule(int index);
/* "data-race" (a kind's name), "verdict-failed": racelab/<slug> in SARIF, JUnit's type. */
const char *report_rule_slug(int index);
int report_item_rule(const struct report_item *item);

/* ` name="value"`, escaped. */
void report_xml_attr(FILE *out, const char *name, const char *value);

#endif
