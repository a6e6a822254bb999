/* case.h: the catalog of cases and the self-describing header of each program.
 *
 * A case `family/name` is a pair of programs: cases/<family>/<name>.c (the
 * bug) and safe/<family>/<name>.c (its disciplined twin). Each program states
 * its own expectations in a `racelab-case` header; docs/case-format.md is the
 * one description of that format, and this parser enforces it. */
#ifndef RACELAB_CASE_H
#define RACELAB_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "param.h"
#include "tool.h"

enum variant { VARIANT_UNSAFE, VARIANT_SAFE, VARIANT__COUNT };
const char *variant_name(enum variant v); /* "unsafe", "safe" */
const char *variant_dir(enum variant v);  /* "cases", "safe" */

enum expect_mode {
    EXPECT_CLEAN,    /* nothing reported, oracle holds (on an unsafe program, `reason` may say
                        why the tool cannot see the bug) */
    EXPECT_KINDS,    /* these finding kinds in every run */
    EXPECT_NA,       /* the tool cannot judge this program: reason says why */
    EXPECT_NONE,     /* optional tool (native) not used by this program: not run, not counted */
    EXPECT_REJECTED, /* rustc: compilation fails with exactly these error codes */
};

struct expectation {
    enum expect_mode mode;
    unsigned kinds; /* bit (1u << finding_kind) for each expected kind (EXPECT_KINDS) */
    char
        *reason; /* EXPECT_NA: why the tool cannot judge; EXPECT_CLEAN: why it is blind (or NULL) */
    char *codes; /* EXPECT_REJECTED: sorted distinct codes, "E0373,E0502" ("uncoded" too) */
    int line;    /* header line it came from */
    /* Kinds that are warnings here: reported (SARIF level "warning"), never a
     * failure. `racelab run` makes thread leaks and locks held at exit
     * warnings unless --fail-on names them; the catalog has none. */
    unsigned warn_kinds;
};

enum oracle_type { ORACLE_EXIT, ORACLE_STDOUT };

struct oracle {
    enum oracle_type type;
    int exit_code; /* ORACLE_EXIT */
    char *text;    /* ORACLE_STDOUT: a line stdout must contain */
};

/* How a fix must stay concurrent (`overlap:`, cases/ only; exercise_check.c).
 * LIFETIME: the threads must be alive at the same time (a create-then-join
 * chain fails); WORK: they must also do their work at the same time, so
 * that one lock, semaphore or critical section held over each thread's
 * whole work (the threads taking turns) fails; NONE: no rule (the lesson
 * orders its threads one after the other). */
enum overlap_rule { OVERLAP_LIFETIME, OVERLAP_WORK, OVERLAP_NONE };

/* A wrong fix students often try, that an exercise's header names with what
 * to say when a program makes it (`wrong-fix: KIND: MESSAGE`): racelab
 * recognises the kind from the program and its findings (wrong_fix.c) and
 * prints the message before the raw report. */
enum wrong_fix_kind {
    WRONG_VOLATILE,        /* the shared data made volatile */
    WRONG_LOCK_WRITE_ONLY, /* a lock around the write, the read left outside */
    WRONG_SLEEP,           /* a sleep to let the other thread finish first */
    WRONG_LOCK_PER_THREAD, /* each thread its own lock: they exclude nothing */
    WRONG_RELAXED,         /* an atomic with memory_order_relaxed where order matters */
    WRONG__COUNT
};
extern const char *const wrong_fix_kind_names[WRONG__COUNT]; /* "volatile", ... */

struct wrong_fix {
    enum wrong_fix_kind kind;
    char *message;
};

/* One program: one variant of one case (a C program), or its Rust twin. */
/* cases/ only, for `racelab exercise`: the task a student's copy states
 * (`task:`), the hint ladder (a nudge, the concept, nearly the solution),
 * revealed one at a time, the wrong fixes it recognises, how a fix must stay
 * concurrent (`overlap:`), and what the exercise lets a program do that a
 * student's program otherwise may not (`allow:`, ALLOW_* bits of optout.h). */
struct exercise_spec {
    char *task;
    char **hints;
    size_t nhints;
    struct wrong_fix *wrong_fixes;
    size_t nwrong_fixes;
    enum overlap_rule overlap;
    unsigned allow;
};

struct run_config;

/* `racelab run`: the user's program, already built, and how it is run. */
struct prebuilt_program {
    /* Absolute paths: a plain binary for Valgrind and the native run, an
     * instrumented one for TSan; no build happens. NULL in a catalog. */
    char *binary, *binary_tsan;
    /* The exploration plan (run.h): the configurations its runs go through
     * in turn, run k in configs[k % nconfigs]; none: every run is made with
     * the binaries as they are. */
    struct run_config *configs;
    size_t nconfigs;
    /* The time limit of each tool's runs, scaled from a native run of the
     * program (run.c; 0: the program's timeout_s), and that run's wall time
     * in seconds (-1: not timed; native_hung: it hit its own limit). */
    int tool_timeout_s[TOOL__COUNT];
    double native_s;
    bool native_hung;
    /* Tools (bit 1u << tool) held back as the fallback. Their runs wait for
     * the other tools' and are made only where those could not judge the
     * program (a tool error); otherwise they are not needed and are skipped
     * with the reason (run.h, run_fallback_needed). */
    unsigned fallback_tools;
    /* The runs each configuration of the plan gets at least (run.c: two for
     * --explore thorough, three for OpenMP tasks). */
    int explore_runs;
    /* Why Helgrind and DRD run beside TSan rather than as its fallback (the
     * program loads code TSan does not see), or NULL. */
    char *plan_why;
};

