/* report_walk.c: the items every CI report shows, one per bug.
 *
 * A cell's judgement already holds each finding once over its runs (with the
 * number of runs that saw it). Across tools the same bug arrives once per
 * tool that saw it: TSan, Helgrind and DRD all report the racing counter.
 * A CI gate must show it once ("in 4/4 runs, tsan + helgrind"), or a pull
 * request gets three alerts for one line. So a row's items are collected
 * first and merged before any is shown:
 *
 * - two findings are one bug when they have the same kind and either the
 *   user lines of their accesses (the scene-setting stacks aside) meet, or
 *   they come from different tools and name the same variable in a common
 *   file (a static variable's name may stand for another in another file;
 *   one tool's reports at other lines on one variable stay its own). Meet, not equal: DRD names
 * only the second access of a race, where TSan and Helgrind name both. The variable, since the -O1
 * build may fold a loop of `balance += 1` into one load placed at the loop's line, while TSan's
 * instrumented build keeps the body's line. A finding joins the bug whose lines equal its own if
 * there is one, else the first that it meets;
 * - the runs that saw a bug are the union of its findings' runs (a tool's
 *   findings at two lines may come from the same runs);
 * - the merged item is the first tool's (enum order: TSan's report is the
 *   richest), at the most severe level of the findings it stands for;
 * - a filtered finding merges only with findings filtered the same way, and
 *   a failed verdict (a crash, a timeout, a tool error) stays its tool's. */
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "report_common.h"

static enum report_level level_of(const struct judgement *j, bool expected, bool warning,
                                  bool filtered)
{
    if (expected || warning)
        return REPORT_WARNING;
    /* A filtered finding would have failed the verdict, had nothing taken it out. */
    return filtered || j->verdict == VERDICT_FAIL ? REPORT_ERROR : REPORT_NOTE;
}

/* An item waiting to be merged, with what it owns. */
struct pending {
    struct report_item it;
    char *header;   /* the program's path when the item is placed at its header */
    char *lines;    /* "|file:line|...|": the bug's user lines; NULL for none */
    char *files;    /* "|file|...|": the files of those lines */
    char *variable; /* the variable it is about, when the tool named it */
    unsigned long long mask[TOOL__COUNT]; /* runs that saw it, per tool (finding.h) */
    bool merged;                          /* folded into an earlier item */
};

struct walk {
    const struct check_report *rep;
    struct pending *items;
    size_t n, cap;
};

/* The user lines of f's accesses, scene-setting stacks aside when it has
 * others, sorted: "|a.c:10|a.c:12|" (with_lines) or their files "|a.c|",
 * or NULL when none reaches user source. */
static char *bug_places(const struct finding *f, bool with_lines)
{
    bool skip_context = false;
    for (size_t i = 0; i < f->naccesses; i++)
        skip_context |= !finding_access_is_context(&f->accesses[i]);
    const char **parts = xcalloc(f->naccesses + 1, sizeof *parts);
    size_t n = 0;
    for (size_t i = 0; i < f->naccesses; i++) {
        const struct access *a = &f->accesses[i];
        int k = access_user_frame(a, NULL);
        if (k >= 0 && !(skip_context && finding_access_is_context(a)))
            parts[n++] = with_lines ? xasprintf("%s:%d", a->frames[k].file, a->frames[k].line)
                                    : xstrdup(a->frames[k].file);
    }
    char *joined = n ? str_join_sorted_unique(parts, n, "|") : NULL;
    char *lines = joined ? xasprintf("|%s|", joined) : NULL;
    for (size_t i = 0; i < n; i++)
        free((char *)parts[i]);
    free(parts);
    free(joined);
    return lines;
}

/* True when the two "|...|" sets share a member. */
static bool sets_meet(const char *a, const char *b)
{
    for (const char *p = a + 1; *p; p += strcspn(p, "|") + 1) {
        size_t len = strcspn(p, "|");
        char *one = xasprintf("|%.*s|", (int)len, p);
        bool met = strstr(b, one) != NULL;
        free(one);
        if (met)
            return true;
    }
    return false;
}

