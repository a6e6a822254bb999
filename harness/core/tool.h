/* tool.h: the detectors racelab runs, and the outcome of one run under one.
 *
 * Each tool is a module (tool_tsan.c, tool_valgrind.c) behind one entry
 * point: given a built program, run it once and return the findings, how the
 * process ended, the oracle's inputs and the thread count. What a run means
 * for the verdict is decided elsewhere (verdict.c). */
#ifndef RACELAB_TOOL_H
#define RACELAB_TOOL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

/* The detectors, then `native` (no detector: only the oracle and the time
 * limit judge; for bugs the detectors cannot see because they serialise the
 * threads), the static tools (tool_static.c: they read the source and run
 * nothing: Clang's thread-safety analysis, the Clang static analyzer,
 * clang-tidy, cppcheck), and `rustc` (the program's Rust twin, compiled and,
 * when rustc accepts it, run). One line each: the name is the tool's
 * --tools name, its case-header key and its id in every report; everything
 * else about a tool is its row of tool.c's table (struct tool_ops in
 * tool_module.h). The order is the matrix's columns. */
#define RACELAB_TOOLS(X)                                                                           \
    X(TSAN, tsan)                                                                                  \
    X(HELGRIND, helgrind)                                                                          \
    X(DRD, drd)                                                                                    \
    X(NATIVE, native)                                                                              \
    X(TSA, tsa)                                                                                    \
    X(ANALYZER, analyzer)                                                                          \
    X(TIDY, tidy)                                                                                  \
    X(CPPCHECK, cppcheck)                                                                          \
    X(RUSTC, rustc)

enum tool_id {
#define TOOL_ENUM(id, name) TOOL_##id,
    RACELAB_TOOLS(TOOL_ENUM)
#undef TOOL_ENUM
        TOOL__COUNT
};

/* How a program must be compiled for a tool (a static tool's "build" is its
 * analysis of the source). */
enum build_profile {
    PROFILE_TSAN,
    PROFILE_VALGRIND,
    PROFILE_NATIVE,
    PROFILE_RUST,
    PROFILE_TSA,
    PROFILE_ANALYZER,
    PROFILE_TIDY,
    PROFILE_CPPCHECK,
    PROFILE__COUNT
};

/* What a tool is and does, as flags (tool.c's table): the engine asks for a
 * capability, never for the tools' order. */
enum tool_cap {
    TOOL_CAP_DETECTOR = 1u << 0, /* runs the program under a race detector: tsan, helgrind, drd */
    TOOL_CAP_VALGRIND = 1u << 1, /* a Valgrind tool: the plain build, Valgrind's suppressions */
    TOOL_CAP_RUNS = 1u << 2,     /* runs the C program: the detectors and native */
    TOOL_CAP_STATIC = 1u << 3,   /* reads the source and runs nothing: tsa, analyzer, tidy, ... */
    TOOL_CAP_C = 1u << 4,        /* judges the C program (rustc judges the Rust twin) */
    /* may fail a student's fix (exercise check, grade): its warnings are
     * about the fix's concurrency, not a style it may well not follow */
    TOOL_CAP_EXERCISE = 1u << 5,
    /* its report is what teaches (the two accesses, the locks each held):
     * an exercise's first run of it is made even after another decided */
    TOOL_CAP_TEACHES = 1u << 6,
};
/* True when tool has every capability in caps. */
bool tool_has(enum tool_id tool, unsigned caps);
/* The tools that have every capability in caps, as bits (1u << tool). */
unsigned tools_with(unsigned caps);
/* tsa, analyzer, tidy, cppcheck: judged from one analysis of the source, no run. */
bool tool_is_static(enum tool_id tool);
/* The tools of a --tools group ("static": the static tools; "dynamic":
 * tsan, helgrind, drd, native) as bits (1u << tool); 0 when not a group. */
unsigned tool_group(const char *name);

const char *tool_name(enum tool_id tool);
/* Returns the tool, or -1 when the name is unknown. */
int tool_from_name(const char *name);
/* "TSan": the tool as the catalog page's columns name it. */
const char *tool_title(enum tool_id tool);
/* "TSan (Clang ThreadSanitizer)": what the tool is, for the catalog page. */
const char *tool_long_title(enum tool_id tool);
enum build_profile tool_profile(enum tool_id tool);
const char *profile_name(enum build_profile profile);

/* Where a case header must state the tool's expectation (case-format.md). */
enum tool_header {
    HEADER_BOTH,     /* in cases/ and safe/ */
    HEADER_CASES,    /* in cases/; `clean` when a safe twin leaves it out */
    HEADER_OPTIONAL, /* nowhere: without it the tool does not judge the program (native) */
    HEADER_NONE,     /* not in a C program's header (rustc: the Rust twin's) */
};
enum tool_header tool_header_rule(enum tool_id tool);
/* How soon a run of the tool decides, for ordering an exercise's runs:
 * lower first (native, then TSan, the static tools, Valgrind's). */
int tool_speed(enum tool_id tool);

/* How a run ended, from the harness's point of view. */
enum run_status {
    RUN_OK,          /* the program ran to its end (any exit code) and the tool's report was read */
    RUN_TIMEOUT,     /* killed at the time limit: possible deadlock */
    RUN_CRASH,       /* the program died of a signal */
    RUN_TOOL_ERROR,  /* the tool failed or its report was unreadable: never "clean" */
    RUN_BUILD_ERROR, /* the program could not be built for this tool */
    RUN_REJECTED,    /* rustc refused the twin: findings hold its errors (compile-error) */
    RUN_REFUSED,     /* observed: the program did what racelab refuses (fork, exec, closing the
                        report channel); detail says what. Ended at that moment */
    RUN_SKIPPED,     /* not run, or cancelled: an earlier run of the program had decided its
                        verdict (check_options.stop_on_failure); not judged */
};

