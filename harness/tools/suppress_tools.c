/* suppress_tools.c: racelab's suppression rules as the tools' own
 * suppressions files (see suppress.h).
 *
 * racelab filters every finding itself after the run, so a translation may
 * match less than its rule (racelab takes out the rest) but never more: what
 * a tool suppresses never reaches racelab, and no later step could bring it
 * back. A rule, or the part of one, that a tool cannot match without matching
 * more is left out, with a comment that says why. What each tool can say was
 * checked on real runs (docs/suppressions.md):
 * - TSan (LLVM 14): `race_top:` matches a pattern against frame 0 of each
 *   access's stack, `race:`, `mutex:`, `deadlock:`, `thread:` and `signal:`
 *   against every frame; each pattern against the frame's function, file and
 *   module alike; '*' is a wildcard, '^' and '$' anchor, otherwise a pattern
 *   may match anywhere in the name.
 * - Valgrind 3.19: a suppression matches the frames of the error's first stack
 *   from frame 0, one `fun:` (function), `obj:` (object) or `src:` (source
 *   file's base name, without its directory) line per frame; globs are whole. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "suppress.h"
#include "util.h"

#define K(kind) (1u << (kind))

/* A tool's own kind of report and the racelab kinds its reports get
 * (tsan_kind_from_type, valgrind_kind). */
struct tool_kind {
    const char *name;
    unsigned kinds;
};

/* TSan's suppression types (tsan_suppressions.cpp, conv()). Only "race" has
 * a variant, race_top, that looks at frame 0 alone. */
static const struct tool_kind tsan_kinds[] = {
    {"race", K(FK_DATA_RACE) | K(FK_USE_AFTER_FREE)},
    {"mutex", K(FK_UNLOCK_UNOWNED) | K(FK_DOUBLE_LOCK) | K(FK_DESTROY_LOCKED) | K(FK_INVALID_LOCK) |
                  K(FK_RWLOCK_MISUSE)},
    {"deadlock", K(FK_LOCK_ORDER)},
    {"thread", K(FK_THREAD_LEAK)},
    {"signal", K(FK_SIGNAL_UNSAFE) | K(FK_ERRNO_SPOILED)},
    {NULL, 0},
};

/* The error kinds Helgrind and DRD 3.19 name in suppressions ("Helgrind:Race",
 * "drd:MutexErr"), as --gen-suppressions=all wrote them on real programs
 * (tests/fixtures/suppress/gen-suppressions-3.19.supp; the DRD kinds it has no
 * program for are from drd's own list of names). Misc and MutexErr hold many
 * racelab kinds: valgrind_kind() tells them apart by text, a suppression
 * cannot. */
static const struct tool_kind helgrind_kinds[] = {
    {"Race", K(FK_DATA_RACE)},
    {"LockOrder", K(FK_LOCK_ORDER)},
    {"UnlockUnlocked", K(FK_UNLOCK_UNOWNED)},
    {"UnlockForeign", K(FK_UNLOCK_UNOWNED)},
    {"UnlockBogus", K(FK_INVALID_LOCK)},
    {"PthAPIerror", K(FK_API_ERROR)},
    {"Misc", K(FK_DOUBLE_LOCK) | K(FK_LOCK_HELD_AT_EXIT) | K(FK_DESTROY_LOCKED) |
                 K(FK_CONDVAR_MISUSE) | K(FK_INVALID_LOCK) | K(FK_OTHER)},
    {NULL, 0},
};
static const struct tool_kind drd_kinds[] = {
    {"ConflictingAccess", K(FK_DATA_RACE)},
    {"MutexErr", K(FK_UNLOCK_UNOWNED) | K(FK_DOUBLE_LOCK) | K(FK_DESTROY_LOCKED) |
                     K(FK_LOCK_HELD_AT_EXIT) | K(FK_INVALID_LOCK) | K(FK_CONDVAR_MISUSE) |
                     K(FK_API_ERROR)},
    {"CondErr", K(FK_CONDVAR_MISUSE)},
    {"CondDestrErr", K(FK_CONDVAR_MISUSE)},
    {"CondRaceErr", K(FK_CONDVAR_MISUSE)},
    {"CondWaitErr", K(FK_CONDVAR_MISUSE)},
    {"RwlockErr", K(FK_RWLOCK_MISUSE)},
    {"SemaphoreErr", K(FK_OTHER)},
    {"BarrierErr", K(FK_OTHER)},
    {"HoldtimeErr", K(FK_OTHER)},
    {"GenericErr", K(FK_OTHER)},
    {"InvalidThreadId", K(FK_OTHER)},
    {"UnimpHgClReq", K(FK_OTHER)},
    {"UnimpDrdClReq", K(FK_OTHER)},
    {NULL, 0},
};

