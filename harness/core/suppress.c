/* suppress.c: the suppressions file: parsing and racelab's own matching
 * (suppress_tools.c translates the rules for TSan and Valgrind). See
 * suppress.h and docs/suppressions.md. */
#define _GNU_SOURCE
#include "suppress.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

unsigned suppressions_kinds(void)
{
    /* Every kind up to errno-spoiled comes from a detector, and "other" too;
     * the rest are the static tools' and the harness's own. */
    return ((1u << (FK_ERRNO_SPOILED + 1)) - 1) | (1u << FK_OTHER);
}

/* A comma-separated list of tools or kinds. */
struct list_spec {
    const char *what;                /* "tool", "finding kind" */
    const char *wildcard;            /* names them all; must stand alone */
    unsigned allowed;                /* bits a rule may name */
    int (*lookup)(const char *name); /* bit number, -1 when unknown */
    const char *refused;             /* why a known name outside `allowed` is refused */
    const char *expected;            /* appended to every unknown or refused name */
};

/* Returns NULL and sets *bits, or returns the problem (malloc'd). */
static char *parse_list(const char *token, const struct list_spec *spec, unsigned *bits)
{
    *bits = 0;
    if (strcmp(token, spec->wildcard) == 0) {
        *bits = spec->allowed;
        return NULL;
    }
    if (token[0] == ',' || str_ends_with(token, ",") || strstr(token, ",,"))
        return xasprintf("stray ',' in '%s'", token);
    char *copy = xstrdup(token), *save = NULL, *problem = NULL;
    for (char *item = strtok_r(copy, ",", &save); item && !problem;
         item = strtok_r(NULL, ",", &save)) {
        int n = spec->lookup(item);
        if (strcmp(item, spec->wildcard) == 0)
            problem = xasprintf("'%s' already names every %s: write it alone", spec->wildcard,
                                spec->what);
        else if (n < 0)
            problem = xasprintf("unknown %s '%s' (%s)", spec->what, item, spec->expected);
        else if (!(spec->allowed & (1u << n)))
            problem = xasprintf("%s '%s' %s (%s)", spec->what, item, spec->refused, spec->expected);
        else if (*bits & (1u << n))
            problem = xasprintf("%s '%s' named twice", spec->what, item);
        else
            *bits |= 1u << n;
    }
    free(copy);
    return problem;
}

/* The only wildcard is '*': it is the one TSan's patterns and Valgrind's
 * globs both have and mean alike (TSan reads '^' and '$' as anchors,
 * Valgrind '?' as any character and '\' as an escape). */
static char *check_glob(const char *key, const char *glob)
{
    if (!*glob)
        return xasprintf("empty glob after '%s'", key);
    size_t bad = strcspn(glob, "?[]\\^$");
    if (glob[bad])
        return xasprintf("bad glob '%s': '%c' is not allowed (the only wildcard is '*')", glob,
                         glob[bad]);
    if (strcmp(key, "src:") == 0 && str_starts_with(glob, "./"))
        return xasprintf("bad glob '%s': src: paths are relative to the root, without './'", glob);
    return NULL;
}

/* One pattern token: fun:GLOB or src:GLOB. */
static char *parse_pattern(const char *token, struct suppression_rule *r)
{
    if (token[0] == '#')
        return xstrdup("comments go on lines of their own; write a rule's reason after '--'");
    char **slot = str_starts_with(token, "fun:")   ? &r->function
                  : str_starts_with(token, "src:") ? &r->file
                                                   : NULL;
    if (!slot)
        return xasprintf("unknown pattern '%s' (expected fun:GLOB or src:GLOB)", token);
    char key[5] = {0};
    memcpy(key, token, 4);
    if (*slot)
        return xasprintf("%s given twice", key);
    char *problem = check_glob(key, token + 4);
    if (!problem)
        *slot = xstrdup(token + 4);
    return problem;
}

/* Split off the next whitespace-separated word of *p (NULL at the end). */
static char *next_word(char **p)
{
    char *s = *p + strspn(*p, " \t");
    if (!*s)
        return NULL;
    char *end = s + strcspn(s, " \t");
    *p = *end ? end + 1 : end;
    *end = '\0';
    return s;
}

static void rule_free(struct suppression_rule *r)
{
    free(r->function);
    free(r->file);
    free(r->reason);
}

/* Parse one rule line (trimmed, not a comment) into *r. Returns the problem or NULL. */
static char *parse_rule(char *text, struct suppression_rule *r)
{
    static const struct list_spec tools = {"tool",
                                           "all",
                                           SUPPRESS_TOOLS,
                                           tool_from_name,
                                           "has no suppressions",
                                           "expected tsan, helgrind, drd or all, comma-separated"};
    char *kinds_expected = NULL, *problem = NULL;
    char *names[2] = {next_word(&text), next_word(&text)};
    if (!names[1] || strcmp(names[1], "--") == 0)
        return xstrdup("expected 'TOOLS KINDS PATTERN... [-- REASON]', e.g. 'all data-race "
                       "fun:legacy_*'");
    problem = parse_list(names[0], &tools, &r->tools);
    if (!problem) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_adds(&sb, "expected '*' or kinds, comma-separated:");
        for (int k = 0; k < FK__COUNT; k++)
            if (suppressions_kinds() & (1u << k))
                strbuf_addf(&sb, " %s,", finding_kind_name(k));
        sb.buf[--sb.len] = '\0';
        kinds_expected = strbuf_detach(&sb);
        struct list_spec kinds = {"finding kind",
                                  "*",
                                  suppressions_kinds(),
                                  finding_kind_from_name,
                                  "is not reported by tsan, helgrind or drd",
                                  kinds_expected};
        problem = parse_list(names[1], &kinds, &r->kinds);
    }
    for (char *word; !problem && (word = next_word(&text));) {
        if (strcmp(word, "--") == 0) {
            r->reason = xstrdup(str_trim(text));
            if (!*r->reason)
                problem = xstrdup("'--' needs a reason after it");
            break;
        }
        problem = parse_pattern(word, r);
    }
    if (!problem && !r->function && !r->file)
        problem = xstrdup("missing pattern: name a function (fun:GLOB), a source file "
                          "(src:GLOB) or both");
    free(kinds_expected);
    return problem;
}

