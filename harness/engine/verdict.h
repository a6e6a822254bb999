/* verdict.h: comparing what the runs of one program under one tool showed
 * with what its header expects. Pure logic, no I/O: the unit tests drive it
 * with hand-made run outcomes. */
#ifndef RACELAB_VERDICT_H
#define RACELAB_VERDICT_H

#include "case.h"
#include "finding.h"
#include "tool.h"

/* SKIP: the program has no expectation for this optional tool (native); it
 * was not run and is not counted. */
enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_NA, VERDICT_SKIP };
const char *verdict_name(enum verdict v); /* "pass", "fail", "n/a", "skip" */

struct judgement {
    enum verdict verdict;
    char *reason; /* fail: why (every reason, "; "-separated); n/a: the header's reason */
    int runs;
    int detected; /* unsafe: runs that showed every expected kind; safe: runs with any finding */
    unsigned observed;            /* union over runs of the kinds seen (bit 1u << kind) */
    int oracle_failures;          /* runs whose oracle failed */
    char *oracle_note;            /* the first oracle failure, for display; NULL if none */
    long threads_seen;            /* fewest threads started in a completed run; -1 unknown */
    struct finding_list findings; /* unique findings over all runs (by kind and user lines) */
    struct finding_list filtered; /* unique findings a suppression or the baseline took out
                                     (filtered_by says which); not judged */
    char *note;  /* pass on a bug only the oracle or the time limit can see: what they saw */
    char *codes; /* rustc: the error codes it gave, "E0373,E0502"; NULL when it compiled */
    /* racelab run: why a fallback tool ran, or why it did not (run.h). */
    char *plan_note;
    /* A failure of one cause that is not a finding reads as that cause in a
     * cell ("TIMEOUT 1/1", not "FAIL 0/1"): "TIMEOUT", "DEADLOCK", "CRASH",
     * "TOOL ERR", "BUILD ERR", "REFUSED", in fail_runs of the runs; NULL for
     * a failure on findings or of several causes. */
    const char *fail_label;
    int fail_runs;
};

/* The distinct error codes of a rejected twin's findings, sorted, comma-separated. */
char *compile_error_codes(const struct finding_list *errors);

/* Judge nruns outcomes of `prog` under `tool`. `source` is the absolute path
 * of the program's source: an expected finding counts only when one of its
 * frames is in that file. With no runs (n/a), only the header is used. */
void verdict_judge(const struct program *prog, enum tool_id tool, const char *source,
                   const struct run_outcome *runs, size_t nruns, struct judgement *out);
void judgement_free(struct judgement *j);

/* Check one completed run against the program's oracle lines: NULL when it
 * holds, otherwise a malloc'd one-line reason. */
char *oracle_check(const struct program *prog, const struct run_outcome *run);

/* True when some frame of f is at `source`. */
bool finding_in_source(const struct finding *f, const char *source);

#endif
