/* case.c: the racelab-case header parser and the catalog (see case.h and
 * docs/case-format.md). Errors always name file:line and what is wrong: a
 * teacher adding a case should never have to guess. */
#define _GNU_SOURCE
#include "case.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "util.h"

const char *const case_families[] = {"threads", "async",   "parallel", "atomics",
                                     "locking", "library", NULL};

const char *variant_name(enum variant v)
{
    return v == VARIANT_SAFE ? "safe" : "unsafe";
}

const char *variant_dir(enum variant v)
{
    return v == VARIANT_SAFE ? "safe" : "cases";
}

/* ---- header parsing ---------------------------------------------------- */

struct header_parser {
    const char *path;
    enum variant variant;
    struct program *prog;
    struct strbuf err;
    int start_line;
    int key_line[16]; /* line where each key was first seen, 0 = absent */
};

enum key {
    K_TITLE,
    K_BUG,
    K_DISCIPLINE,
    K_FIX,
    K_RUST,
    K_TSAN,
    K_HELGRIND,
    K_DRD,
    K_ORACLE,
    K_THREADS,
    K_ARGS,
    K_TIMEOUT,
    K_BUILD,
    K__COUNT
};

static const char *const key_names[K__COUNT] = {
    "title", "bug",    "discipline", "fix",  "rust",    "tsan",  "helgrind",
    "drd",   "oracle", "threads",    "args", "timeout", "build",
};

static int fail(struct header_parser *hp, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct header_parser *hp, int line, const char *fmt, ...)
{
    strbuf_addf(&hp->err, "%s:%d: ", hp->path, line);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&hp->err, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* A double-quoted string with \" and \\ escapes; *rest points after it. */
static char *parse_quoted(const char *s, const char **rest)
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

static int parse_expectation(struct header_parser *hp, int line, char *value,
                             struct expectation *ex)
{
    ex->line = line;
    if (strcmp(value, "clean") == 0) {
        ex->mode = EXPECT_CLEAN;
        return 0;
    }
    if (str_starts_with(value, "n/a")) {
        const char *reason = value + 3;
        if (*reason != ':' || !*str_trim((char *)reason + 1))
            return fail(hp, line, "'n/a' needs a reason: 'n/a: why this tool cannot judge it'");
        ex->mode = EXPECT_NA;
        ex->na_reason = xstrdup(reason + 1);
        return 0;
    }
    ex->mode = EXPECT_KINDS;
    char *save = NULL;
    for (char *tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int kind = finding_kind_from_name(str_trim(tok));
        if (kind < 0) {
            struct strbuf known = STRBUF_INIT;
            for (int k = 0; k < FK__COUNT; k++)
                strbuf_addf(&known, "%s%s", k ? ", " : "", finding_kind_name(k));
            fail(hp, line,
                 "unknown finding kind '%s' (expected 'clean', 'n/a: REASON' or kinds: %s)", tok,
                 known.buf);
            strbuf_release(&known);
            return -1;
        }
        ex->kinds |= 1u << kind;
    }
    if (!ex->kinds)
        return fail(hp, line, "empty expectation: write 'clean', 'n/a: REASON' or finding kinds");
    return 0;
}

static int parse_oracle(struct header_parser *hp, int line, const char *value)
{
    struct program *p = hp->prog;
    struct oracle o = {0};
    if (str_starts_with(value, "exit ")) {
        long code;
        if (parse_int(value + 5, 0, 255, &code) < 0)
            return fail(hp, line, "oracle 'exit N' needs N between 0 and 255");
        o.type = ORACLE_EXIT;
        o.exit_code = (int)code;
    } else if (str_starts_with(value, "stdout ")) {
        const char *rest;
        o.text = parse_quoted(value + 7, &rest);
        if (!o.text || *rest) {
            free(o.text);
            return fail(hp, line,
                        "oracle 'stdout' needs one double-quoted line: stdout \"sum = 42\"");
        }
        o.type = ORACLE_STDOUT;
    } else {
        return fail(hp, line, "unknown oracle '%s' (expected 'exit N' or 'stdout \"TEXT\"')",
                    value);
    }
    p->oracles = xrealloc(p->oracles, (p->noracles + 1) * sizeof *p->oracles);
    p->oracles[p->noracles++] = o;
    return 0;
}

static int parse_args(struct header_parser *hp, int line, const char *value)
{
    size_t n = 0;
    char **args = xcalloc(strlen(value) + 1, sizeof *args);
    const char *s = value;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        if (*s == '"') {
            char *word = parse_quoted(s, &s);
            if (!word) {
                for (size_t i = 0; i < n; i++)
                    free(args[i]);
                free(args);
                return fail(hp, line, "unterminated quote in args");
            }
            args[n++] = word;
        } else {
            const char *end = s + strcspn(s, " ");
            args[n++] = xstrndup(s, (size_t)(end - s));
            s = end;
        }
    }
    args[n] = NULL;
    hp->prog->args = args;
    return 0;
}

