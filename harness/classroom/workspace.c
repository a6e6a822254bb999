/* workspace.c: the student's copy of the exercises and their progress file
 * (see exercise.h). The progress file is written for people first: a student
 * may read it, copy it to another machine, or fix it by hand, so every line
 * is "ID STATE HINTS" and a bad line is reported with its file and line. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exercise.h"
#include "util.h"

static const char progress_intro[] =
    "# racelab exercises: your progress. One line per exercise: ID STATE HINTS, where\n"
    "# STATE is done (its check passed) or pending, and HINTS how many of its hints you\n"
    "# have read. \"current ID\" is the exercise check and watch take by default.\n"
    "# racelab rewrites this file; you may copy it to another machine with your files.\n";

char *workspace_file(const struct workspace *ws, const struct rl_case *c)
{
    return xasprintf("%s/%s.c", ws->dir, c->id);
}

int workspace_find(const struct workspace *ws, const char *id)
{
    size_t len = strlen(id);
    for (size_t i = 0; i < ws->cat->len; i++) {
        const char *cid = ws->cat->cases[i].id;
        size_t clen = strlen(cid);
        if (strcmp(cid, id) == 0)
            return (int)i;
        /* exercises/threads/shared-counter.c, or the file's path from anywhere */
        if (len >= clen + 2 && str_ends_with(id, ".c") &&
            strncmp(id + len - clen - 2, cid, clen) == 0 &&
            (len == clen + 2 || id[len - clen - 3] == '/'))
            return (int)i;
    }
    return -1;
}

size_t workspace_done(const struct workspace *ws)
{
    size_t n = 0;
    for (size_t i = 0; i < ws->cat->len; i++)
        n += ws->state[i].done;
    return n;
}

static char *case_source(const struct workspace *ws, const struct rl_case *c)
{
    return xasprintf("%s/%s", ws->cat->root, c->variants[VARIANT_UNSAFE].path);
}

/* Words wrapped to `width` columns, each line " * " + words. */
static void add_wrapped(struct strbuf *sb, const char *text, size_t width)
{
    size_t col = 0;
    for (const char *w = text; *w;) {
        while (*w == ' ')
            w++;
        size_t n = strcspn(w, " ");
        if (!n)
            break;
        if (col == 0) {
            strbuf_adds(sb, " *");
            col = 2;
        } else if (col + 1 + n > width) {
            strbuf_adds(sb, "\n *");
            col = 2;
        }
        strbuf_addf(sb, " %.*s", (int)n, w);
        col += 1 + n;
        w += n;
    }
    if (col)
        strbuf_addch(sb, '\n');
}

char *workspace_starting_copy(const struct rl_case *c, const char *case_text)
{
    const struct program *p = &c->variants[VARIANT_UNSAFE];
    const char *start = strstr(case_text, "/* racelab-case");
    const char *end = start ? strstr(start, "*/") : NULL;
    if (!end)
        return NULL;
    end += 2;
    if (*end == '\n')
        end++;
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, case_text, (size_t)(start - case_text));
    strbuf_addf(&sb, "/* racelab exercise %s: %s\n *\n", c->id, p->title);
    add_wrapped(&sb, p->exercise.task ? p->exercise.task : p->about, 76);
    strbuf_addf(&sb,
                " *\n"
                " * Check your fix:   racelab exercise check %s\n"
                " * Stuck?            racelab exercise hint %s   (one hint at a time)\n"
                " */\n",
                c->id, c->id);
    strbuf_adds(&sb, end);
    return strbuf_detach(&sb);
}

bool workspace_is_original(const struct workspace *ws, const struct rl_case *c, const char *text,
                           size_t len)
{
    char *orig_path = case_source(ws, c), *orig = NULL;
    size_t orig_len = 0;
    bool same = false;
    if (read_file(orig_path, &orig, &orig_len) == 0) {
        char *copy = workspace_starting_copy(c, orig);
        same = (len == orig_len && memcmp(text, orig, len) == 0) ||
               (copy && strlen(copy) == len && memcmp(copy, text, len) == 0);
        free(copy);
    }
    free(orig);
    free(orig_path);
    return same;
}

