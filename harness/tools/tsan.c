/* tsan.c: see tsan.h. */
#include "tsan.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "binary_info.h"
#include "util.h"

#define RULE "=================="

static const struct {
    const char *prefix;
    enum finding_kind kind;
} type_table[] = {
    /* "data race on vptr (ctor/dtor vs virtual call)" is still a data race. */
    {"data race", FK_DATA_RACE},
    /* External (library-annotated) races: "race on external object" or a
       header the library registered. */
    {"race on", FK_DATA_RACE},
    {"heap-use-after-free", FK_USE_AFTER_FREE},
    {"lock-order-inversion", FK_LOCK_ORDER},
    {"thread leak", FK_THREAD_LEAK},
    {"unlock of an unlocked mutex", FK_UNLOCK_UNOWNED},
    {"destroy of a locked mutex", FK_DESTROY_LOCKED},
    {"double lock of a mutex", FK_DOUBLE_LOCK},
    {"use of an invalid mutex", FK_INVALID_LOCK},
    {"read lock of a write locked mutex", FK_RWLOCK_MISUSE},
    /* Both "read unlock of a write locked mutex" and "... of a read locked". */
    {"read unlock of a", FK_RWLOCK_MISUSE},
    {"signal-unsafe call inside of a signal", FK_SIGNAL_UNSAFE},
    {"signal handler spoils errno", FK_ERRNO_SPOILED},
};

enum finding_kind tsan_kind_from_type(const char *type)
{
    if (!type)
        return FK_OTHER;
    while (*type == ' ')
        type++;
    for (size_t i = 0; i < sizeof type_table / sizeof type_table[0]; i++) {
        size_t n = strlen(type_table[i].prefix);
        /* Match whole words only, so a future "data racer" is not a race. */
        if (strncmp(type, type_table[i].prefix, n) == 0 &&
            (type[n] == '\0' || type[n] == ' ' || type[n] == '('))
            return type_table[i].kind;
    }
    return FK_OTHER;
}

void tsan_result_free(struct tsan_result *r)
{
    finding_list_free(&r->findings);
    free(r->fatal);
    r->fatal = NULL;
    r->reported_warnings = -1;
    free(r->deadly.signal);
    free(r->deadly.line);
    access_clear(&r->deadly.stack);
    memset(&r->deadly, 0, sizeof r->deadly);
}

/* "<null>" is how the runtime spells "unknown"; "??" is what some
   symbolizers return instead. Both become NULL in a struct frame. */
