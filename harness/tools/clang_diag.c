/* clang_diag.c: see clang_diag.h. */
#define _GNU_SOURCE
#include "clang_diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- each tool's vocabulary ---------------------------------------------- */

struct phrase_kind {
    const char *phrase; /* a substring of the message (tsa, analyzer) or the tag (tidy) */
    enum finding_kind kind;
};

static enum finding_kind lookup(const struct phrase_kind *table, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(text, table[i].phrase))
            return table[i].kind;
    return FK_OTHER;
}

/* "calling function 'f' requires holding ..." and "cannot call function 'f'
 * while ... is held": what the callee does decides the kind. */
static enum finding_kind tsa_call_kind(const char *message, bool requires)
{
    const char *name = strchr(message, '\'');
    const char *end = name ? strchr(name + 1, '\'') : NULL;
    char *callee = end ? xstrndup(name + 1, (size_t)(end - name - 1)) : xstrdup("");
    enum finding_kind kind;
    if (requires)
        kind = strstr(callee, "cond_wait") || strstr(callee, "cond_timedwait") ? FK_CONDVAR_MISUSE
                                                                               : FK_DATA_RACE;
    else
        kind = strstr(callee, "destroy") ? FK_DESTROY_LOCKED : FK_DOUBLE_LOCK;
    free(callee);
    return kind;
}

static enum finding_kind tsa_kind(const char *message)
{
    if (str_starts_with(message, "calling function ") && strstr(message, " requires holding "))
        return tsa_call_kind(message, true);
    if (str_starts_with(message, "cannot call function "))
        return tsa_call_kind(message, false);
    static const struct phrase_kind table[] = {
        {" requires holding ", FK_DATA_RACE}, /* reading/writing variable, dereferencing */
        {"that is already held", FK_DOUBLE_LOCK},
        {"that was not held", FK_UNLOCK_UNOWNED},
        {"still held at the end of", FK_LOCK_HELD_AT_EXIT},
        {"not held on every path", FK_LOCK_HELD_AT_EXIT},
        {"must be acquired before", FK_LOCK_ORDER},
        {"using shared access, expected exclusive", FK_RWLOCK_MISUSE},
        {"using exclusive access, expected shared", FK_RWLOCK_MISUSE},
    };
    return lookup(table, sizeof table / sizeof *table, message);
}

static enum finding_kind analyzer_kind(const char *tag, const char *message)
{
    /* LLVM 18 moved it out of alpha. */
    if (strcmp(tag, "alpha.unix.BlockInCriticalSection") == 0 ||
        strcmp(tag, "unix.BlockInCriticalSection") == 0)
        return FK_BLOCK_UNDER_LOCK;
    if (strcmp(tag, "alpha.unix.PthreadLock") != 0 && strcmp(tag, "alpha.core.C11Lock") != 0)
        return FK_OTHER;
    static const struct phrase_kind table[] = {
        {"already been acquired", FK_DOUBLE_LOCK},   {"already been unlocked", FK_UNLOCK_UNOWNED},
        {"already been destroyed", FK_INVALID_LOCK}, {"already been initialized", FK_INVALID_LOCK},
        {"still being held", FK_INVALID_LOCK}, /* init of a held lock */
        {"still locked", FK_DESTROY_LOCKED},         {"lock order reversal", FK_LOCK_ORDER},
    };
    return lookup(table, sizeof table / sizeof *table, message);
}

static enum finding_kind tidy_kind(const char *tag)
{
    static const struct phrase_kind table[] = {
        {"concurrency-mt-unsafe", FK_MT_UNSAFE_CALL},
        {"concurrency-thread-canceltype-asynchronous", FK_ASYNC_CANCEL},
        {"cert-pos47-c", FK_ASYNC_CANCEL},
        {"bugprone-signal-handler", FK_SIGNAL_UNSAFE},
        {"cert-sig30-c", FK_SIGNAL_UNSAFE},
        {"bugprone-bad-signal-to-kill-thread", FK_BAD_THREAD_SIGNAL},
        {"cert-pos44-c", FK_BAD_THREAD_SIGNAL},
        {"bugprone-spuriously-wake-up-functions", FK_CONDVAR_MISUSE},
        {"cert-con36-c", FK_CONDVAR_MISUSE},
        {"cert-con54-cpp", FK_CONDVAR_MISUSE},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(tag, table[i].phrase) == 0)
            return table[i].kind;
    return FK_OTHER;
}

enum finding_kind clang_diag_kind(enum tool_id tool, const char *tag, const char *message)
{
    switch (tool) {
    case TOOL_TSA:
        /* Only the analysis' own flags; an ordinary compiler warning is "other". */
        return str_starts_with(tag, "-Wthread-safety") ? tsa_kind(message) : FK_OTHER;
    case TOOL_ANALYZER:
        return analyzer_kind(tag, message);
    case TOOL_TIDY:
        return tidy_kind(tag);
    default:
        return FK_OTHER;
    }
}

/* ---- the text format ------------------------------------------------------ */

enum severity { SEV_NONE, SEV_NOTE, SEV_WARNING, SEV_ERROR };

struct diag_line {
    enum severity severity;
    char *file; /* NULL for a diagnostic without a location */
    int line, column;
    char *message; /* without the tag */
    char *tag;     /* "-Wthread-safety-analysis", "alpha.unix.PthreadLock", the first tidy check */
};

static void diag_line_free(struct diag_line *d)
{
    free(d->file);
    free(d->message);
    free(d->tag);
}

