/* grade.c: `racelab grade DIR`: a whole class's fixes, checked and written
 * down.
 *
 * DIR holds one directory per student: a workspace from `racelab exercise
 * start`, or just the case files they edited, anywhere below it. A file
 * belongs to an exercise by its path (.../threads/shared-counter.c) or, when
 * that is unambiguous, by its name alone (shared-counter.c). Every (student,
 * exercise) is one job, run by a pool of workers; each job copies the file
 * into a fresh staging workspace and runs the exercise check on it, inside
 * the sandbox when racelab runs as root (sandbox.h): a dedicated user id per
 * worker, limits on CPU, memory, processes, file size and output, no network,
 * a private /tmp. Student code is untrusted: nothing in a submission can stop
 * the grader, and every problem (no file, binary junk, no compile, a hang, a
 * fork bomb) is that submission's row, with its reason.
 *
 * Writes OUT/grades.csv (student, exercise, verdict, reason), OUT/grades.xml
 * (JUnit: a suite per student, a test case per exercise) and
 * OUT/feedback/STUDENT.txt (what the student reads). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exercise.h"
#include "grade.h"
#include "report_common.h"
#include "proc.h"
#include "sandbox.h"
#include "util.h"

/* The largest file taken as a submission; a C fix is a few kilobytes. */
#define GRADE_FILE_MAX (1u << 20)
/* How deep below a student's directory files are looked for. */
#define GRADE_DEPTH 4

/* ---- finding each student's files -------------------------------------------- */

static void set_file(struct grade_student *st, int i, const char *path, bool by_path)
{
    if (st->file[i] && st->by_path[i] && !by_path)
        return; /* a path match beats a name match */
    if (st->file[i] && st->by_path[i] == by_path) {
        free(st->problem[i]);
        st->problem[i] = xasprintf("two files for this exercise: %s and %s", st->file[i], path);
        return;
    }
    free(st->file[i]);
    st->file[i] = xstrdup(path);
    st->by_path[i] = by_path;
}

/* Match one file to an exercise: FAMILY/NAME.c at the end of its path, or
 * NAME.c when no other family has that name. */
static void match_file(const struct catalog *cat, struct grade_student *st, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    for (size_t i = 0; i < cat->len; i++) {
        const struct rl_case *c = &cat->cases[i];
        char *tail = xasprintf("/%s.c", c->id);
        if (str_ends_with(path, tail)) {
            set_file(st, (int)i, path, true);
        } else if (strlen(base) == strlen(c->name) + 2 &&
                   strncmp(base, c->name, strlen(c->name)) == 0) {
            size_t same = 0;
            for (size_t k = 0; k < cat->len; k++)
                same += strcmp(cat->cases[k].name, c->name) == 0;
            if (same == 1)
                set_file(st, (int)i, path, false);
        }
        free(tail);
    }
}

static void scan_dir(const struct catalog *cat, struct grade_student *st, const char *dir,
                     int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "include") == 0)
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        /* lstat: a symbolic link is never followed (it could point anywhere). */
        if (lstat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && depth < GRADE_DEPTH)
                scan_dir(cat, st, path, depth + 1);
            else if ((S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode)) && str_ends_with(path, ".c"))
                match_file(cat, st, path);
        }
        free(path);
    }
    closedir(d);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const struct grade_student *)a)->name, ((const struct grade_student *)b)->name);
}

int grade_find_students(const char *dir, const struct catalog *cat, struct grade_class *out,
                        char **err)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d) {
        *err = xasprintf("%s: %s", dir, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        if (e->d_name[0] != '.' && lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            out->students = grow_array(out->students, &cap, out->len + 1, sizeof *out->students);
            struct grade_student *st = &out->students[out->len++];
            memset(st, 0, sizeof *st);
            st->name = xstrdup(e->d_name);
            st->file = xcalloc(cat->len, sizeof *st->file);
            st->problem = xcalloc(cat->len, sizeof *st->problem);
            st->by_path = xcalloc(cat->len, sizeof *st->by_path);
            scan_dir(cat, st, path, 1);
        }
        free(path);
    }
    closedir(d);
    if (out->len)
        qsort(out->students, out->len, sizeof *out->students, compare_names);
    return 0;
}

void grade_class_free(struct grade_class *cl, size_t nexercises)
{
    for (size_t s = 0; s < cl->len; s++) {
        struct grade_student *st = &cl->students[s];
        for (size_t i = 0; i < nexercises; i++) {
            free(st->file[i]);
            free(st->problem[i]);
        }
        free(st->file);
        free(st->problem);
        free(st->by_path);
        free(st->name);
    }
    free(cl->students);
    memset(cl, 0, sizeof *cl);
}

