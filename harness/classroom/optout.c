/* optout.c: the opt-out scan (see optout.h): clang's eyes on a student's file.
 *
 * 1. The raw text: a `#line` directive or a GNU line marker would let the
 *    student's lines pass for a system header's in what follows; refused.
 * 2. clang -E three times: plain, under ThreadSanitizer, and under the other
 *    checkers (AddressSanitizer, UBSan, DataFlow, and __clang_analyzer__ as
 *    the static analyzer and clang-tidy define it). Only the student's own
 *    lines are kept, by following the line markers (`# LINE "FILE" FLAGS`:
 *    1 enters an include, 2 returns from one, 3 marks a system header). A
 *    line whose tokens differ between the runs tests for a checker.
 *    __SANITIZE_THREAD__ and __SANITIZE_ADDRESS__, which GCC defines and
 *    clang 14 does not, are defined for the runs that stand for them;
 *    __TIME__ and __DATE__ are pinned so that two runs a second apart agree.
 * 3. The plain run's tokens against the rules (optout_tokens.c). Includes
 *    are judged from the markers: a detector's header, or a file of the
 *    student's own (it would escape the rules), is refused at the #include
 *    line, which the marker returning to the student's file tells (LINE - 1).
 * 4. clang -c -O0: the object's imports (a call a header makes for the
 *    student counts; racelab's own headers' do not), its global definitions
 *    (a definition of pthread_mutex_lock replaces the library's) and its
 *    sections that run code before main. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "optout_int.h"
#include "proc.h"
#include "sandbox.h"
#include "toolchain.h"
#include "util.h"

#define MAX_REFUSALS 100
#define PP_CAP       (16u << 20) /* bytes of preprocessed text read from each run */
#define TIMEOUT_S    120

void refusal_add(struct refusal_list *l, const char *file, int line, const char *what,
                 const char *why)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].line == line && strcmp(l->items[i].what, what) == 0)
            return;
    if (l->len >= MAX_REFUSALS)
        return; /* a flood says nothing more */
    l->items = xrealloc(l->items, (l->len + 1) * sizeof *l->items);
    l->items[l->len++] = (struct refusal){
        .file = xstrdup(file), .line = line, .what = xstrdup(what), .why = xstrdup(why)};
}

void refusal_list_free(struct refusal_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].file);
        free(l->items[i].what);
        free(l->items[i].why);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

char *refusal_format(const struct refusal *r)
{
    if (r->line > 0)
        return xasprintf("%s:%d: %s %s", r->file, r->line, r->what, r->why);
    return xasprintf("%s: %s %s", r->file, r->what, r->why);
}

void name_set_add(struct name_set *s, const char *name, size_t n)
{
    for (size_t i = 0; i < s->len; i++)
        if (strlen(s->v[i]) == n && memcmp(s->v[i], name, n) == 0)
            return;
    s->v = grow_array(s->v, &s->cap, s->len + 1, sizeof *s->v);
    s->v[s->len++] = xstrndup(name, n);
}

bool name_set_has(const struct name_set *s, const char *name)
{
    for (size_t i = 0; i < s->len; i++)
        if (strcmp(s->v[i], name) == 0)
            return true;
    return false;
}

