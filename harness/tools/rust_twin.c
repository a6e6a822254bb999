/* rust_twin.c: the `racelab-rust` header of a Rust twin (see case.h and
 * docs/case-format.md). A twin says what rustc does with the idea of its C
 * program: rejects it with given error codes, or compiles it, in which case
 * it runs like any program, with an oracle and a time limit, and an unsafe
 * twin names the symptom Rust lets through. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "finding.h"
#include "header.h"
#include "util.h"

enum twin_key { T_RUSTC, T_WHY, T_SYMPTOM, T_ORACLE, T_TIMEOUT, T__COUNT };

static const char *const twin_key_names[T__COUNT] = {"rustc", "why", "symptom", "oracle",
                                                     "timeout"};

static const struct header_spec twin_header = {
    .marker = "/* racelab-rust",
    .keys = twin_key_names,
    .nkeys = T__COUNT,
    .repeatable = 1u << T_ORACLE,
};

static bool valid_code(const char *code)
{
    if (strcmp(code, "uncoded") == 0)
        return true;
    if (code[0] != 'E' || strlen(code) != 5)
        return false;
    for (int i = 1; i < 5; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    return true;
}

/* "E0502, E0373" -> "E0373,E0502": the form the verdict compares. */
static int parse_codes(struct header_parser *hp, int line, char *list, struct expectation *ex)
{
    const char *codes[32];
    size_t n = 0;
    char *save = NULL;
    for (char *c = strtok_r(list, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
        if (!valid_code(c))
            return header_fail(hp, line,
                               "'%s' is not a rustc error code (E followed by four digits, or "
                               "'uncoded' for an error that prints none)",
                               c);
        if (n == sizeof codes / sizeof *codes)
            return header_fail(hp, line, "too many error codes");
        codes[n++] = c;
    }
    if (n == 0)
        return header_fail(hp, line, "'rejected' needs the error codes: 'rejected E0373, E0502'");
    ex->codes = str_join_sorted_unique(codes, n, ",");
    ex->mode = EXPECT_REJECTED;
    return 0;
}

static int apply_twin_key(struct header_parser *hp, int key, int line, char *value)
{
    struct program *p = hp->ctx;
    struct expectation *ex = &p->expect[TOOL_RUSTC];
    long v;
    switch ((enum twin_key)key) {
    case T_RUSTC:
        ex->line = line;
        if (strcmp(value, "compiles") == 0) {
            ex->mode = EXPECT_CLEAN;
            return 0;
        }
        if (str_starts_with(value, "rejected"))
            return parse_codes(hp, line, value + 8, ex);
        return header_fail(hp, line, "'rustc' is 'compiles' or 'rejected CODE, ...'");
    case T_WHY:
        p->about = xstrdup(value);
        return 0;
    case T_SYMPTOM:
        if (strcmp(value, "wrong-result") == 0)
            ex->kinds = 1u << FK_WRONG_RESULT;
        else if (strcmp(value, "timeout") == 0)
            ex->kinds = 1u << FK_TIMEOUT;
        else if (strcmp(value, "latent") == 0)
            p->latent = true;
        else if (strcmp(value, "none") != 0)
            return header_fail(hp, line,
                               "'symptom' is 'wrong-result', 'timeout', 'latent' or 'none' (what "
                               "a run of the compiled twin shows)");
        return 0;
    case T_ORACLE:
        return header_parse_oracle(hp, line, value, &p->oracles, &p->noracles);
    case T_TIMEOUT:
        if (header_parse_int(hp, line, "timeout", value, 1, 600, "whole seconds", &v) < 0)
            return -1;
        p->timeout_s = (int)v;
        return 0;
    case T__COUNT:
        break;
    }
    return header_fail(hp, line, "internal error: unhandled key");
}

static int check_twin_keys(struct header_parser *hp, struct program *p)
{
    const int *seen = hp->key_line;
    bool unsafe = p->variant == VARIANT_UNSAFE;
    struct expectation *ex = &p->expect[TOOL_RUSTC];
    if (!seen[T_RUSTC] || !seen[T_WHY])
        return header_fail(hp, hp->start_line, "missing required key '%s'",
                           seen[T_RUSTC] ? "why" : "rustc");
    if (ex->mode == EXPECT_REJECTED) {
        for (int k = T_SYMPTOM; k <= T_TIMEOUT; k++)
            if (seen[k])
                return header_fail(hp, seen[k],
                                   "'%s' describes a run, and a rejected twin never runs",
                                   twin_key_names[k]);
        if (!unsafe)
            return header_fail(hp, seen[T_RUSTC],
                               "a safe twin must compile: it shows the Rust idiom that works");
        return 0;
    }
    if (!seen[T_ORACLE] || !seen[T_TIMEOUT])
        return header_fail(hp, hp->start_line,
                           "a twin that compiles is run: it needs 'oracle' and 'timeout'");
    if (unsafe && !seen[T_SYMPTOM])
        return header_fail(hp, hp->start_line,
                           "an unsafe twin that compiles needs 'symptom': wrong-result, timeout, "
                           "latent or none");
    if (!unsafe && seen[T_SYMPTOM])
        return header_fail(hp, seen[T_SYMPTOM],
                           "a safe twin has no symptom: it must run correctly");
    if (ex->kinds)
        ex->mode = EXPECT_KINDS;
    return 0;
}

int rust_twin_parse(const char *path, const char *text, enum variant variant, struct program *out,
                    char **err)
{
    memset(out, 0, sizeof *out);
    out->variant = variant;
    out->path = xstrdup(path);
    for (int t = 0; t < TOOL__COUNT; t++)
        out->expect[t].mode = t == TOOL_RUSTC ? EXPECT_CLEAN : EXPECT_NONE;
    struct header_parser hp = {
        .spec = &twin_header, .path = path, .apply = apply_twin_key, .ctx = out};
    if (header_read(&hp, text) < 0 || check_twin_keys(&hp, out) < 0) {
        *err = strbuf_detach(&hp.err);
        program_free(out);
        return -1;
    }
    out->header_end_line = hp.end_line;
    out->args = xcalloc(1, sizeof *out->args);
    strbuf_release(&hp.err);
    return 0;
}
