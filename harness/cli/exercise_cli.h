/* exercise_cli.h: what `racelab exercise`'s commands share (exercise_cli.c)
 * with its watch loop (exercise_watch.c). */
#ifndef RACELAB_EXERCISE_CLI_H
#define RACELAB_EXERCISE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "case.h"
#include "exercise.h"

struct exercise_session {
    struct catalog cat;
    struct workspace ws;
    struct exercise_check_options opts;
    bool color; /* ANSI colours: stdout is a terminal and NO_COLOR is unset */
};

bool exercise_color(FILE *out);
/* "  progress [#####---------------] 7/40 done" */
void exercise_print_progress(const struct exercise_session *s, FILE *out);
/* The first exercise after `index` not yet done (wrapping), or -1. */
int exercise_next_pending(const struct exercise_session *s, int index);
/* Check exercise i, print the verdict, save the progress: 0 pass, 1 not
 * yet, 2 error. */
int exercise_check_print(struct exercise_session *s, int i, FILE *out);
/* Print the hints of exercise i read so far, revealing one more first when
 * `reveal`; saves the progress. 0, or 2. */
int exercise_print_hint(struct exercise_session *s, int i, bool reveal, FILE *out);
/* Write the progress file: 0, or 2 after a message. */
int exercise_save(struct exercise_session *s);
/* The watch loop (exercise_watch.c): 0 when the student quits. */
int exercise_watch(struct exercise_session *s, int i);

#endif
