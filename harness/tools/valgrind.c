/* valgrind.c: see valgrind.h.
 *
 * An expat push parser fed in chunks, so a run that reported thousands of
 * errors never has to fit in memory as one buffer. The handlers keep a stack
 * of open element names and act on an element only at the path where
 * Valgrind puts it: a <stack> inside <announcethread> or <fatal_signal> is
 * not an access, and a <what> inside DRD's <first_observed_at> is not a
 * headline. Elements racelab does not know (preamble, args, errorcounts,
 * suppcounts, suppression, clientmsg, ...) pass through untouched. */
#define _GNU_SOURCE
#include "valgrind.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define MAX_DEPTH 32         /* Valgrind nests 5 deep; deeper elements are not ours */
#define NAME_LEN  32         /* longest element name kept ("other_segment_start" is 19) */
#define TEXT_CAP  (64 << 10) /* character data kept per element (a <rawtext> can be long) */
#define CHUNK     (64 << 10) /* bytes per XML_Parse call */

struct pstate {
    XML_Parser xp;
    const char *name; /* file name for messages */
    struct valgrind_result *out;
    char *err; /* first error; set once, then the parser is stopped */
    int depth; /* open elements; the root is depth 1 */
    char names[MAX_DEPTH][NAME_LEN];
    struct strbuf text; /* character data of the innermost open element */
    bool root_seen, root_closed, have_version, have_tool;

    /* Inside an <error> (f != NULL). f stays valid: nothing else is added to
     * the list until the error ends. Accesses are kept by index because
     * finding_add_access reallocates the array. */
    struct finding *f;
    int tid;                   /* <tid>, -1 if absent */
    int main_thread;           /* first <hthreadid> of <xwhat>, -1 if absent */
    bool has_main;             /* accesses[0] is the error's own stack */
    size_t cur;                /* 1 + index of the access a <stack> is filling; 0 if none */
    char *label;               /* last auxwhat/xauxwhat text, waiting for its <stack> */
    int label_thread;          /* <hthreadid> of that xauxwhat, -1 if absent */
    char *obs_what, *obs_addr; /* DRD <first_observed_at><what>/<address> */

    /* Threads announced so far (<announcethread>: hthreadid and creation
     * stack). An error whose stacks never reach user code (Helgrind's
     * "Exiting thread still holds 1 lock" has only start_thread/clone) is
     * located by the creation of its thread instead. */
    struct access *announced;
    size_t nannounced;
    size_t ann_cur; /* 1 + index of the announcement being read; 0 if none */
    bool in_fatal;  /* inside <fatal_signal><stack> (out->fatal_stack) */

    /* Inside a <frame> of such a stack. */
    char *fn, *obj, *dir, *file;
    int line;
};

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? xstrdup(s) : NULL;
}

/* Record the first error and stop expat; later handler calls are ignored. */
static void fail(struct pstate *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct pstate *p, const char *fmt, ...)
{
    if (p->err)
        return;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s:%lu: ", p->name, (unsigned long)XML_GetCurrentLineNumber(p->xp));
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    p->err = strbuf_detach(&sb);
    XML_StopParser(p->xp, XML_FALSE);
}

/* True when the innermost open elements are exactly `path` (outermost
 * first), e.g. {"xwhat", "text"}. */
static bool top_is(const struct pstate *p, const char *const *path, int n)
{
    if (p->depth < n || p->depth > MAX_DEPTH)
        return false;
    for (int i = 0; i < n; i++)
        if (strcmp(p->names[p->depth - n + i], path[i]) != 0)
            return false;
    return true;
}
#define TOP(p, ...)                                                                                \
    top_is((p), (const char *const[]){__VA_ARGS__},                                                \
           (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* Decimal integer filling the whole (trimmed) text, or `dflt`. */
static int parse_int(const char *s, int dflt)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno || v < -2147483647L || v > 2147483647L)
        return dflt;
    return (int)v;
}

static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return NULL;
}

/* The thread a text names: Helgrind writes "thread #2" / "Thread #1:", DRD
 * "by thread 1". Returns -1 when there is none ("at thread exit" is not one). */
