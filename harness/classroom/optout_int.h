/* optout_int.h: the parts of the opt-out scan (optout.h), shared by
 * optout.c (running clang, reading its output), optout_lex.c (tokens),
 * optout_rules.c (what is refused) and optout_elf.c. Not an interface. */
#ifndef RACELAB_OPTOUT_INT_H
#define RACELAB_OPTOUT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "optout.h"

enum tok_kind { TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_CHAR, TOK_PUNCT };

/* One token of preprocessed text, with the line of the student's file it
 * came from. The spelling points into the text lexed (which must outlive the
 * token), or to a static string for a digraph (`<:` is kept as `[`). */
struct tok {
    const char *s;
    size_t n;
    int line;
    unsigned char kind; /* enum tok_kind */
    bool pragma;        /* from a `#pragma` (or other `#`) line */
};
struct tok_list {
    struct tok *v;
    size_t len, cap;
};

/* Append the tokens of one line of preprocessed text, [p, end). */
void lex_line(const char *p, const char *end, int line, bool pragma, struct tok_list *out);
void tok_list_free(struct tok_list *l);
static inline bool tok_is(const struct tok *t, const char *s)
{
    size_t i = 0;
    for (; i < t->n; i++)
        if (t->s[i] != s[i])
            return false;
    return s[i] == '\0';
}

/* The directives of raw source text that matter to the scan, spelled with
 * `#`, `%:` or `??=` and line splices: the lines (1-based, ascending, each
 * once) of `#line` directives and GNU line markers (`# 12 "file" 1 3`), and
 * every `#define` and `#undef`, with its name (a directive under both
 * readings, with and without trigraphs, may appear twice). */
struct raw_define {
    int line;
    char *name;
    bool undef;
};
struct raw_directives {
    int *lines;
    size_t nlines;
    struct raw_define *defs;
    size_t ndefs;
};
void raw_directives_scan(const char *text, size_t len, struct raw_directives *d);
void raw_directives_free(struct raw_directives *d);

/* Add a refusal unless the same (what, line) is already there. */
void refusal_add(struct refusal_list *l, const char *file, int line, const char *what,
                 const char *why);

/* A set of names (small: linear search). */
struct name_set {
    char **v;
    size_t len, cap;
};
void name_set_add(struct name_set *s, const char *name, size_t n);
bool name_set_has(const struct name_set *s, const char *name);
void name_set_free(struct name_set *s);

/* The token scan (optout_tokens.c): refuse what the student's own tokens
 * use (allow bits permitting), fill *facts, and remember in *refused each
 * name refused (as spelled, and as the rule names it) so that the object's
 * check does not refuse it twice. */
void optout_scan_tokens(const struct tok_list *own, const char *file, unsigned allow,
                        struct refusal_list *out, unsigned *facts, struct name_set *refused);

/* The rules (optout_rules.c). A rule's judgement of the identifier v[i],
 * used as a name or as an attribute's name: false when no rule names it;
 * otherwise true, with hit->why NULL when this use is allowed (allow bits, or
 * the rule's own test of the use), and what set to the text to show. */
struct rule_hit {
    const char *why;
    const char *word; /* the rule's word matched (not NUL-terminated), wlen bytes */
    size_t wlen;
};
bool optout_rule_judge(const struct tok *v, size_t i, size_t n, bool attr, unsigned allow,
                       struct rule_hit *hit, char *what, size_t size);
/* A pragma's judgement from its namespace and sub-command tokens (sub may
 * be NULL): the why to refuse it with, or NULL; what gets "#pragma NS [SUB]". */
const char *optout_pragma_why(const struct tok *ns, const struct tok *sub, char *what, size_t size);
/* Why a lock hint (omp_init_lock_with_hint, `critical ... hint(...)`) is refused. */
const char *optout_lock_hint_why(void);
/* The enum optout_fact bits an identifier shows. */
unsigned optout_facts_of(const struct tok *t);
/* The why for a symbol the compiled object imports, when a rule refuses it
 * under these allow bits (NULL otherwise). Rules that only the tokens can
 * judge (compiler-made imports such as __kmpc_*, or a signal's number) never
 * refuse an import. */
const char *optout_import_why(const char *name, unsigned allow);
/* Does a rule name this identifier (to know a racelab header's uses)? */
bool optout_rule_names(const char *name, size_t n);
/* Is name one the C library, the thread library or a detector owns, so that
 * the student's file may not define it (as a global symbol)? */
bool optout_reserved_definition(const char *name);

#endif