void name_set_free(struct name_set *s)
{
    for (size_t i = 0; i < s->len; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Reading clang -E's output. */
struct frame {
    char *name;
    bool own, trusted;
};
/* A racelab header the student's file includes, at a line, with the
 * racelab headers it includes in turn. */
struct trusted_include {
    int line;
    char **files;
    size_t nfiles, cap;
};
struct pp {
    const struct optout_request *req;
    char **trusted_dirs; /* realpath of each -I directory, with a trailing '/' */
    size_t ntrusted;
    struct frame *stack;
    size_t depth, cap;
    char *text;                   /* clang's output, which the tokens point into */
    char *own_name;               /* the student's file as the first marker names it */
    struct tok_list own;          /* the student's tokens */
    struct name_set uses;         /* names of rules that racelab's headers use */
    struct refusal_list *out;     /* NULL: only the tokens are wanted */
    struct refusal_list pending;  /* refused by the include being read from the student's file */
    struct trusted_include *incs; /* racelab headers the student's file includes */
    size_t nincs, cap_incs;
};

static char *resolve(const char *cwd, const char *path)
{
    char *joined = path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", cwd ? cwd : ".", path);
    char *real = realpath(joined, NULL);
    free(joined);
    return real;
}

static bool trusted(const struct pp *p, const char *name)
{
    char *real = resolve(p->req->cwd, name);
    bool yes = false;
    for (size_t i = 0; real && i < p->ntrusted && !yes; i++)
        yes = str_starts_with(real, p->trusted_dirs[i]);
    free(real);
    return yes;
}

/* "<valgrind/helgrind.h>" when name is a detector's own header, else NULL. */
static char *detector_header(const char *name)
{
    static const char *const dirs[] = {"valgrind/", "sanitizer/"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        const char *at = NULL;
        for (const char *s = strstr(name, dirs[i]); s; s = strstr(s + 1, dirs[i]))
            if (s == name || s[-1] == '/')
                at = s;
        if (at && !strchr(at + strlen(dirs[i]), '/'))
            return xasprintf("<%s>", at);
    }
    const char *base = path_base(name);
    if (strcmp(base, "omp-tools.h") == 0 || strcmp(base, "ompt.h") == 0)
        return xasprintf("<%s>", base);
    return NULL;
}

/* "mine.h" from the marker's "./mine.h". */
static const char *plain_path(const char *name)
{
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    return name;
}

/* Entering a racelab header: from the student's own file, a new group at
 * that line; from a racelab header, one more file of the current group. */
static void note_trusted(struct pp *p, const struct frame *from, int from_line, const char *name)
{
    if (from->own) {
        p->incs = grow_array(p->incs, &p->cap_incs, p->nincs + 1, sizeof *p->incs);
        p->incs[p->nincs++] = (struct trusted_include){.line = from_line};
    } else if (!from->trusted || !p->nincs) {
        return;
    }
    struct trusted_include *g = &p->incs[p->nincs - 1];
    g->files = grow_array(g->files, &g->cap, g->nfiles + 1, sizeof *g->files);
    g->files[g->nfiles++] = resolve(p->req->cwd, name);
    if (!g->files[g->nfiles - 1])
        g->nfiles--;
}

static void marker(struct pp *p, int line, int from_line, const char *name, unsigned flags)
{
    if (!p->own_name) {
        p->own_name = xstrdup(name);
        p->stack = grow_array(p->stack, &p->cap, 1, sizeof *p->stack);
        p->stack[p->depth++] = (struct frame){.name = xstrdup(name), .own = true};
        return;
    }
    if (flags & (1u << 1)) { /* entering an include */
        bool own = strcmp(name, p->own_name) == 0, pseudo = name[0] == '<';
        bool sys = (flags & (1u << 3)) || pseudo;
        struct frame f = {.name = xstrdup(name), .own = own, .trusted = !own && trusted(p, name)};
        if (f.trusted)
            note_trusted(p, &p->stack[p->depth - 1], from_line, name);
        p->stack = grow_array(p->stack, &p->cap, p->depth + 1, sizeof *p->stack);
        p->stack[p->depth++] = f;
        /* One refusal per #include of the student's: the header it names
         * comes first, what that one includes after it says nothing more. */
        char *what = NULL;
        const char *why = NULL;
        if (p->out && !own && !p->pending.len) {
            if ((what = detector_header(name))) {
                why = "is a race detector's own interface (it can turn the checking off or tell "
                      "the program it is being checked); an exercise may not include it";
            } else if (!sys && !f.trusted) {
                what = xasprintf("\"%s\"", plain_path(name));
                why = "is a file of your own: an exercise is judged as one file, whose every "
                      "line racelab checks, so it may include only system and racelab headers";
            }
        }
        if (what)
            refusal_add(&p->pending, "", 0, what, why);
        free(what);
    } else if ((flags & (1u << 2)) && p->depth > 1) { /* returning to the includer */
        do {
            free(p->stack[--p->depth].name);
        } while (p->depth > 1 && strcmp(p->stack[p->depth - 1].name, name) != 0);
        if (p->out && p->stack[p->depth - 1].own) {
            for (size_t i = 0; i < p->pending.len; i++) {
                char *what = xasprintf("#include %s", p->pending.items[i].what);
                refusal_add(p->out, p->req->source, line - 1, what, p->pending.items[i].why);
                free(what);
            }
            refusal_list_free(&p->pending);
        }
    }
    /* Otherwise a jump within the file; the frame keeps its owner even if
     * the name changes (a #line, refused from the raw text). */
}

/* `# 12 "file" 1 3`: returns true with its parts, or false for another `#` line. */
static bool parse_marker(const char *s, const char *e, int *line, char **name, unsigned *flags)
{
    s++;
    while (s < e && *s == ' ')
        s++;
    if (s >= e || *s < '0' || *s > '9')
        return false;
    long n = 0;
    while (s < e && *s >= '0' && *s <= '9' && n < INT_MAX / 10)
        n = n * 10 + (*s++ - '0');
    while (s < e && *s == ' ')
        s++;
    if (s >= e || *s != '"')
        return false;
    struct strbuf sb = STRBUF_INIT;
    for (s++; s < e && *s != '"'; s++) {
        if (*s == '\\' && s + 1 < e)
            s++;
        strbuf_addch(&sb, *s);
    }
    *flags = 0;
    for (s++; s < e; s++)
        if (*s >= '1' && *s <= '4')
            *flags |= 1u << (*s - '0');
    *line = (int)n;
    *name = strbuf_detach(&sb);
    return true;
}

static void pp_read(struct pp *p, const char *text, size_t len)
{
    const char *s = text, *end = text + len;
    struct tok_list scratch = {0};
    int line = 1;
    while (s < end) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e)
            e = end;
        const char *q = s;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        int num;
        unsigned flags;
        char *name;
        if (q < e && *q == '#' && parse_marker(q, e, &num, &name, &flags)) {
            marker(p, num, line, name, flags);
            free(name);
            line = num;
        } else if (p->depth && p->stack[p->depth - 1].own) {
            lex_line(s, e, line, q < e && *q == '#', &p->own);
            line++;
        } else {
            if (p->out && p->depth && p->stack[p->depth - 1].trusted) {
                scratch.len = 0;
                lex_line(s, e, line, false, &scratch);
                for (size_t i = 0; i < scratch.len; i++)
                    if (scratch.v[i].kind == TOK_IDENT &&
                        optout_rule_names(scratch.v[i].s, scratch.v[i].n))
                        name_set_add(&p->uses, scratch.v[i].s, scratch.v[i].n);
            }
            line++;
        }
        s = e + 1;
    }
    tok_list_free(&scratch);
    for (size_t i = 0; p->out && i < p->pending.len; i++) /* an include never left */
        refusal_add(p->out, p->req->source, 0, p->pending.items[i].what, p->pending.items[i].why);
    refusal_list_free(&p->pending);
}

