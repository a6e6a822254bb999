/* grade_merge.c: `racelab grade merge OUT DIR...`: the shards of one grading
 * back into one output directory, as an unsharded run would have written it.
 *
 * Shard K of N holds the students at positions K-1, K-1+N, ... of the class
 * sorted by name, so the class is the shards' students dealt back in turn:
 * position p is the (p/N)-th student of shard p%N+1. Lines are copied as the
 * shards wrote them, never parsed and written again, which is what makes the
 * merged files byte for byte those of one run (tests/grade.sh compares).
 *
 * Nothing is written before every shard has been read and checked against
 * the others, so a refused merge leaves OUT as it was: each shard once, all
 * N of them, of one class (its size) and one set of exercises (the run
 * files, then every CSV row), no student in two shards. Every refusal names
 * the file at fault. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grade.h"
#include "util.h"

struct span {
    const char *p;
    size_t len;
};

struct shard {
    const char *dir;
    struct grade_run_info info;
    char **exercises;
    size_t nexercises;
    char *text[3];       /* grades.csv, grades-summary.csv, grades.xml, whole */
    char **names;        /* each student's name as the CSVs have it */
    struct span *lines;  /* each student's summary line */
    struct span *rows;   /* grades.csv lines: nexercises per student, in order */
    struct span *suites; /* grades.xml: a <testsuite> per student (none with no exercise) */
    size_t nstudents, nrows, nsuites;
    char **feedback; /* file names under feedback/ */
    size_t nfeedback;
};

static char *path_in(const char *dir, const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

/* The lines of text (each without its "\r\n" or "\n"). */
static size_t split_lines(const char *text, struct span **out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        *out = grow_array(*out, &cap, n + 1, sizeof **out);
        (*out)[n++] = (struct span){p, len && p[len - 1] == '\r' ? len - 1 : len};
        p += nl ? len + 1 : len;
    }
    return n;
}

/* The fields of one line of grade's CSV (every field quoted, "" for a
 * quote); -1 when it is not one. */
static int csv_fields(struct span line, char **fields, size_t max)
{
    const char *p = line.p, *end = line.p + line.len;
    size_t n = 0;
    while (p < end && *p == '"' && n < max) {
        struct strbuf sb = STRBUF_INIT;
        for (p++; p < end && !(*p == '"' && (p + 1 == end || p[1] != '"')); p++) {
            if (*p == '"')
                p++;
            strbuf_addch(&sb, *p);
        }
        fields[n++] = strbuf_detach(&sb);
        p++; /* the closing quote */
        if (p < end && *p == ',')
            p++;
        else
            break;
    }
    if (p != end || n == 0) {
        while (n)
            free(fields[--n]);
        return -1;
    }
    return (int)n;
}

static void free_fields(char **fields, int n)
{
    while (n > 0)
        free(fields[--n]);
}

static int read_run_file(struct shard *sh, char **err)
{
    char *path = path_in(sh->dir, GRADE_RUN_FILE), *text = NULL;
    if (read_file(path, &text, NULL) < 0) {
        *err = xasprintf("%s: cannot read: %s (is %s an output directory of racelab grade?)", path,
                         strerror(errno), sh->dir);
        free(path);
        return -1;
    }
    struct span *lines;
    size_t n = split_lines(text, &lines), cap = 0;
    int rc = 0, have = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *line = xstrndup(lines[i].p, lines[i].len), id[256];
        int used = 0;
        if (line[0] == '#' || line[0] == '\0') {
            /* a comment */
        } else if (sscanf(line, "shard %d/%d%n", &sh->info.shard_k, &sh->info.shard_n, &used) ==
                       2 &&
                   !line[used] && sh->info.shard_k >= 1 && sh->info.shard_k <= sh->info.shard_n) {
            have |= 1;
        } else if (sscanf(line, "class %zu%n", &sh->info.class_size, &used) == 1 && !line[used]) {
            have |= 2;
        } else if (sscanf(line, "exercise %255s%n", id, &used) == 1 && !line[used]) {
            sh->exercises = grow_array(sh->exercises, &cap, sh->nexercises + 1, sizeof(char *));
            sh->exercises[sh->nexercises++] = xstrdup(id);
        } else {
            *err = xasprintf("%s:%zu: expected 'shard K/N', 'class SIZE' or 'exercise ID', not "
                             "'%s'",
                             path, i + 1, line);
            rc = -1;
        }
        free(line);
    }
    if (rc == 0 && have != 3) {
        *err = xasprintf("%s: no '%s' line", path, have & 1 ? "class SIZE" : "shard K/N");
        rc = -1;
    }
    free(lines);
    free(text);
    free(path);
    return rc;
}

