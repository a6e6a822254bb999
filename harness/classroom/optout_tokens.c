/* optout_tokens.c: the student's own tokens against the rules (see
 * optout_int.h; the rules themselves are in optout_rules.c).
 *
 * The tokens come after macro expansion, so no macro hides a name; what is
 * left to decide is where an identifier is a name that refers to a function
 * or an object of the library: not a member (after `.` or `->`, or declared
 * in a struct body), not a struct tag, not inside a string, and not a
 * variable or parameter of the student's own that shadows the library's
 * name in its scope (`double time;`). The object's imports (optout.c) catch
 * a real call whatever the tokens looked like, so an error here on the side
 * of a shadow costs a refusal's line, never a miss. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optout_int.h"
#include "util.h"

/* Where a token stands, from a first pass over the line's brackets. */
enum {
    ROLE_ATTR_NAME = 1, /* an attribute's name: __attribute__((HERE(...))) */
    ROLE_IN_ATTR = 2,   /* anywhere inside an attribute */
    ROLE_WORD = 4,      /* a pragma's own word (`omp`, `parallel`, proc_bind(close)) */
};

static bool is_one_of(const struct tok *t, const char *words)
{
    if (t->kind != TOK_IDENT)
        return false;
    for (const char *w = words; *w;) {
        size_t len = strcspn(w, " ");
        if (len == t->n && memcmp(w, t->s, len) == 0)
            return true;
        w += len;
        while (*w == ' ')
            w++;
    }
    return false;
}

#define ASM_WORDS      "asm __asm __asm__"
#define ASM_QUALIFIERS "volatile __volatile__ __volatile inline __inline __inline__ goto"
#define QUALIFIERS     "const volatile restrict __restrict __restrict__ _Atomic __const __volatile__"
#define TYPE_WORDS                                                                                 \
    "void char short int long float double signed unsigned _Bool _Complex __int128 _Float16 "      \
    "__fp16 __float128 __signed__ __signed static extern register auto _Thread_local __thread "    \
    "typedef " QUALIFIERS
#define KEYWORDS                                                                                   \
    "break case continue default do else enum for goto if inline return sizeof struct switch "     \
    "union while _Alignas _Alignof _Generic _Imaginary _Noreturn _Static_assert __extension__ "    \
    "__typeof__ __typeof typeof __alignof__ __alignof __attribute__ __attribute __asm__ __asm "    \
    "asm __real__ __imag__ __label__ __auto_type __builtin_offsetof __builtin_va_arg " TYPE_WORDS

static size_t closing(const struct tok *v, size_t i, size_t n)
{
    int depth = 0;
    for (size_t k = i; k < n; k++) {
        if (tok_is(&v[k], "(") || tok_is(&v[k], "["))
            depth++;
        else if ((tok_is(&v[k], ")") || tok_is(&v[k], "]")) && --depth == 0)
            return k;
    }
    return n - 1;
}

/* Mark an attribute's tokens from the opener at i: names at bracket depth name_depth. */
static size_t mark_attribute(const struct tok *v, size_t i, size_t n, int name_depth,
                             unsigned char *role)
{
    size_t end = closing(v, i, n);
    int depth = 0;
    for (size_t k = i; k <= end; k++) {
        role[k] |= ROLE_IN_ATTR;
        if (tok_is(&v[k], "(") || tok_is(&v[k], "["))
            depth++;
        else if (tok_is(&v[k], ")") || tok_is(&v[k], "]"))
            depth--;
        else if (v[k].kind == TOK_IDENT && depth == name_depth)
            role[k] |= ROLE_ATTR_NAME;
    }
    return end;
}

/* A pragma line from its `#`: the words outside parentheses are the
 * pragma's own, and so are the keywords inside an OpenMP clause that takes
 * them (proc_bind(close), schedule(monotonic: dynamic, n)): an identifier
 * there followed by `,`, `:` or `)` names no function. */