static int apply_key(struct header_parser *hp, enum key key, int line, char *value)
{
    struct program *p = hp->prog;
    long v;
    if (!*value)
        return fail(hp, line, "'%s' has no value", key_names[key]);
    switch (key) {
    case K_TITLE:
        p->title = xstrdup(value);
        return 0;
    case K_BUG:
    case K_DISCIPLINE:
        p->about = xstrdup(value);
        return 0;
    case K_FIX:
        p->fix = xstrdup(value);
        return 0;
    case K_RUST:
        p->rust = xstrdup(value);
        return 0;
    case K_TSAN:
    case K_HELGRIND:
    case K_DRD:
        return parse_expectation(hp, line, value, &p->expect[tool_from_name(key_names[key])]);
    case K_ORACLE:
        return parse_oracle(hp, line, value);
    case K_THREADS:
        if (parse_int(value, 0, 1024, &v) < 0)
            return fail(hp, line, "'threads' must be a number from 0 to 1024");
        p->min_threads = (int)v;
        return 0;
    case K_ARGS:
        return parse_args(hp, line, value);
    case K_TIMEOUT:
        if (parse_int(value, 1, 600, &v) < 0)
            return fail(hp, line, "'timeout' must be whole seconds from 1 to 600");
        p->timeout_s = (int)v;
        return 0;
    case K_BUILD: {
        char *save = NULL;
        for (char *f = strtok_r(value, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            if (strcmp(str_trim(f), "openmp") == 0)
                p->openmp = true;
            else
                return fail(hp, line, "unknown build feature '%s' (known: openmp)", f);
        }
        return 0;
    }
    case K__COUNT:
        break;
    }
    return fail(hp, line, "internal error: unhandled key");
}

/* Apply the completed value of one key. */
static int finish_value(struct header_parser *hp, int key, int line, struct strbuf *value)
{
    if (key < 0)
        return 0;
    char *v = str_trim(value->buf ? value->buf : (char[]){""});
    int rc = apply_key(hp, (enum key)key, line, v);
    strbuf_release(value);
    return rc;
}

static int check_keys(struct header_parser *hp)
{
    bool unsafe = hp->variant == VARIANT_UNSAFE;
    const char *dir = variant_dir(hp->variant);
    static const enum key required_both[] = {K_TITLE,  K_TSAN,    K_HELGRIND, K_DRD,
                                             K_ORACLE, K_THREADS, K_TIMEOUT};
    for (size_t i = 0; i < sizeof required_both / sizeof *required_both; i++)
        if (!hp->key_line[required_both[i]])
            return fail(hp, hp->start_line, "missing required key '%s'",
                        key_names[required_both[i]]);
    if (unsafe) {
        static const enum key required_unsafe[] = {K_BUG, K_FIX, K_RUST};
        for (size_t i = 0; i < 3; i++)
            if (!hp->key_line[required_unsafe[i]])
                return fail(hp, hp->start_line, "missing required key '%s' (a program in %s/)",
                            key_names[required_unsafe[i]], dir);
        if (hp->key_line[K_DISCIPLINE])
            return fail(hp, hp->key_line[K_DISCIPLINE],
                        "'discipline' belongs in safe/; a program in cases/ has 'bug'");
    } else {
        if (!hp->key_line[K_DISCIPLINE])
            return fail(hp, hp->start_line,
                        "missing required key 'discipline' (a program in safe/)");
        if (hp->key_line[K_BUG] || hp->key_line[K_FIX])
            return fail(hp, hp->key_line[K_BUG] ? hp->key_line[K_BUG] : hp->key_line[K_FIX],
                        "'bug' and 'fix' belong in cases/; a program in safe/ has 'discipline'");
    }
    bool any_finding = false;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct expectation *ex = &hp->prog->expect[t];
        if (ex->mode == EXPECT_KINDS && !unsafe)
            return fail(hp, ex->line,
                        "a safe twin must be 'clean' under %s, or 'n/a: REASON' if %s cannot "
                        "judge it",
                        tool_name(t), tool_name(t));
        any_finding |= ex->mode == EXPECT_KINDS;
    }
    if (unsafe && !any_finding)
        return fail(hp, hp->start_line,
                    "no tool is expected to report anything, so nothing would show the bug: "
                    "expect a finding kind (or 'timeout' / 'wrong-result') from at least one tool");
    return 0;
}