/* The students, from the summary: every student of the shard has a line. */
static int read_summary(struct shard *sh, char **err)
{
    char *path = path_in(sh->dir, GRADE_SUMMARY_CSV);
    struct span *lines = NULL;
    size_t n = 0;
    int rc = 0;
    if (read_file(path, &sh->text[1], NULL) < 0) {
        *err = xasprintf("%s: cannot read: %s", path, strerror(errno));
        rc = -1;
    } else if (!str_starts_with(sh->text[1], GRADE_SUMMARY_HEADER)) {
        *err = xasprintf("%s: not racelab grade's summary (its first line is not %.*s)", path,
                         (int)strlen(GRADE_SUMMARY_HEADER) - 2, GRADE_SUMMARY_HEADER);
        rc = -1;
    } else {
        n = split_lines(sh->text[1] + strlen(GRADE_SUMMARY_HEADER), &lines);
    }
    sh->names = xcalloc(n + 1, sizeof *sh->names);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *f[5];
        int nf = csv_fields(lines[i], f, 5);
        if (nf != 5) {
            *err = xasprintf("%s:%zu: not a summary line (student, passed, attempted, total, "
                             "percent)",
                             path, i + 2);
            rc = -1;
        } else {
            sh->names[sh->nstudents++] = xstrdup(f[0]);
        }
        free_fields(f, nf);
    }
    sh->lines = lines;
    free(path);
    return rc;
}

/* The rows: exactly the run file's exercises for each student, in order. */
static int read_rows(struct shard *sh, char **err)
{
    char *path = path_in(sh->dir, GRADE_CSV), *run = path_in(sh->dir, GRADE_RUN_FILE);
    int rc = 0;
    if (read_file(path, &sh->text[0], NULL) < 0) {
        *err = xasprintf("%s: cannot read: %s", path, strerror(errno));
        rc = -1;
    } else if (!str_starts_with(sh->text[0], GRADE_CSV_HEADER)) {
        *err = xasprintf("%s: not racelab grade's CSV (its first line is not %.*s)", path,
                         (int)strlen(GRADE_CSV_HEADER) - 2, GRADE_CSV_HEADER);
        rc = -1;
    } else {
        sh->nrows = split_lines(sh->text[0] + strlen(GRADE_CSV_HEADER), &sh->rows);
    }
    size_t want = sh->nstudents * sh->nexercises;
    for (size_t r = 0; rc == 0 && r < sh->nrows; r++) {
        char *f[5];
        int nf = csv_fields(sh->rows[r], f, 5);
        const char *student = r < want ? sh->names[r / sh->nexercises] : NULL;
        const char *exercise = r < want ? sh->exercises[r % sh->nexercises] : NULL;
        if (nf != 5 || !student || strcmp(f[0], student) != 0 || strcmp(f[1], exercise) != 0) {
            *err = student ? xasprintf("%s:%zu: expected the row of %s for %s: this shard's "
                                       "exercises are not those of %s",
                                       path, r + 2, student, exercise, run)
                           : xasprintf("%s:%zu: a row more than %s's %zu students times %zu "
                                       "exercises",
                                       path, r + 2, run, sh->nstudents, sh->nexercises);
            rc = -1;
        }
        free_fields(f, nf);
    }
    if (rc == 0 && sh->nrows != want) {
        *err = xasprintf("%s: %zu rows, but %zu students times the %zu exercises of %s make %zu",
                         path, sh->nrows, sh->nstudents, sh->nexercises, run, want);
        rc = -1;
    }
    free(run);
    free(path);
    return rc;
}