static size_t mark_pragma(const struct tok *v, size_t i, size_t n, unsigned char *role)
{
    size_t end = i;
    while (end + 1 < n && v[end + 1].pragma && !(tok_is(&v[end + 1], "#")))
        end++;
    int depth = 0;
    bool keyword_args = false;
    for (size_t k = i; k <= end; k++) {
        if (tok_is(&v[k], "(")) {
            if (depth++ == 0)
                keyword_args =
                    k > i && is_one_of(&v[k - 1], "proc_bind default schedule order "
                                                  "dist_schedule defaultmap bind "
                                                  "atomic_default_mem_order device_type");
        } else if (tok_is(&v[k], ")")) {
            depth--;
        } else if (v[k].kind == TOK_IDENT) {
            bool keyword =
                keyword_args && depth == 1 && k + 1 <= end &&
                (tok_is(&v[k + 1], ",") || tok_is(&v[k + 1], ":") || tok_is(&v[k + 1], ")"));
            if (depth == 0 || keyword)
                role[k] |= ROLE_WORD;
        }
    }
    return end;
}

static unsigned char *roles(const struct tok *v, size_t n)
{
    unsigned char *role = xcalloc(n ? n : 1, 1);
    for (size_t i = 0; i < n; i++) {
        if (v[i].pragma && tok_is(&v[i], "#"))
            mark_pragma(v, i, n, role);
        if (i + 1 < n && tok_is(&v[i + 1], "(") && is_one_of(&v[i], "__attribute__ __attribute"))
            mark_attribute(v, i + 1, n, 2, role);
        else if (i + 1 < n && tok_is(&v[i + 1], "(") && tok_is(&v[i], "__declspec"))
            mark_attribute(v, i + 1, n, 1, role);
        else if (i + 1 < n && tok_is(&v[i], "[") && tok_is(&v[i + 1], "["))
            i = mark_attribute(v, i, n, 2, role);
    }
    return role;
}

/* A variable or parameter the student declares with a library name shadows
 * it until its block closes. Parameters wait for the function's body. */
struct shadow {
    const struct tok *name;
    int depth;
    bool pending;
};
struct walk {
    const struct tok *v;
    size_t n;
    unsigned char *role;
    const char *file;
    unsigned allow;
    struct refusal_list *out;
    struct name_set *refused;
    unsigned facts;
    char *brace; /* 'a' an aggregate's body (struct, union, enum), 'b' a block */
    size_t depth, brace_cap;
    int paren;
    bool aggregate_next;
    struct shadow *shadows;
    size_t nshadows, shadow_cap;
};

static bool shadowed(const struct walk *w, const struct tok *t)
{
    for (size_t k = 0; k < w->nshadows; k++)
        if (!w->shadows[k].pending && w->shadows[k].name->n == t->n &&
            memcmp(w->shadows[k].name->s, t->s, t->n) == 0)
            return true;
    return false;
}

/* Does v[i] name what a declaration declares (`int time;`, `char *signal = ...`,
 * `void f(int time)`, `int (*kill)(int)`)? Without a symbol table a typedef
 * name before it is taken for a type, except across a parenthesis, where it
 * may be a call. */
static bool declares(const struct tok *v, size_t i, size_t n)
{
    if (i + 1 >= n || !(tok_is(&v[i + 1], "=") || tok_is(&v[i + 1], ";") ||
                        tok_is(&v[i + 1], ",") || tok_is(&v[i + 1], ")") || tok_is(&v[i + 1], "[")))
        return false;
    size_t k = i;
    bool crossed = false;
    while (k > 0 && (tok_is(&v[k - 1], "*") || is_one_of(&v[k - 1], QUALIFIERS) ||
                     (!crossed && tok_is(&v[k - 1], "(")))) {
        crossed |= tok_is(&v[k - 1], "(");
        k--;
    }
    if (k == 0)
        return false;
    const struct tok *p = &v[k - 1];
    if (!is_one_of(p, TYPE_WORDS) && (crossed || p->kind != TOK_IDENT || is_one_of(p, KEYWORDS)))
        return false;
    /* `extern char **environ;` declares the library's own object: no shadow. */
    for (; k > 0 && !tok_is(&v[k - 1], ";") && !tok_is(&v[k - 1], "{") && !tok_is(&v[k - 1], "}");
         k--)
        if (tok_is(&v[k - 1], "extern"))
            return false;
    return true;
}