bool workspace_unchanged(const struct workspace *ws, const struct rl_case *c)
{
    char *mine_path = workspace_file(ws, c), *mine = NULL, *why = NULL;
    /* A FIFO or a directory in the student's place is not waited on. */
    bool same = read_text_file(mine_path, EXERCISE_FILE_MAX, &mine, &why) == 0 &&
                workspace_is_original(ws, c, mine, strlen(mine));
    free(why);
    free(mine);
    free(mine_path);
    return same;
}

int workspace_progress_parse(struct workspace *ws, const char *path, const char *text, size_t len,
                             char **warnings, char **err)
{
    *warnings = NULL;
    if (memchr(text, '\0', len)) {
        *err = xasprintf("%s: not a text file (it holds a NUL byte)", path);
        return -1;
    }
    char *copy = xstrndup(text, len);
    int lineno = 0, rc = 0;
    struct strbuf warn = STRBUF_INIT;
    for (char *line = copy, *next; line && *line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line = str_trim(line);
        if (!*line || *line == '#')
            continue;
        char id[256], word[32], count[32];
        int n = 0;
        if (sscanf(line, "current %255s %n", id, &n) == 1 && line[n] == '\0') {
            int i = workspace_find(ws, id);
            if (i < 0)
                strbuf_addf(&warn, "%s:%d: no exercise '%s' in the catalog; ignored\n", path,
                            lineno, id);
            else
                ws->current = &ws->cat->cases[i];
            continue;
        }
        n = 0;
        /* The count as text: scanf's %d on a number too large for an int is undefined. */
        char *end = NULL;
        long hints = -1;
        if (sscanf(line, "%255s %31s %31s %n", id, word, count, &n) == 3 && line[n] == '\0') {
            errno = 0;
            hints = strtol(count, &end, 10);
            if (errno || end == count || *end || hints > INT_MAX)
                hints = -1;
        }
        if (hints < 0 || (strcmp(word, "done") != 0 && strcmp(word, "pending") != 0)) {
            *err = xasprintf("%s:%d: expected 'ID done|pending HINTS' or 'current ID', not '%s'",
                             path, lineno, line);
            rc = -1;
            break;
        }
        int i = workspace_find(ws, id);
        if (i < 0) {
            strbuf_addf(&warn, "%s:%d: no exercise '%s' in the catalog; ignored\n", path, lineno,
                        id);
            continue;
        }
        size_t max = ws->cat->cases[i].variants[VARIANT_UNSAFE].exercise.nhints;
        ws->state[i].done = strcmp(word, "done") == 0;
        ws->state[i].hints_seen = (size_t)hints > max ? (int)max : (int)hints;
    }
    free(copy);
    *warnings = warn.len ? strbuf_detach(&warn) : NULL;
    strbuf_release(&warn);
    return rc;
}

static void workspace_init(struct workspace *ws, const char *dir, const struct catalog *cat)
{
    memset(ws, 0, sizeof *ws);
    char *abs = realpath(dir, NULL);
    ws->dir = abs ? abs : xstrdup(dir);
    ws->cat = cat;
    ws->state = xcalloc(cat->len ? cat->len : 1, sizeof *ws->state);
}

int workspace_open(const char *dir, const struct catalog *cat, struct workspace *ws, char **err)
{
    workspace_init(ws, dir, cat);
    char *path = xasprintf("%s/%s", ws->dir, WORKSPACE_PROGRESS), *text = NULL;
    int rc = 0;
    size_t len = 0;
    if (read_file(path, &text, &len) < 0) {
        *err = errno == ENOENT
                   ? xasprintf("no exercises in %s yet (no %s): start them with 'racelab exercise "
                               "start'",
                               dir, WORKSPACE_PROGRESS)
                   : xasprintf("%s: %s", path, strerror(errno));
        rc = -1;
    } else {
        char *warnings = NULL;
        rc = workspace_progress_parse(ws, path, text, len, &warnings, err);
        /* Each line is "PATH:LINE: ...", said once per command that opens it. */
        for (char *w = warnings, *nl; w && *w; w = nl + 1) {
            nl = strchr(w, '\n');
            fprintf(stderr, "racelab: %.*s\n", (int)(nl - w), w);
        }
        free(warnings);
    }
    free(text);
    free(path);
    if (rc < 0)
        workspace_free(ws);
    return rc;
}