/* The <testsuite> blocks: grade's own writer puts each tag on a line of its
 * own, and escapes every '<' of a report, so a line opening with
 * "  <testsuite " is one of its tags. */
static int read_junit(struct shard *sh, char **err)
{
    char *path = path_in(sh->dir, GRADE_JUNIT);
    if (read_file(path, &sh->text[2], NULL) < 0) {
        *err = xasprintf("%s: cannot read: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    struct span *lines;
    size_t n = split_lines(sh->text[2], &lines), cap = 0;
    const char *start = NULL;
    for (size_t i = 0; i < n; i++) {
        if (str_starts_with(lines[i].p, "  <testsuite ")) {
            start = lines[i].p;
        } else if (start && lines[i].len == 14 && strncmp(lines[i].p, "  </testsuite>", 14) == 0) {
            sh->suites = grow_array(sh->suites, &cap, sh->nsuites + 1, sizeof *sh->suites);
            sh->suites[sh->nsuites++] = (struct span){start, (size_t)(lines[i].p - start) + 14};
            start = NULL;
        }
    }
    free(lines);
    int rc = 0;
    size_t want = sh->nexercises ? sh->nstudents : 0;
    if (sh->nsuites != want) {
        *err = xasprintf("%s: %zu test suites, but the shard has %zu students and %zu exercises",
                         path, sh->nsuites, sh->nstudents, sh->nexercises);
        rc = -1;
    }
    free(path);
    return rc;
}

/* A file per student. An empty feedback/ may be missing altogether: CI
 * artifacts do not keep empty directories (a shard with no student). */
static int read_feedback(struct shard *sh, char **err)
{
    char *path = path_in(sh->dir, GRADE_FEEDBACK_DIR);
    DIR *d = opendir(path);
    if (!d && (errno != ENOENT || sh->nstudents)) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            sh->feedback = grow_array(sh->feedback, &cap, sh->nfeedback + 1, sizeof(char *));
            sh->feedback[sh->nfeedback++] = xstrdup(e->d_name);
        }
    if (d)
        closedir(d);
    int rc = 0;
    if (sh->nfeedback != sh->nstudents) {
        *err = xasprintf("%s: %zu files for the %zu students of %s/%s", path, sh->nfeedback,
                         sh->nstudents, sh->dir, GRADE_SUMMARY_CSV);
        rc = -1;
    }
    free(path);
    return rc;
}

static bool same_exercises(const struct shard *a, const struct shard *b)
{
    if (a->nexercises != b->nexercises)
        return false;
    for (size_t i = 0; i < a->nexercises; i++)
        if (strcmp(a->exercises[i], b->exercises[i]) != 0)
            return false;
    return true;
}

static char *exercise_list(const struct shard *sh)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sh->nexercises; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", sh->exercises[i]);
    return sh->nexercises ? strbuf_detach(&sb) : xstrdup("none");
}