/* ---- running the jobs -------------------------------------------------------- */

struct grader {
    const struct grade_options *o;
    char *build_dir; /* o->build_dir, absolute: the tools run in other directories */
    const struct catalog *cat;
    struct grade_class *cl;
    struct grade_row *rows; /* one per (student, selected exercise), in order */
    size_t nrows;
    atomic_size_t next;
    pthread_mutex_t print_lock;
    size_t printed;
};

/* A file or directory name from untrusted text: letters, digits, '-', '_'
 * and '.', anything else '_', never "." or "..". */
char *grade_safe_name(const char *s)
{
    char *out = xstrdup(*s ? s : "_");
    for (char *p = out; *p; p++)
        if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_' || *p == '.'))
            *p = '_';
    if (out[0] == '.')
        out[0] = '_';
    return out;
}

/* Copy the submission into a fresh staging workspace: STAGE/FAMILY/NAME.c
 * and STAGE/include. Returns NULL, or why the file cannot be a submission. */
static char *stage(const struct grader *g, const struct grade_row *row, const char *stage_dir)
{
    const struct rl_case *c = &g->cat->cases[row->exercise];
    const char *src = row->student->file[row->exercise];
    struct stat sb;
    if (lstat(src, &sb) < 0)
        return xasprintf("cannot read %s: %s", src, strerror(errno));
    /* Named by the exercise's file, not by the teacher's path to it. */
    if (S_ISLNK(sb.st_mode))
        return xasprintf("%s.c is a symbolic link, not a file: submit the file itself", c->name);
    if (sb.st_size > (off_t)GRADE_FILE_MAX)
        return xasprintf("%s.c is %lld bytes: too large for a C source file", c->name,
                         (long long)sb.st_size);
    char *text = NULL, *dst = xasprintf("%s/%s.c", stage_dir, c->id), *sub = xstrdup(dst);
    char *inc = xasprintf("%s/include", stage_dir), *target = xasprintf("%s/include", g->cat->root);
    size_t len = 0;
    char *why = NULL;
    *strrchr(sub, '/') = '\0';
    if (read_file(src, &text, &len) < 0)
        why = xasprintf("cannot read %s: %s", src, strerror(errno));
    else if (mkdir_p(sub) < 0 || write_file(dst, text, len) < 0 || symlink(target, inc) < 0)
        why = xasprintf("cannot stage %s: %s", dst, strerror(errno));
    free(text);
    free(target);
    free(inc);
    free(sub);
    free(dst);
    return why;
}

static bool same_as_original(const struct grader *g, const struct grade_row *row)
{
    const struct rl_case *c = &g->cat->cases[row->exercise];
    char *orig = xasprintf("%s/%s", g->cat->root, c->variants[VARIANT_UNSAFE].path);
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    bool same = read_file(orig, &a, &alen) == 0 &&
                read_file(row->student->file[row->exercise], &b, &blen) == 0 && alen == blen &&
                memcmp(a, b, alen) == 0;
    free(a);
    free(b);
    free(orig);
    return same;
}

static void grade_one(struct grader *g, struct grade_row *row, const struct proc_limits *limits)
{
    const struct rl_case *c = &g->cat->cases[row->exercise];
    const struct grade_student *st = row->student;
    if (st->problem[row->exercise]) {
        row->verdict = GRADE_FAIL;
        row->reason = xstrdup(st->problem[row->exercise]);
        return;
    }
    if (!st->file[row->exercise]) {
        row->verdict = GRADE_FAIL;
        row->reason =
            xasprintf("missing file: no %s.c (or %s.c) in the submission", c->id, c->name);
        return;
    }
    if (same_as_original(g, row)) {
        row->verdict = GRADE_FAIL;
        row->reason = xstrdup("not attempted: the file is still the original buggy program");
        return;
    }
    char *who = grade_safe_name(st->name), *id = grade_safe_name(c->id);
    char *dir = xasprintf("%s/grade/%s/%s", g->build_dir, who, id);
    char *stage_dir = xasprintf("%s/ws", dir), *build = xasprintf("%s/build", dir);
    remove_tree(dir);
    char *why = NULL;
    if (mkdir_p(stage_dir) < 0 || mkdir_p(build) < 0)
        why = xasprintf("cannot create %s: %s", dir, strerror(errno));
    if (!why)
        why = stage(g, row, stage_dir);
    if (why) {
        row->verdict = GRADE_FAIL;
        row->reason = why;
    } else {
        struct exercise_check_options eo = {.catalog_root = g->cat->root,
                                            .build_dir = build,
                                            .shim_dir = g->o->shim_dir,
                                            .runs = g->o->runs,
                                            .jobs = 1,
                                            .timeout_s = g->o->timeout_s,
                                            .limits = limits};
        struct exercise_result res;
        char *err = NULL;
        if (exercise_check(&eo, c, stage_dir, &res, &err) < 0) {
            row->verdict = GRADE_ERROR;
            row->reason = err;
        } else {
            row->verdict = res.passed ? GRADE_PASS : res.tool_error ? GRADE_ERROR : GRADE_FAIL;
            row->reason = res.reason ? xstrdup(res.reason) : NULL;
            row->report = res.report ? xstrdup(res.report) : NULL;
            row->warnings = res.warnings ? xstrdup(res.warnings) : NULL;
            exercise_result_free(&res);
        }
    }
    if (!g->o->keep) {
        remove_tree(dir);
        *strrchr(dir, '/') = '\0';
        rmdir(dir); /* the student's, once empty; BUILD/grade goes at the end */
    }
    free(build);
    free(stage_dir);
    free(dir);
    free(id);
    free(who);
}

