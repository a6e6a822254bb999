/* catalog_page.c: see catalog_page.h. */
#include "catalog_page.h"

#include <stdlib.h>
#include <string.h>

#include "catch_point.h"
#include "toolchain.h"
#include "util.h"

static void kinds_format(struct strbuf *sb, unsigned kinds, const char *sep)
{
    bool first = true;
    for (int k = 0; k < FK__COUNT; k++)
        if (kinds & (1u << k)) {
            strbuf_addf(sb, "%s%s", first ? "" : sep, finding_kind_name(k));
            first = false;
        }
}

void expectation_format(struct strbuf *sb, const struct expectation *ex, enum tool_id tool)
{
    switch (ex->mode) {
    case EXPECT_NA:
        strbuf_adds(sb, "n/a");
        return;
    case EXPECT_NONE:
        strbuf_adds(sb, "-");
        return;
    case EXPECT_REJECTED:
        strbuf_adds(sb, "rejected ");
        for (const char *c = ex->codes; *c; c++)
            if (*c == ',')
                strbuf_adds(sb, ", ");
            else
                strbuf_addch(sb, *c);
        return;
    case EXPECT_CLEAN:
        strbuf_adds(sb, tool == TOOL_RUSTC ? "compiles" : "clean");
        return;
    case EXPECT_KINDS:
        if (tool == TOOL_RUSTC)
            strbuf_adds(sb, "compiles: ");
        kinds_format(sb, ex->kinds, ", ");
        return;
    }
}

static bool shows(const struct catalog *cat, const bool *selected, enum tool_id tool)
{
    if (tool != TOOL_NATIVE)
        return true;
    for (size_t i = 0; i < cat->len; i++)
        for (int v = 0; v < VARIANT__COUNT; v++)
            if (selected[i] && cat->cases[i].variants[v].expect[tool].mode != EXPECT_NONE)
                return true;
    return false;
}

/* Items ("tsan: data-race") at column indent, as many to a line as width
 * allows (0: all on one), two spaces apart; an item is never split. */
static void put_items(FILE *out, char *const *items, size_t n, int indent, int width)
{
    int col = 0;
    for (size_t i = 0; i < n; i++) {
        int w = (int)str_columns(items[i], strlen(items[i]));
        if (col > 0 && width > 0 && col + 2 + w > width) {
            fputc('\n', out);
            col = 0;
        }
        col += col ? fprintf(out, "  %s", items[i]) : fprintf(out, "%*s%s", indent, "", items[i]);
    }
    fputc('\n', out);
}

void catalog_list_text(FILE *out, const struct catalog *cat, const bool *selected, int width)
{
    const char *family = NULL;
    /* The title beside the id when the line fits; under it otherwise. */
    int column = 39;
    for (size_t i = 0; i < cat->len; i++) {
        const struct rl_case *c = &cat->cases[i];
        if (!selected[i])
            continue;
        if (!family || strcmp(family, c->family) != 0) {
            family = c->family;
            fprintf(out, "%s%s\n", i ? "\n" : "", family);
        }
        const char *title = c->variants[VARIANT_UNSAFE].title;
        bool beside = width == 0 || column + (int)str_columns(title, strlen(title)) <= width;
        int indent = beside ? column : 4;
        if (beside)
            fprintf(out, "  %-36s %s\n", c->id, title);
        else {
            fprintf(out, "  %s\n", c->id);
            fput_wrapped(out, title, indent, indent, width);
        }
        char *items[TOOL__COUNT];
        size_t n = 0;
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!shows(cat, selected, t))
                continue;
            struct strbuf sb = STRBUF_INIT;
            strbuf_addf(&sb, "%s: ", tool_name(t));
            expectation_format(&sb, &c->variants[VARIANT_UNSAFE].expect[t], t);
            items[n++] = strbuf_detach(&sb);
        }
        put_items(out, items, n, indent, width);
        for (size_t k = 0; k < n; k++)
            free(items[k]);
    }
}

/* A table cell: no pipes or newlines. */
static void md_cell(FILE *out, const char *text)
{
    fputs("| ", out);
    for (const char *p = text; *p; p++)
        if (*p == '|')
            fputs("\\|", out);
        else
            fputc(*p == '\n' ? ' ' : *p, out);
    fputc(' ', out);
}

