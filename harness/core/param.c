/* param.c: see param.h. The expression language is deliberately tiny: an
 * oracle is a line of output, and the arithmetic that gives it from the
 * sizes (2 * iters, n * (n + 1) / 2) is all a case needs. Overflow is an
 * error, not a wrap: a wrong expected value would fail a right program. */
#define _GNU_SOURCE
#include "param.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

static bool parse_long(const char **s, long *v)
{
    char *end;
    errno = 0;
    long x = strtol(*s, &end, 10);
    if (errno || end == *s)
        return false;
    *v = x;
    *s = end;
    return true;
}

static const char *const run_words[PARAM__RUNS] = {
    [PARAM_NATIVE] = "native",
    [PARAM_VALGRIND] = "valgrind",
};

static bool parse_range(const char **s, struct param_range *r)
{
    long lo, hi;
    if (!parse_long(s, &lo) || strncmp(*s, "..", 2) != 0 || (*s += 2, !parse_long(s, &hi)))
        return false;
    *r = (struct param_range){lo, hi, true};
    return true;
}

int param_parse(const char *value, struct param *out, const char **why)
{
    memset(out, 0, sizeof *out);
    const char *s = value, *name = s;
    if (!name_char(*s, true)) {
        *why = "expected 'NAME DEFAULT LO..HI' with a lower-case name, e.g. 'iters 100000 "
               "50000..200000'";
        return -1;
    }
    while (name_char(*s, false))
        s++;
    size_t nlen = (size_t)(s - name);
    long dflt;
    if (*s != ' ' || (s++, !parse_long(&s, &dflt)) || *s != ' ' ||
        (s++, !parse_range(&s, &out->range[PARAM_MAIN]))) {
        *why = "expected 'NAME DEFAULT LO..HI', e.g. 'iters 100000 50000..200000'";
        return -1;
    }
    while (*s == ' ') {
        s++;
        int k = PARAM_NATIVE;
        while (k < PARAM__RUNS &&
               !(str_starts_with(s, run_words[k]) && s[strlen(run_words[k])] == ' '))
            k++;
        if (k == PARAM__RUNS || out->range[k].set) {
            *why = "expected 'native LO..HI' or 'valgrind LO..HI' (each once) after the range, "
                   "e.g. 'iters 1000 10000..20000 native 100000..200000 valgrind 1000..2000'";
            return -1;
        }
        s += strlen(run_words[k]) + 1;
        if (!parse_range(&s, &out->range[k])) {
            *why = "expected 'LO..HI' after 'native' or 'valgrind', e.g. 'valgrind 1000..2000'";
            return -1;
        }
    }
    if (*s) {
        *why = "expected 'NAME DEFAULT LO..HI', e.g. 'iters 100000 50000..200000'";
        return -1;
    }
    /* The default need not lie in the range: the catalog's reproducible
     * run may be smaller than the sizes that make an exercise's threads
     * work long enough to be watched. */
    for (int k = 0; k < PARAM__RUNS; k++)
        if (out->range[k].set && out->range[k].lo > out->range[k].hi) {
            *why = "LO must not exceed HI";
            return -1;
        }
    out->name = xstrndup(name, nlen);
    out->dflt = dflt;
    return 0;
}

bool param_equal(const struct param *a, const struct param *b)
{
    if (strcmp(a->name, b->name) != 0 || a->dflt != b->dflt)
        return false;
    for (int k = 0; k < PARAM__RUNS; k++)
        if (a->range[k].set != b->range[k].set ||
            (a->range[k].set &&
             (a->range[k].lo != b->range[k].lo || a->range[k].hi != b->range[k].hi)))
            return false;
    return true;
}

void param_free(struct param *p)
{
    free(p->name);
    memset(p, 0, sizeof *p);
}

/* ---- expressions: recursive descent over one {EXPR} -------------------------- */

struct expr {
    const char *s; /* next character */
    const struct param *params;
    size_t n;
    const long *values;
    const char *fail; /* first error, a static string */
    char name[64];    /* the unknown name, for the message */
};

static void skip_space(struct expr *e)
{
    while (*e->s == ' ')
        e->s++;
}

static long fail(struct expr *e, const char *why)
{
    if (!e->fail)
        e->fail = why;
    return 0;
}

static bool mul_ok(long a, long b, long *r)
{
    return !__builtin_mul_overflow(a, b, r);
}

static long parse_sum(struct expr *e);

static long parse_atom(struct expr *e)
{
    skip_space(e);
    if (*e->s == '(') {
        e->s++;
        long v = parse_sum(e);
        skip_space(e);
        if (*e->s != ')')
            return fail(e, "a '(' without its ')'");
        e->s++;
        return v;
    }
    if (*e->s == '-') {
        e->s++;
        long v = parse_atom(e);
        return v == LONG_MIN ? fail(e, "overflow") : -v;
    }
    if (isdigit((unsigned char)*e->s)) {
        long v;
        if (!parse_long(&e->s, &v))
            return fail(e, "a number out of range");
        return v;
    }
    if (name_char(*e->s, true)) {
        const char *start = e->s;
        while (name_char(*e->s, false))
            e->s++;
        size_t len = (size_t)(e->s - start);
        for (size_t i = 0; i < e->n; i++)
            if (strlen(e->params[i].name) == len && strncmp(e->params[i].name, start, len) == 0)
                return e->values ? e->values[i] : e->params[i].dflt;
        snprintf(e->name, sizeof e->name, "%.*s", (int)(len < 60 ? len : 60), start);
        return fail(e, "an unknown parameter");
    }
    return fail(e, "expected a number, a parameter or '('");
}