int workspace_save(const struct workspace *ws, char **err)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, progress_intro);
    if (ws->current)
        strbuf_addf(&sb, "current %s\n", ws->current->id);
    for (size_t i = 0; i < ws->cat->len; i++)
        strbuf_addf(&sb, "%s %s %d\n", ws->cat->cases[i].id, ws->state[i].done ? "done" : "pending",
                    ws->state[i].hints_seen);
    char *path = xasprintf("%s/%s", ws->dir, WORKSPACE_PROGRESS);
    int rc = 0;
    if (write_file_atomic(path, sb.buf, sb.len) < 0) {
        *err = xasprintf("%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    free(path);
    strbuf_release(&sb);
    return rc;
}

/* DIR/include -> the catalog's include/, so that a fix can include what the
 * safe twins include. A link that is already right is left alone. */
static int link_include(const struct workspace *ws, char **err)
{
    char *link = xasprintf("%s/include", ws->dir), *target = xasprintf("%s/include", ws->cat->root);
    char now[4096];
    ssize_t n = readlink(link, now, sizeof now - 1);
    int rc = 0;
    if (n >= 0) {
        now[n] = '\0';
        if (strcmp(now, target) != 0 && (unlink(link) < 0 || symlink(target, link) < 0))
            rc = -1;
    } else if (errno == ENOENT ? symlink(target, link) < 0 : 1) {
        rc = -1;
    }
    if (rc < 0)
        *err = xasprintf("%s: cannot link it to %s: %s", link, target, strerror(errno));
    free(link);
    free(target);
    return rc;
}

int workspace_start(const char *dir, const struct catalog *cat, struct workspace *ws,
                    size_t *copied, size_t *kept, char **err)
{
    *copied = *kept = 0;
    if (mkdir_p(dir) < 0) {
        *err = xasprintf("%s: cannot create the exercises directory: %s", dir, strerror(errno));
        return -1;
    }
    char *progress = xasprintf("%s/%s", dir, WORKSPACE_PROGRESS);
    bool resume = access(progress, F_OK) == 0;
    free(progress);
    if (resume) {
        if (workspace_open(dir, cat, ws, err) < 0)
            return -1;
    } else {
        workspace_init(ws, dir, cat);
    }
    int rc = link_include(ws, err);
    for (size_t i = 0; rc == 0 && i < cat->len; i++) {
        const struct rl_case *c = &cat->cases[i];
        char *mine = workspace_file(ws, c);
        if (access(mine, F_OK) == 0) {
            (*kept)++; /* the student's: never overwritten */
        } else {
            char *orig = case_source(ws, c), *text = NULL, *copy = NULL, *sub = xstrdup(mine);
            size_t len;
            *strrchr(sub, '/') = '\0';
            if (read_file(orig, &text, &len) < 0 || !(copy = workspace_starting_copy(c, text)) ||
                mkdir_p(sub) < 0 || write_file(mine, copy, strlen(copy)) < 0) {
                *err = xasprintf("%s: cannot copy it from %s: %s", mine, orig, strerror(errno));
                rc = -1;
            } else {
                (*copied)++;
            }
            free(copy);
            free(text);
            free(sub);
            free(orig);
        }
        free(mine);
    }
    if (rc == 0 && !ws->current && cat->len)
        ws->current = &cat->cases[0];
    if (rc == 0)
        rc = workspace_save(ws, err);
    if (rc < 0)
        workspace_free(ws);
    return rc;
}

void workspace_free(struct workspace *ws)
{
    free(ws->dir);
    free(ws->state);
    memset(ws, 0, sizeof *ws);
}