static int thread_from_text(const char *s)
{
    for (const char *q = s; q && (q = find_ci(q, "thread")) != NULL; q += 6) {
        const char *d = q + 6;
        if (*d == ' ')
            d++;
        if (*d == '#')
            d++;
        if (isdigit((unsigned char)*d))
            return atoi(d);
    }
    return -1;
}

static void text_reset(struct pstate *p)
{
    p->text.len = 0;
    if (p->text.buf)
        p->text.buf[0] = '\0';
}

static void clear_frame(struct pstate *p)
{
    set_str(&p->fn, NULL);
    set_str(&p->obj, NULL);
    set_str(&p->dir, NULL);
    set_str(&p->file, NULL);
    p->line = 0;
}

static void clear_error_state(struct pstate *p)
{
    p->f = NULL;
    p->tid = p->main_thread = p->label_thread = -1;
    p->has_main = false;
    p->cur = 0;
    set_str(&p->label, NULL);
    set_str(&p->obs_what, NULL);
    set_str(&p->obs_addr, NULL);
    clear_frame(p);
}

/* A stack inside an error. `wrapper` is the DRD element around it
 * (other_segment_start, ...), or NULL for a stack directly in <error>. */
static void begin_stack(struct pstate *p, const char *wrapper)
{
    struct finding *f = p->f;
    struct access *a = finding_add_access(f);
    p->cur = f->naccesses;
    if (!wrapper && f->naccesses == 1 && !p->label) {
        /* The error's own stack: what and thread are filled in end_error,
         * once every what/xwhat has been seen. */
        p->has_main = true;
    } else if (!wrapper) {
        a->what = p->label ? xstrdup(p->label) : NULL;
        a->thread =
            p->label_thread >= 0 ? p->label_thread : (p->label ? thread_from_text(p->label) : -1);
    } else if (strcmp(wrapper, "first_observed_at") == 0) {
        /* DRD's text log says "mutex 0x10c038 was first observed at:". */
        a->what = p->obs_what && p->obs_addr
                      ? xasprintf("%s %s was first observed at", p->obs_what, p->obs_addr)
                      : xstrdup("first observed at");
    } else if (strcmp(wrapper, "other_segment_start") == 0) {
        /* The XML drops the "(thread N)" of the text log: thread stays -1. */
        a->what = xstrdup("Other segment start");
    } else if (strcmp(wrapper, "other_segment_end") == 0) {
        a->what = xstrdup("Other segment end");
    } else if (strcmp(wrapper, "allocation_context") == 0) {
        a->what = xstrdup("Allocation context");
    } else {
        a->what = xstrdup(wrapper);
    }
    /* An auxwhat labels only the stack that follows it. */
    set_str(&p->label, NULL);
    p->label_thread = -1;
}

/* An error none of whose stacks reaches user code gets its thread's creation
 * stack as one more access, the way TSan reports always carry one. */
static void locate_by_creation(struct pstate *p, struct finding *f)
{
    if (f->naccesses == 0 || f->accesses[0].thread < 0)
        return;
    for (size_t i = 0; i < f->naccesses; i++)
        if (access_user_frame(&f->accesses[i], NULL) >= 0)
            return;
    for (size_t i = 0; i < p->nannounced; i++) {
        const struct access *ann = &p->announced[i];
        if (ann->thread != f->accesses[0].thread || ann->nframes == 0)
            continue; /* the root thread is announced without a stack */
        struct access *a = finding_add_access(f);
        a->what = xstrdup(ann->what ? ann->what : "Thread was created");
        a->thread = ann->thread;
        for (size_t k = 0; k < ann->nframes; k++)
            access_add_frame(a, ann->frames[k].function, ann->frames[k].file, ann->frames[k].object,
                             ann->frames[k].line, ann->frames[k].column);
        return;
    }
}