struct run_outcome {
    enum run_status status;
    char *detail;                 /* one line: "killed by SIGSEGV", "truncated XML: ...", ... */
    struct finding_list findings; /* what the tool reported (may be non-empty even on a crash) */
    int exit_code;                /* when status == RUN_OK */
    const char *config;           /* racelab run: its configuration's label (the program's) */
    double cpu_rate_at_timeout;   /* RUN_TIMEOUT: proc_result's, -1 when not measured */
    /* A tool error that is the tool's time limit on a program still
     * computing: a slower tool would not judge it either. */
    bool too_slow;
    /* The process exited without the shim's exit record: status is then
     * RUN_TOOL_ERROR, unless the tool's report says why (a crash it caught). */
    bool exit_unrecorded;
    long threads_started; /* from the thread-count shim; -1 when unknown */
    /* run_outcome_unreadable() wrote the tool's output to the scratch
     * directory: the engine keeps that directory. */
    bool kept_output;
    const char *limit; /* the sandbox limit the run broke (proc.h), or NULL */
    char *out;         /* the program's stdout (capped) */
    char *err;         /* the program's stderr + the tool's own output (capped) */
    double elapsed_s;
    double child_cpu_s;
    /* The sizes this run was given (one per program parameter, param.h), or
     * NULL: the defaults. The oracle is computed from them. */
    long *params;
    /* Observed runs (run_request.observe): every thread as the harness saw
     * it from outside (observe.h); threads_started comes from it. */
    struct observation *observation;
};

void run_outcome_free(struct run_outcome *o);

struct proc_limits; /* proc.h */

/* What a tool needs to run a program once. */
struct run_request {
    enum tool_id tool;
    const char *binary;      /* absolute path of the program built for this tool's profile */
    const char *const *args; /* program arguments (argv[1..]), NULL-terminated */
    const char *scratch_dir; /* empty private directory: cwd, HOME and report files */
    double timeout_s;
    bool openmp;             /* the program uses OpenMP (TSan: Archer options) */
    const char *source_root; /* prefix of user source paths, for frame selection */
    bool no_shim;            /* built without the thread-count shim (rustc, racelab run) */
    /* The user's suppressions translated into the tool's own format (a file
     * racelab wrote), or NULL: TSan's `suppressions=` or Valgrind's
     * `--suppressions=`. */
    const char *suppressions;
    /* More environment for this run only (e.g. OMP_NUM_THREADS and the
     * parameters' RACELAB_PARAM_*), or NULL. */
    const char *const *env;
    /* Run the program (and its tool) under these limits, as untrusted code
     * (sandbox.h); the scratch directory must then belong to limits->uid
     * (sandbox_prepare_dir()). NULL: none. */
    const struct proc_limits *limits;
    /* Code racelab did not write (an exercise): watch every thread from
     * outside (observe.h), carry the tool's report on a channel the program
     * cannot unwrite or close, refuse process creation and exec unless
     * allow_processes. The outcome's observation, thread count and status
     * (RUN_REFUSED, a deadlock as RUN_TIMEOUT) come from it. */
    bool observe;
    bool allow_processes;
    /* Set by someone else once this run is no longer needed: it is killed
     * and its outcome is RUN_SKIPPED. NULL: never. */
    const _Atomic bool *cancel;
};

/* Is the tool's executable installed? On false, *why says what to install. */
bool tool_available(enum tool_id tool, const char **why);

/* Run once. Always fills *out (status tells how it went); returns 0, or -1 on
 * a harness failure (with out->detail set). */
int tool_run(const struct run_request *req, struct run_outcome *out);

/* Shared by the tool modules: the scrubbed environment every run starts from
 * (PATH, HOME=scratch, LANG=C, nothing inherited that could change a verdict),
 * plus `extra` entries, as a NULL-terminated array the caller frees with
 * env_free(). */
char **env_build(const char *scratch_dir, const char *const *extra);
void env_free(char **env);

/* racelab run: does the tool report this finding for want of a model of
 * what the program did (TSan: a fence, the OpenMP runtime's task storage;
 * Helgrind and DRD: pthread_once)? `binary` is the program run. Such a
 * finding is shown, and not counted (FILTER_TOOL_MODEL). */
bool tool_unmodelled(enum tool_id tool, const struct finding *f, const char *binary);
/* Whether the tool has such gaps at all, and why they are not counted. */
bool tool_has_model_gaps(enum tool_id tool);
const char *tool_model_gaps(enum tool_id tool);

struct suppressions; /* suppress.h */
/* The user's suppressions in the tool's own format (TSan's suppressions
 * file, Valgrind's), for its run's `suppressions`; NULL when the tool has
 * none (racelab filters its findings itself). Freed by the caller. */
char *tool_suppressions(enum tool_id tool, const struct suppressions *s, const char *root);

/* Is a Rust toolchain (cargo and rustc, see rust_build.h) installed? */
bool rust_toolchain_available(void);

/* Set status RUN_TOOL_ERROR with a formatted detail (replacing any earlier one). */
void run_outcome_tool_error(struct run_outcome *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The tool's output could not be read (its parser refused it: `why`): a
 * tool error, never "clean", saying "TSan's output could not be read: WHY
 * (kept in SCRATCH/NAME)". The text is written to the run's scratch
 * directory as `name` (text NULL: the tool wrote that file itself), and
 * kept_output tells the engine to keep the directory, so that the user can
 * see what the tool wrote. */
void run_outcome_unreadable(struct run_outcome *out, const struct run_request *req,
                            const char *name, const char *text, size_t len, const char *why);

/* Output kept per stream and run: enough for any report, bounded for floods. */
#define RUN_OUTPUT_CAP (4u << 20)
#endif
