/* header.c: see header.h. Errors always name file:line and what is wrong: a
 * teacher adding a case should never have to guess. */
#define _GNU_SOURCE
#include "header.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

int header_fail(struct header_parser *hp, int line, const char *fmt, ...)
{
    if (hp->err.len)
        strbuf_addch(&hp->err, '\n'); /* every problem of the file, one per line */
    strbuf_addf(&hp->err, "%s:%d: ", hp->path, line);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&hp->err, fmt, ap);
    va_end(ap);
    return -1;
}

int header_parse_int(struct header_parser *hp, int line, const char *key, const char *value,
                     long lo, long hi, const char *unit, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < lo || v > hi)
        return header_fail(hp, line, "'%s' must be %s from %ld to %ld", key, unit, lo, hi);
    *out = v;
    return 0;
}

char *header_parse_quoted(const char *s, const char **rest)
{
    if (*s != '"')
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (s++; *s && *s != '"'; s++) {
        if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
            s++;
        strbuf_addch(&sb, *s);
    }
    if (*s != '"') {
        strbuf_release(&sb);
        return NULL;
    }
    *rest = s + 1;
    return strbuf_detach(&sb);
}

int header_parse_expectation(struct header_parser *hp, int line, char *value,
                             struct expectation *ex)
{
    ex->line = line;
    if (strcmp(value, "clean") == 0) {
        ex->mode = EXPECT_CLEAN;
        return 0;
    }
    if (str_starts_with(value, "clean:")) {
        /* `clean: why the tool cannot see this bug` */
        char *reason = str_trim(value + 6);
        if (!*reason)
            return header_fail(hp, line,
                               "'clean:' needs a reason after the colon, or write just "
                               "'clean'");
        ex->mode = EXPECT_CLEAN;
        ex->reason = xstrdup(reason);
        return 0;
    }
    if (str_starts_with(value, "n/a")) {
        const char *reason = value + 3;
        if (*reason != ':' || !*str_trim((char *)reason + 1))
            return header_fail(hp, line,
                               "'n/a' needs a reason: 'n/a: why this tool cannot judge it'");
        ex->mode = EXPECT_NA;
        ex->reason = xstrdup(reason + 1);
        return 0;
    }
    ex->mode = EXPECT_KINDS;
    char *save = NULL;
    for (char *tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int kind = finding_kind_from_name(str_trim(tok));
        if (kind < 0 || kind == FK_COMPILE_ERROR) {
            /* What may stand here: "clean", then every kind a tool reports. */
            const char *names[FK__COUNT + 1];
            size_t n = 0;
            names[n++] = "clean";
            for (int k = 0; k < FK__COUNT; k++)
                if (k != FK_COMPILE_ERROR)
                    names[n++] = finding_kind_name(k);
            const char *near = str_suggest(tok, names, n);
            if (near)
                return header_fail(hp, line, "unknown finding kind '%s' (did you mean '%s'?)", tok,
                                   near);
            struct strbuf known = STRBUF_INIT;
            for (size_t i = 1; i < n; i++)
                strbuf_addf(&known, "%s%s", i > 1 ? ", " : "", names[i]);
            header_fail(hp, line,
                        "unknown finding kind '%s' (expected 'clean', 'n/a: REASON' or kinds: %s)",
                        tok, known.buf);
            strbuf_release(&known);
            return -1;
        }
        ex->kinds |= 1u << kind;
    }
    if (!ex->kinds)
        return header_fail(hp, line,
                           "empty expectation: write 'clean', 'clean: REASON', 'n/a: REASON' or "
                           "finding kinds");
    return 0;
}

int header_parse_oracle(struct header_parser *hp, int line, const char *value, struct oracle **list,
                        size_t *n)
{
    struct oracle o = {0};
    if (str_starts_with(value, "exit ")) {
        char *end;
        errno = 0;
        long code = strtol(value + 5, &end, 10);
        if (errno || end == value + 5 || *end || code < 0 || code > 255)
            return header_fail(hp, line, "oracle 'exit N' needs N between 0 and 255");
        o.type = ORACLE_EXIT;
        o.exit_code = (int)code;
    } else if (str_starts_with(value, "stdout ")) {
        const char *rest;
        o.text = header_parse_quoted(value + 7, &rest);
        if (!o.text || *rest) {
            free(o.text);
            return header_fail(hp, line,
                               "oracle 'stdout' needs one double-quoted line: stdout \"sum = 42\"");
        }
        o.type = ORACLE_STDOUT;
    } else {
        return header_fail(hp, line, "unknown oracle '%s' (expected 'exit N' or 'stdout \"TEXT\"')",
                           value);
    }
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = o;
    return 0;
}

