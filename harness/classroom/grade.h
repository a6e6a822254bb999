/* grade.h: `racelab grade` (grade.c: finding submissions and checking them;
 * grade_report.c: the CSV files, the JUnit file, the feedback and the
 * command; grade_merge.c: `racelab grade merge`, shards back into one). */
#ifndef RACELAB_GRADE_H
#define RACELAB_GRADE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "case.h"
#include "exercise.h"

struct sandbox; /* sandbox.h */

/* One student: their directory's name and, per exercise (catalog order), the
 * file found for it (NULL: none) or why none can be used. */
struct grade_student {
    char *name;
    char **file;
    char **problem;
    bool *by_path; /* the file matched by FAMILY/NAME.c, not by its name alone */
};

struct grade_class {
    struct grade_student *students; /* sorted by name (strcmp) */
    size_t len;
};

/* A row's status: what the teacher acts on. The exercise check's statuses,
 * and one grade decides alone (not attempted). Names in grade_status_name. */
enum grade_status {
    GRADE_PASS,
    GRADE_FAIL,          /* the lesson's reason: a race, a wrong result, a hang... */
    GRADE_NOT_ATTEMPTED, /* the file is still the program the student was given */
    GRADE_MISSING,       /* no file (or none the grader can read) */
    GRADE_NO_COMPILE,    /* does not compile, or is not a C source at all */
    GRADE_REFUSED,       /* an opt-out or a cheat, a symbolic link, two files */
    GRADE_TOOL_ERROR,    /* a tool or the grader failed: not a verdict on the fix */
    GRADE__COUNT
};
/* "pass", "fail", "not-attempted", "missing", "does-not-compile", "refused",
 * "tool-error" */
const char *grade_status_name(enum grade_status s);
enum grade_status grade_status_from_check(enum exercise_status s);
/* Did the student try: anything but missing and not-attempted. */
bool grade_status_attempted(enum grade_status s);

/* One (student, exercise) and how it went. */
struct grade_row {
    const struct grade_student *student;
    size_t exercise; /* index in the catalog */
    enum grade_status status;
    char *reason;   /* one line; NULL on pass */
    char *lesson;   /* the exercise's words on the wrong fix it made, or NULL */
    char *report;   /* the check's report (the compiler's errors, the refused lines...), or NULL */
    char *warnings; /* compiler warnings, or NULL */
    atomic_bool done;
};

struct grade_options {
    const char *build_dir; /* staging and builds: BUILD/grade/STUDENT/EXERCISE */
    const char *shim_dir;
    int runs, jobs;
    int timeout_s; /* per-run wall limit, when lower than the case's (0: the case's) */
    bool keep;     /* keep the staging directories */
    /* Every build and run of a submission under sandbox_default_limits(),
     * worker k as slot k's uid (at least `jobs` slots). NULL: no limits. */
    const struct sandbox *sandbox;
};

/* The students under dir: one per subdirectory, files matched to exercises.
 * Returns 0, or -1 with *err when dir cannot be read. */
int grade_find_students(const char *dir, const struct catalog *cat, struct grade_class *out,
                        char **err);
void grade_class_free(struct grade_class *cl, size_t nexercises);

/* Keep only the exercises someone in the class attempted (handed in
 * anything but the program they were given): `racelab grade` without
 * --exercise. Run it on the whole class, before grade_class_shard, so that
 * every shard grades the same exercises. */
void grade_keep_attempted(const struct catalog *cat, const struct grade_class *cl, bool *selected);

/* Keep the k-th (1-based) of n slices of the class: the students whose
 * position (sorted by name, from 0) is k-1 modulo n. */
void grade_class_shard(struct grade_class *cl, size_t nexercises, int k, int n);
/* How many students of a class of class_size shard k/n holds. */
size_t grade_shard_size(size_t class_size, int k, int n);

/* Check every (student, selected exercise) on o->jobs workers; the rows, in
 * student then catalog order, go to *rows (free with grade_rows_free).
 * Progress lines go to stderr as rows finish, in order. */
int grade_run(const struct grade_options *o, const struct catalog *cat, const bool *selected,
              struct grade_class *cl, struct grade_row **rows, size_t *nrows);
void grade_rows_free(struct grade_row *rows, size_t n);

/* A name from untrusted text made safe for a file name. */
char *grade_safe_name(const char *s);

/* ---- the reports (grade_report.c) -------------------------------------------------- */

/* What a run graded, written down for `racelab grade merge`. */
struct grade_run_info {
    int shard_k, shard_n; /* 1/1: not sharded */
    size_t class_size;    /* students in the whole class, every shard together */
};

#define GRADE_CSV            "grades.csv"
#define GRADE_SUMMARY_CSV    "grades-summary.csv"
#define GRADE_JUNIT          "grades.xml"
#define GRADE_RUN_FILE       "grades-run.txt"
#define GRADE_FEEDBACK_DIR   "feedback"
#define GRADE_CSV_HEADER     "\"student\",\"exercise\",\"status\",\"score\",\"reason\"\r\n"
#define GRADE_SUMMARY_HEADER "\"student\",\"passed\",\"attempted\",\"total\",\"percent\"\r\n"

/* Each returns 0, or -1 with errno set. */
int grade_write_csv(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n);
int grade_write_summary(FILE *out, const struct grade_class *cl, const struct grade_row *rows,
                        size_t n);
int grade_write_junit(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n);
int grade_write_feedback(FILE *out, const struct catalog *cat, const struct grade_row *rows,
                         size_t n, const struct grade_student *student);
/* GRADE_RUN_FILE: "shard K/N", "class SIZE", an "exercise ID" line per
 * exercise graded, in catalog order. */
int grade_write_run_info(FILE *out, const char *const *exercises, size_t nexercises,
                         const struct grade_run_info *info);

/* Everything in out_dir: the CSV, the summary, the JUnit file, the run file
 * and feedback/STUDENT.txt. Returns 0, or -1 with *err naming the file. */
int grade_write_outputs(const char *out_dir, const struct catalog *cat, const bool *selected,
                        const struct grade_run_info *info, const struct grade_class *cl,
                        const struct grade_row *rows, size_t n, char **err);

/* ---- racelab grade merge (grade_merge.c) -------------------------------------------- */

/* Merge the outputs of shards 1/N .. N/N of one grading (in any order) into
 * out_dir, as one unsharded run would have written them. Refuses a shard
 * given twice or missing, shards of different runs (N, class size,
 * exercises), and a student in two shards. Returns 0, or -1 with *err
 * naming the file at fault. */
int grade_merge(const char *out_dir, const char *const *dirs, size_t ndirs, char **err);

/* ---- racelab grade's output (grade_report.c) ----------------------------------------- */

/* Grade the students of class directory dir on the selected exercises
 * (chosen: named by --exercise; else those someone changed), write out_dir's
 * files and print the summary: 0, or 2 after a message. */
int grade_and_write(const struct grade_options *go, const struct catalog *cat, bool *selected,
                    bool chosen, struct grade_run_info *info, const char *dir, const char *out_dir);

#endif