/* "123" -> 123; -1 unless s[0..n) is all digits. */
static int parse_number(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Split "file:line:col" or "file:line" (the text before the severity). */
static bool parse_location(const char *s, size_t n, struct diag_line *d)
{
    const char *colon = memrchr(s, ':', n);
    if (!colon)
        return false;
    int last = parse_number(colon + 1, n - (size_t)(colon + 1 - s));
    if (last < 0)
        return false;
    size_t rest = (size_t)(colon - s);
    const char *colon2 = memrchr(s, ':', rest);
    int first = colon2 ? parse_number(colon2 + 1, rest - (size_t)(colon2 + 1 - s)) : -1;
    if (first >= 0) {
        d->line = first;
        d->column = last;
        rest = (size_t)(colon2 - s);
    } else {
        d->line = last;
    }
    if (rest == 0)
        return false;
    d->file = xstrndup(s, rest);
    return true;
}

/* Take the trailing " [tag]" (tidy: " [check,alias]") off the message. */
static void split_tag(struct diag_line *d)
{
    size_t n = strlen(d->message);
    char *open = n && d->message[n - 1] == ']' ? strrchr(d->message, '[') : NULL;
    if (!open || open == d->message || open[-1] != ' ')
        return;
    d->tag = xstrndup(open + 1, strcspn(open + 1, ",]"));
    char *end = open - 1;
    while (end > d->message && end[-1] == ' ')
        end--; /* clang-tidy sometimes puts two spaces before the tag */
    *end = '\0';
}

static bool parse_diag_line(const char *line, size_t len, struct diag_line *d)
{
    static const struct {
        const char *marker;
        enum severity severity;
    } markers[] = {
        {"fatal error: ", SEV_ERROR},
        {"error: ", SEV_ERROR},
        {"warning: ", SEV_WARNING},
        {"note: ", SEV_NOTE},
    };
    memset(d, 0, sizeof *d);
    /* The severity follows ": " after the location, or starts a line that has
     * no location ("error: no input files"). The earliest marker wins. */
    for (size_t at = 0; at < len; at++) {
        if (at > 0 && !(line[at - 1] == ' ' && at >= 2 && line[at - 2] == ':'))
            continue;
        for (size_t m = 0; m < sizeof markers / sizeof *markers; m++) {
            size_t ml = strlen(markers[m].marker);
            if (len - at < ml || strncmp(line + at, markers[m].marker, ml) != 0)
                continue;
            if (at > 0 && !parse_location(line, at - 2, d))
                continue;
            d->severity = markers[m].severity;
            d->message = xstrndup(line + at + ml, len - at - ml);
            split_tag(d);
            return true;
        }
    }
    return false;
}

static void add_location(struct access *a, const struct diag_line *d)
{
    if (d->file)
        access_add_frame(a, NULL, d->file, NULL, d->line, d->column);
}

static bool in_lock_wrappers(const struct access *a)
{
    const char *file = a->nframes ? a->frames[0].file : NULL;
    return file &&
           (strcmp(file, "racelab/guarded.h") == 0 || str_ends_with(file, "/racelab/guarded.h"));
}

/* The analyzer follows calls into racelab/guarded.h and warns at the pthread
 * call inside a wrapper: the user's line is the innermost note outside the
 * wrappers (the call of rl_mutex_lock), as a detector's first user frame. */
static void relocate_wrapper_warning(struct finding *f)
{
    if (!f || f->naccesses < 2 || !in_lock_wrappers(&f->accesses[0]))
        return;
    for (size_t i = f->naccesses - 1; i > 0; i--)
        if (f->accesses[i].nframes && !in_lock_wrappers(&f->accesses[i])) {
            const struct frame *at = &f->accesses[i].frames[0];
            struct access *warning = &f->accesses[0];
            char *what = warning->what;
            warning->what = NULL;
            access_clear(warning);
            warning->what = what;
            warning->thread = -1;
            access_add_frame(warning, at->function, at->file, at->object, at->line, at->column);
            return;
        }
}

int clang_diag_parse(enum tool_id tool, const char *text, struct finding_list *out,
                     char **first_error)
{
    int errors = 0;
    if (first_error)
        *first_error = NULL;
    struct finding *current = NULL; /* the warning later notes belong to */
    struct diag_line warning = {0};
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        struct diag_line d;
        if (parse_diag_line(p, len, &d)) {
            if (d.severity != SEV_NOTE)
                relocate_wrapper_warning(current);
            if (d.severity == SEV_ERROR) {
                if (errors++ == 0 && first_error)
                    *first_error = d.file ? xasprintf("%s:%d: %s", d.file, d.line, d.message)
                                          : xstrdup(d.message);
                current = NULL;
            } else if (d.severity == SEV_WARNING) {
                current = finding_list_add(out);
                current->kind = clang_diag_kind(tool, d.tag ? d.tag : "", d.message);
                current->tool_kind = xstrdup(d.tag ? d.tag : "warning");
                current->message = xstrdup(d.message);
                struct access *a = finding_add_access(current);
                a->what = xstrdup(d.message);
                add_location(a, &d);
                diag_line_free(&warning);
                warning = d;
                memset(&d, 0, sizeof d);
            } else if (current && !(d.line == warning.line && d.column == warning.column &&
                                    strcmp(d.message, warning.message) == 0)) {
                struct access *a = finding_add_access(current);
                a->what = xstrdup(d.message);
                add_location(a, &d);
            }
            diag_line_free(&d);
        }
        p = nl ? nl + 1 : NULL;
    }
    relocate_wrapper_warning(current);
    diag_line_free(&warning);
    return errors;
}