static void end_error(struct pstate *p)
{
    struct finding *f = p->f;
    if (!f->message)
        f->message = xstrdup("");
    if (!f->tool_kind)
        f->tool_kind = xstrdup("");
    f->kind = valgrind_kind(p->out->tool, f->tool_kind, f->message);
    if (p->has_main) {
        struct access *a = &f->accesses[0];
        a->what = xstrdup(f->message);
        a->thread = p->main_thread;
        if (a->thread < 0)
            a->thread = thread_from_text(f->message);
        if (a->thread < 0)
            a->thread = p->tid;
    }
    locate_by_creation(p, f);
    clear_error_state(p);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct pstate *p = ud;
    (void)attrs;
    if (p->err)
        return;
    if (p->depth == 0) {
        if (strcmp(name, "valgrindoutput") != 0) {
            fail(p, "not Valgrind XML output: the root element is <%s>", name);
            return;
        }
        p->root_seen = true;
    }
    if (p->depth < MAX_DEPTH) {
        /* A name too long to keep is stored as "?", which matches no path. */
        const char *keep = strlen(name) < NAME_LEN ? name : "?";
        memcpy(p->names[p->depth], keep, strlen(keep) + 1);
    }
    p->depth++;
    text_reset(p);

    if (!p->f) {
        if (p->depth == 2 && strcmp(name, "error") == 0) {
            clear_error_state(p);
            p->f = finding_list_add(&p->out->findings);
        } else if (p->depth == 2 && strcmp(name, "announcethread") == 0) {
            p->announced = xrealloc(p->announced, (p->nannounced + 1) * sizeof *p->announced);
            memset(&p->announced[p->nannounced++], 0, sizeof *p->announced);
            p->announced[p->nannounced - 1].thread = -1;
            p->ann_cur = p->nannounced;
        } else if (p->depth == 3 && TOP(p, "valgrindoutput", "fatal_signal", "stack")) {
            p->in_fatal = true;
        } else if ((p->ann_cur || p->in_fatal) && TOP(p, "stack", "frame")) {
            clear_frame(p);
        }
        return;
    }
    if (p->depth == 3 && (strcmp(name, "auxwhat") == 0 || strcmp(name, "xauxwhat") == 0)) {
        set_str(&p->label, NULL);
        p->label_thread = -1;
    } else if (p->depth == 3 && strcmp(name, "stack") == 0) {
        begin_stack(p, NULL);
    } else if (p->depth == 4 && strcmp(name, "stack") == 0) {
        begin_stack(p, p->names[2]);
    } else if (p->cur && TOP(p, "stack", "frame")) {
        clear_frame(p);
    }
}

/* End of an element of a <stack><frame> that fills access `a`. */
static void end_in_frame(struct pstate *p, const char *t, struct access *a)
{
    if (TOP(p, "stack", "frame")) {
        /* <dir> and <file> come apart; users want the path they can open. */
        char *path = p->file && p->dir ? xasprintf("%s/%s", p->dir, p->file) : NULL;
        access_add_frame(a, p->fn, path ? path : p->file, p->obj, p->line, 0);
        free(path);
        clear_frame(p);
    } else if (TOP(p, "stack", "frame", "fn")) {
        set_str(&p->fn, t);
    } else if (TOP(p, "stack", "frame", "obj")) {
        set_str(&p->obj, t);
    } else if (TOP(p, "stack", "frame", "dir")) {
        set_str(&p->dir, t);
    } else if (TOP(p, "stack", "frame", "file")) {
        set_str(&p->file, t);
    } else if (TOP(p, "stack", "frame", "line")) {
        p->line = parse_int(t, 0);
    }
}

/* "Address 0x10c090 is 0 bytes inside data symbol "counter"" (Helgrind),
 * "Location 0x... is 0 bytes inside global var "x"" (with --read-var-info):
 * what the memory is, kept on the finding (the first one said). */
static void note_location(struct finding *f, const char *t)
{
    if (!f->location && (str_starts_with(t, "Address 0x") || str_starts_with(t, "Location 0x")))
        f->location = xstrdup(t);
}