static long parse_product(struct expr *e)
{
    long v = parse_atom(e);
    for (;;) {
        skip_space(e);
        char op = *e->s;
        if (op != '*' && op != '/' && op != '%')
            return v;
        e->s++;
        long r = parse_atom(e), out;
        if (e->fail)
            return 0;
        if (op == '*') {
            if (!mul_ok(v, r, &out))
                return fail(e, "overflow");
            v = out;
        } else if (r == 0) {
            return fail(e, "a division by zero");
        } else if (v == LONG_MIN && r == -1) {
            return fail(e, "overflow");
        } else {
            v = op == '/' ? v / r : v % r;
        }
    }
}

static long parse_sum(struct expr *e)
{
    long v = parse_product(e);
    for (;;) {
        skip_space(e);
        char op = *e->s;
        if (op != '+' && op != '-')
            return v;
        e->s++;
        long r = parse_product(e), out;
        if (e->fail)
            return 0;
        bool over =
            op == '+' ? __builtin_add_overflow(v, r, &out) : __builtin_sub_overflow(v, r, &out);
        if (over)
            return fail(e, "overflow");
        v = out;
    }
}

char *param_expand(const char *tmpl, const struct param *params, size_t n, const long *values,
                   char **err)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *s = tmpl; *s;) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            strbuf_addch(&sb, *s);
            s += 2;
            continue;
        }
        if (*s == '}') {
            *err = xasprintf("a '}' without its '{' in \"%s\" (write '}}' for a brace)", tmpl);
            strbuf_release(&sb);
            return NULL;
        }
        if (*s != '{') {
            strbuf_addch(&sb, *s++);
            continue;
        }
        struct expr e = {.s = s + 1, .params = params, .n = n, .values = values};
        long v = parse_sum(&e);
        skip_space(&e);
        if (!e.fail && *e.s != '}')
            e.fail = "expected '}' after the expression";
        if (e.fail) {
            *err = *e.name ? xasprintf("%s '%s' in \"%s\"", e.fail, e.name, tmpl)
                           : xasprintf("%s in \"%s\"", e.fail, tmpl);
            strbuf_release(&sb);
            return NULL;
        }
        strbuf_addf(&sb, "%ld", v);
        s = e.s + 1;
    }
    return strbuf_detach(&sb);
}

int param_check_template(const char *tmpl, const struct param *params, size_t n, char **err)
{
    char *text = param_expand(tmpl, params, n, NULL, err);
    if (!text)
        return -1;
    free(text);
    /* The extremes too: an overflow at the top of a range is found now,
     * not in a student's run. */
    long ends[2 * PARAM__RUNS][PARAM_MAX];
    for (size_t i = 0; i < n && i < PARAM_MAX; i++)
        for (int k = 0; k < PARAM__RUNS; k++) {
            const struct param_range *r =
                params[i].range[k].set ? &params[i].range[k] : &params[i].range[PARAM_MAIN];
            ends[2 * k][i] = r->lo;
            ends[2 * k + 1][i] = r->hi;
        }
    for (int k = 0; k < 2 * PARAM__RUNS; k++) {
        text = param_expand(tmpl, params, n, ends[k], err);
        if (!text)
            return -1;
        free(text);
    }
    return 0;
}

void param_choose(const struct param *params, size_t n, enum param_runs runs,
                  unsigned long long *seed, long *values)
{
    for (size_t i = 0; i < n; i++) {
        /* xorshift64*: plenty for choosing sizes, and no shared state. */
        unsigned long long x = *seed ? *seed : 0x9e3779b97f4a7c15ull;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *seed = x;
        unsigned long long draw = x * 0x2545f4914f6cdd1dull;
        const struct param_range *r =
            params[i].range[runs].set ? &params[i].range[runs] : &params[i].range[PARAM_MAIN];
        unsigned long long span = (unsigned long long)(r->hi - r->lo) + 1;
        values[i] = r->lo + (long)(span ? draw % span : draw);
    }
}

char *param_env(const struct param *p, long value)
{
    char *env = xasprintf("RACELAB_PARAM_%s=%ld", p->name, value);
    for (char *c = env + strlen("RACELAB_PARAM_"); *c != '='; c++)
        *c = (char)toupper((unsigned char)*c);
    return env;
}

char *param_describe(const struct param *params, size_t n, const long *values)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s = %ld", i ? ", " : "", params[i].name,
                    values ? values[i] : params[i].dflt);
    return strbuf_detach(&sb);
}
