/* baseline.c: see baseline.h and docs/baselines.md. */
#define _GNU_SOURCE
#include "baseline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define BASELINE_MAGIC   "racelab-baseline"
#define BASELINE_VERSION 1
#define LINE_EXPECTED                                                                              \
    "expected 'FINGERPRINT TOOL KIND PLACES...' with a fingerprint of 16 lower-case hex digits"

/* Index of fp in b, or of where it would go (*found false). */
static size_t position(const struct baseline *b, const char *hex, bool *found)
{
    size_t lo = 0, hi = b->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->entries[mid].fp.hex, hex);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

/* Insert an entry (taking `text`) unless its fingerprint is there; returns
 * false, freeing text, when it was. */
static bool insert(struct baseline *b, const struct fingerprint *fp, enum tool_id tool,
                   enum finding_kind kind, char *text, int line)
{
    bool found;
    size_t at = position(b, fp->hex, &found);
    if (found) {
        free(text);
        return false;
    }
    b->entries = grow_array(b->entries, &b->cap, b->len + 1, sizeof *b->entries);
    memmove(&b->entries[at + 1], &b->entries[at], (b->len - at) * sizeof *b->entries);
    b->entries[at] = (struct baseline_entry){*fp, tool, kind, text, line};
    b->len++;
    return true;
}

bool baseline_contains(const struct baseline *b, const struct fingerprint *fp)
{
    bool found;
    position(b, fp->hex, &found);
    return found;
}

void baseline_add(struct baseline *b, enum tool_id tool, const struct finding *f, const char *root)
{
    struct fingerprint fp;
    finding_fingerprint(f, tool, root, &fp);
    insert(b, &fp, tool, f->kind, finding_fingerprint_text(f, tool, root), 0);
}

void baseline_free(struct baseline *b)
{
    for (size_t i = 0; i < b->len; i++)
        free(b->entries[i].text);
    free(b->entries);
    memset(b, 0, sizeof *b);
}

static bool is_fingerprint(const char *s)
{
    for (int i = 0; i < 16; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return s[16] == ' ';
}

/* One finding line; returns the problem (malloc'd) or NULL. */
static char *parse_line(struct baseline *b, char *line, int lineno)
{
    if (!is_fingerprint(line))
        return xstrdup(LINE_EXPECTED);
    struct fingerprint fp;
    memcpy(fp.hex, line, 16);
    fp.hex[16] = '\0';
    char *text = line + 17, *save = NULL, *copy = xstrdup(text);
    const char *tool = strtok_r(copy, " ", &save), *kind = strtok_r(NULL, " ", &save);
    int t = tool ? tool_from_name(tool) : -1, k = kind ? finding_kind_from_name(kind) : -1;
    bool found = false;
    size_t at = position(b, fp.hex, &found);
    char *problem = NULL;
    if (!kind)
        problem = xstrdup(LINE_EXPECTED);
    else if (t < 0)
        problem = xasprintf("unknown tool '%s'", tool);
    else if (k < 0)
        problem = xasprintf("unknown finding kind '%s'", kind);
    else if (found)
        problem = xasprintf("fingerprint %s listed twice (first on line %d)", fp.hex,
                            b->entries[at].line);
    else
        insert(b, &fp, t, k, xstrdup(text), lineno);
    free(copy);
    return problem;
}

static char *parse_header(const char *line)
{
    const char *rest = line + strlen(BASELINE_MAGIC " ");
    if (!str_starts_with(line, BASELINE_MAGIC " ") || !*rest || rest[strspn(rest, "0123456789")])
        return xstrdup("not a racelab baseline: the first line must be '" BASELINE_MAGIC " 1'");
    if (atoi(rest) != BASELINE_VERSION)
        return xasprintf("baseline version %s is not supported (this racelab reads version %d; "
                         "make a new one with --update-baseline)",
                         rest, BASELINE_VERSION);
    return NULL;
}

int baseline_parse(const char *text, size_t len, const char *path, struct baseline *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *copy = xstrndup(text, len), *problem = NULL;
    int lineno = 0;
    if (memchr(copy, '\0', len))
        problem = xstrdup("not a text file (it holds a NUL byte)");
    for (char *p = copy; !problem && (lineno == 0 || *p);) {
        size_t n = strcspn(p, "\n");
        char *line = p;
        p += n + (p[n] == '\n');
        line[n] = '\0';
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        lineno++;
        problem = lineno == 1 ? parse_header(line) : parse_line(out, line, lineno);
    }
    int rc = problem ? -1 : 0;
    if (problem) {
        *err = lineno ? xasprintf("%s:%d: %s", path, lineno, problem)
                      : xasprintf("%s: %s", path, problem);
        baseline_free(out);
    }
    free(problem);
    free(copy);
    return rc;
}

int baseline_load(const char *path, struct baseline *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    if (read_file(path, &text, &len) < 0) {
        *err = xasprintf("%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int rc = baseline_parse(text, len, path, out, err);
    free(text);
    return rc;
}

/* Lines in the file's order: by text (tool, kind, places), then fingerprint. */
static int entry_order(const void *a, const void *b)
{
    const struct baseline_entry *x = *(const struct baseline_entry *const *)a;
    const struct baseline_entry *y = *(const struct baseline_entry *const *)b;
    int c = strcmp(x->text, y->text);
    return c ? c : strcmp(x->fp.hex, y->fp.hex);
}

char *baseline_text(const struct baseline *b)
{
    const struct baseline_entry **order = xcalloc(b->len + 1, sizeof *order);
    for (size_t i = 0; i < b->len; i++)
        order[i] = &b->entries[i];
    qsort(order, b->len, sizeof *order, entry_order);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s %d\n", BASELINE_MAGIC, BASELINE_VERSION);
    for (size_t i = 0; i < b->len; i++) {
        strbuf_addf(&sb, "%s ", order[i]->fp.hex);
        /* The text is for people: a control character (a path with a
         * newline in it) must not break the line. */
        for (const char *c = order[i]->text; *c; c++)
            strbuf_addch(&sb, (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c);
        strbuf_addch(&sb, '\n');
    }
    free(order);
    return strbuf_detach(&sb);
}

int baseline_write(const struct baseline *b, const char *path, char **err)
{
    char *text = baseline_text(b);
    char *tmp = xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp), saved = 0;
    if (fd >= 0) {
        size_t len = strlen(text), done = 0;
        while (done < len) {
            ssize_t n = write(fd, text + done, len - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                break;
            done += (size_t)n;
        }
        if (done < len || fchmod(fd, 0644) < 0 || fsync(fd) < 0)
            saved = errno;
        if (close(fd) < 0 && !saved)
            saved = errno;
        if (!saved && rename(tmp, path) < 0)
            saved = errno;
        if (saved)
            unlink(tmp);
    } else {
        saved = errno;
    }
    if (saved)
        *err = xasprintf("%s: cannot write: %s", path, strerror(saved));
    free(tmp);
    free(text);
    return saved ? -1 : 0;
}

struct filter_ctx {
    const struct baseline *b;
    enum tool_id tool;
    const char *root;
};

static bool filter_takes(void *ctx, const struct finding *f)
{
    const struct filter_ctx *c = ctx;
    struct fingerprint fp;
    finding_fingerprint(f, c->tool, c->root, &fp);
    return baseline_contains(c->b, &fp);
}

size_t baseline_filter(const struct baseline *b, enum tool_id tool, const char *root,
                       struct finding_list *findings, struct finding_list *filtered)
{
    struct filter_ctx ctx = {b, tool, root};
    return finding_list_move_if(findings, filtered, filter_takes, &ctx, FILTER_BASELINE);
}
