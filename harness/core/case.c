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
#include "header.h"
#include "toolchain.h"
#include "util.h"

const char *const case_families[] = {"threads", "async",   "parallel", "atomics",
                                     "locking", "library", NULL};

const char *const wrong_fix_kind_names[WRONG__COUNT] = {
    [WRONG_VOLATILE] = "volatile", [WRONG_LOCK_WRITE_ONLY] = "lock-write-only",
    [WRONG_SLEEP] = "sleep",       [WRONG_LOCK_PER_THREAD] = "lock-per-thread",
    [WRONG_RELAXED] = "relaxed",
};

const char *variant_name(enum variant v)
{
    return v == VARIANT_SAFE ? "safe" : "unsafe";
}

const char *variant_dir(enum variant v)
{
    return v == VARIANT_SAFE ? "safe" : "cases";
}

/* ---- the racelab-case header -------------------------------------------- */

enum key {
    K_TITLE,
    K_BUG,
    K_DISCIPLINE,
    K_FIX,
    K_RUST,
    K_ORACLE,
    K_THREADS,
    K_ARGS,
    K_TIMEOUT,
    K_BUILD,
    K_HINT,
    K_OVERLAP,
    K_ALLOW,
    K_PARAM,
    K_TASK,
    K_WRONG_FIX,
    K_TOOLCHAIN,
    K_TOOL, /* K_TOOL + t: tool t's expectation, keyed by its name (tool.h) */
    K__COUNT = K_TOOL + TOOL__COUNT
};

static const char *const key_names[K__COUNT] = {"title",
                                                "bug",
                                                "discipline",
                                                "fix",
                                                "rust",
                                                "oracle",
                                                "threads",
                                                "args",
                                                "timeout",
                                                "build",
                                                "hint",
                                                "overlap",
                                                "allow",
                                                "param",
                                                "task",
                                                "wrong-fix",
                                                "toolchain",
#define TOOL_KEY(id, name) #name,
                                                RACELAB_TOOLS(TOOL_KEY)
#undef TOOL_KEY
};
_Static_assert(K__COUNT <= HEADER_MAX_KEYS, "header.h: room for every key");

static const struct header_spec case_header = {
    .marker = "/* racelab-case",
    .keys = key_names,
    .nkeys = K__COUNT,
    .repeatable =
        1u << K_ORACLE | 1u << K_HINT | 1u << K_PARAM | 1u << K_WRONG_FIX | 1u << K_TOOLCHAIN,
};

/* `toolchain: NAME TOOL: EXPECTATION: WHY` (struct toolchain_expectation).
 * EXPECTATION is a tool line's value; `clean: REASON` and `n/a: REASON`
 * carry their reason, which is WHY; a list of kinds is followed by WHY. */