/* End of an element inside an <error>; `t` is its trimmed text. */
static void end_in_error(struct pstate *p, const char *t)
{
    struct finding *f = p->f;
    if (p->depth == 2) {
        end_error(p);
    } else if (p->depth == 3 && TOP(p, "error", "kind")) {
        set_str(&f->tool_kind, t);
    } else if (p->depth == 3 && TOP(p, "error", "tid")) {
        p->tid = parse_int(t, -1);
    } else if (p->depth == 3 && TOP(p, "error", "what")) {
        /* DRD's headline; Helgrind's PthAPIerror adds "with error code 35
         * (EDEADLK: ...)" after its xwhat, which belongs to the same line. */
        if (!f->message) {
            f->message = xstrdup(t);
        } else {
            char *m = xasprintf("%s %s", f->message, t);
            free(f->message);
            f->message = m;
        }
    } else if (p->depth == 3 && TOP(p, "error", "auxwhat")) {
        set_str(&p->label, t);
        note_location(f, t);
    } else if (p->depth == 4 && TOP(p, "error", "xwhat", "text")) {
        set_str(&f->message, t);
    } else if (p->depth == 4 && TOP(p, "error", "xwhat", "hthreadid")) {
        /* UnlockForeign lists the unlocker, then the owner: keep the first. */
        if (p->main_thread < 0)
            p->main_thread = parse_int(t, -1);
    } else if (p->depth == 4 && TOP(p, "error", "xauxwhat", "text")) {
        set_str(&p->label, t);
        note_location(f, t);
    } else if (p->depth == 4 && TOP(p, "error", "xauxwhat", "hthreadid")) {
        if (p->label_thread < 0)
            p->label_thread = parse_int(t, -1);
    } else if (p->depth == 4 && TOP(p, "error", "first_observed_at", "what")) {
        set_str(&p->obs_what, t);
    } else if (p->depth == 4 && TOP(p, "error", "first_observed_at", "address")) {
        set_str(&p->obs_addr, t);
    } else if (p->cur && TOP(p, "stack")) {
        p->cur = 0;
    } else if (p->cur) {
        end_in_frame(p, t, &f->accesses[p->cur - 1]);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct pstate *p = ud;
    (void)name;
    if (p->err)
        return;
    const char *t = p->text.buf ? str_trim(p->text.buf) : "";
    struct valgrind_result *out = p->out;

    if (p->f) {
        end_in_error(p, t);
    } else if (p->ann_cur) {
        struct access *a = &p->announced[p->ann_cur - 1];
        if (p->depth == 2) {
            p->ann_cur = 0;
        } else if (p->depth == 3 && TOP(p, "announcethread", "hthreadid")) {
            a->thread = parse_int(t, -1);
            set_str(&a->what, "Thread was created");
        } else {
            end_in_frame(p, t, a);
        }
    } else if (p->in_fatal) {
        if (p->depth == 3)
            p->in_fatal = false;
        else
            end_in_frame(p, t, &out->fatal_stack);
    } else if (p->depth == 1) {
        p->root_closed = true;
    } else if (p->depth == 2 && TOP(p, "valgrindoutput", "protocolversion")) {
        out->protocol_version = parse_int(t, -1);
        p->have_version = true;
        if (out->protocol_version != 4)
            fail(p, "unsupported Valgrind XML protocol version \"%s\" (racelab reads version 4)",
                 t);
    } else if (p->depth == 2 && TOP(p, "valgrindoutput", "protocoltool")) {
        set_str(&out->tool, t);
        p->have_tool = true;
        if (strcmp(t, "helgrind") != 0 && strcmp(t, "drd") != 0)
            fail(p, "unknown tool \"%s\" (racelab reads helgrind and drd)", t);
    } else if (p->depth == 2 && TOP(p, "valgrindoutput", "pid")) {
        out->pid = parse_int(t, 0);
    } else if (p->depth == 3 && TOP(p, "valgrindoutput", "status", "state")) {
        /* RUNNING at start, FINISHED at the end: the last one counts. */
        out->finished = strcmp(t, "FINISHED") == 0;
    } else if (p->depth == 3 && TOP(p, "valgrindoutput", "fatal_signal", "signo")) {
        out->fatal_signal = parse_int(t, 0);
    } else if (p->depth == 3 && TOP(p, "valgrindoutput", "fatal_signal", "signame")) {
        set_str(&out->fatal_signame, t);
    }
    p->depth--;
    text_reset(p);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct pstate *p = ud;
    if (p->err || len <= 0 || p->text.len >= TEXT_CAP)
        return;
    size_t n = (size_t)len;
    if (n > TEXT_CAP - p->text.len)
        n = TEXT_CAP - p->text.len;
    strbuf_add(&p->text, s, n);
}

static int state_init(struct pstate *p, const char *name, struct valgrind_result *out)
{
    memset(p, 0, sizeof *p);
    memset(out, 0, sizeof *out);
    p->name = name;
    p->out = out;
    p->tid = p->main_thread = p->label_thread = -1;
    p->xp = XML_ParserCreate(NULL);
    if (!p->xp) {
        p->err = xasprintf("%s: cannot create an XML parser", name);
        return -1;
    }
    XML_SetUserData(p->xp, p);
    XML_SetElementHandler(p->xp, on_start, on_end);
    XML_SetCharacterDataHandler(p->xp, on_text);
    return 0;
}

/* Frees the parser and scratch state; on failure also empties *out and hands
 * the message to *err (or drops it). Returns 0 or -1. */
static int state_finish(struct pstate *p, char **err)
{
    if (p->xp)
        XML_ParserFree(p->xp);
    clear_error_state(p);
    for (size_t i = 0; i < p->nannounced; i++)
        access_clear(&p->announced[i]);
    free(p->announced);
    strbuf_release(&p->text);
    if (err)
        *err = NULL;
    if (!p->err)
        return 0;
    /* A file cut short keeps the errors written before the cut: what the
     * tool saw before it died or was killed. */
    if (p->out->truncated) {
        struct finding_list kept = p->out->findings;
        memset(&p->out->findings, 0, sizeof kept);
        valgrind_result_free(p->out);
        p->out->findings = kept;
        p->out->truncated = true;
    } else {
        valgrind_result_free(p->out);
    }
    if (err)
        *err = p->err;
    else
        free(p->err);
    return -1;
}

/* Turn an expat failure into a message. A file that stops before
 * </valgrindoutput> is what a killed Valgrind leaves, so say so. */
static void xml_error(struct pstate *p)
{
    if (p->err)
        return; /* a handler stopped the parser and already said why */
    enum XML_Error code = XML_GetErrorCode(p->xp);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p->xp);
    bool cut = code == XML_ERROR_NO_ELEMENTS || code == XML_ERROR_UNCLOSED_TOKEN ||
               code == XML_ERROR_PARTIAL_CHAR || code == XML_ERROR_UNCLOSED_CDATA_SECTION;
    if (cut && p->root_seen && !p->root_closed) {
        p->out->truncated = true;
        p->err = xasprintf("%s:%lu: truncated Valgrind XML: the file ends inside <%s> without "
                           "</valgrindoutput> (was Valgrind killed?)",
                           p->name, line,
                           p->depth > 0 && p->depth <= MAX_DEPTH ? p->names[p->depth - 1] : "?");
    } else if (code == XML_ERROR_JUNK_AFTER_DOC_ELEMENT && p->root_closed) {
        /* Valgrind's panic path closes the document, then goes on writing
         * the dying thread's stack: a report cut short all the same. */
        p->out->truncated = true;
        p->err = xasprintf("%s:%lu: Valgrind XML goes on after </valgrindoutput> (Valgrind "
                           "stopped abnormally while writing it)",
                           p->name, line);
    } else if (cut && !p->root_seen)
        p->err = xasprintf("%s:%lu: not Valgrind XML output: no XML element found", p->name, line);
    else
        p->err = xasprintf("%s:%lu: not well-formed XML: %s", p->name, line, XML_ErrorString(code));
}