static void refuse(struct walk *w, int line, const char *what, const char *why, const char *name,
                   size_t len)
{
    refusal_add(w->out, w->file, line, what, why);
    if (name)
        name_set_add(w->refused, name, len);
}

/* asm("...") as a statement or a declaration's label. Only an empty
 * template is accepted: `__asm__ volatile("" ::: "memory")`, the compiler
 * barrier of the catalog's own programs, which emits no instruction. */
static void judge_asm(struct walk *w, size_t i)
{
    const struct tok *v = w->v;
    size_t k = i + 1;
    while (k < w->n && is_one_of(&v[k], ASM_QUALIFIERS))
        k++;
    if (k >= w->n || !tok_is(&v[k], "("))
        return; /* `asm` is an ordinary identifier in strict C */
    bool empty = true;
    const struct tok *first = NULL;
    for (k++; k < w->n && v[k].kind == TOK_STRING; k++) {
        first = first ? first : &v[k];
        empty &= tok_is(&v[k], "\"\"");
    }
    if (first && empty)
        return;
    bool label = i > 0 &&
                 (v[i - 1].kind == TOK_IDENT || tok_is(&v[i - 1], ")") || tok_is(&v[i - 1], "]")) &&
                 !is_one_of(&v[i - 1], KEYWORDS);
    char what[64];
    if (first)
        snprintf(what, sizeof what, "%.*s(%.*s%s)", (int)v[i].n, v[i].s,
                 (int)(first->n < 24 ? first->n : 23), first->s, first->n < 24 ? "" : "...\"");
    else
        snprintf(what, sizeof what, "%.*s(...)", (int)v[i].n, v[i].s);
    refuse(w, v[i].line, what,
           label ? "gives a declaration another symbol name, a way to call what the detectors "
                   "watch by a name racelab does not see; an exercise may not rename symbols"
                 : "runs raw assembly, which no race detector can see into; an exercise must be "
                   "plain C (only the empty compiler barrier __asm__ volatile(\"\" ::: \"memory\") "
                   "is accepted)",
           "asm", 3);
}

/* __atomic_load_n(p, 0): after preprocessing, __ATOMIC_RELAXED is 0. The
 * memory order is the last argument (the last two for compare-exchange). */
static bool relaxed_call(const struct tok *v, size_t i, size_t n)
{
    if (!(v[i].n > 9 && (memcmp(v[i].s, "__atomic_", 9) == 0 ||
                         (v[i].n > 13 && memcmp(v[i].s, "__c11_atomic_", 13) == 0))))
        return false;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)v[i].n, v[i].s);
    if (strstr(name, "init") || strstr(name, "lock_free") || i + 1 >= n || !tok_is(&v[i + 1], "("))
        return false;
    size_t end = closing(v, i + 1, n), arg = i + 2, prev_arg = 0;
    int depth = 0;
    for (size_t k = i + 2; k < end; k++) {
        if (tok_is(&v[k], "(") || tok_is(&v[k], "["))
            depth++;
        else if (tok_is(&v[k], ")") || tok_is(&v[k], "]"))
            depth--;
        else if (depth == 0 && tok_is(&v[k], ",")) {
            prev_arg = arg;
            arg = k + 1;
        }
    }
    bool last = end == arg + 1 && tok_is(&v[arg], "0");
    bool before = prev_arg && arg == prev_arg + 2 && tok_is(&v[prev_arg], "0");
    return last || (strstr(name, "compare_exchange") && before);
}