static unsigned table_kinds(const struct tool_kind *table)
{
    unsigned kinds = 0;
    for (; table->name; table++)
        kinds |= table->kinds;
    return kinds;
}

static void add_header(struct strbuf *sb, const char *what, const char *tool,
                       const struct suppressions *s)
{
    strbuf_addf(sb,
                "# %s, made by racelab from %s: do not edit.\n"
                "# racelab applies every rule itself after the run; what is below only keeps\n"
                "# %s from reporting what a rule takes out, where it can match no more than\n"
                "# the rule does (docs/suppressions.md).\n",
                what, s->path, tool);
}

static void add_rule_comment(struct strbuf *sb, const struct suppressions *s,
                             const struct suppression_rule *r)
{
    char *text = suppression_rule_text(r);
    strbuf_addf(sb, "\n# %s:%d: %s\n", s->path, r->line, text);
    free(text);
}

/* "use-after-free, lock-order": the kinds in `kinds`, for comments. */
static char *kind_names(unsigned kinds)
{
    struct strbuf sb = STRBUF_INIT;
    for (int k = 0; k < FK__COUNT; k++)
        if (kinds & K(k))
            strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", finding_kind_name(k));
    return strbuf_detach(&sb);
}

/* Why the tool's kind `tk` cannot carry rule r (NULL: it can); malloc'd. */
static char *kind_gap(const char *tool, const struct tool_kind *tk,
                      const struct suppression_rule *r)
{
    unsigned more = tk->kinds & ~r->kinds;
    if (!more)
        return NULL;
    char *names = kind_names(more);
    char *why =
        xasprintf("%s files %s under %s too, which the rule does not name", tool, names, tk->name);
    free(names);
    return why;
}

/* "*" stays a wildcard; "^" anchors a glob that does not start with '*' and
 * "$" one that does not end with it, since TSan matches anywhere otherwise. */
static char *tsan_pattern(const char *prefix, const char *glob)
{
    bool open_start = !*prefix && glob[0] == '*';
    bool open_end = str_ends_with(glob, "*");
    return xasprintf("%s%s%s%s", open_start ? "" : "^", prefix, glob, open_end ? "" : "$");
}

/* The pattern for r's glob, or NULL with *why set. */
static char *tsan_where(const struct suppression_rule *r, const char *root, const char **why)
{
    if (r->function && r->file) {
        *why = "TSan cannot ask for a function and a file in one frame";
        return NULL;
    }
    if (r->function)
        return tsan_pattern("", r->function);
    /* TSan also tries the pattern on the frame's module, the program's own
     * path: a glob open at its end would match a test program built under
     * the directory it names, and so every race in it. */
    if (str_ends_with(r->file, "*")) {
        *why = "TSan would also match the glob against the program's own path";
        return NULL;
    }
    if (r->file[0] == '*' || r->file[0] == '/')
        return tsan_pattern("", r->file);
    if (!root) {
        *why = "TSan sees absolute paths, and no root was given for this relative glob";
        return NULL;
    }
    if (root[strcspn(root, "*^$")]) {
        *why = "the root's path holds a character TSan reads as a wildcard or an anchor";
        return NULL;
    }
    char *prefix = xasprintf("%s/", root);
    char *pattern = tsan_pattern(prefix, r->file);
    free(prefix);
    return pattern;
}