/* Push `len` bytes to expat in CHUNK pieces (XML_Parse takes an int). */
static int feed(struct pstate *p, const char *data, size_t len, bool final)
{
    for (;;) {
        int n = len > CHUNK ? CHUNK : (int)len;
        bool last = final && (size_t)n == len;
        if (XML_Parse(p->xp, data, n, last) == XML_STATUS_ERROR) {
            xml_error(p);
            return -1;
        }
        data += n;
        len -= (size_t)n;
        if (len == 0 && (!final || last))
            return 0;
    }
}

/* After the last byte: the document is complete, check what it declared. */
static void check_complete(struct pstate *p)
{
    if (p->err)
        return;
    if (!p->have_version)
        fail(p, "no <protocolversion> in Valgrind XML output");
    else if (!p->have_tool)
        fail(p, "no <protocoltool> in Valgrind XML output");
}

int valgrind_xml_parse(const char *buf, size_t len, const char *name_for_errors,
                       struct valgrind_result *out, char **err)
{
    struct pstate p;
    const char *name = name_for_errors ? name_for_errors : "<buffer>";
    if (state_init(&p, name, out) == 0) {
        if (len == 0)
            p.err = xasprintf("%s: empty file (Valgrind wrote no XML)", name);
        else if (feed(&p, buf, len, true) == 0)
            check_complete(&p);
    }
    return state_finish(&p, err);
}