int suppressions_parse(const char *text, const char *path, struct suppressions *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(path);
    size_t cap = 0;
    int line = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        char *copy = xstrndup(p, len);
        p += len + (p[len] == '\n');
        line++;
        char *s = str_trim(copy);
        if (*s && *s != '#') {
            struct suppression_rule r = {.line = line};
            char *problem = parse_rule(s, &r);
            if (problem) {
                *err = xasprintf("%s:%d: %s", path, line, problem);
                free(problem);
                rule_free(&r);
                free(copy);
                suppressions_free(out);
                return -1;
            }
            out->rules = grow_array(out->rules, &cap, out->nrules + 1, sizeof *out->rules);
            out->rules[out->nrules++] = r;
        }
        free(copy);
    }
    return 0;
}

int suppressions_load(const char *path, struct suppressions *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    if (read_file(path, &text, &len) < 0) {
        *err = xasprintf("%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    if (strlen(text) != len)
        *err = xasprintf("%s: not a text file (it holds a NUL byte)", path);
    else
        rc = suppressions_parse(text, path, out, err);
    free(text);
    return rc;
}

void suppressions_free(struct suppressions *s)
{
    for (size_t i = 0; i < s->nrules; i++)
        rule_free(&s->rules[i]);
    free(s->rules);
    free(s->path);
    memset(s, 0, sizeof *s);
}

/* '*' matches any run of characters, '/' included; everything else itself. */
static bool glob_match(const char *glob, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*glob == '*') {
            star = glob++;
            resume = s;
        } else if (*glob == *s) {
            glob++;
            s++;
        } else if (star) {
            glob = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*glob == '*')
        glob++;
    return !*glob;
}

static bool file_matches(const char *glob, const char *file, const char *root)
{
    size_t n = root ? strlen(root) : 0;
    bool under_root = n && strncmp(file, root, n) == 0 && file[n] == '/';
    if (glob[0] != '/')
        return glob_match(glob, under_root ? file + n + 1 : file);
    if (file[0] == '/' || !root)
        return glob_match(glob, file);
    char *abs = xasprintf("%s/%s", root, file);
    bool match = glob_match(glob, abs);
    free(abs);
    return match;
}

static bool frame_matches(const struct suppression_rule *r, const struct frame *fr,
                          const char *root)
{
    if (r->function && (!fr->function || !glob_match(r->function, fr->function)))
        return false;
    return !r->file || (fr->file && file_matches(r->file, fr->file, root));
}

const struct suppression_rule *suppressions_find(const struct suppressions *s, enum tool_id tool,
                                                 const struct finding *f, const char *root)
{
    for (size_t i = 0; i < s->nrules; i++) {
        const struct suppression_rule *r = &s->rules[i];
        if (!(r->tools & (1u << tool)) || !(r->kinds & (1u << f->kind)))
            continue;
        for (size_t a = 0; a < f->naccesses; a++) {
            /* The frame the fingerprint names (fingerprint.c): the first in
             * user source, or else the first outside the system. */
            int k = access_user_frame(&f->accesses[a], root);
            if (k < 0)
                k = access_user_frame(&f->accesses[a], NULL);
            if (k >= 0 && frame_matches(r, &f->accesses[a].frames[k], root))
                return r;
        }
    }
    return NULL;
}

bool suppressions_match(const struct suppressions *s, enum tool_id tool, const struct finding *f,
                        const char *root)
{
    return suppressions_find(s, tool, f, root) != NULL;
}

struct filter_ctx {
    const struct suppressions *s;
    enum tool_id tool;
    const char *root;
};

static bool filter_takes(void *ctx, const struct finding *f)
{
    const struct filter_ctx *c = ctx;
    return suppressions_match(c->s, c->tool, f, c->root);
}

size_t suppressions_filter(const struct suppressions *s, enum tool_id tool, const char *root,
                           struct finding_list *findings, struct finding_list *filtered)
{
    struct filter_ctx ctx = {s, tool, root};
    return finding_list_move_if(findings, filtered, filter_takes, &ctx, FILTER_SUPPRESSED);
}

char *suppression_rule_text(const struct suppression_rule *r)
{
    struct strbuf sb = STRBUF_INIT;
    if (r->tools == SUPPRESS_TOOLS)
        strbuf_adds(&sb, "all");
    for (int t = 0; t < TOOL__COUNT && r->tools != SUPPRESS_TOOLS; t++)
        if (r->tools & (1u << t))
            strbuf_addf(&sb, "%s%s", sb.len ? "," : "", tool_name(t));
    strbuf_addch(&sb, ' ');
    if (r->kinds == suppressions_kinds())
        strbuf_addch(&sb, '*');
    for (int k = 0, n = 0; k < FK__COUNT && r->kinds != suppressions_kinds(); k++)
        if (r->kinds & (1u << k))
            strbuf_addf(&sb, "%s%s", n++ ? "," : "", finding_kind_name(k));
    if (r->function)
        strbuf_addf(&sb, " fun:%s", r->function);
    if (r->file)
        strbuf_addf(&sb, " src:%s", r->file);
    if (r->reason)
        strbuf_addf(&sb, " -- %s", r->reason);
    return strbuf_detach(&sb);
}
