/* exercise.h: racelab's classroom mode.
 *
 * Every buggy program in cases/ is an exercise. `racelab exercise start`
 * copies them into a workspace (exercises/ by default) where a student edits
 * them; `check` judges one copy as if it were the case's safe twin (clean
 * under every tool that applies, over several runs, the twin's oracle, at
 * least the case's threads, still running them at the same time); hints come
 * from the case's header one level at a time; `solution` shows the safe twin
 * once the exercise passes. `racelab grade` runs the same check on a whole
 * class's workspaces.
 *
 * A workspace is a plain directory anyone can read:
 *   DIR/FAMILY/NAME.c   the student's copy of cases/FAMILY/NAME.c
 *   DIR/include         a symbolic link to the catalog's include/ (so a fix
 *                       may use racelab/guarded.h, as the safe twins do)
 *   DIR/progress.txt    one line per exercise: "ID STATE HINTS", and
 *                       "current ID"; a text file, to read, keep and copy. */
#ifndef RACELAB_EXERCISE_H
#define RACELAB_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>

#include "case.h"

struct proc_limits; /* proc.h */

#define WORKSPACE_PROGRESS "progress.txt"
/* A student's file is at most this large: a C source, not a dump. */
#define EXERCISE_FILE_MAX (1u << 20)

struct exercise_state {
    bool done;      /* its check passed once */
    int hints_seen; /* hint levels revealed, 0 .. nhints */
};

struct workspace {
    char *dir;                     /* absolute */
    const struct catalog *cat;     /* the exercises: cat->cases, in catalog order */
    struct exercise_state *state;  /* one per case, in catalog order */
    const struct rl_case *current; /* the exercise check and watch default to; may be NULL */
};

/* Open the workspace in dir for the catalog cat: read its progress file.
 * Returns 0, or -1 with *err ("exercises/progress.txt:3: ..." or "no
 * workspace in DIR: run racelab exercise start"). */
int workspace_open(const char *dir, const struct catalog *cat, struct workspace *ws, char **err);

/* Read a progress file's text (len bytes; NUL bytes refused) into ws, whose
 * dir, cat and state (zeroed, one per case) are set; path names it in *err.
 * An exercise the catalog lacks is ignored: *warnings (malloc'd, or NULL)
 * says so, a "PATH:LINE: ..." line each. */
int workspace_progress_parse(struct workspace *ws, const char *path, const char *text, size_t len,
                             char **warnings, char **err);

/* Create or complete the workspace: copy every exercise that is not there yet
 * (a file already there is the student's and is never overwritten), link
 * include/, write the progress file if missing. *copied and *kept count the
 * exercise files. Returns 0, or -1 with *err. */
int workspace_start(const char *dir, const struct catalog *cat, struct workspace *ws,
                    size_t *copied, size_t *kept, char **err);

/* Write the progress file (atomically). Returns 0, or -1 with *err. */
int workspace_save(const struct workspace *ws, char **err);
void workspace_free(struct workspace *ws);

/* The student's starting copy of exercise c, made from the text of its
 * program in cases/ (malloc'd): the header comment replaced by the title,
 * the task and the commands to check and ask for a hint. The fix, the
 * hints, the expectations and the Rust analogue stay out of it: hints come
 * one at a time from `exercise hint`, the fix from `exercise solution`
 * after a pass. NULL when the text has no racelab-case header. */
char *workspace_starting_copy(const struct rl_case *c, const char *case_text);
/* Is text (a student's file) still the exercise as it started: its
 * starting copy, or the program in cases/ itself? */
bool workspace_is_original(const struct workspace *ws, const struct rl_case *c, const char *text,
                           size_t len);

/* DIR/FAMILY/NAME.c (malloc'd). */
char *workspace_file(const struct workspace *ws, const struct rl_case *c);
/* The exercise's index in the catalog, or -1 for an unknown id (also accepts
 * a path ending in FAMILY/NAME.c). */
int workspace_find(const struct workspace *ws, const char *id);
/* Is the student's file still the same as the case's buggy program? */
bool workspace_unchanged(const struct workspace *ws, const struct rl_case *c);
/* How many exercises are done. */
size_t workspace_done(const struct workspace *ws);

/* ---- checking one exercise (exercise_check.c) ------------------------------ */

struct exercise_check_options {
    const char *catalog_root; /* the real catalog (safe twins, include/) */
    const char *build_dir;    /* where builds and scratch directories go */
    const char *shim_dir;     /* the thread-count shim objects */
    int runs;                 /* runs per tool, >= 1 (default 3) */
    int jobs;                 /* programs run at once */
    int timeout_s;            /* per-run wall limit when lower than the case's (0: the case's) */
    const struct proc_limits *limits; /* untrusted code (grade): every build and run */
    /* Called now and then while the runs go on (thread-safe; NULL: none). */
    void (*on_progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
};

/* How a check came out, in the words a grade uses. */
enum exercise_status {
    EXERCISE_PASS,
    EXERCISE_FAIL,       /* the lesson's reason: a race, a wrong result, a hang, not concurrent */
    EXERCISE_MISSING,    /* no file */
    EXERCISE_NO_COMPILE, /* does not compile, or is not a C source at all */
    EXERCISE_REFUSED,    /* an opt-out or a cheat: the line, or what it did when it ran */
    EXERCISE_TOOL_ERROR, /* a tool failed: not a verdict on the fix */
};
const char *exercise_status_name(enum exercise_status s); /* "pass", "fail", ... */

struct exercise_result {
    enum exercise_status status;
    bool passed;     /* status == EXERCISE_PASS */
    bool tool_error; /* status == EXERCISE_TOOL_ERROR: the check could not judge */
    char *reason;    /* one line: why it failed ("data-race (tsan)", "does not compile"); NULL on
                        pass */
    char *lesson;    /* the exercise's words on the wrong fixes the program made, or NULL */
    char *report;    /* what the student reads: each problem with the lines of their file */
    char *warnings;  /* the compiler's warnings under -Wall -Wextra, or NULL */
    unsigned facts;  /* what the program uses (enum optout_fact) */
    int confirming;  /* runs per judging tool added to see the threads overlap (0: none) */
};

/* Judge the student's file `source` (inside a workspace directory `ws_dir`
 * whose include/ is the catalog's) as the fix of case c. Returns 0 with
 * *res filled (passed or not), or -1 with *err on a harness failure. */
int exercise_check(const struct exercise_check_options *o, const struct rl_case *c,
                   const char *ws_dir, struct exercise_result *res, char **err);
void exercise_result_free(struct exercise_result *res);

#endif