/* Print finished rows in order, as soon as every earlier one is done. */
static void print_ready(struct grader *g)
{
    while (g->printed < g->nrows && atomic_load(&g->rows[g->printed].done)) {
        const struct grade_row *r = &g->rows[g->printed++];
        fprintf(stderr, "%-20s %-36s %-5s %s\n", r->student->name, g->cat->cases[r->exercise].id,
                grade_verdict_name(r->verdict), r->reason ? r->reason : "");
    }
}

struct worker {
    struct grader *g;
    struct proc_limits limits; /* the sandbox's defaults, as this worker's own uid */
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct grader *g = w->g;
    size_t i;
    while ((i = atomic_fetch_add(&g->next, 1)) < g->nrows) {
        grade_one(g, &g->rows[i], g->o->sandbox ? &w->limits : NULL);
        atomic_store(&g->rows[i].done, true);
        pthread_mutex_lock(&g->print_lock);
        print_ready(g);
        pthread_mutex_unlock(&g->print_lock);
    }
    return NULL;
}

int grade_run(const struct grade_options *o, const struct catalog *cat, const bool *selected,
              struct grade_class *cl, struct grade_row **rows_out, size_t *nrows_out)
{
    struct grader g = {.o = o, .cat = cat, .cl = cl};
    mkdir_p(o->build_dir);
    g.build_dir = realpath(o->build_dir, NULL);
    if (!g.build_dir)
        g.build_dir = xstrdup(o->build_dir); /* each row then says what failed */
    size_t nsel = 0;
    for (size_t i = 0; i < cat->len; i++)
        nsel += selected[i];
    g.rows = xcalloc(cl->len * nsel + 1, sizeof *g.rows);
    for (size_t s = 0; s < cl->len; s++)
        for (size_t i = 0; i < cat->len; i++)
            if (selected[i])
                g.rows[g.nrows++] = (struct grade_row){.student = &cl->students[s], .exercise = i};
    atomic_init(&g.next, 0);
    pthread_mutex_init(&g.print_lock, NULL);
    int nworkers = o->jobs < 1 ? 1 : o->jobs;
    pthread_t *tids = xcalloc((size_t)nworkers, sizeof *tids);
    struct worker *workers = xcalloc((size_t)nworkers, sizeof *workers);
    int started = 0, rc = 0;
    for (int w = 0; w < nworkers; w++) {
        workers[w] = (struct worker){.g = &g};
        if (o->sandbox) {
            sandbox_default_limits(&workers[w].limits);
            sandbox_use_slot(&workers[w].limits, o->sandbox, w);
        }
        if (pthread_create(&tids[w], NULL, work, &workers[w]) != 0)
            break;
        started++;
    }
    if (started == 0) {
        work(&workers[0]); /* no thread could start: grade on this one */
    }
    for (int w = 0; w < started; w++)
        pthread_join(tids[w], NULL);
    pthread_mutex_destroy(&g.print_lock);
    if (!o->keep) {
        char *top = xasprintf("%s/grade", g.build_dir);
        rmdir(top); /* only when empty: another grading may be running */
        free(top);
    }
    free(tids);
    free(workers);
    free(g.build_dir);
    *rows_out = g.rows;
    *nrows_out = g.nrows;
    return rc;
}

const char *grade_verdict_name(enum grade_verdict v)
{
    return v == GRADE_PASS ? "pass" : v == GRADE_ERROR ? "error" : "fail";
}

void grade_rows_free(struct grade_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].reason);
        free(rows[i].report);
        free(rows[i].warnings);
    }
    free(rows);
}
