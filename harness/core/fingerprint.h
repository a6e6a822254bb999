/* fingerprint.h: a finding's stable identity, for baselines and SARIF.
 *
 * A fingerprint must survive what does not change the bug: another run (the
 * two accesses of a race reported in the other order, other thread numbers,
 * other addresses), and edits elsewhere in the file (line numbers shift). So
 * it is a hash of the tool, the kind, and, for each access's first frame in
 * user source, the file (relative to the root), the function and the text of
 * that source line with its spaces squeezed, sorted and without duplicates.
 * Stacks that only set the scene (thread creation, allocation, DRD's "other
 * segment", which varies between runs) are left out when the finding has
 * any other. */
#ifndef RACELAB_FINGERPRINT_H
#define RACELAB_FINGERPRINT_H

#include "finding.h"
#include "tool.h"

/* 16 lower-case hex digits, NUL-terminated. */
struct fingerprint {
    char hex[17];
};

/* The fingerprint of f as reported by `tool`. `root` (absolute) makes paths
 * relative and is where source lines are read from; lines that cannot be read
 * count by their number instead. Static tools: only the warning's own place
 * (their notes describe a path, which edits change freely). */
void finding_fingerprint(const struct finding *f, enum tool_id tool, const char *root,
                         struct fingerprint *out);

/* True when an access only sets the scene of a finding (where a thread was
 * created, a block allocated, a mutex created; DRD's other segment, which
 * differs from run to run): not part of the bug's identity. */
bool finding_access_is_context(const struct access *a);

/* What the fingerprint was computed from, one line: "tsan data-race
 * cases/x.c:worker:`counter++;` | ...": for people reading a baseline file. */
char *finding_fingerprint_text(const struct finding *f, enum tool_id tool, const char *root);

#endif