static void judge_name(struct walk *w, size_t i)
{
    const struct tok *v = w->v, *t = &v[i];
    w->facts |= optout_facts_of(t);
    if (relaxed_call(v, i, w->n))
        w->facts |= FACT_RELAXED;
    struct rule_hit hit;
    char what[96];
    if (optout_rule_judge(v, i, w->n, false, w->allow, &hit, what, sizeof what) && hit.why) {
        refuse(w, t->line, what, hit.why, t->s, t->n);
        name_set_add(w->refused, hit.word, hit.wlen);
    }
    /* int main(int argc, char **argv, char **envp) */
    if (tok_is(t, "main") && w->depth == 0 && i + 1 < w->n && tok_is(&v[i + 1], "(") &&
        !(w->allow & ALLOW_ENV)) {
        size_t end = closing(v, i + 1, w->n), commas = 0;
        int depth = 0;
        for (size_t k = i + 1; k < end; k++) {
            depth += tok_is(&v[k], "(") - tok_is(&v[k], ")");
            commas += depth == 1 && tok_is(&v[k], ",");
        }
        if (commas >= 2)
            refuse(w, t->line, "main's third parameter",
                   "receives the environment: a program must not look for or change the "
                   "detectors' settings (TSAN_OPTIONS, LD_PRELOAD); this exercise does not allow "
                   "it",
                   NULL, 0);
    }
}

static void judge_pragma(struct walk *w, size_t i)
{
    const struct tok *v = w->v;
    if (i + 2 >= w->n || !tok_is(&v[i + 1], "pragma") || !v[i + 2].pragma ||
        v[i + 2].kind != TOK_IDENT)
        return;
    const struct tok *ns = &v[i + 2];
    const struct tok *sub =
        i + 3 < w->n && v[i + 3].pragma && v[i + 3].kind == TOK_IDENT ? &v[i + 3] : NULL;
    char what[96];
    const char *why = optout_pragma_why(ns, sub, what, sizeof what);
    if (why)
        refuse(w, v[i].line, what, why, NULL, 0);
    if (tok_is(ns, "omp") && sub && (tok_is(sub, "critical") || tok_is(sub, "ordered")))
        w->facts |= FACT_OMP_CRITICAL;
    /* critical (name) hint(...): the same spinning lock as a hinted omp lock. */
    for (size_t k = i + 4; tok_is(ns, "omp") && sub && tok_is(sub, "critical") && k < w->n &&
                           v[k].pragma && !tok_is(&v[k], "#");
         k++)
        if (v[k].kind == TOK_IDENT && tok_is(&v[k], "hint")) {
            refuse(w, v[i].line, "#pragma omp critical hint", optout_lock_hint_why(), NULL, 0);
            break;
        }
}

static void open_brace(struct walk *w)
{
    w->brace = grow_array(w->brace, &w->brace_cap, w->depth + 1, 1);
    w->brace[w->depth++] = w->aggregate_next ? 'a' : 'b';
    w->aggregate_next = false;
    size_t keep = 0;
    for (size_t k = 0; k < w->nshadows; k++) {
        struct shadow *s = &w->shadows[k];
        if (s->pending && s->depth == (int)w->depth)
            s->pending = false;
        if (!s->pending)
            w->shadows[keep++] = *s;
    }
    w->nshadows = keep;
}

static void close_brace(struct walk *w)
{
    if (w->depth)
        w->depth--;
    size_t keep = 0;
    for (size_t k = 0; k < w->nshadows; k++)
        if (w->shadows[k].depth <= (int)w->depth)
            w->shadows[keep++] = w->shadows[k];
    w->nshadows = keep;
}