static int parse_toolchain_line(struct header_parser *hp, int line, char *value)
{
    struct program *p = hp->ctx;
    static const char usage[] = "expected 'toolchain: NAME TOOL: EXPECTATION: WHY', e.g. "
                                "'toolchain: clang-19 tsan: data-race, use-after-free: why'";
    char *name = value, *space = strchr(value, ' ');
    if (!space)
        return header_fail(hp, line, usage);
    *space = '\0';
    const struct toolchain *tc = toolchain_find(name);
    if (!tc) {
        char *known = toolchain_names();
        header_fail(hp, line, "unknown toolchain '%s' (known: %s)", name, known);
        free(known);
        return -1;
    }
    char *tool_name_s = str_trim(space + 1), *colon = strchr(tool_name_s, ':');
    if (!colon)
        return header_fail(hp, line, usage);
    *colon = '\0';
    int t = tool_from_name(str_trim(tool_name_s));
    if (t < 0 || tool_header_rule((enum tool_id)t) == HEADER_NONE)
        return header_fail(hp, line, "toolchain %s: '%s' is not a tool a C header names", tc->name,
                           tool_name_s);
    for (size_t i = 0; i < p->ntoolchain_expect; i++)
        if (p->toolchain_expect[i].toolchain == tc && (int)p->toolchain_expect[i].tool == t)
            return header_fail(hp, line, "toolchain %s %s: named twice", tc->name,
                               tool_name((enum tool_id)t));
    char *rest = str_trim(colon + 1), *why = NULL;
    struct toolchain_expectation te = {.toolchain = tc, .tool = (enum tool_id)t};
    if (!str_starts_with(rest, "clean") && !str_starts_with(rest, "n/a")) {
        char *sep = strchr(rest, ':');
        if (!sep || !*str_trim(sep + 1))
            return header_fail(hp, line, "toolchain %s %s: say why it differs: '%s: WHY'", tc->name,
                               tool_name((enum tool_id)t), rest);
        *sep = '\0';
        why = str_trim(sep + 1);
    }
    if (header_parse_expectation(hp, line, rest, &te.ex) < 0) {
        free(te.ex.reason);
        return -1;
    }
    if (!why && !te.ex.reason)
        return header_fail(hp, line, "toolchain %s %s: say why it differs: 'clean: WHY'", tc->name,
                           tool_name((enum tool_id)t));
    if (te.ex.mode == EXPECT_KINDS && p->variant == VARIANT_SAFE) {
        free(te.ex.reason);
        return header_fail(hp, line,
                           "a safe twin must be 'clean' under every toolchain, or 'n/a: REASON'");
    }
    te.why = xstrdup(why ? why : te.ex.reason);
    p->toolchain_expect =
        xrealloc(p->toolchain_expect, (p->ntoolchain_expect + 1) * sizeof *p->toolchain_expect);
    p->toolchain_expect[p->ntoolchain_expect++] = te;
    return 0;
}

const struct expectation *program_header_expectation(const struct program *p, enum tool_id t)
{
    for (size_t i = 0; i < p->ntoolchain_expect; i++)
        if (p->toolchain_expect[i].applied && p->toolchain_expect[i].tool == t)
            return &p->toolchain_expect[i].ex;
    return &p->expect[t];
}

/* The lines of the toolchain in use replace the header's own (case.h). */
static void apply_toolchain_lines(struct program *p)
{
    for (size_t i = 0; i < p->ntoolchain_expect; i++) {
        struct toolchain_expectation *te = &p->toolchain_expect[i];
        if (te->toolchain != toolchain_current())
            continue;
        struct expectation own = p->expect[te->tool];
        p->expect[te->tool] = te->ex;
        te->ex = own;
        te->applied = true;
    }
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
            char *word = header_parse_quoted(s, &s);
            if (!word) {
                for (size_t i = 0; i < n; i++)
                    free(args[i]);
                free(args);
                return header_fail(hp, line, "unterminated quote in args");
            }
            args[n++] = word;
        } else {
            const char *end = s + strcspn(s, " ");
            args[n++] = xstrndup(s, (size_t)(end - s));
            s = end;
        }
    }
    args[n] = NULL;
    struct program *p = hp->ctx;
    p->args = args;
    return 0;
}