static void pp_free(struct pp *p)
{
    for (size_t i = 0; i < p->depth; i++)
        free(p->stack[i].name);
    free(p->stack);
    free(p->own_name);
    free(p->text);
    tok_list_free(&p->own);
    name_set_free(&p->uses);
    refusal_list_free(&p->pending);
    for (size_t i = 0; i < p->nincs; i++) {
        for (size_t k = 0; k < p->incs[i].nfiles; k++)
            free(p->incs[i].files[k]);
        free(p->incs[i].files);
    }
    free(p->incs);
}

/* The identifiers of a C file as written (comments, strings and character
 * constants skipped; no preprocessing: what a macro could reach). */
static void file_identifiers(const char *path, struct name_set *out)
{
    char *text = NULL;
    size_t len = 0;
    if (read_file(path, &text, &len) < 0)
        return;
    for (size_t i = 0; i < len;) {
        char c = text[i];
        if (c == '/' && i + 1 < len && text[i + 1] == '/') {
            while (i < len && text[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < len && text[i + 1] == '*') {
            char *close = strstr(text + i + 2, "*/");
            i = close ? (size_t)(close - text) + 2 : len;
        } else if (c == '"' || c == '\'') {
            for (i++; i < len && text[i] != c && text[i] != '\n'; i++)
                if (text[i] == '\\')
                    i++;
            i++;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            size_t start = i;
            while (i < len &&
                   ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                    (text[i] >= '0' && text[i] <= '9') || text[i] == '_'))
                i++;
            name_set_add(out, text + start, i - start);
        } else if (c >= '0' && c <= '9') {
            while (i < len &&
                   ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                    (text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
                i++;
        } else {
            i++;
        }
    }
    free(text);
}

/* A macro the student defines (or undefines) before including one of
 * racelab's headers, by a name that header uses, changes code the scan
 * trusts: `#define pthread_mutex_lock(m) ...` before <racelab/guarded.h>
 * would make its lock do what the student likes, unseen. Refused. */
static void refuse_steering(const struct pp *p, const struct raw_directives *raw,
                            struct refusal_list *out)
{
    /* The C library's feature-test macros only make declarations visible
     * (racelab's headers ask for them to be defined first). */
    static const char feature_macros[] =
        " _GNU_SOURCE _POSIX_C_SOURCE _POSIX_SOURCE _XOPEN_SOURCE _XOPEN_SOURCE_EXTENDED "
        "_DEFAULT_SOURCE _BSD_SOURCE _SVID_SOURCE _ISOC99_SOURCE _ISOC11_SOURCE _ISOC2X_SOURCE "
        "_LARGEFILE_SOURCE _LARGEFILE64_SOURCE _FILE_OFFSET_BITS _TIME_BITS _REENTRANT "
        "_THREAD_SAFE _ATFILE_SOURCE ";
    for (size_t g = 0; g < p->nincs; g++) {
        struct name_set idents = {0};
        for (size_t k = 0; k < p->incs[g].nfiles; k++)
            file_identifiers(p->incs[g].files[k], &idents);
        const char *header = p->incs[g].nfiles ? p->incs[g].files[0] : "racelab's header";
        const char *base = strstr(header, "/racelab/") ? strstr(header, "/racelab/") + 1 : header;
        for (size_t i = 0; i < raw->ndefs; i++) {
            const struct raw_define *d = &raw->defs[i];
            char *word = xasprintf(" %s ", d->name);
            bool feature = strstr(feature_macros, word) != NULL;
            free(word);
            if (d->line >= p->incs[g].line || feature || !name_set_has(&idents, d->name))
                continue;
            char *what = xasprintf("#%s %s", d->undef ? "undef" : "define", d->name);
            char *why = xasprintf("comes before #include <%s>, which uses `%s`: it would change "
                                  "racelab's own code, which the checker trusts; define it "
                                  "after the #include, under a name of your own",
                                  base, d->name);
            refusal_add(out, p->req->source, d->line, what, why);
            free(what);
            free(why);
        }
        name_set_free(&idents);
    }
}

/* Running clang. Returns 0 when it ran to an exit status (which the caller
 * judges), or -1 with *err when the scan cannot go on. */
static int run_clang(const struct optout_request *req, const char *const *extra, size_t cap,
                     struct proc_result *pr, char **err)
{
    size_t nlang = 0, nextra = 0, n = 0;
    while (req->lang_argv && req->lang_argv[nlang])
        nlang++;
    while (extra[nextra])
        nextra++;
    const char **argv = xcalloc(nlang + nextra + 5, sizeof *argv);
    argv[n++] = toolchain_program("clang");
    for (size_t i = 0; i < nextra; i++)
        argv[n++] = extra[i];
    for (size_t i = 0; i < nlang; i++)
        argv[n++] = req->lang_argv[i];
    argv[n++] = "-fno-color-diagnostics";
    argv[n++] = "-w";
    argv[n++] = req->source;
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .cwd = req->cwd,
                             .timeout_s = TIMEOUT_S,
                             .output_cap = cap,
                             .limits = req->limits};
    int ran = proc_run(&spec, pr);
    free(argv);
    char desc[256];
    if (ran < 0)
        *err = xasprintf("could not run clang: %s", strerror(errno));
    else if (pr->spawn_failed || pr->timed_out || pr->term_signal || pr->limit)
        *err = xasprintf("clang %s %s: %s", extra[0], req->source,
                         proc_describe(pr, desc, sizeof desc));
    if (*err) {
        proc_result_free(pr);
        return -1;
    }
    return 0;
}

/* The line of the first token that differs, or -1 when the streams agree. */
static int first_difference(const struct tok_list *a, const struct tok_list *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    for (size_t k = 0; k < n; k++)
        if (a->v[k].n != b->v[k].n || memcmp(a->v[k].s, b->v[k].s, a->v[k].n) != 0)
            return a->v[k].line < b->v[k].line ? a->v[k].line : b->v[k].line;
    if (a->len != b->len)
        return a->len > n ? a->v[n].line : b->v[n].line;
    return -1;
}

/* The line of clang's first error in the student's file, or 0. */
/* clang's first error, for a message (malloc'd). */
static char *first_error(const char *err, const char *source)
{
    const char *at = err ? strstr(err, "error:") : NULL;
    if (!at)
        return xasprintf("%s: clang failed without a message", source);
    const char *start = at;
    while (start > err && start[-1] != '\n')
        start--;
    size_t len = strcspn(start, "\n");
    return xasprintf("%.*s", (int)(len > 300 ? 300 : len), start);
}

static int error_line(const char *err, const char *source)
{
    size_t len = strlen(source);
    for (const char *s = strstr(err, source); s; s = strstr(s + 1, source))
        if ((s == err || s[-1] == '\n') && s[len] == ':' && s[len + 1] >= '0' && s[len + 1] <= '9')
            return atoi(s + len + 1);
    return 0;
}

static int first_line(const struct tok_list *own, const char *name)
{
    for (size_t i = 0; i < own->len; i++)
        if (own->v[i].kind == TOK_IDENT && tok_is(&own->v[i], name))
            return own->v[i].line;
    return 0;
}

/* What the compiled object shows that the tokens did not. */
static void judge_object(const struct optout_request *req, const struct optout_object *obj,
                         const struct pp *p, const struct name_set *refused,
                         struct refusal_list *out)
{
    for (size_t i = 0; i < obj->nimports; i++) {
        const char *name = obj->imports[i], *why = optout_import_why(name, req->allow);
        if (!why || name_set_has(refused, name) || name_set_has(&p->uses, name))
            continue;
        int line = first_line(&p->own, name);
        char *what = line ? xstrdup(name) : xasprintf("the compiled program calls %s", name);
        char *which = line ? xstrdup(why) : xasprintf("which %s", why);
        refusal_add(out, req->source, line, what, which);
        free(what);
        free(which);
    }
    for (size_t i = 0; i < obj->nexports; i++)
        if (optout_reserved_definition(obj->exports[i]) && !name_set_has(refused, obj->exports[i]))
            refusal_add(out, req->source, first_line(&p->own, obj->exports[i]), obj->exports[i],
                        "is defined by your file, but the name belongs to the C library, the "
                        "thread library or a race detector: the library would use your "
                        "definition, or yours would replace theirs, out of the checks' sight; "
                        "rename it");
    bool told = name_set_has(refused, "constructor") || name_set_has(refused, "destructor") ||
                name_set_has(refused, "section") || name_set_has(refused, "asm");
    if (obj->nearly && !told)
        refusal_add(out, req->source, 0, obj->early[0],
                    "is in the compiled program: code that runs before main or after it, out of "
                    "the exercise's sight; an exercise must do its work in main and its threads");
}

static void sort_by_line(struct refusal_list *l)
{
    for (size_t i = 1; i < l->len; i++) { /* stable; line 0 (unknown) last */
        struct refusal r = l->items[i];
        unsigned key = r.line > 0 ? (unsigned)r.line : UINT_MAX;
        size_t k = i;
        for (; k > 0; k--) {
            int pl = l->items[k - 1].line;
            if ((pl > 0 ? (unsigned)pl : UINT_MAX) <= key)
                break;
            l->items[k] = l->items[k - 1];
        }
        l->items[k] = r;
    }
}

/* The three preprocessing runs: plain first, then one per kind of checker. */
static const struct variant {
    const char *label; /* NULL: the plain run */
    const char *flags[4];
} variants[] = {
    {NULL, {NULL}},
    {"ThreadSanitizer", {"-fsanitize=thread", "-D__SANITIZE_THREAD__=1", NULL}},
    {"another checker (AddressSanitizer, UBSan, the static analyzer)",
     {"-fsanitize=address,undefined,dataflow", "-D__SANITIZE_ADDRESS__=1", "-D__clang_analyzer__=1",
      NULL}},
};
#define NVARIANTS (sizeof variants / sizeof *variants)

/* Runs clang -E for variant v into p; 1 when the source does not preprocess. */
static int preprocess(const struct optout_request *req, const struct variant *v, struct pp *p,
                      int *fail_line, bool *too_big, char **err)
{
    const char *argv[12] = {"-E", "-Wno-builtin-macro-redefined", "-D__TIME__=\"00:00:00\"",
                            "-D__DATE__=\"Jan  1 2000\""};
    size_t n = 4;
    for (size_t i = 0; v->flags[i]; i++)
        argv[n++] = v->flags[i];
    argv[n] = NULL;
    struct proc_result pr;
    if (run_clang(req, argv, PP_CAP, &pr, err) < 0)
        return -1;
    int rc = pr.exit_code != 0;
    if (rc) {
        *fail_line = error_line(pr.err, req->source);
        if (!v->label) /* the plain run: the program itself does not compile */
            *err = first_error(pr.err, req->source);
    } else {
        p->text = pr.out; /* kept: the tokens point into it */
        pr.out = NULL;
        pp_read(p, p->text, pr.out_len);
    }
    *too_big |= pr.out_truncated;
    proc_result_free(&pr);
    return rc;
}

static char **trusted_dirs(const struct optout_request *req, size_t *n)
{
    char **dirs = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; req->lang_argv && req->lang_argv[i]; i++) {
        const char *a = req->lang_argv[i], *dir = NULL;
        if (strcmp(a, "-I") == 0 && req->lang_argv[i + 1])
            dir = req->lang_argv[++i];
        else if (str_starts_with(a, "-I") && a[2])
            dir = a + 2;
        char *real = dir ? resolve(req->cwd, dir) : NULL;
        if (real) {
            dirs = grow_array(dirs, &cap, *n + 1, sizeof *dirs);
            dirs[(*n)++] = xasprintf("%s/", real);
            free(real);
        }
    }
    return dirs;
}

/* clang -c into a directory of its own under work_dir (the sandbox's uid
 * must be able to write there, and nobody else), and the object read: 0
 * with *obj, 1 when the source does not compile (*err: clang's first
 * error), -1 with *err. */
static int compile_object(const struct optout_request *req, struct optout_object *obj, char **err)
{
    char *dir = realpath(req->work_dir, NULL);
    if (!dir) {
        *err = xasprintf("%s: %s", req->work_dir, strerror(errno));
        return -1;
    }
    /* A name of its own: scans may share work_dir (a grader's threads). */
    static atomic_uint seq;
    char *own =
        xasprintf("%s/optout-%ld-%u.XXXXXX", dir, (long)getpid(), atomic_fetch_add(&seq, 1));
    free(dir);
    if (!mkdtemp(own) || sandbox_prepare_dir(own, req->limits) < 0) {
        *err = xasprintf("%s: %s", own, strerror(errno));
        free(own);
        return -1;
    }
    char *path = xasprintf("%s/object.o", own);
    const char *argv[] = {"-c", "-O0", "-g0", "-o", path, NULL};
    struct proc_result pr;
    int rc = run_clang(req, argv, 64 << 10, &pr, err);
    if (rc == 0) {
        if (pr.exit_code != 0) {
            rc = 1;
            *err = first_error(pr.err, req->source);
        } else {
            rc = optout_object_read(path, obj, err);
        }
        proc_result_free(&pr);
    }
    unlink(path);
    rmdir(own);
    free(path);
    free(own);
    return rc;
}

/* Steps 2 to 4 (see the top of the file) once the raw text is judged; the
 * source is compiled right after its plain preprocessing, so that nothing
 * more is done with one that does not compile. Returns 1 when it does not. */
static int scan_compiled(const struct optout_request *req, struct pp *pps,
                         const struct raw_directives *raw, struct refusal_list *out,
                         unsigned *facts, char **err)
{
    int status[NVARIANTS] = {0}, fail_line[NVARIANTS] = {0};
    bool too_big = false;
    struct optout_object obj;
    status[0] = preprocess(req, &variants[0], &pps[0], &fail_line[0], &too_big, err);
    if (status[0] != 0)
        return status[0];
    int rc = compile_object(req, &obj, err);
    if (rc != 0)
        return rc;
    for (size_t v = 1; v < NVARIANTS && rc == 0; v++) {
        status[v] = preprocess(req, &variants[v], &pps[v], &fail_line[v], &too_big, err);
        rc = status[v] < 0 ? -1 : 0;
    }
    if (rc == 0 && too_big)
        refusal_add(out, req->source, 0, "the preprocessed program",
                    "is larger than 16 MB: racelab cannot read all of it; an exercise is a small "
                    "program");
    for (size_t v = 1; v < NVARIANTS && rc == 0 && !too_big; v++) {
        /* Failing only under the checker (#error in an #if) is a difference too. */
        int line = status[v] ? fail_line[v] : first_difference(&pps[0].own, &pps[v].own);
        if (line < 0)
            continue;
        char *what = xasprintf("a test for %s", variants[v].label);
        refusal_add(out, req->source, line, what,
                    "makes this code compile differently when the checker builds the program "
                    "(__has_feature(thread_sanitizer), __SANITIZE_THREAD__...): an exercise "
                    "must be the same program under every tool");
        free(what);
    }
    if (rc == 0 && !too_big) {
        struct name_set refused = {0};
        optout_scan_tokens(&pps[0].own, req->source, req->allow, out, facts, &refused);
        judge_object(req, &obj, &pps[0], &refused, out);
        refuse_steering(&pps[0], raw, out);
        name_set_free(&refused);
    }
    optout_object_free(&obj);
    return rc;
}

int optout_scan(const struct optout_request *req, struct refusal_list *out, unsigned *facts,
                char **err)
{
    memset(out, 0, sizeof *out);
    *facts = 0;
    *err = NULL;
    char *path = req->source[0] == '/' ? xstrdup(req->source)
                                       : xasprintf("%s/%s", req->cwd ? req->cwd : ".", req->source);
    char *text = NULL;
    size_t len = 0;
    if (read_file_regular(path, &text, &len) < 0) {
        *err = xasprintf("%s: %s", req->source, strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    struct raw_directives raw;
    raw_directives_scan(text, len, &raw);
    for (size_t i = 0; i < raw.nlines; i++)
        refusal_add(out, req->source, raw.lines[i], "#line",
                    "changes the file name or the line numbers the compiler records, which "
                    "racelab uses to tell your lines from the headers'; an exercise may not "
                    "use it");
    free(text);

    struct pp pps[NVARIANTS];
    size_t ntrusted;
    char **dirs = trusted_dirs(req, &ntrusted);
    for (size_t v = 0; v < NVARIANTS; v++)
        pps[v] = (struct pp){
            .req = req, .trusted_dirs = dirs, .ntrusted = ntrusted, .out = v ? NULL : out};
    int rc = scan_compiled(req, pps, &raw, out, facts, err);
    raw_directives_free(&raw);
    for (size_t v = 0; v < NVARIANTS; v++)
        pp_free(&pps[v]);
    for (size_t i = 0; i < ntrusted; i++)
        free(dirs[i]);
    free(dirs);
    if (rc != 0) { /* does not compile (1), or the scan failed (-1) */
        refusal_list_free(out);
        *facts = 0;
        return rc;
    }
    sort_by_line(out);
    return 0;
}
