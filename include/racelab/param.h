/* param.h: the sizes of an exercise, chosen afresh for every run.
 *
 * A program's header declares each parameter with its default and range:
 *
 *     param: iters 100000 50000..200000
 *     oracle: stdout "counter = {2*iters}"
 *
 * and the program reads it once, at the start of main:
 *
 *     long iters = rl_param("iters", 100000);
 *
 * `racelab check` runs every program with the defaults. `racelab exercise`
 * and `racelab grade` choose each value afresh within its range for every
 * run and compute the expected output from the values, so a program must
 * really do the work it is given: printing the answer of one run fails the
 * next. The value comes from the environment variable RACELAB_PARAM_ITERS
 * (the name in upper case); without it, or when it is not a number, the
 * fallback is returned, so the program also runs by hand. */
#ifndef RACELAB_PARAM_H
#define RACELAB_PARAM_H

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static inline long rl_param(const char *name, long fallback)
{
    char var[64] = "RACELAB_PARAM_";
    size_t n = sizeof "RACELAB_PARAM_" - 1;
    for (; *name && n + 1 < sizeof var; name++)
        var[n++] = (char)toupper((unsigned char)*name);
    var[n] = '\0';
    /* Called from main before any thread starts, so getenv cannot race a
     * setenv: clang-tidy's concurrency-mt-unsafe does not know that. */
    const char *text = getenv(var); // NOLINT(concurrency-mt-unsafe)
    if (!text || !*text)
        return fallback;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    return errno || *end ? fallback : v;
}

#endif