/* Notes (n/a reasons), numbered once per distinct text. */
struct notes {
    char **text;
    size_t n;
};

static size_t note_number(struct notes *notes, const char *text)
{
    for (size_t i = 0; i < notes->n; i++)
        if (strcmp(notes->text[i], text) == 0)
            return i + 1;
    notes->text = xrealloc(notes->text, (notes->n + 1) * sizeof *notes->text);
    notes->text[notes->n++] = xstrdup(text);
    return notes->n;
}

/* The unsafe program's expectation, with "[n]" for an n/a reason, and the
 * safe twin's when it differs from plain clean (a tool that cannot judge
 * the fix). */
static char *tool_cell(const struct rl_case *c, enum tool_id t, struct notes *notes)
{
    const struct program *u = &c->variants[VARIANT_UNSAFE], *s = &c->variants[VARIANT_SAFE];
    struct strbuf sb = STRBUF_INIT;
    /* The header's own lines: the page is the same whatever toolchain wrote it. */
    expectation_format(&sb, program_header_expectation(u, t), t);
    for (size_t i = 0; i < u->ntoolchain_expect; i++) {
        const struct toolchain_expectation *te = &u->toolchain_expect[i];
        if (te->tool != t)
            continue;
        strbuf_addf(&sb, "; %s: ", te->toolchain->name);
        expectation_format(&sb, te->applied ? &u->expect[t] : &te->ex, t);
        strbuf_addf(&sb, " [%zu]", note_number(notes, te->why));
    }
    if (t == TOOL_RUSTC && u->twin && u->expect[t].mode == EXPECT_CLEAN)
        strbuf_adds(&sb, u->twin->latent ? ": bug latent, no run shows it"
                                         : ": Rust's version is correct");
    if (u->expect[t].mode == EXPECT_NA && u->expect[t].reason)
        strbuf_addf(&sb, " [%zu]", note_number(notes, u->expect[t].reason));
    else if (s->expect[t].mode == EXPECT_NA && s->expect[t].reason && t != TOOL_RUSTC)
        strbuf_addf(&sb, "; fix: n/a [%zu]", note_number(notes, s->expect[t].reason));
    return strbuf_detach(&sb);
}

/* The order of the summary: Rust's compiler, C's static tools, the
 * detectors; each group in the tools' order. */
static const unsigned summary_groups[] = {0, TOOL_CAP_STATIC, TOOL_CAP_DETECTOR};

/* ---- what the discipline costs --------------------------------------------- */

/* The annotations of racelab/guarded.h a program writes, by what they say. */
enum annotation_group {
    ANN_DATA,
    ANN_HELD,
    ANN_TAKES,
    ANN_PASSES,
    ANN_ORDER,
    ANN_HOLE,
    ANN_NOLINT,
    ANN__COUNT
};

static const struct {
    const char *word;
    enum annotation_group group;
} annotation_words[] = {
    {"GUARDED_BY", ANN_DATA},
    {"PT_GUARDED_BY", ANN_DATA},
    {"REQUIRES", ANN_HELD},
    {"REQUIRES_SHARED", ANN_HELD},
    {"ASSERT_CAPABILITY", ANN_HELD},
    {"EXCLUDES", ANN_TAKES},
    {"ACQUIRE", ANN_PASSES},
    {"ACQUIRE_SHARED", ANN_PASSES},
    {"RELEASE", ANN_PASSES},
    {"RELEASE_SHARED", ANN_PASSES},
    {"RELEASE_GENERIC", ANN_PASSES},
    {"TRY_ACQUIRE", ANN_PASSES},
    {"RETURN_CAPABILITY", ANN_PASSES},
    {"ACQUIRED_BEFORE", ANN_ORDER},
    {"ACQUIRED_AFTER", ANN_ORDER},
    {"NO_THREAD_SAFETY_ANALYSIS", ANN_HOLE},
    {"NOLINT", ANN_NOLINT},
};

static bool ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Count whole-word uses below the header; returns whether the program uses
 * any thread-safety annotation (NOLINT aside). */
