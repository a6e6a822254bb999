/* overlap.h: are an exercise's threads still concurrent?
 *
 * Judged from what the observer saw of each run, from outside the process
 * (observe.h), by the rule the exercise's header sets (case.h, `overlap:`):
 *
 *   lifetime  the threads are alive at the same time in every run. The
 *             observer's birth holds make that a property of the program
 *             (does it create them together?), not of the scheduler.
 *   work      also: in the native runs, and again in the TSan runs, some
 *             thread was stopped in the middle of its work while another
 *             went on working or finished its own (the threads work at the
 *             same time), or each of two threads was seen waiting for the
 *             other in the middle of its work (they interleave, as threads
 *             with a lock around each update do). Threads that only take
 *             turns, one whole work after the other, never show either.
 *             An OpenMP program is judged in its TSan runs alone: its
 *             plain run is over in a millisecond or two, less than a
 *             worker takes to get going on a busy machine, and OpenMP's
 *             own ways of taking turns (critical, ordered, its locks)
 *             wait in the kernel, where TSan's runs see them as well. The
 *             native runs matter for spinlocks in a program's own code:
 *             stepped natively, a spinning loop repeats itself exactly,
 *             where TSan's instrumentation makes every turn different.
 *
 * Valgrind runs one thread at a time, so its runs are judged on lifetimes
 * only. */
#ifndef RACELAB_OVERLAP_H
#define RACELAB_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "case.h"
#include "observe.h"
#include "tool.h"

struct overlap_run {
    enum tool_id tool;
    const struct observation *obs;
};

struct overlap_verdict {
    bool ok;
    /* Not ok because the observer failed (observation.error) in the runs
     * that mattered: nothing is known about the program. */
    bool inconclusive;
    /* Not ok only because no run caught the threads working at the same
     * time (the work rule): more runs may (a hold lands where it can, and
     * a loaded machine moves it), where a failure for any other reason is
     * final. */
    bool unwitnessed;
    char *reason; /* one line for a student; NULL when ok */
    char *detail; /* what was seen, a few lines: the threads' work, the holds; NULL if none */
};

/* Judge the observed runs (runs without an observation are skipped, and
 * so are those where the observer failed: if none is left, the verdict is
 * inconclusive). The work rule asks for `witnesses` runs of each tool it
 * judges to show the threads working at the same time: 1, or more when the
 * runs were added because the first showed none (a cheat that shows a
 * false witness now and then must not gain from the extra runs). */
void overlap_judge(enum overlap_rule rule, int min_threads, bool openmp, int witnesses,
                   const struct overlap_run *runs, size_t n, struct overlap_verdict *out);
void overlap_verdict_free(struct overlap_verdict *v);

/* The most of a program's threads, its first aside, alive at one moment. */
size_t overlap_max_alive(const struct observation *obs);

/* Does this run show the threads working at the same time (see above)? */
bool overlap_witnessed(const struct observation *obs);

/* An observation as the judge sees it: every thread, every hold, what each
 * partner did and which hold witnesses. RACELAB_OBSERVE_DEBUG=1 prints every
 * judged run's on stderr, for whoever tunes the judge; tests print it when
 * a verdict is not what they expect. */
void overlap_dump(FILE *f, enum tool_id tool, const struct observation *obs);

#endif
