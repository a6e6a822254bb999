/* optout_lex.c: C tokens of preprocessed text, and the line directives of a
 * raw source (see optout_int.h).
 *
 * The preprocessed text (clang -E) has no comments, no directives other than
 * line markers and pragmas, and no line splices: one line is lexed at a time.
 * The tokenizer only needs to tell identifiers from the inside of literals
 * and to keep punctuators whole (`->` before a member name). */
#include <stdlib.h>
#include <string.h>

#include "optout_int.h"
#include "util.h"

static bool ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Longest first within each leading character, as the C grammar reads them.
 * Digraphs map to the token they stand for, so that `<:<:` opens an
 * attribute like `[[`. */
static const struct punct {
    const char *spelling, *token;
} puncts[] = {
    {"%:%:", "##"}, {"...", "..."}, {"<<=", "<<="}, {">>=", ">>="}, {"->", "->"}, {"++", "++"},
    {"--", "--"},   {"<<", "<<"},   {">>", ">>"},   {"<=", "<="},   {">=", ">="}, {"==", "=="},
    {"!=", "!="},   {"&&", "&&"},   {"||", "||"},   {"*=", "*="},   {"/=", "/="}, {"%=", "%="},
    {"+=", "+="},   {"-=", "-="},   {"&=", "&="},   {"^=", "^="},   {"|=", "|="}, {"##", "##"},
    {"<:", "["},    {":>", "]"},    {"<%", "{"},    {"%>", "}"},    {"%:", "#"},
};

static void push(struct tok_list *out, const char *s, size_t n, int line, enum tok_kind kind,
                 bool pragma)
{
    out->v = grow_array(out->v, &out->cap, out->len + 1, sizeof *out->v);
    out->v[out->len++] =
        (struct tok){.s = s, .n = n, .line = line, .kind = (unsigned char)kind, .pragma = pragma};
}

/* p at a quote: the end of the literal (past its closing quote, or the end
 * of the line when it has none). */
static const char *skip_literal(const char *p, const char *end)
{
    char q = *p++;
    while (p < end && *p != q) {
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    return p < end ? p + 1 : end;
}

void lex_line(const char *p, const char *end, int line, bool pragma, struct tok_list *out)
{
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            p++;
            continue;
        }
        const char *start = p;
        if (ident_start(c) || (c == '\\' && p + 1 < end && (p[1] == 'u' || p[1] == 'U'))) {
            while (p < end && (ident_char((unsigned char)*p) ||
                               (*p == '\\' && p + 1 < end && (p[1] == 'u' || p[1] == 'U'))))
                p += *p == '\\' ? 2 : 1;
            size_t n = (size_t)(p - start);
            /* L"", u"", U"", u8"": the prefix belongs to the literal. */
            bool prefix = (n == 1 && (*start == 'L' || *start == 'u' || *start == 'U')) ||
                          (n == 2 && start[0] == 'u' && start[1] == '8');
            if (prefix && p < end && (*p == '"' || *p == '\'')) {
                enum tok_kind kind = *p == '"' ? TOK_STRING : TOK_CHAR;
                p = skip_literal(p, end);
                push(out, start, (size_t)(p - start), line, kind, pragma);
            } else {
                push(out, start, n, line, TOK_IDENT, pragma);
            }
            continue;
        }
        if (is_digit(c) || (c == '.' && p + 1 < end && is_digit((unsigned char)p[1]))) {
            p++;
            while (p < end) {
                if ((*p == '+' || *p == '-') && strchr("eEpP", p[-1]))
                    p++;
                else if (ident_char((unsigned char)*p) || *p == '.')
                    p++;
                else
                    break;
            }
            push(out, start, (size_t)(p - start), line, TOK_NUMBER, pragma);
            continue;
        }
        if (c == '"' || c == '\'') {
            p = skip_literal(p, end);
            push(out, start, (size_t)(p - start), line, c == '"' ? TOK_STRING : TOK_CHAR, pragma);
            continue;
        }
        const struct punct *hit = NULL;
        for (size_t i = 0; i < sizeof puncts / sizeof *puncts && !hit; i++) {
            size_t n = strlen(puncts[i].spelling);
            if ((size_t)(end - p) >= n && memcmp(p, puncts[i].spelling, n) == 0)
                hit = &puncts[i];
        }
        if (hit) {
            p += strlen(hit->spelling);
            push(out, hit->token, strlen(hit->token), line, TOK_PUNCT, pragma);
        } else {
            p++;
            push(out, start, 1, line, TOK_PUNCT, pragma);
        }
    }
}

