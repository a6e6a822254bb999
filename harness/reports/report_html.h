/* report_html.h: what the two halves of the HTML report share. The page
 * (report_html.c) writes the head, the run's facts, the matrix and the n/a
 * footnotes; the case details (report_html_case.c) write, per case, each
 * tool's verdict, the findings and the source excerpts. */
#ifndef RACELAB_REPORT_HTML_H
#define RACELAB_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "check.h"

struct html_page {
    FILE *out;
    const struct check_report *rep;
    char **na; /* distinct n/a reasons, footnote k is na[k - 1], in order of first appearance */
    size_t nna;
};

/* The footnote number of an n/a reason (the terminal's numbering). */
size_t html_footnote(const struct html_page *pg, const char *reason);

/* "pass", "fail", "na", "skip": the CSS class of a verdict. */
const char *html_verdict_class(enum verdict v);

/* One verdict as a table cell, coloured, with the terminal's text; an n/a
 * cell links to its footnote. */
void html_verdict_cell(const struct html_page *pg, const struct judgement *j);

/* The earliest catch of a buggy row ("C: detector (tsan) · Rust: compile"),
 * escaped; nothing when unknown. */
void html_catch_point(const struct html_page *pg, const struct check_row *row);

/* A case's id, linking to its section, and its title. */
void html_case_name(const struct html_page *pg, const struct rl_case *c);

/* Every case: its story from the headers and, per program and tool, the
 * verdict, the findings and the source they point at. */
void html_case_sections(const struct html_page *pg);

#endif