/* Shard j against the shards before it: one grading, and nobody twice. */
static int check_against(struct shard *sh, size_t j, char **err)
{
    const struct shard *me = &sh[j], *first = &sh[0];
    char *mine = path_in(me->dir, GRADE_RUN_FILE), *theirs = path_in(first->dir, GRADE_RUN_FILE);
    int rc = -1;
    if (me->info.shard_n != first->info.shard_n || me->info.class_size != first->info.class_size) {
        *err = xasprintf("%s: shard %d/%d of a class of %zu, but %s is shard %d/%d of a class of "
                         "%zu: merge the shards of one grading",
                         mine, me->info.shard_k, me->info.shard_n, me->info.class_size, theirs,
                         first->info.shard_k, first->info.shard_n, first->info.class_size);
    } else if (!same_exercises(me, first)) {
        char *a = exercise_list(me), *b = exercise_list(first);
        *err = xasprintf("%s: exercises %s, but %s has %s: grade every shard with the same "
                         "--exercise options",
                         mine, a, theirs, b);
        free(a);
        free(b);
    } else {
        rc = 0;
    }
    for (size_t i = 0; rc == 0 && i < j; i++) {
        if (sh[i].info.shard_k == me->info.shard_k) {
            *err = xasprintf("%s: shard %d/%d again (%s is that shard too): its students would be "
                             "counted twice",
                             mine, me->info.shard_k, me->info.shard_n, sh[i].dir);
            rc = -1;
        }
        for (size_t a = 0; rc == 0 && a < me->nstudents; a++)
            for (size_t b = 0; rc == 0 && b < sh[i].nstudents; b++)
                if (strcmp(me->names[a], sh[i].names[b]) == 0) {
                    *err = xasprintf("%s/%s: student \"%s\" is also in %s/%s: a student must be in "
                                     "one shard only",
                                     me->dir, GRADE_SUMMARY_CSV, me->names[a], sh[i].dir,
                                     GRADE_SUMMARY_CSV);
                    rc = -1;
                }
        for (size_t a = 0; rc == 0 && a < me->nfeedback; a++)
            for (size_t b = 0; rc == 0 && b < sh[i].nfeedback; b++)
                if (strcmp(me->feedback[a], sh[i].feedback[b]) == 0) {
                    *err = xasprintf("%s/%s/%s: also in %s/%s: a student must be in one shard "
                                     "only",
                                     me->dir, GRADE_FEEDBACK_DIR, me->feedback[a], sh[i].dir,
                                     GRADE_FEEDBACK_DIR);
                    rc = -1;
                }
    }
    size_t want = grade_shard_size(me->info.class_size, me->info.shard_k, me->info.shard_n);
    if (rc == 0 && me->nstudents != want) {
        *err = xasprintf("%s/%s: %zu students, but shard %d/%d of a class of %zu has %zu: was it "
                         "graded on another class?",
                         me->dir, GRADE_SUMMARY_CSV, me->nstudents, me->info.shard_k,
                         me->info.shard_n, me->info.class_size, want);
        rc = -1;
    }
    free(mine);
    free(theirs);
    return rc;
}

static void shard_free(struct shard *sh)
{
    for (size_t i = 0; i < sh->nexercises; i++)
        free(sh->exercises[i]);
    for (size_t i = 0; i < sh->nstudents; i++)
        free(sh->names[i]);
    for (size_t i = 0; i < sh->nfeedback; i++)
        free(sh->feedback[i]);
    for (int i = 0; i < 3; i++)
        free(sh->text[i]);
    free(sh->exercises);
    free(sh->names);
    free(sh->feedback);
    free(sh->lines);
    free(sh->rows);
    free(sh->suites);
}

/* ---- writing the merged directory --------------------------------------------------------- */

static void add_span(struct strbuf *sb, struct span s, const char *eol)
{
    strbuf_add(sb, s.p, s.len);
    strbuf_adds(sb, eol);
}

static int put(const char *dir, const char *name, const struct strbuf *sb, char **err)
{
    char *path = path_in(dir, name);
    int rc = write_file(path, sb->buf ? sb->buf : "", sb->len);
    if (rc < 0)
        *err = xasprintf("%s: cannot write: %s", path, strerror(errno));
    free(path);
    return rc;
}

