/* race_diagram.c: see race_diagram.h. Each tool names accesses, threads and
 * locks in its own words; one extractor per tool turns them into lanes, the
 * renderer below draws any of them. */
#define _GNU_SOURCE
#include "race_diagram.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* ---- words ------------------------------------------------------------------------------ */

/* "read", "write", "atomic read", ... from a tool's headline; "free" when the
 * stack is free()'s. NULL when the headline names no access. */
static char *access_verb(const struct access *a)
{
    if (!a->what)
        return NULL;
    if (a->nframes && a->frames[0].function &&
        (strcmp(a->frames[0].function, "free") == 0 ||
         strncmp(a->frames[0].function, "operator delete", 15) == 0))
        return xstrdup("free");
    char *low = xstrdup(a->what);
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *kind = strstr(low, "write") || strstr(low, "store") ? "write"
                       : strstr(low, "read") || strstr(low, "load") ? "read"
                                                                    : NULL;
    bool atomic = strstr(low, "atomic") != NULL;
    free(low);
    return kind ? xasprintf("%s%s", atomic ? "atomic " : "", kind) : NULL;
}

/* TSan's "(mutexes: write M0, read M1)" as "M0 (write), M1 (read)"; "none"
 * when the headline has none (TSan lists every mutex a racing access held). */
