/* grade.h: `racelab grade` (grade.c: finding submissions and checking them;
 * grade_report.c: the CSV, the JUnit file, the feedback and the command). */
#ifndef RACELAB_GRADE_H
#define RACELAB_GRADE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "case.h"

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
    struct grade_student *students; /* sorted by name */
    size_t len;
};

enum grade_verdict { GRADE_PASS, GRADE_FAIL, GRADE_ERROR };
const char *grade_verdict_name(enum grade_verdict v); /* "pass", "fail", "error" */

/* One (student, exercise) and how it went. */
struct grade_row {
    const struct grade_student *student;
    size_t exercise; /* index in the catalog */
    enum grade_verdict verdict;
    char *reason;   /* one line; NULL on pass */
    char *report;   /* the exercise check's report, or NULL */
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

/* Check every (student, selected exercise) on o->jobs workers; the rows, in
 * student then catalog order, go to *rows (free with grade_rows_free).
 * Progress lines go to stderr as rows finish, in order. */
int grade_run(const struct grade_options *o, const struct catalog *cat, const bool *selected,
              struct grade_class *cl, struct grade_row **rows, size_t *nrows);
void grade_rows_free(struct grade_row *rows, size_t n);

/* A name from untrusted text made safe for a file name. */
char *grade_safe_name(const char *s);

/* The reports (grade_report.c). Each returns 0, or -1 with errno set. */
int grade_write_csv(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n);
int grade_write_junit(FILE *out, const struct catalog *cat, const struct grade_row *rows, size_t n);
int grade_write_feedback(FILE *out, const struct catalog *cat, const struct grade_row *rows,
                         size_t n, const struct grade_student *student);

#endif
