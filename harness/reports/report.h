/* report.h: rendering a check report for people (text) and programs (JSON).
 * The JSON schema is documented in docs/json-report.md. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "catch_point.h"
#include "check.h"
#include "util.h"

struct text_report {
    FILE *out;
    bool color;
    int width;   /* columns to fit (output_width); 0: --wide, full lines */
    bool narrow; /* the matrix did not fit: a row per variant, short cells, a legend */
    int case_width;
    char **na_reasons; /* footnotes, numbered in order of first appearance */
    size_t n_na;
};

/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
bool report_use_color(FILE *out);

void text_report_init(struct text_report *tr, FILE *out, bool color, int width);
/* Print one row (the column headings before the first); the check engine's on_row callback. */
void text_report_row(void *tr, const struct check_report *rep, size_t row);
void text_report_summary(struct text_report *tr, const struct check_report *rep);
void text_report_free(struct text_report *tr);

/* The place a finding is reported at, for people: "cases/x.c:31 in worker". */
void report_format_frame(struct strbuf *sb, const struct frame *fr, const char *root);
/* "thread T1", "main thread", "thread #2", by the tool's numbering. */
void report_format_thread(struct strbuf *sb, enum tool_id tool, int thread);

/* "Write of size 4 by thread T1 at cases/x.c:31 in worker": an access at its
 * first user frame. Returns that frame, or NULL (nothing written) when the
 * access has no frame in user source. */
const struct frame *report_format_access(struct strbuf *sb, enum tool_id tool,
                                         const struct access *acc, const char *root);

/* A matrix cell as the terminal shows it: "pass 1/1", "FAIL 0/2", "pass
 * E0499" (a rustc rejection, "E0373+" for several codes), "-" (skip), or
 * "n/a [footnote]". */
void report_format_cell(struct strbuf *sb, const struct judgement *j, size_t footnote);

/* What the summary under the matrix counts, over the buggy programs: per
 * tool, those it caught (its verdict passed and it reports the bug itself),
 * and at which stage each was caught earliest, in C and in Rust. */
struct caught_tally {
    size_t nunsafe;
    size_t caught[TOOL__COUNT];
    size_t c_stage[CATCH_UNKNOWN + 1], rust_stage[CATCH_UNKNOWN + 1];
};
void report_tally_caught(const struct check_report *rep, struct caught_tally *out);

/* racelab's version, as reports name it (SARIF's tool.driver.version). */
#define RACELAB_VERSION "0.4.0"

int report_json_write(FILE *out, const struct check_report *rep);

/* The CI formats (docs/ci.md). Each writes the whole report and returns 0,
 * or -1 when writing failed. Paths in them are relative to the catalog root
 * (rep->catalog.root) when under it. */
/* SARIF 2.1.0 for GitHub code scanning: one rule per finding kind, a result
 * per finding at its first access, the other accesses as relatedLocations,
 * the threads' stacks as codeFlows, partialFingerprints from fingerprint.h;
 * filtered findings carry suppressions / baselineState. */
int report_sarif_write(FILE *out, const struct check_report *rep);
/* JUnit XML: one testcase per (case or program, variant, tool) verdict. */
int report_junit_write(FILE *out, const struct check_report *rep);
/* GitHub workflow commands (::error file=...,line=...::), capped. */
int report_github_write(FILE *out, const struct check_report *rep);
/* Compiler-style lines: file:line:col: error: ... [racelab-TOOL-KIND], with notes. */
int report_diagnostics_write(FILE *out, const struct check_report *rep);
/* One self-contained HTML page: matrix, details, highlighted source excerpts. */
int report_html_write(FILE *out, const struct check_report *rep);

#endif