static void tsan_rule(struct strbuf *sb, const struct suppression_rule *r, const char *root)
{
    if (!(r->kinds & table_kinds(tsan_kinds))) {
        strbuf_adds(sb, "#   TSan reports none of these kinds\n");
        return;
    }
    for (const struct tool_kind *tk = tsan_kinds; tk->name; tk++) {
        if (!(r->kinds & tk->kinds))
            continue;
        const char *why = NULL;
        char *gap = kind_gap("TSan", tk, r), *pattern = NULL;
        if (strcmp(tk->name, "race") != 0) /* no race_top-like variant */
            why = "TSan matches these against every frame of a stack, not only the first in "
                  "user source";
        else if (gap)
            why = gap;
        else
            pattern = tsan_where(r, root, &why);
        if (pattern)
            strbuf_addf(sb, "race_top:%s\n", pattern);
        else
            strbuf_addf(sb, "#   %s: not translated: %s\n", tk->name, why);
        free(pattern);
        free(gap);
    }
}

char *suppressions_to_tsan(const struct suppressions *s, const char *root)
{
    struct strbuf sb = STRBUF_INIT;
    add_header(&sb, "ThreadSanitizer suppressions", "TSan", s);
    for (size_t i = 0; i < s->nrules; i++) {
        const struct suppression_rule *r = &s->rules[i];
        if (!(r->tools & K(TOOL_TSAN)))
            continue;
        add_rule_comment(&sb, s, r);
        tsan_rule(&sb, r, root);
    }
    return strbuf_detach(&sb);
}

/* The frame line for r's glob, or NULL with *why set. Valgrind's src: sees a
 * file's base name only: a glob that starts with '*' and holds no '/' matches
 * no path whose base name it does not match, any other would match more. */
static char *valgrind_where(const struct suppression_rule *r, const char **why)
{
    if (r->function && r->file)
        *why = "Valgrind cannot ask for a function and a file in one frame";
    else if (r->function)
        return xasprintf("fun:%s", r->function);
    else if (r->file[0] != '*' || strchr(r->file, '/'))
        *why = "Valgrind's src: matches a file's base name, which would take out files the "
               "glob does not match";
    else if (strchr(r->file, ':'))
        *why = "Valgrind would read the ':' in the glob as the start of a line number";
    else
        return xasprintf("src:%s", r->file);
    return NULL;
}

static void valgrind_rule(struct strbuf *sb, const struct suppressions *s,
                          const struct suppression_rule *r, enum tool_id tool)
{
    const struct tool_kind *table = tool == TOOL_DRD ? drd_kinds : helgrind_kinds;
    const char *label = tool == TOOL_DRD ? "drd" : "Helgrind";
    const char *why = NULL;
    char *frame = valgrind_where(r, &why);
    if (!(r->kinds & table_kinds(table)))
        strbuf_addf(sb, "#   %s reports none of these kinds\n", label);
    else if (!frame)
        strbuf_addf(sb, "#   not translated: %s\n", why);
    for (const struct tool_kind *tk = table; frame && tk->name; tk++) {
        if (!(r->kinds & tk->kinds))
            continue;
        char *gap = kind_gap(label, tk, r);
        if (gap)
            strbuf_addf(sb, "#   %s:%s: not used: %s\n", label, tk->name, gap);
        else
            /* Frame 0 is the user's code (a memory access), or Valgrind's
             * wrapper of the pthread call made there. */
            strbuf_addf(sb,
                        "{\n   racelab %s:%d\n   %s:%s\n   %s\n}\n"
                        "{\n   racelab %s:%d, called through Valgrind's wrapper\n   %s:%s\n"
                        "   obj:*/vgpreload_%s-*.so\n   %s\n}\n",
                        s->path, r->line, label, tk->name, frame, s->path, r->line, label, tk->name,
                        tool_name(tool), frame);
        free(gap);
    }
    free(frame);
}

char *suppressions_to_valgrind(const struct suppressions *s, enum tool_id tool)
{
    struct strbuf sb = STRBUF_INIT;
    const char *label = tool_title(tool);
    char *what = xasprintf("Valgrind suppressions for %s", label);
    add_header(&sb, what, label, s);
    free(what);
    for (size_t i = 0; i < s->nrules; i++) {
        const struct suppression_rule *r = &s->rules[i];
        if (!(r->tools & K(tool)))
            continue;
        add_rule_comment(&sb, s, r);
        valgrind_rule(&sb, s, r, tool);
    }
    return strbuf_detach(&sb);
}