static int lookup_key(const struct header_spec *spec, const char *name)
{
    for (int k = 0; k < spec->nkeys; k++)
        if (strcmp(spec->keys[k], name) == 0)
            return k;
    return -1;
}

/* Apply the completed value of one key. */
static int finish_value(struct header_parser *hp, int key, int line, struct strbuf *value)
{
    if (key < 0)
        return 0;
    char *v = str_trim(value->buf ? value->buf : (char[]){""});
    int rc = *v ? hp->apply(hp, key, line, v)
                : header_fail(hp, line, "'%s' has no value", hp->spec->keys[key]);
    strbuf_release(value);
    return rc;
}

/* One ` * key: value` line starts a new value. */
static int start_key(struct header_parser *hp, char *body, int line, int *key, struct strbuf *value)
{
    char *colon = strchr(body, ':');
    if (!colon)
        return header_fail(hp, line, "expected 'key: value'");
    *colon = '\0';
    *key = lookup_key(hp->spec, body);
    if (*key < 0) {
        const char *near = str_suggest(body, hp->spec->keys, (size_t)hp->spec->nkeys);
        if (near)
            return header_fail(hp, line, "unknown key '%s' (did you mean '%s'?)", body, near);
        return header_fail(hp, line, "unknown key '%s' (see docs/case-format.md)", body);
    }
    if (hp->key_line[*key] && !(hp->spec->repeatable & (1u << *key)))
        return header_fail(hp, line, "duplicate key '%s' (first on line %d)", body,
                           hp->key_line[*key]);
    if (!hp->key_line[*key])
        hp->key_line[*key] = line;
    strbuf_adds(value, colon + 1);
    return 0;
}

/* The key of a line that failed: its continuation lines are skipped, not
 * reported again. */
#define KEY_SKIPPED (-2)

int header_read(struct header_parser *hp, const char *text)
{
    const char *s = text;
    int line = 1;
    /* The header must be the first thing in the file, blank lines aside. */
    while (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r') {
        if (*s == '\n')
            line++;
        s++;
    }
    size_t first_len = strcspn(s, "\n");
    char *first = str_trim(xstrndup(s, first_len));
    bool ok = strcmp(first, hp->spec->marker) == 0;
    free(first);
    if (!ok)
        return header_fail(hp, line,
                           "missing header: the file must start with a '%s' comment (see "
                           "docs/case-format.md)",
                           hp->spec->marker);
    hp->start_line = line;
    s += first_len;

    int key = -1, key_line = 0;
    struct strbuf value = STRBUF_INIT;
    while (*s == '\n' && s[1] != '\0') {
        s++;
        line++;
        size_t len = strcspn(s, "\n");
        char *raw = xstrndup(s, len);
        s += len;
        char *l = raw;
        while (*l == ' ' || *l == '\t')
            l++;
        int rc = 0;
        if (str_starts_with(l, "*/")) {
            free(raw);
            hp->end_line = line;
            int rc = finish_value(hp, key, key_line, &value);
            return rc < 0 || hp->err.len ? -1 : 0;
        }
        if (strstr(l, "*/"))
            rc = header_fail(hp, line, "close the header with '*/' on a line of its own");
        else if (*l != '*')
            rc = header_fail(hp, line, "header lines must start with ' * '");
        else if (l[1 + strspn(l + 1, " \t\r")] == '\0') {
            rc = finish_value(hp, key, key_line, &value); /* a blank line ends a value */
            key = -1;
        } else if (l[1] == ' ' && (l[2] == ' ' || l[2] == '\t')) {
            if (key == KEY_SKIPPED)
                ; /* the rest of a value already refused */
            else if (key < 0)
                rc = header_fail(hp, line, "continuation line with no key before it");
            else {
                strbuf_addch(&value, ' ');
                strbuf_adds(&value, str_trim(l + 1));
            }
        } else if (l[1] != ' ') {
            rc = header_fail(hp, line, "header lines must start with ' * '");
        } else {
            finish_value(hp, key, key_line, &value); /* a problem there is said; go on */
            rc = start_key(hp, l + 2, line, &key, &value);
            key_line = line;
        }
        free(raw);
        if (rc < 0) {
            /* Said; the lines after it are read on, so that one pass
             * names every problem of the header. */
            strbuf_release(&value);
            key = KEY_SKIPPED;
        }
    }
    strbuf_release(&value);
    return header_fail(hp, hp->start_line, "header is not closed: add a line ' */'");
}