static char *tsan_locks(const char *what)
{
    const char *m = what ? strstr(what, "(mutexes: ") : NULL;
    if (!m)
        return xstrdup("none");
    struct strbuf sb = STRBUF_INIT;
    const char *p = m + strlen("(mutexes: ");
    while (*p && *p != ')') {
        size_t mode = strcspn(p, " ,)");
        const char *name = p + mode + (p[mode] == ' ');
        size_t nlen = strcspn(name, ",)");
        if (p[mode] == ' ')
            strbuf_addf(&sb, "%s%.*s (%.*s)", sb.len ? ", " : "", (int)nlen, name, (int)mode, p);
        else
            strbuf_addf(&sb, "%s%.*s", sb.len ? ", " : "", (int)mode, p);
        p = name + nlen;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return strbuf_detach(&sb);
}

static char *tsan_thread_name(int thread)
{
    return thread == 0 ? xstrdup("main thread") : xasprintf("T%d", thread);
}

/* "global 'counter' of size 4" from "Location is global 'counter' of size 4
 * at 0x... (bin+0x...)"; Helgrind's "data symbol \"counter\"" from "Address
 * 0x... is 0 bytes inside data symbol \"counter\"". */
static char *object_of(const char *location)
{
    if (!location)
        return NULL;
    const char *p = strstr(location, "Location is ");
    if (p) {
        p += strlen("Location is ");
        const char *at = strstr(p, " at 0x");
        return xstrndup(p, at ? (size_t)(at - p) : strlen(p));
    }
    p = strstr(location, " inside ");
    if (p && str_starts_with(location, "Address "))
        return xstrdup(p + strlen(" inside "));
    return NULL;
}

static char *place_of(const struct frame *fr)
{
    if (!fr || !fr->file)
        return NULL;
    const char *base = strrchr(fr->file, '/');
    return fr->line > 0 ? xasprintf("%s:%d", base ? base + 1 : fr->file, fr->line)
                        : xstrdup(base ? base + 1 : fr->file);
}

static const struct frame *user_frame(const struct access *a)
{
    int i = access_user_frame(a, NULL);
    return i >= 0 ? &a->frames[i] : NULL;
}

/* ---- the extractors ------------------------------------------------------------------------- */

/* Two accesses found, in time order (`earlier` first), and their threads'
 * names: give them lanes (the lower thread number left, as tools count
 * main first) and fill the accesses. */
static void place_accesses(struct race_diagram *d, const struct access *earlier,
                           const struct access *later, char *earlier_name, char *later_name,
                           bool swap)
{
    int le = swap ? 1 : 0;
    d->lanes[le].name = earlier_name;
    d->lanes[1 - le].name = later_name;
    d->accesses[0] = (struct diagram_access){
        .lane = le, .verb = access_verb(earlier), .frame = user_frame(earlier)};
    d->accesses[1] = (struct diagram_access){
        .lane = 1 - le, .verb = access_verb(later), .frame = user_frame(later)};
}

static int tsan_extract(const struct finding *f, struct race_diagram *d)
{
    const struct access *now = NULL, *before = NULL;
    for (size_t i = 0; i < f->naccesses; i++) {
        const struct access *a = &f->accesses[i];
        if (!a->what || a->thread < 0)
            continue;
        bool previous = str_starts_with(a->what, "Previous ");
        const char *w = previous ? a->what + strlen("Previous ") : a->what;
        if (!(strncasecmp(w, "read", 4) == 0 || strncasecmp(w, "write", 5) == 0 ||
              strncasecmp(w, "atomic ", 7) == 0))
            continue;
        if (previous && !before)
            before = a;
        else if (!previous && !now)
            now = a;
    }
    if (!now || !before || now->thread == before->thread)
        return -1;
    place_accesses(d, before, now, tsan_thread_name(before->thread), tsan_thread_name(now->thread),
                   before->thread > now->thread);
    d->accesses[0].locks = tsan_locks(before->what);
    d->accesses[1].locks = tsan_locks(now->what);
    /* "Thread T1 (tid=..., finished) created by main thread at:" */
    for (size_t i = 0; i < f->naccesses; i++) {
        const struct access *a = &f->accesses[i];
        const char *by = a->what ? strstr(a->what, " created by ") : NULL;
        if (!by || !str_starts_with(a->what, "Thread T"))
            continue;
        int t = atoi(a->what + strlen("Thread T"));
        by += strlen(" created by ");
        /* "main thread at:", "thread T1 at:" */
        size_t blen = strcspn(by, ":");
        if (blen >= 3 && strncmp(by + blen - 3, " at", 3) == 0)
            blen -= 3;
        char *where = place_of(user_frame(a));
        for (int l = 0; l < 2; l++) {
            const struct access *acc = l == 0 ? before : now;
            struct diagram_lane *lane = &d->lanes[d->accesses[l].lane];
            if (acc->thread == t && !lane->created)
                lane->created = where ? xasprintf("created by %.*s at %s", (int)blen, by, where)
                                      : xasprintf("created by %.*s", (int)blen, by);
        }
        free(where);
    }
    return 0;
}

/* "... by thread #2" */
static int valgrind_thread(const char *what)
{
    const char *p = what ? strstr(what, "thread #") : NULL;
    return p ? atoi(p + strlen("thread #")) : -1;
}

static int helgrind_extract(const struct finding *f, struct race_diagram *d)
{
    if (f->naccesses < 2)
        return -1;
    const struct access *now = &f->accesses[0], *before = NULL;
    for (size_t i = 1; i < f->naccesses && !before; i++)
        if (f->accesses[i].what && strstr(f->accesses[i].what, "conflicts with a previous"))
            before = &f->accesses[i];
    int tn = valgrind_thread(now->what), tb = before ? valgrind_thread(before->what) : -1;
    if (!before || tn < 0 || tb < 0 || tn == tb)
        return -1;
    place_accesses(d, before, now, xasprintf("thread #%d", tb), xasprintf("thread #%d", tn),
                   tb > tn);
    d->unknown = xstrdup("Helgrind's XML report does not list the locks each thread held, nor "
                         "where the threads were created");
    return 0;
}

static int drd_extract(const struct finding *f, struct race_diagram *d)
{
    const struct access *now = f->naccesses ? &f->accesses[0] : NULL, *start = NULL, *end = NULL;
    for (size_t i = 1; i < f->naccesses; i++) {
        const char *w = f->accesses[i].what;
        if (w && strcmp(w, "Other segment start") == 0)
            start = &f->accesses[i];
        else if (w && strcmp(w, "Other segment end") == 0)
            end = &f->accesses[i];
    }
    const char *by = now && now->what ? strstr(now->what, "by thread ") : NULL;
    if (!now || !by)
        return -1;
    int tn = atoi(by + strlen("by thread "));
    d->lanes[0].name = xstrdup("another thread");
    d->lanes[1].name = xasprintf("thread %d", tn);
    d->accesses[0] = (struct diagram_access){.lane = 0, .verb = xstrdup("segment")};
    d->accesses[0].frame = start ? user_frame(start) : NULL;
    if (end) {
        char *e = place_of(user_frame(end));
        d->accesses[0].range_end = e;
    }
    d->accesses[1] =
        (struct diagram_access){.lane = 1, .verb = access_verb(now), .frame = user_frame(now)};
    d->unknown = xstrdup(start || end ? "DRD names only the other thread's segment (where it "
                                        "started and where it ended), not its access, its "
                                        "thread or the locks held"
                                      : "DRD did not report the other thread's segment this "
                                        "time: not its access, its thread or the locks held");
    return 0;
}

struct diagram_extractor {
    enum tool_id tool;
    int (*extract)(const struct finding *f, struct race_diagram *d);
};

static const struct diagram_extractor extractors[] = {
    {TOOL_TSAN, tsan_extract},
    {TOOL_HELGRIND, helgrind_extract},
    {TOOL_DRD, drd_extract},
};

/* ---- the edge ------------------------------------------------------------------------------- */

static bool holds_none(const struct diagram_access *a)
{
    return a->locks && strcmp(a->locks, "none") == 0;
}

/* The first mutex name of "M0 (write), M1 (read)". */
static char *first_lock(const char *locks)
{
    return xstrndup(locks, strcspn(locks, " ,"));
}

static void explain_edge(enum finding_kind kind, struct race_diagram *d)
{
    const struct diagram_access *a = &d->accesses[0], *b = &d->accesses[1];
    const char *na = d->lanes[a->lane].name, *nb = d->lanes[b->lane].name;
    if (kind == FK_USE_AFTER_FREE) {
        const struct diagram_access *fr = a->verb && strcmp(a->verb, "free") == 0 ? a : b;
        const struct diagram_access *use = fr == a ? b : a;
        const char *nf = d->lanes[fr->lane].name, *nu = d->lanes[use->lane].name;
        d->missing =
            xasprintf("nothing orders %s's free after %s's last use of the memory", nf, nu);
        d->remedy = xasprintf("%s frees only after %s is done with it: join %s first (or "
                              "count the users with an atomic reference count)",
                              nf, nu, nu);
        return;
    }
    d->missing = xasprintf("no happens-before edge between %s's %s and %s's %s: neither waits "
                           "for the other",
                           na, a->verb ? a->verb : "access", nb, b->verb ? b->verb : "access");
    if (a->locks && b->locks && holds_none(a) != holds_none(b)) {
        const struct diagram_access *locked = holds_none(a) ? b : a;
        const struct diagram_access *bare = locked == a ? b : a;
        char *m = first_lock(locked->locks);
        d->remedy = xasprintf("%s holds %s here and %s holds nothing: take %s around %s's %s too",
                              d->lanes[locked->lane].name, m, d->lanes[bare->lane].name, m,
                              d->lanes[bare->lane].name, bare->verb ? bare->verb : "access");
        free(m);
    } else if (a->locks && b->locks && !holds_none(a)) {
        d->remedy = xasprintf("they hold different locks (%s; %s): one mutex, the same for both",
                              a->locks, b->locks);
    } else {
        d->remedy = xstrdup("one mutex held around both accesses, an atomic variable, or a "
                            "handoff between them (a join, a semaphore, a condition variable)");
    }
}

int race_diagram_build(enum tool_id tool, const struct finding *f, struct race_diagram *d)
{
    memset(d, 0, sizeof *d);
    if (f->kind != FK_DATA_RACE && f->kind != FK_USE_AFTER_FREE)
        return -1;
    for (size_t i = 0; i < sizeof extractors / sizeof *extractors; i++) {
        if (extractors[i].tool != tool)
            continue;
        if (extractors[i].extract(f, d) < 0) {
            race_diagram_free(d);
            return -1;
        }
        d->object = object_of(f->location);
        explain_edge(f->kind, d);
        return 0;
    }
    return -1;
}

void race_diagram_free(struct race_diagram *d)
{
    for (int i = 0; i < 2; i++) {
        free(d->lanes[i].name);
        free(d->lanes[i].created);
        free(d->accesses[i].verb);
        free(d->accesses[i].locks);
        free(d->accesses[i].range_end);
    }
    free(d->object);
    free(d->missing);
    free(d->remedy);
    free(d->unknown);
    memset(d, 0, sizeof *d);
}

/* ---- drawing -------------------------------------------------------------------------------- */

struct glyphs {
    const char *lane, *access, *end, *missing, *ellipsis;
};
static const struct glyphs unicode = {"│", "●", "▼", "✗", "…"};
static const struct glyphs ascii = {"|", "*", "v", "X", "..."};

/* The diagram's rows of two cells, drawn once the column width is known. */
struct grid {
    char **cell; /* left and right of row i: cell[2i], cell[2i + 1] */
    size_t n, cap;
};

static void grid_add(struct grid *gr, const char *left, const char *right)
{
    if (gr->n == gr->cap) {
        gr->cap = gr->cap ? 2 * gr->cap : 32;
        gr->cell = xrealloc(gr->cell, 2 * gr->cap * sizeof *gr->cell);
    }
    gr->cell[2 * gr->n] = xstrdup(left);
    gr->cell[2 * gr->n + 1] = xstrdup(right);
    gr->n++;
}

/* A cell: cut to `col` - 1 columns with the ellipsis when `clip`, padded
 * to `col` unless it is the last of its row. */
static void add_cell(struct strbuf *sb, const struct glyphs *g, const char *text, int col,
                     bool clip, bool last)
{
    size_t cols = str_columns(text, strlen(text));
    if (!clip || cols <= (size_t)col - 1 || col < 4) {
        strbuf_adds(sb, text);
    } else {
        /* Cut at a code point, leaving room for the ellipsis. */
        size_t ell = str_columns(g->ellipsis, strlen(g->ellipsis)), keep = 0, used = 0;
        while (text[keep] && used + ell < (size_t)col - 1) {
            keep++;
            while (((unsigned char)text[keep] & 0xC0) == 0x80)
                keep++;
            used++;
        }
        strbuf_add(sb, text, keep);
        strbuf_adds(sb, g->ellipsis);
        cols = used + ell;
    }
    if (!last)
        for (size_t i = cols; i < (size_t)col; i++)
            strbuf_addch(sb, ' ');
}

/* Every row: two columns of `usable` / 2 (usable 0: as wide as the widest
 * left cell, nothing cut), no trailing blanks. Frees the grid. */
static void grid_print(FILE *out, const struct diagram_style *st, const struct glyphs *g,
                       struct grid *gr, int usable)
{
    int col = usable / 2;
    if (usable <= 0)
        for (size_t i = 0; i < gr->n; i++) {
            int w = (int)str_columns(gr->cell[2 * i], strlen(gr->cell[2 * i])) + 3;
            col = w > col ? w : col;
        }
    for (size_t i = 0; i < gr->n; i++) {
        struct strbuf sb = STRBUF_INIT;
        add_cell(&sb, g, gr->cell[2 * i], col, usable > 0, false);
        add_cell(&sb, g, gr->cell[2 * i + 1], col, usable > 0, true);
        while (sb.len && sb.buf[sb.len - 1] == ' ')
            sb.buf[--sb.len] = '\0';
        fprintf(out, "%s%s\n", st->indent ? st->indent : "", sb.buf);
        strbuf_release(&sb);
        free(gr->cell[2 * i]);
        free(gr->cell[2 * i + 1]);
    }
    free(gr->cell);
    memset(gr, 0, sizeof *gr);
}

/* The frame's source line, blanks trimmed; NULL when unreadable. */
static char *source_line(const struct frame *fr, const char *source_dir)
{
    if (!fr || !fr->file || fr->line <= 0)
        return NULL;
    const char *base = strrchr(fr->file, '/');
    char *path =
        source_dir ? xasprintf("%s/%s", source_dir, base ? base + 1 : fr->file) : xstrdup(fr->file);
    char *text = NULL, *line = NULL;
    if (read_file(path, &text, NULL) == 0) {
        const char *p = text;
        for (int n = 1; n < fr->line && *p; n++)
            p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p)
            line = xstrndup(p, strcspn(p, "\n"));
    }
    free(text);
    free(path);
    return line;
}