static int apply_key(struct header_parser *hp, int key, int line, char *value)
{
    struct program *p = hp->ctx;
    long v;
    if (key >= K_TOOL && key < K__COUNT) {
        enum tool_id t = (enum tool_id)(key - K_TOOL);
        if (tool_header_rule(t) == HEADER_NONE)
            return header_fail(hp, line,
                               "'%s' is not stated in a C program's header (the Rust twin's "
                               "header says what %s does)",
                               tool_name(t), tool_name(t));
        return header_parse_expectation(hp, line, value, &p->expect[t]);
    }
    switch ((enum key)key) {
    case K_TITLE:
        p->title = xstrdup(value);
        return 0;
    case K_BUG:
    case K_DISCIPLINE:
        if (p->about) /* each key once is not enough: both say what the program is */
            return header_fail(hp, line,
                               "a header has 'bug' (cases/) or 'discipline' (safe/), not both");
        p->about = xstrdup(value);
        return 0;
    case K_FIX:
        p->fix = xstrdup(value);
        return 0;
    case K_RUST:
        p->rust = xstrdup(value);
        return 0;
    case K_ORACLE:
        return header_parse_oracle(hp, line, value, &p->oracles, &p->noracles);
    case K_THREADS:
        if (header_parse_int(hp, line, "threads", value, 0, 1024, "a number", &v) < 0)
            return -1;
        p->min_threads = (int)v;
        return 0;
    case K_ARGS:
        return parse_args(hp, line, value);
    case K_TIMEOUT:
        if (header_parse_int(hp, line, "timeout", value, 1, 600, "whole seconds", &v) < 0)
            return -1;
        p->timeout_s = (int)v;
        return 0;
    case K_BUILD: {
        char *save = NULL;
        for (char *f = strtok_r(value, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            if (strcmp(str_trim(f), "openmp") == 0)
                p->openmp = true;
            else
                return header_fail(hp, line, "unknown build feature '%s' (known: openmp)", f);
        }
        return 0;
    }
    case K_HINT:
        p->exercise.hints =
            xrealloc(p->exercise.hints, (p->exercise.nhints + 1) * sizeof *p->exercise.hints);
        p->exercise.hints[p->exercise.nhints++] = xstrdup(value);
        return 0;
    case K_OVERLAP: {
        static const char *const rules[] = {
            [OVERLAP_LIFETIME] = "lifetime", [OVERLAP_WORK] = "work", [OVERLAP_NONE] = "none"};
        for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
            if (strcmp(value, rules[r]) == 0) {
                p->exercise.overlap = (enum overlap_rule)r;
                return 0;
            }
        return header_fail(hp, line, "unknown overlap rule '%s' (known: lifetime, work, none)",
                           value);
    }
    case K_ALLOW: {
        /* The bits of enum optout_allow (allow.h), in its order. */
        static const char *const names[] = {"process", "env",     "clock",
                                            "files",   "signals", "fences"};
        char *save = NULL;
        for (char *f = strtok_r(value, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            size_t k = 0;
            while (k < sizeof names / sizeof *names && strcmp(str_trim(f), names[k]) != 0)
                k++;
            if (k == sizeof names / sizeof *names)
                return header_fail(hp, line,
                                   "unknown capability '%s' (known: process, env, clock, files, "
                                   "signals, fences)",
                                   f);
            p->exercise.allow |= 1u << k;
        }
        return 0;
    }
    case K_PARAM: {
        const char *why;
        if (p->nparams == PARAM_MAX)
            return header_fail(hp, line, "at most %d parameters", PARAM_MAX);
        if (param_parse(value, &p->params[p->nparams], &why) < 0)
            return header_fail(hp, line, "%s", why);
        for (size_t i = 0; i < p->nparams; i++)
            if (strcmp(p->params[i].name, p->params[p->nparams].name) == 0) {
                param_free(&p->params[p->nparams]);
                return header_fail(hp, line, "parameter '%s' declared twice", p->params[i].name);
            }
        p->nparams++;
        return 0;
    }
    case K_TASK:
        p->exercise.task = xstrdup(value);
        return 0;
    case K_WRONG_FIX: {
        /* KIND: MESSAGE */
        size_t klen = strcspn(value, ":");
        int kind = -1;
        for (int k = 0; k < WRONG__COUNT; k++)
            if (strlen(wrong_fix_kind_names[k]) == klen &&
                strncmp(value, wrong_fix_kind_names[k], klen) == 0)
                kind = k;
        const char *message = value[klen] ? str_trim(value + klen + 1) : "";
        if (kind < 0 || !*message)
            return header_fail(hp, line,
                               "expected 'wrong-fix: KIND: what to tell the student', KIND one of "
                               "volatile, lock-write-only, sleep, lock-per-thread, relaxed");
        for (size_t i = 0; i < p->exercise.nwrong_fixes; i++)
            if (p->exercise.wrong_fixes[i].kind == (enum wrong_fix_kind)kind)
                return header_fail(hp, line, "wrong-fix '%s' named twice",
                                   wrong_fix_kind_names[kind]);
        p->exercise.wrong_fixes =
            xrealloc(p->exercise.wrong_fixes,
                     (p->exercise.nwrong_fixes + 1) * sizeof *p->exercise.wrong_fixes);
        p->exercise.wrong_fixes[p->exercise.nwrong_fixes++] =
            (struct wrong_fix){(enum wrong_fix_kind)kind, xstrdup(message)};
        return 0;
    }
    case K_TOOLCHAIN:
        return parse_toolchain_line(hp, line, value);
    case K_TOOL: /* handled above */
    case K__COUNT:
        break;
    }
    return header_fail(hp, line, "internal error: unhandled key");
}

static int check_keys(struct header_parser *hp, struct program *prog)
{
    bool unsafe = prog->variant == VARIANT_UNSAFE;
    const char *dir = variant_dir(prog->variant);
    static const enum key required_both[] = {K_TITLE, K_ORACLE, K_THREADS, K_TIMEOUT};
    for (size_t i = 0; i < sizeof required_both / sizeof *required_both; i++)
        if (!hp->key_line[required_both[i]])
            return header_fail(hp, hp->start_line, "missing required key '%s'",
                               key_names[required_both[i]]);
    /* Each tool's own rule (tool_header_rule): the detectors' in both
     * directories; what each static tool sees of the bug is part of the
     * lesson: say it, with the reason when it sees nothing (`clean: REASON`). */
    for (int t = 0; t < TOOL__COUNT; t++) {
        enum tool_header rule = tool_header_rule((enum tool_id)t);
        if (!hp->key_line[K_TOOL + t] && (rule == HEADER_BOTH || (rule == HEADER_CASES && unsafe)))
            return header_fail(hp, hp->start_line, "missing required key '%s'%s",
                               tool_name((enum tool_id)t),
                               rule == HEADER_CASES ? unsafe ? " (a program in cases/)" : "" : "");
    }
    if (unsafe) {
        static const enum key required_unsafe[] = {K_BUG, K_FIX, K_RUST, K_TASK};
        for (size_t i = 0; i < sizeof required_unsafe / sizeof *required_unsafe; i++)
            if (!hp->key_line[required_unsafe[i]])
                return header_fail(hp, hp->start_line,
                                   "missing required key '%s' (a program in %s/)",
                                   key_names[required_unsafe[i]], dir);
        if (hp->key_line[K_DISCIPLINE])
            return header_fail(hp, hp->key_line[K_DISCIPLINE],
                               "'discipline' belongs in safe/; a program in cases/ has 'bug'");
        /* Every buggy program is an exercise (`racelab exercise hint`). */
        if (prog->exercise.nhints < 3)
            return header_fail(hp, hp->key_line[K_HINT] ? hp->key_line[K_HINT] : hp->start_line,
                               "an exercise needs at least 3 hints (a nudge, the concept, nearly "
                               "the solution); it has %zu",
                               prog->exercise.nhints);
    } else {
        if (!hp->key_line[K_DISCIPLINE])
            return header_fail(hp, hp->start_line,
                               "missing required key 'discipline' (a program in safe/)");
        static const enum key exercise_keys[] = {K_HINT, K_OVERLAP, K_ALLOW, K_TASK, K_WRONG_FIX};
        for (size_t i = 0; i < sizeof exercise_keys / sizeof *exercise_keys; i++)
            if (hp->key_line[exercise_keys[i]])
                return header_fail(hp, hp->key_line[exercise_keys[i]],
                                   "'%s' is about the exercise: it belongs in cases/",
                                   key_names[exercise_keys[i]]);
        if (hp->key_line[K_BUG] || hp->key_line[K_FIX])
            return header_fail(
                hp, hp->key_line[K_BUG] ? hp->key_line[K_BUG] : hp->key_line[K_FIX],
                "'bug' and 'fix' belong in cases/; a program in safe/ has 'discipline'");
    }
    /* Oracles may compute from the parameters: check every one now, at the
     * defaults and at both ends of each range. */
    for (size_t i = 0; i < prog->noracles; i++) {
        char *why = NULL;
        if (prog->oracles[i].type == ORACLE_STDOUT &&
            param_check_template(prog->oracles[i].text, prog->params, prog->nparams, &why) < 0) {
            header_fail(hp, hp->key_line[K_ORACLE], "oracle: %s", why);
            free(why);
            return -1;
        }
    }
    /* An optional tool (native) judges only the programs that name it: most
     * bugs are judged by the detectors alone. */
    for (int t = 0; t < TOOL__COUNT; t++)
        if (tool_header_rule((enum tool_id)t) == HEADER_OPTIONAL && !hp->key_line[K_TOOL + t])
            prog->expect[t].mode = EXPECT_NONE;
    /* A safe twin must be warning-free under every static tool: `clean` is
     * the default there (zeroed memory is EXPECT_CLEAN). */
    bool any_finding = false;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!tool_has((enum tool_id)t, TOOL_CAP_C))
            continue;
        const struct expectation *ex = &prog->expect[t];
        if (ex->mode == EXPECT_KINDS && !unsafe)
            return header_fail(hp, ex->line,
                               "a safe twin must be 'clean' under %s, or 'n/a: REASON' if %s "
                               "cannot judge it",
                               tool_name(t), tool_name(t));
        if (ex->mode == EXPECT_CLEAN && ex->reason && !unsafe)
            return header_fail(hp, ex->line,
                               "'clean: REASON' says why a tool cannot see a bug: it belongs in "
                               "cases/; write just 'clean' here");
        any_finding |= ex->mode == EXPECT_KINDS;
    }
    if (unsafe && !any_finding)
        return header_fail(hp, hp->start_line,
                           "no tool is expected to report anything, so nothing would show the "
                           "bug: expect a finding kind (or 'timeout' / 'wrong-result') from at "
                           "least one tool");
    return 0;
}