static bool count_annotations(const char *root, const struct program *p, size_t *count)
{
    char *path = xasprintf("%s/%s", root, p->path), *text = NULL;
    bool any = false;
    if (read_file(path, &text, NULL) == 0) {
        const char *code = text;
        for (int line = 1; line <= p->header_end_line && code; line++)
            code = strchr(code, '\n') ? strchr(code, '\n') + 1 : NULL;
        /* Annotations count in code, NOLINT in comments; strings count nowhere. */
        const char *comment_end = NULL;
        for (const char *c = code; c && *c; c++) {
            if (!comment_end && c[0] == '/' && (c[1] == '*' || c[1] == '/'))
                comment_end = c[1] == '*' ? "*/" : "\n";
            else if (comment_end && strncmp(c, comment_end, strlen(comment_end)) == 0)
                comment_end = NULL;
            else if (!comment_end && (*c == '"' || *c == '\'')) {
                char quote = *c;
                while (c[1] && c[1] != quote && c[1] != '\n')
                    c += c[1] == '\\' && c[2] ? 2 : 1;
                if (c[1] == quote)
                    c++; /* onto the closing quote */
                continue;
            }
            if (!ident_char(*c) || (c > code && ident_char(c[-1])))
                continue;
            size_t n = 0;
            while (ident_char(c[n]))
                n++;
            for (size_t w = 0; w < sizeof annotation_words / sizeof *annotation_words; w++)
                if (strlen(annotation_words[w].word) == n &&
                    strncmp(c, annotation_words[w].word, n) == 0 &&
                    (annotation_words[w].group == ANN_NOLINT) == (comment_end != NULL)) {
                    count[annotation_words[w].group]++;
                    any |= annotation_words[w].group != ANN_NOLINT;
                }
            c += n - 1;
        }
    }
    free(text);
    free(path);
    return any;
}

/* What writing the discipline down took in the safe twins: the README's
 * answer to "what do the annotations cost". */
static void annotation_cost_markdown(FILE *out, const struct catalog *cat, const bool *selected)
{
    size_t count[ANN__COUNT] = {0}, annotated = 0, twins = 0;
    for (size_t i = 0; i < cat->len; i++)
        if (selected[i]) {
            twins++;
            annotated += count_annotations(cat->root, &cat->cases[i].variants[VARIANT_SAFE], count);
        }
    static const char *const titles[ANN__COUNT] = {
        [ANN_DATA] = "`GUARDED_BY`, `PT_GUARDED_BY`: which lock guards which data",
        [ANN_HELD] = "`REQUIRES`, `REQUIRES_SHARED`: functions called with a lock held",
        [ANN_TAKES] = "`EXCLUDES`: functions that take a lock themselves",
        [ANN_PASSES] =
            "`ACQUIRE`, `RELEASE`, ...: functions that return holding a lock, or release one",
        [ANN_ORDER] = "`ACQUIRED_BEFORE`, `ACQUIRED_AFTER`: lock order",
        [ANN_HOLE] = "`NO_THREAD_SAFETY_ANALYSIS`: a function the analysis skips (a hole)",
        [ANN_NOLINT] = "`NOLINT`: a clang-tidy warning silenced, with its reason",
    };
    fprintf(out,
            "\n| what writing the discipline down took, in the %zu safe twins | count |\n"
            "|---|---|\n| safe twins with annotations (`include/racelab/guarded.h`) | %zu |\n",
            twins, annotated);
    for (int g = 0; g < ANN__COUNT; g++)
        fprintf(out, "| %s | %zu |\n", titles[g], count[g]);
}

