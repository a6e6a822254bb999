/* catalog_page.c: see catalog_page.h. */
#include "catalog_page.h"

#include <stdlib.h>
#include <string.h>

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

void catalog_list_text(FILE *out, const struct catalog *cat, const bool *selected)
{
    const char *family = NULL;
    for (size_t i = 0; i < cat->len; i++) {
        const struct rl_case *c = &cat->cases[i];
        if (!selected[i])
            continue;
        if (!family || strcmp(family, c->family) != 0) {
            family = c->family;
            fprintf(out, "%s%s\n", i ? "\n" : "", family);
        }
        fprintf(out, "  %-36s %s\n", c->id, c->variants[VARIANT_UNSAFE].title);
        struct strbuf sb = STRBUF_INIT;
        for (int t = 0; t < TOOL__COUNT; t++) {
            if (!shows(cat, selected, t))
                continue;
            strbuf_addf(&sb, "%s%s: ", sb.len ? "  " : "", tool_name(t));
            expectation_format(&sb, &c->variants[VARIANT_UNSAFE].expect[t], t);
        }
        fprintf(out, "  %-36s %s\n", "", sb.buf);
        strbuf_release(&sb);
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
    expectation_format(&sb, &u->expect[t], t);
    if (t == TOOL_RUSTC && u->twin && u->expect[t].mode == EXPECT_CLEAN)
        strbuf_adds(&sb, u->twin->latent ? ": bug latent, no run shows it"
                                         : ": Rust's version is correct");
    if (u->expect[t].mode == EXPECT_NA && u->expect[t].reason)
        strbuf_addf(&sb, " [%zu]", note_number(notes, u->expect[t].reason));
    else if (s->expect[t].mode == EXPECT_NA && s->expect[t].reason && t != TOOL_RUSTC)
        strbuf_addf(&sb, "; fix: n/a [%zu]", note_number(notes, s->expect[t].reason));
    return strbuf_detach(&sb);
}

static const char *tool_title(enum tool_id t)
{
    static const char *const titles[TOOL__COUNT] = {"TSan", "Helgrind", "DRD", "native", "rustc"};
    return titles[t];
}

void catalog_list_markdown(FILE *out, const struct catalog *cat, const bool *selected)
{
    size_t total = 0, seen[TOOL__COUNT] = {0};
    for (size_t i = 0; i < cat->len; i++) {
        if (!selected[i])
            continue;
        total++;
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct expectation *ex = &cat->cases[i].variants[VARIANT_UNSAFE].expect[t];
            unsigned harness_only = (1u << FK_WRONG_RESULT) | (1u << FK_TIMEOUT);
            seen[t] += t == TOOL_RUSTC ? ex->mode == EXPECT_REJECTED
                                       : ex->mode == EXPECT_KINDS && (ex->kinds & ~harness_only);
        }
    }
    fputs("# The racelab catalog\n\n"
          "Generated by `racelab list --format markdown` from the headers of `cases/`, `safe/` and "
          "`rust/`; do not edit (a test fails when this page is stale). Each row is a pair: the "
          "buggy program and its disciplined twin. A tool's cell is what it must report on the "
          "buggy program (`clean` on the twin unless noted); `timeout` and `wrong-result` are seen "
          "by racelab itself (the time limit, the oracle), not by the tool. The rustc column is "
          "what rustc does with the Rust twin of the buggy program.\n\n",
          out);
    fprintf(out,
            "%zu pair%s. Reported by a detector on the buggy program: TSan %zu, Helgrind %zu, "
            "DRD %zu. Rejected by rustc: %zu.\n",
            total, total == 1 ? "" : "s", seen[TOOL_TSAN], seen[TOOL_HELGRIND], seen[TOOL_DRD],
            seen[TOOL_RUSTC]);
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
            fputs("|\n|---|---", out);
            for (int t = 0; t < TOOL__COUNT; t++)
                if (shows(cat, selected, t))
                    fputs("|---", out);
            fputs("|\n", out);
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