/* The lines of one access in its lane; the other lane goes on. */
static void add_access(struct grid *gr, const struct diagram_style *st, const struct glyphs *g,
                       const struct diagram_access *a)
{
    char *place = place_of(a->frame), *code = source_line(a->frame, st->source_dir);
    char *lines[5];
    int n = 0;
    bool segment = strcmp(a->verb ? a->verb : "", "segment") == 0;
    if (segment && !place && !a->range_end)
        lines[n++] = xasprintf("%s an access not reported", g->access);
    else if (segment) /* DRD: somewhere in the other thread's segment */
        lines[n++] = xasprintf("%s somewhere from %s", g->access, place ? place : "its start");
    else
        lines[n++] = xasprintf("%s %s%s%s", g->access, a->verb ? a->verb : "access",
                               place ? " " : "", place ? place : "");
    if (code)
        lines[n++] = xasprintf("%s   %s", g->lane, code);
    if (segment && (place || a->range_end))
        lines[n++] = xasprintf("%s   up to %s", g->lane, a->range_end ? a->range_end : "its end");
    lines[n++] = xasprintf("%s   locks: %s", g->lane, a->locks ? a->locks : "not reported");
    for (int i = 0; i < n; i++) {
        grid_add(gr, a->lane == 0 ? lines[i] : g->lane, a->lane == 1 ? lines[i] : g->lane);
        free(lines[i]);
    }
    free(place);
    free(code);
}

