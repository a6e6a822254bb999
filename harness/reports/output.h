/* output.h: the reports a command writes, and where.
 *
 * `--format F` may be given several times, each optionally followed by
 * `--output FILE` for that format: `--format sarif --output r.sarif --format
 * junit --output r.xml` writes both from one run. Without --format, the text
 * matrix goes to stdout. At most one format may go to stdout (besides
 * `github`, whose workflow commands come last). The text
 * matrix streams row by row as the engine completes them; the others are
 * written when the run is over. */
#ifndef RACELAB_OUTPUT_H
#define RACELAB_OUTPUT_H

#include <stdio.h>

#include "check.h"
#include "report.h"

#define MAX_OUTPUTS 8

struct report_output {
    const char *format; /* text, json, sarif, junit, github, diagnostics, html */
    const char *path;   /* NULL: stdout */
    FILE *file;
};

struct report_outputs {
    struct report_output items[MAX_OUTPUTS];
    size_t n;
    struct text_report text; /* the streaming matrix, when a text output exists */
    int text_index;          /* -1: none */
    bool text_deferred;      /* --update-baseline: rows written at the end, judged anew */
    bool wide;               /* --wide: full lines, whatever the terminal's width */
};

void outputs_init(struct report_outputs *o);
/* --format F: returns 0, or 2 after printing a usage error. */
int outputs_add_format(struct report_outputs *o, const char *format);
/* --output FILE, for the last --format (or for the default text). */
int outputs_add_path(struct report_outputs *o, const char *path);
/* Open every file (defaulting to text on stdout), and stream the text
 * matrix through opts->on_row. Returns 0, or 2 after printing why. */
int outputs_open(struct report_outputs *o, struct check_options *opts);
/* Write every non-text format and the text summary; close the files.
 * Returns 0, or 2 when a report could not be written. */
int outputs_finish(struct report_outputs *o, const struct check_report *rep);
/* Close whatever is open (after an error). */
void outputs_close(struct report_outputs *o);

/* "text, json, sarif, ..." for messages and --help. */
extern const char report_format_names[];

#endif
