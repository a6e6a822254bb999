/* exercise_feedback.h: what a student reads when an exercise check fails.
 *
 * The verdict in one line (each problem once, with the tools that saw it),
 * then the lesson of a wrong fix the exercise's header names and the
 * program shows it made (`wrong-fix:`, case.h): a volatile counter, a lock
 * around the write only, a sleep, a lock per thread, a relaxed flag. Then
 * the tools' reports, cut for a student: a few findings a tool, each with
 * the racing lines of the student's own file, and DRD's scene-setting
 * segments folded away. */
#ifndef RACELAB_EXERCISE_FEEDBACK_H
#define RACELAB_EXERCISE_FEEDBACK_H

#include "case.h"
#include "check.h"
#include "util.h"

/* "data-race (tsan, helgrind, drd); wrong-result (tsan)": malloc'd. */
char *feedback_summary(const struct check_report *rep, const struct check_row *row);

/* The messages of the exercise's wrong fixes the program made, a line each
 * ("  - ..."), judged from its facts (enum optout_fact) and its findings;
 * NULL when none. Malloc'd. */
char *feedback_wrong_fixes(const struct rl_case *c, const struct check_row *row, unsigned facts);

/* One tool's failing verdict, for a student, appended to sb. */
void feedback_report(struct strbuf *sb, const struct check_report *rep, const struct check_row *row,
                     enum tool_id tool);

#endif
