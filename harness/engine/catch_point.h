/* catch_point.h: the earliest point at which a case's bug is caught.
 *
 * The comparison racelab exists to make: Rust refuses most of these bugs at
 * compile time; C catches some at compile time when the discipline is written
 * down (thread-safety annotations, the analyzer, clang-tidy), more at run time
 * under a detector, some only by a wrong answer or a hang (the oracle), and
 * a few never. For each language, the earliest stage that catches the bug,
 * and the tools that catch it there. */
#ifndef RACELAB_CATCH_POINT_H
#define RACELAB_CATCH_POINT_H

#include <stdbool.h>

#include "case.h"
#include "check.h"
#include "util.h"

enum catch_stage {
    CATCH_COMPILE,   /* a compiler or static tool refuses or reports it */
    CATCH_DETECTOR,  /* C: a run under TSan, Helgrind or DRD reports it */
    CATCH_ORACLE,    /* only the symptom shows it: a wrong result or a hang */
    CATCH_PREVENTED, /* Rust: the idiom leaves no such bug (the twin compiles and is correct) */
    CATCH_NEVER,     /* nothing shows it (Rust: compiles, bug latent in `unsafe`) */
    CATCH_UNKNOWN,   /* not judged (the tools that would tell were not selected, or n/a) */
};

struct catch_point {
    enum catch_stage c, rust;
    unsigned c_tools; /* bit (1u << tool): the tools that catch the C bug at stage c */
};

/* "compile", "detector", "oracle", "prevented", "never", "?" */
const char *catch_stage_name(enum catch_stage stage);

/* Does this expectation, met, mean the tool catches the bug? Returns the
 * stage (CATCH_UNKNOWN when it does not: clean, n/a, not used). */
enum catch_stage expectation_catch_stage(const struct expectation *ex, enum tool_id tool);

/* Does the tool itself catch the bug (at compile time or as a detector), as
 * opposed to the oracle catching its symptom under the tool? */
bool expectation_tool_catches(const struct expectation *ex, enum tool_id tool);

/* From the buggy program's header (and its Rust twin's): where the bug is
 * meant to be caught, over the tools in `tools`. */
void catch_point_expected(const struct program *unsafe_prog, unsigned tools,
                          struct catch_point *out);

/* From a check's verdicts on a buggy program's row: only a tool whose
 * verdict passed counts (a failed expectation proves nothing). */
void catch_point_observed(const struct check_row *row, unsigned tools, struct catch_point *out);

/* "C: compile (tsa, analyzer) · Rust: compile" (either half left out when
 * unknown). */
void catch_point_format(struct strbuf *sb, const struct catch_point *cp);

#endif
