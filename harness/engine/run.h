/* run.h: `racelab run` and `racelab cc`: racelab on a user's own program.
 *
 * A C project gates its CI on its own test binaries, not on racelab's
 * catalog. `racelab run -- PROGRAM ARGS` makes a one-program catalog whose
 * program is expected to be clean and to exit 0 under every tool it can run
 * under, and hands it to the same engine, verdicts and report formats as
 * `racelab check`. A program is built the way each tool needs by `racelab cc`
 * (or with the flags `racelab flags` prints): TSan needs its own
 * instrumented binary, Valgrind a plain one, so `racelab cc -o prog` writes
 * both, `prog` and `prog.tsan`, and `racelab run -- ./prog` finds both. */
#ifndef RACELAB_RUN_H
#define RACELAB_RUN_H

#include <stdbool.h>

#include "case.h"

/* The exploration plan: the configurations `racelab run` goes through, each
 * revealing races the others hide. Builds: the -O1 one racelab cc makes
 * (PROGRAM, PROGRAM.tsan) and, when racelab cc made it beside, the -O0 one
 * (PROGRAM.O0, PROGRAM.O0.tsan: -O1 deletes dead loads and unused copies,
 * racy accesses that are in the source). OpenMP team sizes: the user's
 * OMP_NUM_THREADS or the runtime's default, and well beyond the cores
 * (conflicting iterations share a thread in a small team). */
enum run_explore {
    EXPLORE_OFF,      /* one configuration: the binary as given, the user's OMP_NUM_THREADS */
    EXPLORE_QUICK,    /* the default: -O1 and -O0; OpenMP teams of the default size and 8 */
    EXPLORE_THOROUGH, /* also a team of 32, and every configuration run twice at least */
};

struct run_spec {
    const char *program;     /* as given: ./prog, /abs/prog, or a name on PATH */
    const char *const *args; /* NULL-terminated, may be empty */
    unsigned tools;          /* requested (bit per tool): tsan, helgrind, drd */
    /* --tool given: run what was asked even where it cannot judge the
     * program (with a caveat on stderr); otherwise such a tool is n/a. */
    bool tools_explicit;
    int timeout_s; /* per run */
    /* --timeout given: every tool's runs get timeout_s. Otherwise a native
     * run of the program is timed first, and each tool's limit scales from
     * it (run.c: a start-up allowance plus the tool's slowdown times the
     * native time, at most 20 minutes). */
    bool timeout_given;
    int expect_exit;         /* the program's exit status when all is well (0) */
    const char *source_root; /* absolute: findings in files under it are the user's */
    /* Kinds reported as warnings, not failures (bit 1u << kind): by default
     * RUN_WARN_KINDS; --fail-on takes kinds out. */
    unsigned warn_kinds;
    enum run_explore explore;
    /* The user's own OMP_NUM_THREADS (the environment racelab runs programs
     * in is scrubbed, so it is carried as a configuration), or NULL. */
    const char *omp_threads;
};

/* A finished thread never joined, a thread that exited holding a lock: worth
 * knowing, but in most programs not a bug that corrupts anything. */
#define RUN_WARN_KINDS (1u << FK_THREAD_LEAK | 1u << FK_LOCK_HELD_AT_EXIT)

/* Build the one-program catalog for spec into *cat (its program prebuilt).
 * A requested tool the binary cannot serve is n/a with the reason (e.g. a
 * plain binary under TSan: "not built with -fsanitize=thread: racelab cc"),
 * and so, unless spec->tools_explicit, is a tool that cannot judge what the
 * program is (binary_info.h): Helgrind and DRD on an OpenMP program or one
 * that uses C11 atomics.
 * Returns 0, or -1 with *err (the program does not exist, is not
 * executable, or no requested tool can run it). */
int run_catalog(const struct run_spec *spec, struct catalog *cat, char **err);

/* The fallback (program.run.fallback_tools). By default TSan alone judges a
 * program it can judge: on programs it sees, Helgrind and DRD have found
 * nothing it missed (bench/accuracy), at several times its cost. They run
 * only where TSan could not judge it: a tool error in some run (not the time
 * limit of a program still computing: a slower tool would not finish
 * either), with TSan's words. --explore thorough, or --tool, runs them as
 * well, and so does a program that loads a shared library TSan does not see
 * (not built with -fsanitize=thread, other than the runtimes': libc, libomp,
 * ...): Valgrind's tools see all code (program.run.plan_why says so). */

/* Where the fallback is needed, why: which tools could not judge the
 * program, in how many runs, with the first error (malloc'd); else NULL.
 * outcomes and nruns are a check row's (check.h), tools the report's. */
char *run_fallback_needed(const struct program *p, struct run_outcome *const *outcomes,
                          const int *nruns, unsigned tools);
/* For a fallback tool: "run as the fallback: WHY" or "not run: ..."; for
 * Helgrind and DRD run beside TSan, program.run.plan_why; else NULL (malloc'd). */
char *run_plan_note(const struct program *p, enum tool_id tool, struct run_outcome *const *outcomes,
                    const int *nruns, unsigned tools);

/* The compiler flags racelab uses for a profile, for users' own builds:
 * "tsan", "valgrind", "openmp" (what to add for OpenMP, and what TSan then
 * needs at run time). NULL for an unknown name. */
const char *run_flags(const char *which);

/* racelab cc: compile SOURCES with clang the way the tools need: to `out`
 * (plain, for Valgrind) and `out`.tsan (ThreadSanitizer), at -O1, and, for
 * racelab run's plan, `out`.O0 and `out`.O0.tsan at -O0; or only one
 * profile (`which` "valgrind" or "tsan", -O1 only; "all" for all four). extra: more compiler
 * arguments (-I, -D, -l...), NULL-terminated. Each build also links the
 * catalog's shim objects from shim_dir (harness/shim/, built by make): C11
 * <threads.h> made of the pthread calls the tools see (without it clang 14's
 * TSan crashes on thrd_create threads, DRD on glibc's marker argument, and
 * mtx_lock orders nothing for TSan), and, in the plain builds, a
 * pthread_spin_lock Helgrind does not take for a recursive lock; both are
 * libc's behaviour natively. Prints the commands; returns the first non-zero
 * compiler status, or 0. */
int run_cc(const char *which, const char *out, bool openmp, const char *const *sources,
           const char *const *extra, const char *shim_dir);

#endif
