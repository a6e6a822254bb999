/* catalog.c: finding the cases on disk, pairing each program with its twin,
 * and selecting cases by id, family or glob. Every problem is collected and
 * reported at once, so a teacher fixes a broken catalog in one pass. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "util.h"

/* A case or twin file: the largest in the catalog is some 20 kB; a header of
 * megabytes is a mistake or an attack, and said so. */
#define CATALOG_FILE_MAX (1u << 20)

static int family_index(const char *family)
{
    for (int i = 0; case_families[i]; i++)
        if (strcmp(case_families[i], family) == 0)
            return i;
    return -1;
}

static bool valid_name(const char *name)
{
    if (!*name || *name == '-')
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return false;
    return true;
}

static int compare_cases(const void *a, const void *b)
{
    const struct rl_case *x = a, *y = b;
    int fx = family_index(x->family), fy = family_index(y->family);
    if (fx != fy)
        return fx - fy;
    return strcmp(x->name, y->name);
}

/* Sorted names of the *.c files in dir (without ".c"); problems go to errs. */
static char **list_programs(const char *dir, const char *shown, size_t *n, struct strbuf *errs)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (!str_ends_with(e->d_name, ".c")) {
            strbuf_addf(errs, "%s/%s: not a C program (a case is NAME.c)\n", shown, e->d_name);
            continue;
        }
        char *name = xstrndup(e->d_name, strlen(e->d_name) - 2);
        if (!valid_name(name)) {
            strbuf_addf(errs, "%s/%s: bad case name (lower-case letters, digits and '-')\n", shown,
                        e->d_name);
            free(name);
            continue;
        }
        names = grow_array(names, &cap, *n + 1, sizeof *names);
        names[(*n)++] = name;
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, str_compare_ptrs);
    return names;
}

static void check_family_dirs(const char *root, enum variant v, struct strbuf *errs)
{
    char *top = xasprintf("%s/%s", root, variant_dir(v));
    DIR *d = opendir(top);
    if (!d) {
        strbuf_addf(errs, "%s: cannot open (%s); is --root the racelab directory?\n",
                    variant_dir(v), strerror(errno));
        free(top);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && family_index(e->d_name) < 0)
            strbuf_addf(errs,
                        "%s/%s: unknown family (families: threads, async, parallel, "
                        "atomics, locking, library)\n",
                        variant_dir(v), e->d_name);
    closedir(d);
    free(top);
}

static void load_program(const char *root, struct rl_case *c, enum variant v, struct strbuf *errs)
{
    char *rel = xasprintf("%s/%s/%s.c", variant_dir(v), c->family, c->name);
    char *abs = xasprintf("%s/%s", root, rel);
    char *text, *err, *why;
    if (read_text_file(abs, CATALOG_FILE_MAX, &text, &why) < 0) {
        enum variant other = v == VARIANT_SAFE ? VARIANT_UNSAFE : VARIANT_SAFE;
        if (errno == ENOENT)
            strbuf_addf(errs, "%s/%s/%s.c: has no %s twin %s\n", variant_dir(other), c->family,
                        c->name, variant_name(v), rel);
        else
            strbuf_addf(errs, "%s: %s\n", rel, why);
        free(why);
    } else {
        if (program_parse(rel, text, v, &c->variants[v], &err) < 0) {
            strbuf_addf(errs, "%s\n", err);
            free(err);
        }
        free(text);
    }
    free(rel);
    free(abs);
}

/* The Rust twin of one program, when rust/<dir>/<family>/<name>.rs exists. Its
 * expectation becomes the C program's rustc column. */