int valgrind_xml_parse_file(const char *path, struct valgrind_result *out, char **err)
{
    struct pstate p;
    if (state_init(&p, path, out) != 0)
        return state_finish(&p, err);
    /* The program under test could have replaced the file (a FIFO would block
     * us, a link point anywhere): a regular file only. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -1;
        errno = EINVAL;
    }
    FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!fp && fd >= 0) {
        int err = errno;
        close(fd);
        errno = err;
    }
    if (!fp) {
        p.err = xasprintf("%s: cannot open: %s", path, strerror(errno));
        return state_finish(&p, err);
    }
    char *chunk = xmalloc(CHUNK);
    size_t total = 0;
    for (;;) {
        size_t n = fread(chunk, 1, CHUNK, fp);
        if (n == 0) {
            if (ferror(fp))
                p.err = xasprintf("%s: cannot read: %s", path, strerror(errno));
            break;
        }
        total += n;
        if (feed(&p, chunk, n, false) != 0)
            break;
    }
    if (!p.err && total == 0)
        p.err = xasprintf("%s: empty file (Valgrind wrote no XML)", path);
    if (!p.err && feed(&p, "", 0, true) == 0)
        check_complete(&p);
    free(chunk);
    fclose(fp);
    return state_finish(&p, err);
}

/* One line of text, trimmed, without the "==PID== " prefix. */
static char *line_at(const char *p)
{
    size_t n = strcspn(p, "\n");
    char *line = xstrndup(p, n);
    str_trim(line);
    return line;
}

char *valgrind_failure_in(const char *text)
{
    if (!text)
        return NULL;
    static const char impossible[] = "the 'impossible' happened:";
    const char *p = strstr(text, impossible);
    if (p) {
        /* The reason is on the next line, indented. */
        const char *next = strchr(p, '\n');
        char *reason = next ? line_at(next + 1) : xstrdup("");
        char *line = xasprintf("Valgrind: the 'impossible' happened: %s", reason);
        free(reason);
        return line;
    }
    if ((p = strstr(text, "VALGRIND INTERNAL ERROR:")) != NULL)
        return line_at(p);
    for (const char *l = text; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n')) {
        size_t n = strcspn(l, "\n");
        const char *a = memmem(l, n, ": Assertion '", 13);
        if (a && memmem(a, n - (size_t)(a - l), "' failed.", 9) && l[0] != ' ' && l[0] != '=')
            return line_at(l);
    }
    return NULL;
}

void valgrind_result_free(struct valgrind_result *r)
{
    if (!r)
        return;
    free(r->tool);
    free(r->fatal_signame);
    access_clear(&r->fatal_stack);
    finding_list_free(&r->findings);
    memset(r, 0, sizeof *r);
}

/* Texts are matched as substrings of what the tools print; each was checked
 * against Valgrind 3.19's binaries (`strings`) and recorded runs. */
struct text_rule {
    const char *needle;
    enum finding_kind kind;
};

/* Helgrind "Misc" errors: "Thread #N: <text>". */
static const struct text_rule helgrind_misc[] = {
    {"Attempt to re-lock a non-recursive lock", FK_DOUBLE_LOCK},
    {"Exiting thread still holds", FK_LOCK_HELD_AT_EXIT},
    /* "pthread_mutex_destroy of a locked mutex", also said of rwlocks */
    {"_destroy of a locked", FK_DESTROY_LOCKED},
    /* "pthread_cond_{signal,broadcast}: dubious: ...", "pthread_cond_{timed}wait
     * called with un-held mutex", "condition variable has been destroyed while
     * being waited upon", ... */
    {"pthread_cond_", FK_CONDVAR_MISUSE},
    {"condition variable", FK_CONDVAR_MISUSE},
    /* "pthread_mutex_destroy with invalid argument", "pthread_mutex_lock with a
     * pthread_rwlock_t* argument", "pthread_rwlock_unlock with a pthread_mutex_t*
     * argument" */
    {"with invalid argument", FK_INVALID_LOCK},
    {"_t* argument", FK_INVALID_LOCK},
    {NULL, FK_OTHER}, /* barrier, semaphore, "Bug in libpthread: ..." */
};

/* DRD "MutexErr": "<text>: mutex 0x.., recursion count N, owner T." */
static const struct text_rule drd_mutex[] = {
    /* "Mutex not locked" and "Mutex not locked by calling thread" (also for
     * an unlock of an unlocked mutex, with recursion count 0) */
    {"Mutex not locked", FK_UNLOCK_UNOWNED},
    {"Recursive locking not allowed", FK_DOUBLE_LOCK},
    {"Destroying locked mutex", FK_DESTROY_LOCKED},
    {"Mutex still locked at thread exit", FK_LOCK_HELD_AT_EXIT},
    /* "Not a mutex" is printed as "The object at address 0x.. is not a mutex." */
    {"ot a mutex", FK_INVALID_LOCK},
    /* pthread_cond_wait with a mutex the caller holds more than once */
    {"Mutex locked recursively", FK_CONDVAR_MISUSE},
    /* reinitialization, type mismatch/changed, "The impossible happened" */
    {NULL, FK_API_ERROR},
};

static enum finding_kind by_text(const struct text_rule *rules, const char *what)
{
    for (; rules->needle; rules++)
        if (what && strstr(what, rules->needle))
            return rules->kind;
    return rules->kind;
}

enum finding_kind valgrind_kind(const char *tool, const char *kind, const char *what)
{
    if (!tool || !kind)
        return FK_OTHER;
    if (strcmp(tool, "helgrind") == 0) {
        if (strcmp(kind, "Race") == 0)
            return FK_DATA_RACE;
        if (strcmp(kind, "LockOrder") == 0)
            return FK_LOCK_ORDER;
        if (strcmp(kind, "UnlockUnlocked") == 0 || strcmp(kind, "UnlockForeign") == 0)
            return FK_UNLOCK_UNOWNED;
        if (strcmp(kind, "UnlockBogus") == 0)
            return FK_INVALID_LOCK;
        if (strcmp(kind, "PthAPIerror") == 0)
            return FK_API_ERROR;
        if (strcmp(kind, "Misc") == 0)
            return by_text(helgrind_misc, what);
    } else if (strcmp(tool, "drd") == 0) {
        if (strcmp(kind, "ConflictingAccess") == 0)
            return FK_DATA_RACE;
        if (strcmp(kind, "MutexErr") == 0)
            return by_text(drd_mutex, what);
        if (strcmp(kind, "CondErr") == 0 || strcmp(kind, "CondDestrErr") == 0 ||
            strcmp(kind, "CondRaceErr") == 0 || strcmp(kind, "CondWaitErr") == 0)
            return FK_CONDVAR_MISUSE;
        if (strcmp(kind, "RwlockErr") == 0)
            return FK_RWLOCK_MISUSE;
    }
    return FK_OTHER; /* SemaphoreErr, BarrierErr, HoldtimeErr, GenericErr, ... */
}

bool valgrind_blind_to_once(const struct finding *f)
{
    if (f->kind != FK_DATA_RACE)
        return false;
    for (size_t a = 0; a < f->naccesses; a++)
        for (size_t k = 0; k < f->accesses[a].nframes; k++) {
            const char *fn = f->accesses[a].frames[k].function;
            if (fn && (strcmp(fn, "__pthread_once_slow") == 0 || strcmp(fn, "pthread_once") == 0 ||
                       strcmp(fn, "__pthread_once") == 0))
                return true;
        }
    return false;
}
