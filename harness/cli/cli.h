/* cli.h: what racelab's commands (cmd_*.c, one per command) share: cli.c. */
#ifndef RACELAB_CLI_H
#define RACELAB_CLI_H

#include "baseline.h"
#include "check.h"
#include "output.h"
#include "suppress.h"

struct globals {
    char *root;      /* the catalog (default: the racelab checkout) */
    char *build_dir; /* binaries and scratch files */
    char *shim_dir;  /* the thread-count shim objects, beside the executable */
};

/* Print "racelab COMMAND: " fmt (with one %s) and the hint to the running
 * command's --help; returns 2. */
int usage_error(const char *fmt, const char *arg);
/* --runs N (1..1000) and -j N (1..256); 0 or 2 (after a usage error). */
int parse_runs(const char *s, int *runs);
int parse_jobs(const char *s, int *jobs);
/* --shard K/N (1 <= K <= N <= 1000); 0 or 2 (after a usage error). */
int parse_shard(const char *s, int *k, int *n);
/* --tools LIST into bits; 0 or 2 (after a usage error). */
int parse_tools(const char *list, unsigned *tools);
/* A number from 1 to max; 0 or 2 (after printing `what` with the text). */
int parse_positive(const char *s, const char *what, int max, int *out);

/* --suppressions FILE, --baseline FILE, --update-baseline: what a gate
 * forgives. Loaded once the options are read; freed after the run. */
struct gate {
    const char *suppressions_path, *baseline_path;
    bool update;
    struct suppressions suppressions;
    struct baseline baseline;
    bool have_suppressions, have_baseline;
};

/* The options check and run share: runs, jobs, reports, scratch, the gate. */
// clang-format off
#define SHARED_LONGOPTS                                                       \
    {"runs", required_argument, NULL, 'r'},                                   \
    {"jobs", required_argument, NULL, 'j'},                                   \
    {"format", required_argument, NULL, 'f'},                                 \
    {"output", required_argument, NULL, 'o'},                                 \
    {"keep", no_argument, NULL, 'k'},                                         \
    {"wide", no_argument, NULL, 1004},                                        \
    {"suppressions", required_argument, NULL, 1001},                          \
    {"baseline", required_argument, NULL, 1002},                              \
    {"update-baseline", no_argument, NULL, 1003}
// clang-format on

/* Handle option c if it is a shared one: its status (0, or 2 after a usage
 * error); -1 when c is not a shared option. */
int shared_option(int c, const char *arg, struct check_options *o, struct report_outputs *outs,
                  struct gate *g);
/* Load the files into *o; 0, or 2 after printing "file:line: what is wrong". */
int gate_load(struct gate *g, struct check_options *o);
void gate_free(struct gate *g);

/* The catalog under root, its malformed cases left out: each problem printed
 * on stderr ("racelab: file:line: what is wrong"), *broken set, so that the
 * command runs the others and exits 2 at the end. 0, or 2 when nothing
 * loads (printed). */
int catalog_load_reporting(const char *root, struct catalog *cat, bool *broken);

/* The engine's options every command starts from. */
struct check_options check_defaults(const struct globals *g);
/* Run the engine and write every report; the command's exit status. */
int check_and_report(struct check_options *o, struct report_outputs *outs);

#endif
