/* grade.c: `racelab grade DIR`: a whole class's fixes, checked.
 *
 * DIR holds one directory per student: a workspace from `racelab exercise
 * start`, or just the case files they edited, anywhere below it. A file
 * belongs to an exercise by its path (.../threads/shared-counter.c) or, when
 * that is unambiguous, by its name alone (shared-counter.c). Every (student,
 * exercise) is one row. What the grader can decide by looking at the file
 * (none, two, a link, untouched) it decides itself, without running anything;
 * every other row is one job for a pool of workers, which copies the file
 * into a fresh staging workspace and runs the exercise check on it, inside
 * the sandbox when racelab runs as root (sandbox.h): a dedicated user id per
 * worker, limits on CPU, memory, processes, file size and output, no network,
 * a private /tmp. Student code is untrusted: nothing in a submission can stop
 * the grader, and every problem (no file, binary junk, no compile, a hang, a
 * fork bomb) is that submission's row, with its status and reason.
 *
 * The rows are written by grade_report.c (docs/grading.md). */
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
    const char *base = path_base(path);
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

/* ---- what the grader decides by looking at the file ---------------------------------------- */

/* One student's file for one exercise, as found and read: never through a
 * symbolic link (it could point anywhere: /etc/shadow, another student's
 * file), never more than GRADE_FILE_MAX bytes. */
struct submission {
    const char *path;    /* NULL: none found */
    const char *problem; /* why the files found cannot be used */
    bool link;
    long long size;
    char *text; /* NULL when not read */
    size_t len;
    int read_errno; /* why it could not be read, or 0 */
};

static void submission_load(const struct grade_student *st, size_t i, struct submission *s)
{
    memset(s, 0, sizeof *s);
    s->path = st->file[i];
    s->problem = st->problem[i];
    struct stat sb;
    if (s->problem || !s->path)
        return;
    if (lstat(s->path, &sb) < 0) {
        s->read_errno = errno;
        return;
    }
    s->link = S_ISLNK(sb.st_mode);
    s->size = (long long)sb.st_size;
    if (!s->link && s->size <= GRADE_FILE_MAX && read_file_regular(s->path, &s->text, &s->len) < 0)
        s->read_errno = errno;
}

/* Is the text what the student was given: the program in cases/ (copied by
 * hand) or the starting copy `racelab exercise start` writes from it? The
 * workspace's own test, so that grade and `exercise reset` agree. */
static bool untouched(const struct catalog *cat, const struct rl_case *c,
                      const struct submission *s)
{
    const struct workspace ws = {.cat = cat};
    return s->text && workspace_is_original(&ws, c, s->text, s->len);
}

/* The grader's own decisions, in order: the first whose test says why is
 * the row, and nothing runs. The reasons name the exercise's file, never the
 * teacher's path to it, except for two files (which ones is the point). */
typedef char *decide_fn(const struct catalog *cat, const struct rl_case *c,
                        const struct submission *s);

static char *two_files(const struct catalog *cat, const struct rl_case *c,
                       const struct submission *s)
{
    (void)cat, (void)c;
    return s->problem ? xstrdup(s->problem) : NULL;
}

static char *no_file(const struct catalog *cat, const struct rl_case *c, const struct submission *s)
{
    (void)cat;
    return s->path ? NULL
                   : xasprintf("missing file: no %s.c (or %s.c) in the submission", c->id, c->name);
}

static char *symbolic_link(const struct catalog *cat, const struct rl_case *c,
                           const struct submission *s)
{
    (void)cat;
    return s->link
               ? xasprintf("%s.c is a symbolic link, not a file: submit the file itself", c->name)
               : NULL;
}

static char *unreadable(const struct catalog *cat, const struct rl_case *c,
                        const struct submission *s)
{
    (void)cat;
    return s->read_errno ? xasprintf("cannot read %s.c: %s", c->name, strerror(s->read_errno))
                         : NULL;
}

static char *too_large(const struct catalog *cat, const struct rl_case *c,
                       const struct submission *s)
{
    (void)cat;
    return s->size > GRADE_FILE_MAX
               ? xasprintf("not a C source file: %s.c is %lld bytes, more than a fix could be",
                           c->name, s->size)
               : NULL;
}

static char *not_attempted(const struct catalog *cat, const struct rl_case *c,
                           const struct submission *s)
{
    return untouched(cat, c, s)
               ? xstrdup("not attempted: the file is still the program the exercise started from")
               : NULL;
}

/* A symbolic link and two files are refused, not "does not compile": the
 * grader will not follow the one or choose between the other, and the
 * student's fix is to hand in one plain file, not to change their code.
 * A file too large to be C is does-not-compile, as binary junk is in the
 * exercise check: it is not a C program at all. */
static const struct decision {
    enum grade_status status;
    decide_fn *why;
} decisions[] = {
    {GRADE_REFUSED, two_files},     {GRADE_MISSING, no_file},
    {GRADE_REFUSED, symbolic_link}, {GRADE_MISSING, unreadable},
    {GRADE_NO_COMPILE, too_large},  {GRADE_NOT_ATTEMPTED, not_attempted},
};

/* The grader's decision on a submission: true with *status and *reason
 * set, or false when only the exercise check can tell. */
static bool decide(const struct catalog *cat, size_t i, const struct submission *s,
                   enum grade_status *status, char **reason)
{
    for (size_t d = 0; d < sizeof decisions / sizeof *decisions; d++)
        if ((*reason = decisions[d].why(cat, &cat->cases[i], s))) {
            *status = decisions[d].status;
            return true;
        }
    return false;
}