static void push(struct walk *w, const struct report_item *it, char *header)
{
    w->items = grow_array(w->items, &w->cap, w->n + 1, sizeof *w->items);
    struct pending *p = &w->items[w->n++];
    *p = (struct pending){.it = *it, .header = header};
    p->it.tools = 1u << it->tool;
    if (it->finding) {
        p->it.seen[it->tool] = it->finding->runs_seen;
        p->mask[it->tool] = it->finding->runs_mask;
        p->lines = bug_places(it->finding, true);
        p->files = bug_places(it->finding, false);
        p->variable = report_variable_name(it->finding);
    }
}

static void add_finding(struct walk *w, struct report_item *it, const struct finding *f)
{
    const struct judgement *j = &it->row->judged[it->tool];
    it->finding = f;
    it->expected = (report_expected_kinds(it->row, it->tool) >> f->kind) & 1u;
    bool warning = (it->prog->expect[it->tool].warn_kinds >> f->kind) & 1u;
    it->level = level_of(j, it->expected, warning, it->filtered);
    it->access = -1;
    for (size_t a = 0; a < f->naccesses && it->access < 0; a++) {
        int k = access_user_frame(&f->accesses[a], NULL);
        if (k < 0)
            continue;
        const struct frame *fr = &f->accesses[a].frames[k];
        it->access = (int)a;
        it->file = fr->file;
        it->line = fr->line;
        it->column = fr->column;
    }
    char *header = NULL;
    if (it->access < 0) {
        /* No frame in user source (a thread leak in libc): the program's header. */
        const struct program *p = it->prog;
        header = p->path[0] == '/' ? xstrdup(p->path)
                                   : xasprintf("%s/%s", w->rep->catalog.root, p->path);
        it->file = header;
        it->line = p->expect[it->tool].line > 0 ? p->expect[it->tool].line : 1;
        it->column = 0;
    }
    push(w, it, header);
}

static void add_cell(struct walk *w, const struct check_row *row, enum tool_id tool, bool filtered)
{
    const struct judgement *j = &row->judged[tool];
    struct report_item it = {.row = row, .tool = tool, .prog = report_judged_program(row, tool)};
    bool explained = false;
    for (size_t i = 0; i < j->findings.len; i++) {
        add_finding(w, &it, &j->findings.items[i]);
        explained |= it.level == REPORT_ERROR;
    }
    if (j->verdict == VERDICT_FAIL && !explained) {
        const struct program *p = it.prog;
        struct report_item v = it;
        v.finding = NULL;
        v.expected = false;
        v.level = check_verdict_covered(w->rep, row, tool) ? REPORT_NOTE : REPORT_ERROR;
        v.access = -1;
        v.file = p->path[0] == '/' ? xstrdup(p->path)
                                   : xasprintf("%s/%s", w->rep->catalog.root, p->path);
        v.line = p->expect[tool].line > 0 ? p->expect[tool].line : 1;
        v.column = 0;
        push(w, &v, (char *)v.file);
    }
    if (!filtered)
        return;
    it.filtered = true;
    for (size_t i = 0; i < j->filtered.len; i++)
        add_finding(w, &it, &j->filtered.items[i]);
}

/* Whether later item b may join the bug of earlier item a: 2 when their
 * lines are the same, 1 when they meet or name the same variable, else 0. */
static int may_join(const struct pending *a, const struct pending *b)
{
    const struct finding *fa = a->it.finding, *fb = b->it.finding;
    if (a->merged || !fa || !fb || fa->kind != fb->kind || a->it.filtered != b->it.filtered ||
        fa->filtered_by != fb->filtered_by)
        return 0;
    if (a->lines && b->lines && strcmp(a->lines, b->lines) == 0)
        return 2;
    return (a->lines && b->lines && sets_meet(a->lines, b->lines)) ||
           (a->it.tool != b->it.tool && a->variable && b->variable &&
            strcmp(a->variable, b->variable) == 0 && a->files && b->files &&
            sets_meet(a->files, b->files));
}