int program_parse(const char *path, const char *text, enum variant variant, struct program *out,
                  char **err)
{
    memset(out, 0, sizeof *out);
    out->variant = variant;
    out->path = xstrdup(path);
    struct header_parser hp = {.spec = &case_header, .path = path, .apply = apply_key, .ctx = out};
    /* The toolchain's lines apply before the checks, which then hold for
     * every toolchain's expectations in turn (a safe twin's too). */
    if (header_read(&hp, text) < 0 || (apply_toolchain_lines(out), check_keys(&hp, out)) < 0) {
        *err = strbuf_detach(&hp.err);
        program_free(out);
        return -1;
    }
    out->header_end_line = hp.end_line;
    if (!out->args)
        out->args = xcalloc(1, sizeof *out->args);
    /* Until the catalog pairs it with its Rust twin. */
    out->expect[TOOL_RUSTC].mode = EXPECT_NA;
    out->expect[TOOL_RUSTC].reason =
        xasprintf("no Rust twin (rust/%.*s.rs)", (int)strlen(path) - 2, path);
    strbuf_release(&hp.err);
    return 0;
}

void program_free(struct program *p)
{
    for (size_t i = 0; i < p->exercise.nhints; i++)
        free(p->exercise.hints[i]);
    free(p->exercise.hints);
    free(p->exercise.task);
    for (size_t i = 0; i < p->exercise.nwrong_fixes; i++)
        free(p->exercise.wrong_fixes[i].message);
    free(p->exercise.wrong_fixes);
    for (size_t i = 0; i < p->nparams; i++)
        param_free(&p->params[i]);
    free(p->path);
    free(p->title);
    free(p->about);
    free(p->fix);
    free(p->rust);
    free(p->run.binary);
    free(p->run.binary_tsan);
    free(p->run.plan_why);
    for (size_t i = 0; i < p->run.nconfigs; i++) {
        free(p->run.configs[i].label);
        free(p->run.configs[i].plain);
        free(p->run.configs[i].tsan);
        free(p->run.configs[i].env);
    }
    free(p->run.configs);
    for (int t = 0; t < TOOL__COUNT; t++) {
        free(p->expect[t].reason);
        free(p->expect[t].codes);
    }
    for (size_t i = 0; i < p->ntoolchain_expect; i++) {
        free(p->toolchain_expect[i].ex.reason);
        free(p->toolchain_expect[i].why);
    }
    free(p->toolchain_expect);
    if (p->twin) {
        program_free(p->twin);
        free(p->twin);
    }
    for (size_t i = 0; i < p->noracles; i++)
        free(p->oracles[i].text);
    free(p->oracles);
    for (char **a = p->args; a && *a; a++)
        free(*a);
    free(p->args);
    memset(p, 0, sizeof *p);
}