void catalog_summary_markdown(FILE *out, const struct catalog *cat, const bool *selected)
{
    size_t total = 0, caught[TOOL__COUNT] = {0}, c_stage[CATCH_UNKNOWN + 1] = {0},
           rust_stage[CATCH_UNKNOWN + 1] = {0};
    unsigned all = (1u << TOOL__COUNT) - 1;
    for (size_t i = 0; i < cat->len; i++) {
        if (!selected[i])
            continue;
        const struct program *u = &cat->cases[i].variants[VARIANT_UNSAFE];
        total++;
        for (int t = 0; t < TOOL__COUNT; t++)
            caught[t] += expectation_tool_catches(program_header_expectation(u, t), t);
        struct catch_point cp;
        catch_point_expected(u, all, &cp);
        c_stage[cp.c]++;
        rust_stage[cp.rust]++;
    }
    fprintf(out, "| tool | when | buggy programs it catches (of %zu) |\n|---|---|---|\n", total);
    for (size_t g = 0; g < sizeof summary_groups / sizeof *summary_groups; g++)
        for (int t = 0; t < TOOL__COUNT; t++) {
            bool in = summary_groups[g] ? tool_has((enum tool_id)t, summary_groups[g])
                                        : !tool_has((enum tool_id)t, TOOL_CAP_C);
            if (in)
                fprintf(out, "| %s | %s | %zu |\n", tool_long_title((enum tool_id)t),
                        tool_has((enum tool_id)t, TOOL_CAP_RUNS) ? "run time" : "compile time",
                        caught[t]);
        }
    static const char *const stage_titles[] = {
        [CATCH_COMPILE] = "compile time",
        [CATCH_DETECTOR] = "run time, reported by a detector",
        [CATCH_ORACLE] = "run time, only by its symptom (wrong result, hang)",
        [CATCH_PREVENTED] = "prevented: the idiom has no such bug",
        [CATCH_NEVER] = "never: the bug is there and nothing shows it",
        [CATCH_UNKNOWN] = "not judged",
    };
    fputs("\n| earliest point the bug is caught | C | Rust |\n|---|---|---|\n", out);
    for (int s = 0; s <= CATCH_UNKNOWN; s++) {
        if (s == CATCH_UNKNOWN && !c_stage[s] && !rust_stage[s])
            continue;
        fprintf(out, "| %s | %zu | %zu |\n", stage_titles[s], c_stage[s], rust_stage[s]);
    }
    annotation_cost_markdown(out, cat, selected);
}

void catalog_list_markdown(FILE *out, const struct catalog *cat, const bool *selected)
{
    fputs("# The racelab catalog\n\n"
          "Generated by `racelab list --format markdown` from the headers of `cases/`, `safe/` and "
          "`rust/`; do not edit (a test fails when this page is stale). Each row is a pair: the "
          "buggy program and its disciplined twin. A tool's cell is what it must report on the "
          "buggy program (`clean` on the twin unless noted); `timeout` and `wrong-result` are seen "
          "by racelab itself (the time limit, the oracle), not by the tool. tsa, analyzer and "
          "tidy read the source and run nothing. The rustc column is what rustc does with the "
          "Rust twin of the buggy program. The last column is the earliest point at which the "
          "bug is caught, in C and in Rust, and by which tools.\n\n",
          out);
    catalog_summary_markdown(out, cat, selected);
    struct notes notes = {0};
    const char *family = NULL;
    for (size_t i = 0; i < cat->len; i++) {
        const struct rl_case *c = &cat->cases[i];
        if (!selected[i])
            continue;
        if (!family || strcmp(family, c->family) != 0) {
            family = c->family;
            fprintf(out, "\n## %s\n\n| case | pattern ", family);
            for (int t = 0; t < TOOL__COUNT; t++)
                if (shows(cat, selected, t))
                    fprintf(out, "| %s ", tool_title(t));
            fputs("| caught earliest |\n|---|---", out);
            for (int t = 0; t < TOOL__COUNT; t++)
                if (shows(cat, selected, t))
                    fputs("|---", out);
            fputs("|---|\n", out);
        }
        char *id = xasprintf("`%s`", c->id);
        md_cell(out, id);
        free(id);
        md_cell(out, c->variants[VARIANT_UNSAFE].title);
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!shows(cat, selected, t))
                continue;
            char *cell = tool_cell(c, t, &notes);
            md_cell(out, cell);
            free(cell);
        }
        struct catch_point cp;
        catch_point_expected(&c->variants[VARIANT_UNSAFE], (1u << TOOL__COUNT) - 1, &cp);
        struct strbuf sb = STRBUF_INIT;
        catch_point_format(&sb, &cp);
        md_cell(out, sb.buf);
        strbuf_release(&sb);
        fputs("|\n", out);
    }
    if (notes.n) {
        fputs("\n## Notes: why a tool cannot judge a program\n\n", out);
        for (size_t i = 0; i < notes.n; i++) {
            fprintf(out, "%zu. %s\n", i + 1, notes.text[i]);
            free(notes.text[i]);
        }
    }
    free(notes.text);
}