static void load_twin(const char *root, struct rl_case *c, enum variant v, struct strbuf *errs)
{
    struct program *prog = &c->variants[v];
    char *rel = xasprintf("rust/%s/%s/%s.rs", variant_dir(v), c->family, c->name);
    char *abs = xasprintf("%s/%s", root, rel);
    char *text, *err, *why;
    if (read_text_file(abs, CATALOG_FILE_MAX, &text, &why) < 0) {
        if (errno != ENOENT) /* no twin is allowed; one that cannot be read is not */
            strbuf_addf(errs, "%s: %s\n", rel, why);
        free(why);
    } else {
        struct program *twin = xcalloc(1, sizeof *twin);
        if (rust_twin_parse(rel, text, v, twin, &err) < 0) {
            strbuf_addf(errs, "%s\n", err);
            free(err);
            free(twin);
        } else if (prog->path) {
            /* A copy that owns its strings: the twin keeps its own. */
            const struct expectation *from = &twin->expect[TOOL_RUSTC];
            struct expectation *ex = &prog->expect[TOOL_RUSTC];
            free(ex->reason);
            *ex = (struct expectation){.mode = from->mode,
                                       .kinds = from->kinds,
                                       .codes = from->codes ? xstrdup(from->codes) : NULL,
                                       .line = from->line};
            prog->twin = twin;
        } else {
            program_free(twin);
            free(twin);
        }
        free(text);
    }
    free(rel);
    free(abs);
}

/* Twins come in pairs too: a Rust mirror of the bug beside the Rust idiom. */
static void check_twins_paired(const struct rl_case *c, struct strbuf *errs)
{
    const struct program *u = &c->variants[VARIANT_UNSAFE], *s = &c->variants[VARIANT_SAFE];
    if (!u->path || !s->path || !u->twin == !s->twin)
        return;
    enum variant missing = u->twin ? VARIANT_SAFE : VARIANT_UNSAFE;
    strbuf_addf(errs, "%s: has no %s Rust twin rust/%s/%s.rs\n",
                (u->twin ? u->twin : s->twin)->path, variant_name(missing), variant_dir(missing),
                c->id);
}

/* The exercise runs the student's copy of the bug with the twin's header, on
 * the sizes both read: they must declare the same parameters. */
static void check_params_paired(const struct rl_case *c, struct strbuf *errs)
{
    const struct program *u = &c->variants[VARIANT_UNSAFE], *s = &c->variants[VARIANT_SAFE];
    if (!u->path || !s->path)
        return;
    bool same = u->nparams == s->nparams;
    for (size_t i = 0; same && i < u->nparams; i++)
        same = param_equal(&u->params[i], &s->params[i]);
    if (!same)
        strbuf_addf(errs,
                    "%s: its 'param' lines differ from %s's: a case's two programs read the same "
                    "sizes\n",
                    s->path, u->path);
}

static void case_free(struct rl_case *c)
{
    for (int v = 0; v < VARIANT__COUNT; v++)
        program_free(&c->variants[v]);
    free(c->id);
    free(c->family);
    free(c->name);
}

int catalog_load(const char *root, struct catalog *out, char **err)
{
    char *broken = NULL;
    if (catalog_load_partial(root, out, &broken, err) < 0)
        return -1;
    if (broken) {
        *err = broken;
        catalog_free(out);
        return -1;
    }
    return 0;
}