static const char *known(const char *s)
{
    if (!s || !*s || strcmp(s, "<null>") == 0 || strcmp(s, "??") == 0)
        return NULL;
    return s;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Uniform format: #n|function|file|line|column|module|offset. Split from the
   right because only the function can contain '|' (C++ operator|). */
static void parse_uniform_frame(char *rest, struct access *a)
{
    char *bar[5];
    int found = 0;
    for (char *p = rest + strlen(rest); p > rest && found < 5;)
        if (*--p == '|')
            bar[found++] = p;
    if (found < 5) {
        /* Some other format with bars: keep the text rather than lose the frame. */
        access_add_frame(a, known(rest), NULL, NULL, 0, 0);
        return;
    }
    for (int i = 0; i < 5; i++)
        *bar[i] = '\0';
    const char *file = bar[4] + 1, *line = bar[3] + 1, *col = bar[2] + 1, *module = bar[1] + 1;
    access_add_frame(a, known(rest), known(file), known(module), atoi(line), atoi(col));
    a->frames[a->nframes - 1].offset = strtoull(bar[0] + 1, NULL, 16);
}

/* Strip a trailing "(...)" group from s (already trimmed) in place; returns
   its contents (in s's storage), or NULL when s does not end with a balanced
   group. */
static char *cut_trailing_group(char *s)
{
    size_t n = strlen(s);
    if (n == 0 || s[n - 1] != ')')
        return NULL;
    int depth = 0;
    for (size_t i = n; i-- > 0;) {
        if (s[i] == ')')
            depth++;
        else if (s[i] == '(' && --depth == 0) {
            s[n - 1] = '\0';
            s[i] = '\0';
            return s + i + 1;
        }
    }
    return NULL;
}

/* Default formats: clang "fn /abs/f.c:7:16 (bin+0x1) (BuildId: ab)", gcc
   "fn f.c:6 (bin+0x1)", interceptors "fn <null> (bin+0x1)". The function may
   contain spaces and parentheses (C++ signatures), so peel the module and
   BuildId groups off the right, then take the last word as the location. */
static void parse_default_frame(char *rest, struct access *a)
{
    char *module = NULL;
    unsigned long long offset = 0;
    for (;;) {
        size_t before = strlen(str_trim(rest));
        char *group = cut_trailing_group(rest);
        if (!group)
            break;
        if (str_starts_with(group, "BuildId:"))
            continue;
        char *plus = strrchr(group, '+');
        if (plus && str_starts_with(plus, "+0x")) {
            *plus = '\0';
            module = group;
            offset = strtoull(plus + 1, NULL, 16);
        } else if (strcmp(group, "<unknown module>") != 0) {
            /* Not ours (part of a C++ signature): put the parentheses back. */
            rest[strlen(rest)] = '(';
            rest[before - 1] = ')';
        }
        break;
    }
    str_trim(rest);
    /* ASan-style "%p in %f" prefix, in case someone asked for that format. */
    if (str_starts_with(rest, "0x")) {
        char *sp = strchr(rest, ' ');
        rest = sp ? sp + 1 : rest + strlen(rest);
        if (str_starts_with(rest, "in "))
            rest += 3;
    }
    char *loc = strrchr(rest, ' ');
    if (!loc) {
        access_add_frame(a, known(rest), NULL, module, 0, 0);
        a->frames[a->nframes - 1].offset = offset;
        return;
    }
    *loc++ = '\0';
    str_trim(rest);
    int nums[2] = {0, 0}, nnums = 0;
    for (char *colon; nnums < 2 && (colon = strrchr(loc, ':')) && all_digits(colon + 1);) {
        nums[nnums++] = atoi(colon + 1);
        *colon = '\0';
    }
    int line = nnums == 2 ? nums[1] : nums[0];
    int col = nnums == 2 ? nums[0] : 0;
    access_add_frame(a, known(rest), known(loc), module, line, col);
    a->frames[a->nframes - 1].offset = offset;
}

/* "#<n>|" or "#<n> " starts a frame in every format racelab understands. */
static bool is_frame(const char *s)
{
    if (s[0] != '#' || !isdigit((unsigned char)s[1]))
        return false;
    for (s++; isdigit((unsigned char)*s);)
        s++;
    return *s == '|' || *s == ' ';
}

static void parse_frame(const char *s, struct access *a)
{
    s += strspn(s + 1, "0123456789") + 1;
    char *rest = xstrdup(s + 1);
    if (*s == '|')
        parse_uniform_frame(rest, a);
    else
        parse_default_frame(rest, a);
    free(rest);
}

/* The thread a section is about: the first of "main thread" or "thread T<n>"
   its headline names ("Write ... by thread T2", "Thread T1 (...) created by
   main thread", "... in main thread"). */
static int headline_thread(const char *h)
{
    const char *m = strstr(h, "main thread");
    const char *t = NULL;
    for (const char *p = h; (p = strstr(p, "hread T")) != NULL; p++)
        if (p > h && (p[-1] == 't' || p[-1] == 'T') && isdigit((unsigned char)p[7])) {
            t = p;
            break;
        }
    if (t && (!m || t - 1 < m))
        return (int)strtol(t + 7, NULL, 10);
    return m ? 0 : -1;
}

/* Lines by which the runtime (or Archer) says it is dying or could not start. */
static bool is_fatal_line(const char *s)
{
    if (str_starts_with(s, "FATAL:") || strstr(s, "unexpected memory mapping"))
        return true;
    if (strstr(s, "Sanitizer") && !str_starts_with(s, "SUMMARY:") &&
        (strstr(s, "CHECK failed") || strstr(s, "DEADLYSIGNAL") || strstr(s, "ERROR:") ||
         strstr(s, "nested bug") || strstr(s, "failed to")))
        return true;
    /* Archer's own failures. */
    return (strstr(s, "DataPool") && strstr(s, "missing")) ||
           str_starts_with(s, "Illegal values for ARCHER_OPTIONS");
}

struct parser {
    struct tsan_result *out;
    struct finding_list block; /* the open report (0 or 1 item), moved to out when closed */
    char *type;                /* its WARNING type text */
    size_t block_line;         /* line of its WARNING, 0 when no report is open */
    char *headline;            /* headline of the current section, NULL if none */
    bool in_stack;             /* frames go to the last access of the open report */
    bool after_rule;           /* previous line was a rule outside a report */
    bool in_deadly;            /* frames go to the deadly signal's stack */
    char *err;
};

static void end_section(struct parser *ps)
{
    free(ps->headline);
    ps->headline = NULL;
    ps->in_stack = false;
}

static void close_block(struct parser *ps, bool keep)
{
    if (keep && ps->block.len)
        finding_list_append_copy(&ps->out->findings, &ps->block.items[0]);
    finding_list_free(&ps->block);
    end_section(ps);
    free(ps->type);
    ps->type = NULL;
    ps->block_line = 0;
}

static void open_block(struct parser *ps, const char *warning, size_t lineno)
{
    char *type = xstrdup(warning);
    /* Drop " (pid=N)": it changes every run and is not part of the type. */
    char *pid = strstr(type, " (pid=");
    if (pid)
        *pid = '\0';
    str_trim(type);
    struct finding *f = finding_list_add(&ps->block);
    f->kind = tsan_kind_from_type(type);
    f->tool_kind = xstrdup(type);
    f->message = xstrdup(type);
    ps->type = type;
    ps->block_line = lineno;
}

static void block_line(struct parser *ps, char *line)
{
    if (line[0] == '\0') {
        end_section(ps);
        return;
    }
    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    struct finding *f = &ps->block.items[0];
    if (s != line && is_frame(s)) {
        if (!ps->in_stack) {
            struct access *a = finding_add_access(f);
            /* Mutex misuse reports print their main stack right under the
               WARNING line, without a headline: name it after the report. */
            a->what = xstrdup(ps->headline ? ps->headline : ps->type);
            a->thread = ps->headline ? headline_thread(ps->headline) : -1;
            ps->in_stack = true;
        }
        parse_frame(s, &f->accesses[f->naccesses - 1]);
        return;
    }
    /* Exactly two spaces: a section headline. Deeper lines ("    Hint: ...")
       and unindented ones (SUMMARY, the program's own output) carry nothing. */
    if (line[0] == ' ' && line[1] == ' ' && line[2] != ' ') {
        end_section(ps);
        ps->headline = xstrdup(line + 2);
        size_t n = strlen(ps->headline);
        if (n > 0 && ps->headline[n - 1] == ':')
            ps->headline[n - 1] = '\0';
        str_trim(ps->headline);
        /* A global's location has no stack to become an access: keep its words
         * (the variable's name) on the finding. */
        if (!f->location && str_starts_with(ps->headline, "Location is "))
            f->location = xstrdup(ps->headline);
    }
}

/* "ERROR: ThreadSanitizer: SEGV on unknown address ...": the deadly signal
 * section the runtime's handler prints (sanitizer_common's
 * ReportDeadlySignal); opens its stack. */
static bool deadly_line(struct parser *ps, const char *s)
{
    static const char error[] = "ERROR: ThreadSanitizer: ";
    if (!str_starts_with(s, error) || ps->out->deadly.signal)
        return false;
    const char *sig = s + strlen(error);
    size_t n = strspn(sig, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (n == 0 || !str_starts_with(sig + n, " on "))
        return false;
    struct tsan_deadly *d = &ps->out->deadly;
    d->signal = xstrndup(sig, n);
    d->line = xstrdup(s);
    d->stack.what = xstrdup(s);
    d->stack.thread = -1;
    ps->in_deadly = true;
    return true;
}

static void set_fatal(struct parser *ps, const char *s)
{
    /* The SEGV line after "ThreadSanitizer:DEADLYSIGNAL" says more. */
    if (ps->out->fatal && !(strstr(ps->out->fatal, "DEADLYSIGNAL") && strstr(s, "ERROR:")))
        return;
    free(ps->out->fatal);
    ps->out->fatal = xstrdup(s);
}

/* Returns false (with ps->err set) when the text cannot be a real report. */
static bool parse_line(struct parser *ps, char *line, size_t lineno)
{
    static const char warning[] = "WARNING: ThreadSanitizer: ";
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';

    bool rule = strcmp(line, RULE) == 0;
    bool opens = str_starts_with(line, warning);
    bool after_rule = ps->after_rule;
    ps->after_rule = rule && !ps->block_line;

    if (ps->block_line) {
        if (rule) {
            close_block(ps, true);
            return true;
        }
        if (opens) {
            ps->err = xasprintf("line %zu: a new report starts inside the report opened at line "
                                "%zu (%s), which has no closing " RULE,
                                lineno, ps->block_line, ps->type);
            return false;
        }
    } else if (opens && after_rule) {
        open_block(ps, line + strlen(warning), lineno);
        return true;
    }

    /* Whatever precedes "==PID==" is noise for the checks below. */
    const char *s = line;
    while (*s == ' ')
        s++;
    if (s[0] == '=' && s[1] == '=' && isdigit((unsigned char)s[2])) {
        const char *end = strstr(s + 2, "==");
        if (end)
            s = end + 2;
    }
    static const char reported[] = "ThreadSanitizer: reported ";
    if (str_starts_with(s, reported) && isdigit((unsigned char)s[strlen(reported)])) {
        long nwarn = strtol(s + strlen(reported), NULL, 10);
        int sofar = ps->out->reported_warnings < 0 ? 0 : ps->out->reported_warnings;
        /* Summed over processes; a count no run could make saturates (it then
         * matches no number of parsed warnings, which is the point). */
        ps->out->reported_warnings = nwarn > INT_MAX - sofar ? INT_MAX : sofar + (int)nwarn;
        return true;
    }
    if (ps->in_deadly && !ps->block_line) {
        const char *f = line + strspn(line, " \t");
        if (f != line && is_frame(f)) {
            parse_frame(f, &ps->out->deadly.stack);
            return true;
        }
        ps->in_deadly = s[0] != '\0' && s != line; /* "==PID==The signal is caused by..." */
    }
    if (!ps->block_line && deadly_line(ps, s))
        return true;
    if (*s != '#' && is_fatal_line(s))
        set_fatal(ps, s);
    if (ps->block_line)
        block_line(ps, line);
    return true;
}

int tsan_report_parse(const char *text, size_t len, struct tsan_result *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->reported_warnings = -1;
    if (err)
        *err = NULL;

    struct parser ps = {.out = out};
    size_t lineno = 0, pos = 0;
    bool ok = true;
    while (ok && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *line = xstrndup(text + pos, end - pos);
        ok = parse_line(&ps, line, ++lineno);
        free(line);
        pos = end + 1;
    }
    if (ok && ps.block_line && !out->fatal) {
        ps.err = xasprintf("line %zu: the report opened at line %zu (%s) is cut off: the text "
                           "ends before its closing " RULE,
                           lineno, ps.block_line, ps.type);
        ok = false;
    }
    /* The bare DEADLYSIGNAL line (stderr) only announced the deadly section. */
    if (out->deadly.signal && out->fatal && strstr(out->fatal, "DEADLYSIGNAL")) {
        free(out->fatal);
        out->fatal = NULL;
    }
    /* A report the dying tool could not finish still names what it saw. */
    close_block(&ps, ok);
    if (ok)
        return 0;
    if (err)
        *err = ps.err;
    else
        free(ps.err);
    return -1;
}

/* The pc (in `binary`'s terms) of the first frame of `a` in `binary` that
 * satisfies test(binary, pc), or 0. */
static uint64_t frame_in_binary(const struct access *a, const char *binary,
                                bool (*test)(const char *path, uint64_t addr))
{
    for (size_t k = 0; k < a->nframes; k++) {
        const struct frame *fr = &a->frames[k];
        if (fr->offset && fr->object && strcmp(path_base(fr->object), path_base(binary)) == 0 &&
            test(binary, fr->offset))
            return fr->offset;
    }
    return 0;
}

bool tsan_blind_to_fence(const struct finding *f, const char *binary)
{
    if (f->kind != FK_DATA_RACE || f->naccesses < 2 || !binary)
        return false;
    /* The current access after an acquire fence, the previous one before a
     * release, through one atomic object as far as the code tells. */
    uint64_t reader = frame_in_binary(&f->accesses[0], binary, binary_acquire_fence_before);
    uint64_t writer = reader ? frame_in_binary(&f->accesses[1], binary, binary_release_after) : 0;
    return writer && binary_fence_objects_meet(binary, reader, writer);
}

static bool allocator(const char *fn)
{
    static const char *const names[] = {"malloc",         "calloc",   "realloc", "aligned_alloc",
                                        "posix_memalign", "memalign", "valloc",  "pvalloc"};
    for (size_t i = 0; fn && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(fn, names[i]) == 0 || (str_starts_with(fn, "__interceptor_") &&
                                          strcmp(fn + strlen("__interceptor_"), names[i]) == 0))
            return true;
    return false;
}

bool tsan_blind_to_runtime_storage(const struct finding *f, const char *binary)
{
    if (f->kind != FK_DATA_RACE || !binary)
        return false;
    for (size_t a = 0; a < f->naccesses; a++) {
        const struct access *acc = &f->accesses[a];
        if (!acc->what || !str_starts_with(acc->what, "Location is heap block"))
            continue;
        size_t k = 0;
        while (k < acc->nframes && allocator(acc->frames[k].function))
            k++;
        const char *obj = k < acc->nframes ? path_base(acc->frames[k].object) : "";
        if (k == 0 || (!str_starts_with(obj, "libomp") && !str_starts_with(obj, "libgomp")))
            return false;
        static const char *const omp_allocators[] = {"omp_alloc", "omp_calloc", "omp_realloc",
                                                     "omp_aligned_alloc", NULL};
        return !binary_mentions_any(binary, omp_allocators);
    }
    return false;
}