static int popcount(unsigned long long x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* *set gains the members of `more` (both "|...|" sets; duplicates do no harm). */
static void union_into(char **set, const char *more)
{
    if (!more)
        return;
    char *both = *set ? xasprintf("%s%s", *set, more + 1) : xstrdup(more);
    free(*set);
    *set = both;
}

static void merge_into(struct pending *a, struct pending *b)
{
    enum tool_id t = b->it.tool;
    if (a->it.tools & (1u << t)) {
        /* Another finding of a tool already in: count the runs that saw either. */
        a->mask[t] |= b->mask[t];
        int runs = a->it.row->judged[t].runs;
        a->it.seen[t] = runs <= 64
                            ? popcount(a->mask[t])
                            : (a->it.seen[t] > b->it.seen[t] ? a->it.seen[t] : b->it.seen[t]);
    } else {
        a->mask[t] = b->mask[t];
        a->it.seen[t] = b->it.seen[t];
    }
    a->it.tools |= 1u << t;
    /* What b brings, later findings may meet: its lines and its variable. */
    union_into(&a->lines, b->lines);
    union_into(&a->files, b->files);
    if (!a->variable && b->variable) {
        a->variable = b->variable;
        b->variable = NULL;
    }
    if (b->it.level < a->it.level) /* REPORT_ERROR is the most severe */
        a->it.level = b->it.level;
    a->it.expected |= b->it.expected;
    b->merged = true;
}

static void merge_bugs(struct walk *w)
{
    for (size_t i = 1; i < w->n; i++) {
        struct pending *b = &w->items[i];
        struct pending *equal = NULL, *meets = NULL;
        for (size_t k = 0; k < i && !equal; k++) {
            int how = may_join(&w->items[k], b);
            if (how == 2)
                equal = &w->items[k];
            else if (how == 1 && !meets)
                meets = &w->items[k];
        }
        if (equal || meets)
            merge_into(equal ? equal : meets, b);
    }
}

/* Merge the row's items, show the survivors in order, and start afresh. */
static void flush(struct walk *w, report_visit_fn fn, void *ctx)
{
    merge_bugs(w);
    for (size_t i = 0; i < w->n; i++) {
        if (!w->items[i].merged)
            fn(ctx, &w->items[i].it);
        free(w->items[i].header);
        free(w->items[i].lines);
        free(w->items[i].files);
        free(w->items[i].variable);
    }
    w->n = 0;
}

void report_walk_row(const struct check_report *rep, size_t r, bool filtered, report_visit_fn fn,
                     void *ctx)
{
    struct walk w = {.rep = rep};
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t))
            add_cell(&w, &rep->rows[r], t, filtered);
    flush(&w, fn, ctx);
    free(w.items);
}

void report_walk(const struct check_report *rep, bool filtered, report_visit_fn fn, void *ctx)
{
    for (size_t r = 0; r < rep->nrows; r++)
        report_walk_row(rep, r, filtered, fn, ctx);
}

void report_item_tools(struct strbuf *sb, const struct report_item *it)
{
    const char *sep = "";
    for (int t = 0; t < TOOL__COUNT; t++)
        if (it->tools & (1u << t)) {
            strbuf_addf(sb, "%s%s", sep, tool_name(t));
            sep = " + ";
        }
}

void report_item_seen(struct strbuf *sb, const struct report_item *it)
{
    /* The same count of the same runs everywhere reads as one: "in 4/4 runs, tsan + drd". */
    int seen = -1, runs = -1;
    bool same = true;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(it->tools & (1u << t)))
            continue;
        int s = it->seen[t], n = it->row->judged[t].runs;
        if (s <= 0 || n <= 0)
            return; /* not counted: a filtered finding */
        same &= seen < 0 || (s == seen && n == runs);
        seen = s;
        runs = n;
    }
    if (seen < 0)
        return;
    if (same) {
        strbuf_addf(sb, "in %d/%d run%s, ", seen, runs, runs == 1 ? "" : "s");
        report_item_tools(sb, it);
        return;
    }
    const char *sep = "in ";
    for (int t = 0; t < TOOL__COUNT; t++)
        if (it->tools & (1u << t)) {
            strbuf_addf(sb, "%s%d/%d%s of %s", sep, it->seen[t], it->row->judged[t].runs,
                        *sep == 'i' ? " runs" : "", tool_name(t));
            sep = ", ";
        }
}
