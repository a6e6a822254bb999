/* clang_diag.h: clang-style diagnostics read into racelab findings.
 *
 * The three static tools speak one text format, `file:line:col: warning:
 * message [tag]` followed by `note:` lines: clang -Wthread-safety (tag: the
 * -W flag), clang --analyze -analyzer-output=text (tag: the checker) and
 * clang-tidy (tag: the check and its aliases). One parser reads all three;
 * each tool's vocabulary is mapped to racelab's finding kinds by its own
 * table (docs/finding-kinds.md), from tests/fixtures/static/ recordings. */
#ifndef RACELAB_CLANG_DIAG_H
#define RACELAB_CLANG_DIAG_H

#include "finding.h"
#include "tool.h"

/* Read `text` (a static tool's stderr/stdout). Each `warning:` becomes a
 * finding of the kind `tool` gives it (tool_kind = the tag, message = the
 * text without the tag); the `note:` lines after it become its further
 * accesses (a note repeating the warning at the same place is dropped). The
 * warning's own location is accesses[0]. `error:` and `fatal error:` lines
 * are counted, not turned into findings: the return value is their number,
 * and *first_error (when not NULL) gets the first one as "file:line: text"
 * (malloc'd; NULL when there is none). Lines that are not diagnostics
 * (source excerpts, carets, "N warnings generated.", "In file included
 * from") are ignored. */
int clang_diag_parse(enum tool_id tool, const char *text, struct finding_list *out,
                     char **first_error);

/* The racelab kind of one diagnostic of `tool`, from its tag and message. */
enum finding_kind clang_diag_kind(enum tool_id tool, const char *tag, const char *message);

#endif
