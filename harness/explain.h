/* explain.h: `racelab explain ID`, the story of one case. */
#ifndef RACELAB_EXPLAIN_H
#define RACELAB_EXPLAIN_H

#include <stdio.h>

#include "check.h"

/* opts selects the case (one selector) and its tools; the unsafe variant is
 * run once under each. Returns the exit status (0, 1 if a verdict failed, 2 on
 * a usage or configuration error, with the message on stderr). */
int explain_case(const struct check_options *opts, FILE *out);

#endif
