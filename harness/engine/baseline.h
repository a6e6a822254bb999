/* baseline.h: a file of known findings, by fingerprint (fingerprint.h), so
 * that a pipeline fails on new findings only (docs/baselines.md).
 *
 * The file is text that code review can read and diff:
 *
 *     racelab-baseline 1
 *     3f0c5a1b2d4e6f70 tsan data-race src/queue.c:push:`q->len++;` | src/queue.c:pop:`q->len--;`
 *
 * one finding a line: its fingerprint, then finding_fingerprint_text() (the
 * tool, the kind and the places the fingerprint is made of), for people; the
 * lines are sorted by that text, then by fingerprint, and each fingerprint
 * appears once, so the same findings always give the same bytes.
 *
 * How the engine uses it:
 *   --baseline FILE: baseline_load() once (an error is a configuration
 *     error, exit 2), then baseline_filter() on each run's findings before
 *     verdict_judge(), after suppressions_filter(): what it moves out is
 *     marked FILTER_BASELINE (judgement.filtered; SARIF's baselineState).
 *   --update-baseline: baseline_add() for each (tool, finding) to accept,
 *     then baseline_write() to FILE. */
#ifndef RACELAB_BASELINE_H
#define RACELAB_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "fingerprint.h"
#include "tool.h"

struct baseline_entry {
    struct fingerprint fp;
    enum tool_id tool;
    enum finding_kind kind;
    char *text; /* finding_fingerprint_text(): "tsan data-race src/queue.c:push:`...`" */
    int line;   /* where baseline_load() read it; 0 when added */
};

struct baseline {
    struct baseline_entry *entries; /* sorted by fingerprint, each once */
    size_t len, cap;
};

#define BASELINE_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Read a baseline file. Returns 0, or -1 with *err (malloc'd) "PATH:LINE:
 * what is wrong" (a first line other than "racelab-baseline 1", a line that
 * is not FINGERPRINT TOOL KIND ..., an unknown tool or kind, a fingerprint
 * listed twice) or "PATH: cannot read: ..."; *out is then empty. */
int baseline_load(const char *path, struct baseline *out, char **err);
/* The same on a file's text (len bytes, NUL bytes refused); path names it
 * in *err. */
int baseline_parse(const char *text, size_t len, const char *path, struct baseline *out,
                   char **err);
void baseline_free(struct baseline *b);

bool baseline_contains(const struct baseline *b, const struct fingerprint *fp);

/* Add f as reported by `tool` (`root` as for finding_fingerprint); a
 * fingerprint already there is not added again. */
void baseline_add(struct baseline *b, enum tool_id tool, const struct finding *f, const char *root);

/* The file's content, sorted (see above). malloc'd. */
char *baseline_text(const struct baseline *b);

/* Write baseline_text() to `path` atomically: a temporary file in the same
 * directory, flushed to disk, renamed over `path` (mode 0644). Returns 0, or
 * -1 with *err "PATH: cannot write: ..." and `path` untouched. */
int baseline_write(const struct baseline *b, const char *path, char **err);

/* Move the findings of `findings` whose fingerprint (as reported by `tool`)
 * is in the baseline to the end of `filtered`, marked FILTER_BASELINE; both
 * keep their order. Returns how many moved. */
size_t baseline_filter(const struct baseline *b, enum tool_id tool, const char *root,
                       struct finding_list *findings, struct finding_list *filtered);

#endif