static int write_merged(const char *out, struct shard **by_k, int n, char **err)
{
    const struct shard *first = by_k[0];
    size_t students = first->info.class_size, nex = first->nexercises;
    struct strbuf csv = STRBUF_INIT, summary = STRBUF_INIT, xml = STRBUF_INIT, run = STRBUF_INIT;
    strbuf_adds(&csv, GRADE_CSV_HEADER);
    strbuf_adds(&summary, GRADE_SUMMARY_HEADER);
    strbuf_adds(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<testsuites name=\"racelab grade\">\n");
    for (size_t p = 0; p < students; p++) {
        const struct shard *sh = by_k[p % (size_t)n];
        size_t i = p / (size_t)n;
        for (size_t r = i * nex; r < (i + 1) * nex; r++)
            add_span(&csv, sh->rows[r], "\r\n");
        add_span(&summary, sh->lines[i], "\r\n");
        if (nex)
            add_span(&xml, sh->suites[i], "\n");
    }
    strbuf_adds(&xml, "</testsuites>\n");
    struct grade_run_info info = {.shard_k = 1, .shard_n = 1, .class_size = students};
    FILE *f = open_memstream(&run.buf, &run.len);
    grade_write_run_info(f, (const char *const *)first->exercises, nex, &info);
    fclose(f);
    char *fb = path_in(out, GRADE_FEEDBACK_DIR);
    int rc = 0;
    if (mkdir_p(fb) < 0) {
        *err = xasprintf("%s: %s", fb, strerror(errno));
        rc = -1;
    }
    if (rc == 0)
        rc = put(out, GRADE_CSV, &csv, err) < 0 || put(out, GRADE_SUMMARY_CSV, &summary, err) < 0 ||
                     put(out, GRADE_JUNIT, &xml, err) < 0 || put(out, GRADE_RUN_FILE, &run, err) < 0
                 ? -1
                 : 0;
    for (int k = 0; rc == 0 && k < n; k++)
        for (size_t i = 0; rc == 0 && i < by_k[k]->nfeedback; i++) {
            char *from =
                xasprintf("%s/%s/%s", by_k[k]->dir, GRADE_FEEDBACK_DIR, by_k[k]->feedback[i]);
            char *to = path_in(fb, by_k[k]->feedback[i]), *text = NULL;
            size_t len = 0;
            if (read_file_regular(from, &text, &len) < 0 || write_file(to, text, len) < 0) {
                *err = xasprintf("%s: cannot copy to %s: %s", from, to, strerror(errno));
                rc = -1;
            }
            free(text);
            free(to);
            free(from);
        }
    free(fb);
    strbuf_release(&csv);
    strbuf_release(&summary);
    strbuf_release(&xml);
    free(run.buf);
    return rc;
}

/* Is out one of the shard directories? Merging into one would overwrite a
 * shard's files with the merge. */
static bool is_input(const char *out, const char *const *dirs, size_t n)
{
    char *o = realpath(out, NULL);
    bool same = false;
    for (size_t i = 0; o && !same && i < n; i++) {
        char *d = realpath(dirs[i], NULL);
        same = d && strcmp(o, d) == 0;
        free(d);
    }
    free(o);
    return same;
}

int grade_merge(const char *out_dir, const char *const *dirs, size_t ndirs, char **err)
{
    if (ndirs == 0) {
        *err = xstrdup("no shard directories to merge");
        return -1;
    }
    if (is_input(out_dir, dirs, ndirs)) {
        *err = xasprintf("%s is one of the shard directories: merge into a new one", out_dir);
        return -1;
    }
    struct shard *sh = xcalloc(ndirs, sizeof *sh);
    int rc = 0;
    for (size_t j = 0; rc == 0 && j < ndirs; j++) {
        sh[j].dir = dirs[j];
        rc = read_run_file(&sh[j], err) < 0 || read_summary(&sh[j], err) < 0 ||
                     read_rows(&sh[j], err) < 0 || read_junit(&sh[j], err) < 0 ||
                     read_feedback(&sh[j], err) < 0 || check_against(sh, j, err) < 0
                 ? -1
                 : 0;
    }
    /* Each shard once (check_against), all of them here. */
    int n = rc == 0 ? sh[0].info.shard_n : 0;
    struct shard **by_k = xcalloc((size_t)n + 1, sizeof *by_k);
    for (size_t j = 0; rc == 0 && j < ndirs; j++)
        by_k[sh[j].info.shard_k - 1] = &sh[j];
    for (int k = 0; rc == 0 && k < n; k++)
        if (!by_k[k]) {
            *err = xasprintf("shard %d/%d is missing: give grade merge the output directories of "
                             "all %d shards",
                             k + 1, n, n);
            rc = -1;
        }
    if (rc == 0)
        rc = write_merged(out_dir, by_k, n, err);
    free(by_k);
    for (size_t j = 0; j < ndirs; j++)
        shard_free(&sh[j]);
    free(sh);
    return rc;
}