struct toolchain;

/* `toolchain: NAME TOOL: EXPECTATION: WHY`: what TOOL sees under one
 * toolchain where it differs from the header's own TOOL line. When NAME is
 * the toolchain in use (toolchain.h), `ex` and expect[tool] are swapped at
 * parse time: expect[] always holds what this process judges by, and `ex`
 * the other line, for explain and the catalog page. */
struct toolchain_expectation {
    const struct toolchain *toolchain;
    enum tool_id tool;
    struct expectation ex;
    char *why;    /* why the toolchains differ */
    bool applied; /* NAME is in use: ex holds the header's own line */
};

struct program {
    char *path; /* relative to the catalog root: cases/threads/x.c, rust/cases/threads/x.rs */
    enum variant variant;
    char *title;
    char *about; /* `bug` (unsafe) or `discipline` (safe) */
    char *fix;   /* unsafe only */
    char *rust;  /* may be NULL in safe/ */
    struct expectation expect[TOOL__COUNT];
    struct toolchain_expectation *toolchain_expect;
    size_t ntoolchain_expect;
    struct oracle *oracles;
    size_t noracles;
    int min_threads;
    char **args; /* NULL-terminated */
    int timeout_s;
    bool openmp;
    /* The sizes the program reads with rl_param() (`param:`, include/racelab/
     * param.h); oracles may use them as {EXPR}. A case's two programs
     * declare the same ones. */
    struct param params[PARAM_MAX];
    size_t nparams;
    /* cases/ only: the exercise (struct exercise_spec). */
    struct exercise_spec exercise;
    int header_end_line; /* line of the closing comment */
    /* C programs: the Rust twin (rust/<dir>/<family>/<name>.rs), or NULL.
     * Its expect[TOOL_RUSTC], oracles and timeout judge the rustc column; the
     * C program's expect[TOOL_RUSTC] is a copy of it (n/a when no twin). */
    struct program *twin;
    /* `racelab run` only: the user's binaries and their plan (struct
     * prebuilt_program); all zero in a catalog. */
    struct prebuilt_program run;
    /* Rust twins: `why`, what rustc says or why Rust allows it (in `about`);
     * `symptom: latent`: it compiles and the bug is there (inside `unsafe`),
     * but no run shows it, so the oracle holds. */
    bool latent;
};

/* One configuration of `racelab run`'s plan: the binaries to run (a build
 * at another optimisation level) and the environment to add (an OpenMP team
 * size). A tool whose binary is NULL does not run in it. */
struct run_config {
    char *label; /* "-O0", "-O1, OMP_NUM_THREADS=8": what reports name */
    char *plain, *tsan;
    char *env; /* "OMP_NUM_THREADS=8", or NULL */
};

struct rl_case {
    char *id; /* family/name */
    char *family;
    char *name;
    struct program variants[VARIANT__COUNT];
};

struct catalog {
    char *root;            /* absolute path of the directory holding cases/ and safe/ */
    struct rl_case *cases; /* sorted by family order, then name */
    size_t len;
};

extern const char *const case_families[]; /* NULL-terminated, in display order */

/* Tool t's expectation as the header's own line says it, whatever the
 * toolchain in use (what the catalog page shows; expect[t] is the one
 * this process judges by). */
const struct expectation *program_header_expectation(const struct program *p, enum tool_id t);

/* Parse the header of one program. `path` is used in messages. Returns 0, or
 * -1 with *err = "path:line: what is wrong" (malloc'd). */
int program_parse(const char *path, const char *text, enum variant variant, struct program *out,
                  char **err);
void program_free(struct program *p);

/* Parse a Rust twin's `racelab-rust` header (rust_twin.c). Same contract. */
int rust_twin_parse(const char *path, const char *text, enum variant variant, struct program *out,
                    char **err);

/* Load every case under root. Every case must have both programs; every
 * header must parse. Returns 0, or -1 with *err listing every problem found
 * (one per line). */
int catalog_load(const char *root, struct catalog *out, char **err);
/* The same, but a case whose files have problems is left out and the others
 * load: 0 with *broken listing every problem (one per line; NULL when none),
 * or -1 with *err when nothing loads (no readable root, no case at all). */
int catalog_load_partial(const char *root, struct catalog *out, char **broken, char **err);
void catalog_free(struct catalog *cat);

/* Select cases by id, family or glob over ids (fnmatch). No selector selects
 * all. `selected` has cat->len entries. A selector matching nothing is an
 * error (-1, *err says which and what to do). */
int catalog_select(const struct catalog *cat, const char *const *selectors, size_t nselectors,
                   bool *selected, char **err);
const struct rl_case *catalog_find(const struct catalog *cat, const char *id);

#endif