static int lookup_key(const char *name)
{
    for (int k = 0; k < K__COUNT; k++)
        if (strcmp(key_names[k], name) == 0)
            return k;
    return -1;
}

static int parse_header_lines(struct header_parser *hp, const char *text)
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
    bool ok = strcmp(first, "/* racelab-case") == 0;
    free(first);
    if (!ok)
        return fail(hp, line,
                    "missing header: the file must start with a '/* racelab-case' "
                    "comment (see docs/case-format.md)");
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
            if (finish_value(hp, key, key_line, &value) < 0)
                return -1;
            hp->prog->header_end_line = line;
            return check_keys(hp);
        }
        if (strstr(l, "*/"))
            rc = fail(hp, line, "close the header with '*/' on a line of its own");
        else if (*l != '*')
            rc = fail(hp, line, "header lines must start with ' * '");
        else if (l[1 + strspn(l + 1, " \t\r")] == '\0') {
            rc = finish_value(hp, key, key_line, &value); /* a blank line ends a value */
            key = -1;
        } else if (l[1] == ' ' && (l[2] == ' ' || l[2] == '\t')) {
            if (key < 0)
                rc = fail(hp, line, "continuation line with no key before it");
            else {
                strbuf_addch(&value, ' ');
                strbuf_adds(&value, str_trim(l + 1));
            }
        } else if (l[1] != ' ') {
            rc = fail(hp, line, "header lines must start with ' * '");
        } else {
            rc = finish_value(hp, key, key_line, &value);
            char *body = l + 2, *colon = strchr(body, ':');
            if (rc == 0 && !colon)
                rc = fail(hp, line, "expected 'key: value'");
            else if (rc == 0) {
                *colon = '\0';
                key = lookup_key(body);
                key_line = line;
                if (key < 0)
                    rc = fail(hp, line, "unknown key '%s' (see docs/case-format.md)", body);
                else if (hp->key_line[key] && key != K_ORACLE)
                    rc = fail(hp, line, "duplicate key '%s' (first on line %d)", body,
                              hp->key_line[key]);
                else {
                    if (!hp->key_line[key])
                        hp->key_line[key] = line;
                    strbuf_adds(&value, colon + 1);
                }
            }
        }
        free(raw);
        if (rc < 0) {
            strbuf_release(&value);
            return -1;
        }
    }
    strbuf_release(&value);
    return fail(hp, hp->start_line, "header is not closed: add a line ' */'");
}

int program_parse(const char *path, const char *text, enum variant variant, struct program *out,
                  char **err)
{
    memset(out, 0, sizeof *out);
    out->variant = variant;
    out->path = xstrdup(path);
    struct header_parser hp = {.path = path, .variant = variant, .prog = out};
    if (parse_header_lines(&hp, text) < 0) {
        *err = strbuf_detach(&hp.err);
        program_free(out);
        return -1;
    }
    if (!out->args)
        out->args = xcalloc(1, sizeof *out->args);
    strbuf_release(&hp.err);
    return 0;
}

void program_free(struct program *p)
{
    free(p->path);
    free(p->title);
    free(p->about);
    free(p->fix);
    free(p->rust);
    for (int t = 0; t < TOOL__COUNT; t++)
        free(p->expect[t].na_reason);
    for (size_t i = 0; i < p->noracles; i++)
        free(p->oracles[i].text);
    free(p->oracles);
    for (char **a = p->args; a && *a; a++)
        free(*a);
    free(p->args);
    memset(p, 0, sizeof *p);
}