int catalog_load_partial(const char *root, struct catalog *out, char **broken, char **err)
{
    *broken = NULL;
    memset(out, 0, sizeof *out);
    char *real = realpath(root, NULL);
    if (!real) {
        *err = xasprintf("%s: %s", root, strerror(errno));
        return -1;
    }
    out->root = real;
    struct strbuf errs = STRBUF_INIT;
    size_t cap = 0;
    check_family_dirs(real, VARIANT_UNSAFE, &errs);
    check_family_dirs(real, VARIANT_SAFE, &errs);
    for (int f = 0; case_families[f]; f++) {
        /* The union of names in cases/ and safe/: a name in only one is an error below. */
        size_t nnames[VARIANT__COUNT];
        char **names[VARIANT__COUNT];
        for (int v = 0; v < VARIANT__COUNT; v++) {
            char *dir = xasprintf("%s/%s/%s", real, variant_dir(v), case_families[f]);
            char *shown = xasprintf("%s/%s", variant_dir(v), case_families[f]);
            names[v] = list_programs(dir, shown, &nnames[v], &errs);
            free(dir);
            free(shown);
        }
        size_t i = 0, j = 0;
        while (i < nnames[0] || j < nnames[1]) {
            const char *a = i < nnames[0] ? names[0][i] : NULL;
            const char *b = j < nnames[1] ? names[1][j] : NULL;
            int cmp = !a ? 1 : !b ? -1 : strcmp(a, b);
            const char *name = cmp <= 0 ? a : b;
            out->cases = grow_array(out->cases, &cap, out->len + 1, sizeof *out->cases);
            struct rl_case *c = &out->cases[out->len++];
            c->family = xstrdup(case_families[f]);
            c->name = xstrdup(name);
            c->id = xasprintf("%s/%s", c->family, c->name);
            size_t errs_before = errs.len;
            for (int v = 0; v < VARIANT__COUNT; v++) {
                load_program(real, c, v, &errs);
                load_twin(real, c, v, &errs);
            }
            check_twins_paired(c, &errs);
            check_params_paired(c, &errs);
            if (errs.len > errs_before) { /* left out: the others still load */
                case_free(c);
                memset(c, 0, sizeof *c);
                out->len--;
            }
            i += cmp <= 0;
            j += cmp >= 0;
        }
        for (int v = 0; v < VARIANT__COUNT; v++) {
            for (size_t k = 0; k < nnames[v]; k++)
                free(names[v][k]);
            free(names[v]);
        }
    }
    if (out->len)
        qsort(out->cases, out->len, sizeof *out->cases, compare_cases);
    if (errs.len) {
        if (errs.buf[errs.len - 1] == '\n')
            errs.buf[--errs.len] = '\0';
        *broken = strbuf_detach(&errs);
    }
    if (!out->len) {
        *err = *broken ? *broken : xasprintf("%s: no cases found under cases/ and safe/", real);
        *broken = NULL;
        catalog_free(out);
        return -1;
    }
    return 0;
}

void catalog_free(struct catalog *cat)
{
    for (size_t i = 0; i < cat->len; i++)
        case_free(&cat->cases[i]);
    free(cat->cases);
    free(cat->root);
    memset(cat, 0, sizeof *cat);
}

const struct rl_case *catalog_find(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->len; i++)
        if (strcmp(cat->cases[i].id, id) == 0)
            return &cat->cases[i];
    return NULL;
}

static bool selector_matches(const struct rl_case *c, const char *sel)
{
    /* Accept paths too (cases/threads/x.c, safe/threads/x, rust/cases/threads/x.rs):
     * students paste them. */
    char *s = xstrdup(sel);
    if (str_ends_with(s, ".c"))
        s[strlen(s) - 2] = '\0';
    else if (str_ends_with(s, ".rs"))
        s[strlen(s) - 3] = '\0';
    const char *id = s;
    if (str_starts_with(id, "rust/"))
        id += 5;
    if (str_starts_with(id, "cases/"))
        id += 6;
    else if (str_starts_with(id, "safe/"))
        id += 5;
    bool match = strcmp(c->id, id) == 0 || strcmp(c->family, id) == 0 || fnmatch(id, c->id, 0) == 0;
    free(s);
    return match;
}

int catalog_select(const struct catalog *cat, const char *const *selectors, size_t nselectors,
                   bool *selected, char **err)
{
    for (size_t i = 0; i < cat->len; i++)
        selected[i] = nselectors == 0;
    for (size_t s = 0; s < nselectors; s++) {
        bool any = false;
        for (size_t i = 0; i < cat->len; i++)
            if (selector_matches(&cat->cases[i], selectors[s])) {
                selected[i] = true;
                any = true;
            }
        if (!any) {
            *err = xasprintf("no case matches '%s' (selectors are ids like threads/shared-counter, "
                             "families like threads, or globs like 'locking/*'; see racelab list)",
                             selectors[s]);
            return -1;
        }
    }
    return 0;
}
