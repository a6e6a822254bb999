/* tool_module.h: what a tool is, for tool.c's table and the tool modules;
 * the rest of the harness asks tool.h.
 *
 * A tool is one row of struct tool_ops: its titles, profile, capabilities,
 * where a header states its expectation, what it needs installed, and its
 * hooks: `run` for a tool that runs the program (tool_tsan.c,
 * tool_valgrind.c, tool_native in tool.c), `analysis` for one that reads the
 * source (tool_static.c runs it and keeps its output: static_clang.c,
 * static_cppcheck.c), `suppressions` for one with a suppression format of its
 * own (suppress_tools.c). Adding a tool is its line in RACELAB_TOOLS
 * (tool.h), its row, and its module. */
#ifndef RACELAB_TOOL_MODULE_H
#define RACELAB_TOOL_MODULE_H

#include "tool.h"

struct build_env; /* build.h */
struct program;   /* case.h */

/* A static tool's analysis: how tool_static.c runs it on one source. */
struct static_ops {
    /* The executable; `PROGRAM --version` is part of the cache key. */
    const char *program;
    /* Its command line for `source` into argv (room for 40), NULL-terminated,
     * run in an empty directory of its own; strings it makes are kept in
     * *keep (freed by the caller). Returns argc. */
    size_t (*command)(enum tool_id tool, const struct build_env *env, const struct program *prog,
                      const char *source, const char **argv, char **keep);
    /* Its output (stderr, then stdout) as findings; returns the number of
     * errors that stopped the analysis (the program does not compile), the
     * first in *first_error (malloc'd, or NULL), or -1 when the output says
     * the tool itself failed (*first_error: how). */
    int (*parse)(enum tool_id tool, const char *text, struct finding_list *out, char **first_error);
    /* A non-zero exit without an error line is no failure (clang-tidy). */
    bool warns_with_status;
};

struct tool_ops {
    const char *title;      /* "TSan": the catalog page's column */
    const char *long_title; /* "TSan (Clang ThreadSanitizer)" */
    enum build_profile profile;
    unsigned caps; /* enum tool_cap */
    enum tool_header header;
    int speed; /* tool_speed() */
    /* Available when this executable is on PATH (or when `available` says
     * so); `install` is what to do when it is not. */
    const char *program;
    bool (*available)(void);
    const char *install;
    /* Run the program once (tools with TOOL_CAP_RUNS, rustc). */
    int (*run)(const struct run_request *req, struct run_outcome *out);
    /* Read the source (TOOL_CAP_STATIC). */
    const struct static_ops *analysis;
    /* racelab run: a finding the tool makes for want of a model (tool.h,
     * tool_unmodelled), and why such findings are not counted; NULL: none. */
    bool (*unmodelled)(const struct finding *f, const char *binary);
    const char *model_gaps;
    /* The user's suppressions in the tool's format, or NULL: none. */
    char *(*suppressions)(const struct suppressions *s, enum tool_id tool, const char *root);
};

const struct tool_ops *tool_ops(enum tool_id tool);

/* The modules' rows' hooks. */
extern const struct static_ops tsa_static_ops;      /* static_clang.c */
extern const struct static_ops analyzer_static_ops; /* static_clang.c */
extern const struct static_ops tidy_static_ops;     /* static_clang.c */
extern const struct static_ops cppcheck_static_ops; /* static_cppcheck.c */

/* Implemented by each tool module (their rows' run hooks). */
int tsan_tool_run(const struct run_request *req, struct run_outcome *out);
int valgrind_tool_run(const struct run_request *req, struct run_outcome *out);
bool tsan_unmodelled(const struct finding *f, const char *binary);     /* tool_tsan.c */
bool valgrind_unmodelled(const struct finding *f, const char *binary); /* tool_valgrind.c */
/* No detector (native, a Rust twin rustc accepted): tool_exec.c. */
int native_tool_run(const struct run_request *req, struct run_outcome *out);

/* Shared by the tool modules. */
struct proc_result;
/* Fill the process part of *out from a finished process: status (timeout,
 * crash, ok), detail, exit code, captured output (ownership moves to *out)
 * and the thread count written by the shim into threads_file (NULL: a
 * program without the shim). */
/* The shim's thread-count file (harness/shim/thread_count.c): "COUNT run"
 * while the program runs, "COUNT exit" once its exit handlers ran. Returns
 * COUNT (with *exited), or -1 when the text is anything else. */
long thread_count_parse(const char *text, bool *exited);
void run_outcome_take_process(struct run_outcome *out, struct proc_result *pr,
                              const char *threads_file, double timeout_s);
/* How a tool module runs its program (tool_exec). */
struct tool_exec_opts {
    const char *const *prefix; /* the tool's command line before the program, or NULL */
    const char *const *env;    /* more environment for the tool, or NULL */
    int observe_tool;          /* observed runs: enum observe_tool (observe.h) */
    /* Observed runs: the descriptor the tool's report goes to, > 2 (0: none).
     * Its content lands in *channel, and *channel_truncated says whether
     * more came than RUN_OUTPUT_CAP. */
    int channel_fd;
    bool protect_channel; /* refuse a close or dup2 over it (not Valgrind, which moves it) */
    const char *const *tool_exec_prefixes; /* execs that are the tool's start-up */
    int tool_execs;
};
/* Run the tool's prefix followed by the program and its arguments, in the
 * scratch directory, with the scrubbed environment plus the options' and the
 * thread-count file; fill the process part of *out. Returns 0, or -1 when
 * nothing could be run (out->status is then RUN_TOOL_ERROR). */
int tool_exec(const struct run_request *req, const struct tool_exec_opts *x,
              struct run_outcome *out, char **channel, bool *channel_truncated);
#endif