void tok_list_free(struct tok_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The raw source after translation phases 1 and 2, as clang reads it:
 * newlines normalised (CR LF and a lone CR are one newline each), trigraphs
 * replaced (when asked: -std=c17 has them, gnu17 does not) and line splices
 * removed (a backslash, maybe trailing blanks, a newline). line[i] is the
 * physical line of out[i]. */
static size_t phase12(const char *in, size_t len, bool trigraphs, char *out, int *line)
{
    static const char tri_from[] = "=/'()!<>-", tri_to[] = "#\\^[]|{}~";
    size_t n = 0;
    int ln = 1;
    for (size_t i = 0; i < len;) {
        char c = in[i];
        size_t used = 1;
        if (c == '\r') {
            c = '\n';
            used = i + 1 < len && in[i + 1] == '\n' ? 2 : 1;
        } else if (trigraphs && c == '?' && i + 2 < len && in[i + 1] == '?' && in[i + 2] &&
                   strchr(tri_from, in[i + 2])) {
            c = tri_to[strchr(tri_from, in[i + 2]) - tri_from];
            used = 3;
        }
        if (c == '\\') {
            /* A splice? Blanks, then a newline (CR, LF or CR LF). */
            size_t j = i + used;
            while (j < len && (in[j] == ' ' || in[j] == '\t' || in[j] == '\f' || in[j] == '\v'))
                j++;
            if (j < len && (in[j] == '\n' || in[j] == '\r')) {
                j += in[j] == '\r' && j + 1 < len && in[j + 1] == '\n' ? 2 : 1;
                ln++;
                i = j;
                continue;
            }
        }
        out[n] = c;
        line[n++] = ln;
        if (c == '\n')
            ln++;
        i += used;
    }
    return n;
}

/* Skip blanks and comments from i (a block comment may span lines: the
 * standard would not start a directive after one, clang does, and a false
 * alarm here costs nothing); stops at a newline. */
static size_t skip_blank(const char *s, size_t n, size_t i)
{
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\v'))
            i++;
        if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
            const char *close = NULL;
            for (size_t j = i + 2; j + 1 < n && !close; j++)
                if (s[j] == '*' && s[j + 1] == '/')
                    close = s + j;
            i = close ? (size_t)(close - s) + 2 : n;
            continue;
        }
        return i;
    }
}

/* The directive word after `#` at i, if it is `word`. */
static bool directive_is(const char *s, size_t n, size_t i, const char *word)
{
    size_t len = strlen(word);
    return i + len <= n && memcmp(s + i, word, len) == 0 &&
           (i + len == n || !ident_char((unsigned char)s[i + len]));
}

/* Every directive of the phase-2 text: `#line` and line markers into
 * *lines, `#define` and `#undef` into *defs (each with its name). */
static void scan_directives(const char *s, size_t n, const int *line, struct raw_directives *d,
                            size_t *cap_lines, size_t *cap_defs)
{
    size_t i = 0;
    while (i < n) {
        i = skip_blank(s, n, i);
        if (i < n && (s[i] == '#' || (s[i] == '%' && i + 1 < n && s[i + 1] == ':'))) {
            size_t at = i;
            i = skip_blank(s, n, i + (s[i] == '#' ? 1 : 2));
            if (directive_is(s, n, i, "line") || (i < n && is_digit((unsigned char)s[i]))) {
                d->lines = grow_array(d->lines, cap_lines, d->nlines + 1, sizeof *d->lines);
                d->lines[d->nlines++] = line[at];
            } else if (directive_is(s, n, i, "define") || directive_is(s, n, i, "undef")) {
                bool undef = s[i] == 'u';
                i = skip_blank(s, n, i + (undef ? 5 : 6));
                size_t name = i;
                while (i < n && ident_char((unsigned char)s[i]))
                    i++;
                if (i > name) {
                    d->defs = grow_array(d->defs, cap_defs, d->ndefs + 1, sizeof *d->defs);
                    d->defs[d->ndefs++] =
                        (struct raw_define){line[at], xstrndup(s + name, i - name), undef};
                }
            }
        }
        while (i < n && s[i] != '\n')
            i++;
        i++;
    }
}

static int int_compare(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

void raw_directives_scan(const char *text, size_t len, struct raw_directives *d)
{
    memset(d, 0, sizeof *d);
    size_t cap_lines = 0, cap_defs = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* a UTF-8 byte order mark */
        len -= 3;
    }
    char *buf = xmalloc(len + 1);
    int *line = xmalloc((len + 1) * sizeof *line);
    /* Both ways: whether trigraphs apply depends on the -std the caller
     * gives; a directive either way is refused. */
    for (int tri = 0; tri < 2; tri++) {
        size_t n = phase12(text, len, tri, buf, line);
        scan_directives(buf, n, line, d, &cap_lines, &cap_defs);
    }
    free(line);
    free(buf);
    if (d->nlines)
        qsort(d->lines, d->nlines, sizeof *d->lines, int_compare);
    size_t k = 0;
    for (size_t i = 0; i < d->nlines; i++)
        if (k == 0 || d->lines[k - 1] != d->lines[i])
            d->lines[k++] = d->lines[i];
    d->nlines = k;
}

void raw_directives_free(struct raw_directives *d)
{
    for (size_t i = 0; i < d->ndefs; i++)
        free(d->defs[i].name);
    free(d->defs);
    free(d->lines);
    memset(d, 0, sizeof *d);
}
