/* param.h: the sizes an exercise takes afresh for each run.
 *
 * A program declares its parameters in its header (`param: iters 100000
 * 50000..200000`: a name, the default and the range; the default need not
 * lie in the range; then, optionally, `native LO..HI` and `valgrind
 * LO..HI`, the ranges of the runs that are that much faster or slower than
 * TSan's) and reads each with
 * rl_param() from include/racelab/param.h. `racelab check` runs the catalog
 * with the defaults, so its verdicts stay reproducible; `racelab exercise`
 * and `racelab grade` choose every value afresh for every run, within its
 * range, and compute the oracle from them: `oracle: stdout "counter =
 * {2*iters}"`. A program that prints a constant fails on the second run.
 *
 * The value reaches the program as RACELAB_PARAM_<NAME> (the name in upper
 * case) in its environment. */
#ifndef RACELAB_PARAM_H
#define RACELAB_PARAM_H

#include <stdbool.h>
#include <stddef.h>

#define PARAM_MAX 8 /* parameters a program may declare */

/* Which range a run draws from: the main one (TSan's, and any run without
 * a range of its own), the plain native run's (ten times faster than TSan:
 * an OpenMP loop that keeps TSan busy for 20 ms is over natively in 2, too
 * short to be watched working), or Valgrind's (fifty times slower, and
 * judged on lifetimes only: overlap.h). */
enum param_runs { PARAM_MAIN, PARAM_NATIVE, PARAM_VALGRIND, PARAM__RUNS };

struct param_range {
    long lo, hi;
    bool set; /* given in the header (always, for PARAM_MAIN) */
};

struct param {
    char *name; /* lower-case letters, digits and '_', starting with a letter */
    long dflt;
    struct param_range range[PARAM__RUNS];
};

/* Parse "NAME DEFAULT LO..HI [native LO..HI] [valgrind LO..HI]". Returns
 * 0, or -1 with *why (a static string). */
int param_parse(const char *value, struct param *out, const char **why);
void param_free(struct param *p);

/* Expand every {EXPR} in tmpl, EXPR being integer arithmetic (+ - * / %,
 * unary minus, parentheses, decimal literals) over the parameters' names,
 * with values[i] for params[i] (NULL: the defaults). "{{" and "}}" are
 * literal braces. Returns the malloc'd text, or NULL with *err (malloc'd):
 * an unknown name, a syntax error, a division by zero or an overflow. */
char *param_expand(const char *tmpl, const struct param *params, size_t n, const long *values,
                   char **err);

/* Does tmpl expand with the defaults? (A header's oracle is checked when the
 * header is read.) Returns 0, or -1 with *err. */
int param_check_template(const char *tmpl, const struct param *params, size_t n, char **err);

/* Fresh values, uniformly within each range (the range of `runs` when the
 * parameter has one, else its main range), from *seed (a xorshift state
 * the caller keeps; any non-zero start). */
void param_choose(const struct param *params, size_t n, enum param_runs runs,
                  unsigned long long *seed, long *values);

/* Do two parameters declare the same name, default and ranges? */
bool param_equal(const struct param *a, const struct param *b);

/* "RACELAB_PARAM_ITERS=123" (malloc'd). */
char *param_env(const struct param *p, long value);

/* "iters = 123, size = 7" (malloc'd), for messages; "" when n is 0. */
char *param_describe(const struct param *params, size_t n, const long *values);

#endif