static void print_prose(FILE *out, const struct diagram_style *st, int width, const char *label,
                        const char *text)
{
    if (!text)
        return;
    char *line = xasprintf("%s%s", label, text);
    int indent = (int)strlen(st->indent ? st->indent : "");
    fput_wrapped(out, line, indent, indent + 2, width);
    free(line);
}

void race_diagram_print(FILE *out, const struct race_diagram *d, const struct diagram_style *st)
{
    const struct glyphs *g = st->ascii ? &ascii : &unicode;
    int width = st->width > 0 && st->width < 40 ? 40 : st->width;
    int usable = width > 0 ? width - (int)strlen(st->indent ? st->indent : "") : 0;
    struct grid gr = {0};
    if (d->object)
        print_prose(out, st, width, "", d->object);
    grid_add(&gr, d->lanes[0].name, d->lanes[1].name);
    /* "created by main thread at race.c:16", over two lines. */
    for (int part = 0; part < 2; part++) {
        char *cell[2] = {NULL, NULL};
        for (int l = 0; l < 2; l++) {
            const char *c = d->lanes[l].created;
            const char *at = c ? strstr(c, " at ") : NULL;
            if (c && part == 0)
                cell[l] = at ? xstrndup(c, (size_t)(at - c)) : xstrdup(c);
            else if (at && part == 1)
                cell[l] = xasprintf("  %s", at + 1);
        }
        if (cell[0] || cell[1])
            grid_add(&gr, cell[0] ? cell[0] : "", cell[1] ? cell[1] : "");
        free(cell[0]);
        free(cell[1]);
    }
    grid_add(&gr, g->lane, g->lane);
    add_access(&gr, st, g, &d->accesses[0]);
    grid_add(&gr, g->lane, g->lane);
    add_access(&gr, st, g, &d->accesses[1]);
    grid_add(&gr, g->end, g->end);
    grid_print(out, st, g, &gr, usable);
    char *missing = xasprintf("%s missing: ", g->missing);
    print_prose(out, st, width, missing, d->missing);
    free(missing);
    print_prose(out, st, width, "  would order them: ", d->remedy);
    print_prose(out, st, width, "  not known: ", d->unknown);
}

bool race_diagram_locale_ascii(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return !(strcasestr(v, "utf-8") || strcasestr(v, "utf8"));
    }
    return true; /* the C locale */
}