void grade_keep_attempted(const struct catalog *cat, const struct grade_class *cl, bool *selected)
{
    for (size_t i = 0; i < cat->len; i++) {
        bool attempted = false;
        for (size_t k = 0; selected[i] && !attempted && k < cl->len; k++) {
            struct submission s;
            enum grade_status status = GRADE_PASS;
            char *reason = NULL;
            submission_load(&cl->students[k], i, &s);
            attempted = !decide(cat, i, &s, &status, &reason) || grade_status_attempted(status);
            free(reason);
            free(s.text);
        }
        selected[i] = attempted;
    }
}

size_t grade_shard_size(size_t class_size, int k, int n)
{
    return class_size >= (size_t)k ? (class_size - (size_t)k) / (size_t)n + 1 : 0;
}

void grade_class_shard(struct grade_class *cl, size_t nexercises, int k, int n)
{
    struct grade_class drop = {.students = xcalloc(cl->len + 1, sizeof *drop.students)};
    size_t kept = 0;
    for (size_t s = 0; s < cl->len; s++) {
        if (s % (size_t)n == (size_t)(k - 1))
            cl->students[kept++] = cl->students[s];
        else
            drop.students[drop.len++] = cl->students[s];
    }
    cl->len = kept;
    grade_class_free(&drop, nexercises);
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

/* Write the submission's text into a fresh staging workspace: STAGE/FAMILY/
 * NAME.c and STAGE/include. Returns NULL, or why the grader could not. */
static char *stage(const struct grader *g, const struct grade_row *row, const struct submission *s,
                   const char *stage_dir)
{
    const struct rl_case *c = &g->cat->cases[row->exercise];
    char *dst = xasprintf("%s/%s.c", stage_dir, c->id), *sub = xstrdup(dst);
    char *inc = xasprintf("%s/include", stage_dir), *target = xasprintf("%s/include", g->cat->root);
    char *why = NULL;
    *strrchr(sub, '/') = '\0';
    if (mkdir_p(sub) < 0 || write_file(dst, s->text, s->len) < 0 || symlink(target, inc) < 0)
        why = xasprintf("cannot stage %s: %s", dst, strerror(errno));
    free(target);
    free(inc);
    free(sub);
    free(dst);
    return why;
}

/* The exercise check's result, moved into the row. */
static void take_result(struct grade_row *row, struct exercise_result *res)
{
    row->status = grade_status_from_check(res->status);
    row->reason = res->reason;
    row->lesson = res->lesson;
    row->report = res->report;
    row->warnings = res->warnings;
    res->reason = res->lesson = res->report = res->warnings = NULL;
    exercise_result_free(res);
}

static void check_staged(struct grader *g, struct grade_row *row, const struct submission *s,
                         const struct proc_limits *limits)
{
    const struct rl_case *c = &g->cat->cases[row->exercise];
    char *who = grade_safe_name(row->student->name), *id = grade_safe_name(c->id);
    char *dir = xasprintf("%s/grade/%s/%s", g->build_dir, who, id);
    char *stage_dir = xasprintf("%s/ws", dir), *build = xasprintf("%s/build", dir);
    remove_tree(dir);
    char *why = NULL;
    if (mkdir_p(stage_dir) < 0 || mkdir_p(build) < 0)
        why = xasprintf("cannot create %s: %s", dir, strerror(errno));
    if (!why)
        why = stage(g, row, s, stage_dir);
    if (why) {
        row->status = GRADE_TOOL_ERROR;
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
            row->status = GRADE_TOOL_ERROR;
            row->reason = err;
        } else {
            take_result(row, &res);
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

static void grade_one(struct grader *g, struct grade_row *row, const struct proc_limits *limits)
{
    struct submission s;
    submission_load(row->student, row->exercise, &s);
    if (!decide(g->cat, row->exercise, &s, &row->status, &row->reason))
        check_staged(g, row, &s, limits);
    free(s.text);
}

/* Print finished rows in order, as soon as every earlier one is done. */
static void print_ready(struct grader *g)
{
    while (g->printed < g->nrows && atomic_load(&g->rows[g->printed].done)) {
        const struct grade_row *r = &g->rows[g->printed++];
        fprintf(stderr, "%-20s %-36s %-16s %s\n", r->student->name, g->cat->cases[r->exercise].id,
                grade_status_name(r->status), r->reason ? r->reason : "");
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

static const char *const status_names[GRADE__COUNT] = {
    [GRADE_PASS] = "pass",
    [GRADE_FAIL] = "fail",
    [GRADE_NOT_ATTEMPTED] = "not-attempted",
    [GRADE_MISSING] = "missing",
    [GRADE_NO_COMPILE] = "does-not-compile",
    [GRADE_REFUSED] = "refused",
    [GRADE_TOOL_ERROR] = "tool-error",
};

const char *grade_status_name(enum grade_status s)
{
    return (unsigned)s < GRADE__COUNT ? status_names[s] : "tool-error";
}

enum grade_status grade_status_from_check(enum exercise_status s)
{
    static const enum grade_status map[] = {
        [EXERCISE_PASS] = GRADE_PASS,       [EXERCISE_FAIL] = GRADE_FAIL,
        [EXERCISE_MISSING] = GRADE_MISSING, [EXERCISE_NO_COMPILE] = GRADE_NO_COMPILE,
        [EXERCISE_REFUSED] = GRADE_REFUSED, [EXERCISE_TOOL_ERROR] = GRADE_TOOL_ERROR,
    };
    /* A status this table does not know yet is not a verdict on the fix. */
    return (unsigned)s < sizeof map / sizeof *map ? map[s] : GRADE_TOOL_ERROR;
}

bool grade_status_attempted(enum grade_status s)
{
    return s != GRADE_MISSING && s != GRADE_NOT_ATTEMPTED;
}

void grade_rows_free(struct grade_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].reason);
        free(rows[i].lesson);
        free(rows[i].report);
        free(rows[i].warnings);
    }
    free(rows);
}