static void punct(struct walk *w, size_t i)
{
    const struct tok *t = &w->v[i];
    if (tok_is(t, "{")) {
        open_brace(w);
    } else if (tok_is(t, "}")) {
        close_brace(w);
    } else if (tok_is(t, "(")) {
        w->paren++;
    } else if (tok_is(t, ")")) {
        w->paren -= w->paren > 0;
    }
    if (!(w->role[i] & ROLE_IN_ATTR) &&
        (tok_is(t, ";") || tok_is(t, "*") || tok_is(t, "=") || tok_is(t, ",") || tok_is(t, ")")))
        w->aggregate_next = false;
    if (tok_is(t, ";") && w->paren == 0) {
        size_t keep = 0; /* a prototype's parameters shadow nothing */
        for (size_t k = 0; k < w->nshadows; k++)
            if (!w->shadows[k].pending)
                w->shadows[keep++] = w->shadows[k];
        w->nshadows = keep;
    }
}

static void ident(struct walk *w, size_t i)
{
    const struct tok *v = w->v, *t = &v[i];
    unsigned char role = w->role[i];
    if (role & ROLE_ATTR_NAME) {
        struct rule_hit hit;
        char what[96];
        if (optout_rule_judge(v, i, w->n, true, w->allow, &hit, what, sizeof what) && hit.why)
            refuse(w, t->line, what, hit.why, hit.word, hit.wlen);
        return;
    }
    if (role & ROLE_WORD)
        return;
    if (is_one_of(t, ASM_WORDS)) {
        judge_asm(w, i);
        return;
    }
    if (is_one_of(t, "volatile __volatile__ __volatile")) {
        size_t k = i;
        while (k > 0 && is_one_of(&v[k - 1], ASM_QUALIFIERS))
            k--;
        if (!(k > 0 && is_one_of(&v[k - 1], ASM_WORDS)))
            w->facts |= FACT_VOLATILE;
        return;
    }
    if (is_one_of(t, "struct union enum")) {
        w->aggregate_next = true;
        return;
    }
    if (i > 0 && (tok_is(&v[i - 1], ".") || tok_is(&v[i - 1], "->") ||
                  is_one_of(&v[i - 1], "struct union enum goto")))
        return; /* a member, a tag, a label */
    if (w->depth && w->brace[w->depth - 1] == 'a')
        return; /* a member's or an enumerator's declaration */
    /* Only a library's name can be shadowed in a way that matters: the
     * others are not looked for, which keeps the list short. */
    bool named = optout_rule_names(t->s, t->n);
    if (!(role & ROLE_IN_ATTR) && !t->pragma && named && declares(v, i, w->n)) {
        int depth = (int)w->depth + (w->paren > 0);
        for (size_t k = 0; k < w->nshadows; k++)
            if (w->shadows[k].depth == depth && w->shadows[k].name->n == t->n &&
                memcmp(w->shadows[k].name->s, t->s, t->n) == 0)
                return; /* declared again in the same scope */
        w->shadows = grow_array(w->shadows, &w->shadow_cap, w->nshadows + 1, sizeof *w->shadows);
        w->shadows[w->nshadows++] =
            (struct shadow){.name = t, .depth = depth, .pending = w->paren > 0};
        return;
    }
    if (!named || !shadowed(w, t))
        judge_name(w, i);
}

void optout_scan_tokens(const struct tok_list *own, const char *file, unsigned allow,
                        struct refusal_list *out, unsigned *facts, struct name_set *refused)
{
    struct walk w = {.v = own->v,
                     .n = own->len,
                     .role = roles(own->v, own->len),
                     .file = file,
                     .allow = allow,
                     .out = out,
                     .refused = refused};
    for (size_t i = 0; i < w.n; i++) {
        if (w.v[i].pragma && tok_is(&w.v[i], "#"))
            judge_pragma(&w, i);
        else if (w.v[i].kind == TOK_IDENT)
            ident(&w, i);
        else if (w.v[i].kind == TOK_PUNCT)
            punct(&w, i);
    }
    *facts |= w.facts;
    free(w.role);
    free(w.brace);
    free(w.shadows);
}
