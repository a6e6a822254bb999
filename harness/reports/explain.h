/* explain.h: `racelab explain ID`, the story of one case. */
#ifndef RACELAB_EXPLAIN_H
#define RACELAB_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"

/* opts selects the case (one selector) and its tools; the unsafe variant is
 * run once under each. Lines fit `width` columns (0: whole): prose and
 * reports wrap, code is cut with "…"; race diagrams fit 80 columns (or
 * `width` when narrower), in ASCII when `ascii`. Returns the exit status (0,
 * 1 if a verdict failed, 2 on a usage or configuration error, with the
 * message on stderr). */
int explain_case(const struct check_options *opts, FILE *out, int width, bool ascii);

/* `diff -u` of files a and b under the given labels, to out, each line cut
 * to `width` columns (0: whole). Returns diff's
 * status: 0 the same, 1 they differ (the diff was written), or -1 when diff
 * could not run (a line saying why was written). */
int explain_diff(FILE *out, int width, const char *a, const char *label_a, const char *b,
                 const char *label_b);

#endif
