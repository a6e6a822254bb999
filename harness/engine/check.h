/* check.h: the engine behind `racelab check` and `racelab explain`: build
 * what is needed, run every selected (case, variant, tool) N times on a pool
 * of worker threads, and judge each against its header. Rows are handed to
 * the caller in catalog order as soon as each is complete, so output is
 * deterministic and still streams. */
#ifndef RACELAB_CHECK_H
#define RACELAB_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "case.h"
#include "tool.h"
#include "verdict.h"

struct proc_limits;  /* proc.h */
struct sandbox;      /* sandbox.h */
struct suppressions; /* suppress.h */
struct baseline;     /* baseline.h */

struct check_row {
    const struct rl_case *c;
    enum variant variant;
    const struct program *prog;
    char *source;                              /* absolute path of the program */
    struct judgement judged[TOOL__COUNT];      /* valid for the report's tools */
    struct run_outcome *outcomes[TOOL__COUNT]; /* the raw runs (nruns entries, NULL if n/a) */
    int nruns[TOOL__COUNT]; /* runs per tool: the report's runs, 1 for a rustc rejection */
    /* Findings a suppression or the baseline took out of outcomes[t] before
     * they were judged (every run's, duplicates included). */
    struct finding_list filtered[TOOL__COUNT];
};

struct check_report {
    struct catalog catalog;
    /* --baseline or --update-baseline: SARIF then marks every result "new" or
     * "unchanged" (judgement.filtered, FILTER_BASELINE). */
    bool baseline_used;
    /* --update-baseline: the file written and its findings (else NULL, 0). */
    const char *baseline_written;
    size_t baseline_entries;
    bool run_mode; /* `racelab run`: one row, the user's program, expected clean */
    struct check_row *rows;
    size_t nrows;
    unsigned tools; /* bit (1u << tool) for each tool checked */
    int runs;
    int pass, fail, na;
    double elapsed_s;
    unsigned long compiler_runs; /* clang builds, static analyses and cargo builds started */
    long peak_rss_kb;            /* the harness's own peak memory (its children aside) */
};

/* `racelab run`: the user's prebuilt program (run.h). */
struct check_run_mode {
    bool on; /* the programs of `catalog` are prebuilt (program.run) */
    /* --all-runs: make every run even after one decided that a tool's
     * verdict fails (by default that tool's other runs are cancelled), to
     * count how often each finding shows. */
    bool all_runs;
};

/* What a CI gate does not judge. Findings these take out are reported but
 * not judged; an expected finding (a kind the header names on a buggy
 * program) is never taken out. Suppressions also reach the tools,
 * translated (suppress.h). */
struct check_gate {
    const struct suppressions *suppressions;
    const struct baseline *baseline;
    /* --update-baseline: after the run, write every unexpected finding (by
     * fingerprint) to this file, and judge the run against it. */
    const char *update_baseline;
};

/* Code racelab did not write: `racelab exercise` and `racelab grade`. */
struct check_untrusted {
    /* Run an OpenMP program's successive runs on 2, 3 and 4 threads
     * (OMP_NUM_THREADS) instead of the default. */
    bool vary_omp_threads;
    /* Give every run of a program with parameters fresh values within their
     * ranges (run_outcome.params), instead of the defaults. */
    bool vary_params;
    /* Build at -O0, watch every run from outside (observe.h,
     * run_request.observe). */
    bool observe;
    /* Stop a program's runs at the first that decides it fails (a finding
     * where the header expects none, a wrong result, a hang, a crash, a
     * refusal): the runs not yet done are skipped (RUN_SKIPPED) and those
     * under way killed. The fastest tools run first. */
    bool stop_on_failure;
    /* racelab grade: every compiler, static analyser and run under these
     * limits (sandbox.h), each run's scratch directory owned by
     * limits->uid. NULL: none. A uid may serve one job only: with jobs > 1,
     * give `sandbox` (at least `jobs` slots), and worker k runs as slot k's
     * uid. The Rust twins' cargo builds are the catalog's own code and run
     * without limits. */
    const struct proc_limits *limits;
    const struct sandbox *sandbox;
};

/* What `racelab check` does, and what the other commands ask of it, each
 * mode's options in a sub-struct of its own. */
struct check_options {
    const char *root;      /* catalog root: holds cases/, safe/, include/ */
    const char *build_dir; /* binaries and scratch directories */
    const char *shim_dir;  /* the shim objects: one directory per toolchain in it */
    const char *const *selectors;
    size_t nselectors;
    unsigned tools; /* bit per tool; 0 = all */
    bool variants[VARIANT__COUNT];
    int runs;          /* >= 1 */
    int jobs;          /* worker threads, >= 1 */
    bool keep_scratch; /* keep each run's scratch directory (reports, XML) */
    /* --shard K/N: only the cases whose position among the selected ones,
     * counted from 0, is K-1 modulo N (N = 0: no sharding). Deterministic:
     * the same catalog and selectors give the same split on every machine. */
    int shard_k, shard_n;
    /* Use this catalog (ownership moves to the report) instead of loading
     * one from root: racelab run's, an exercise's, check's partial one. */
    struct catalog *catalog;
    struct check_run_mode run;        /* racelab run */
    struct check_gate gate;           /* check, run: what a CI gate forgives */
    struct check_untrusted untrusted; /* exercise, grade: code racelab did not write */
    /* Called from a worker thread (serialised) after each run: how many of
     * all the runs are done. NULL: none. */
    void (*on_progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* Called on the calling thread, in catalog order, as each row completes. */
    void (*on_row)(void *ctx, const struct check_report *report, size_t row);
    void *ctx;
};

/* Returns 0 when every selected run was performed (verdicts may fail), or -1
 * for a usage or configuration error (unknown case, malformed header, missing
 * tool) with *err saying what to do: exit status 2. */
int check_run(const struct check_options *opts, struct check_report *report, char **err);
void check_report_free(struct check_report *report);

/* "unsafe" / "safe", or "run" for the program of `racelab run`. */
const char *check_row_variant(const struct check_report *report, const struct check_row *row);

/* 0 when every verdict is pass or n/a, 1 otherwise, 2 when a tool failed
 * in some run (a tool error is never taken for a finding or for clean),
 * unless what the tools saw fails anyway (1), or the failure is covered
 * (check_verdict_covered: then as if that verdict had not failed). */
int check_exit_status(const struct check_report *report);
/* racelab run's default plan: tool's verdict failed only through tool
 * errors, and another tool of the plan judged the program in every run it
 * made (the fallback, run.h). Such a verdict fails nothing: it is said, as
 * a note, and the exit status is that of the tools that judged. */
bool check_verdict_covered(const struct check_report *report, const struct check_row *row,
                           enum tool_id tool);

#endif
