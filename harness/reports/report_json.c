/* report_json.c: the machine-readable report (schema: docs/json-report.md).
 * Written by hand: the shape is small and fixed, and escaping is the only
 * subtle part. */
#include <stdio.h>
#include <string.h>

#include "catch_point.h"
#include "fingerprint.h"
#include "report.h"
#include "report_common.h"
#include "util.h"

static void json_kinds(FILE *out, unsigned kinds)
{
    fputc('[', out);
    bool first = true;
    for (int k = 0; k < FK__COUNT; k++)
        if (kinds & (1u << k)) {
            fprintf(out, "%s\"%s\"", first ? "" : ", ", finding_kind_name(k));
            first = false;
        }
    fputc(']', out);
}

static void json_frame_fields(FILE *out, const struct frame *fr, const char *root)
{
    fputs("\"file\": ", out);
    json_escape(out, fr ? report_relative(fr->file, root) : NULL);
    fprintf(out, ", \"line\": %d, \"function\": ", fr ? fr->line : 0);
    json_escape(out, fr ? fr->function : NULL);
}

static void json_finding(FILE *out, const struct finding *f, const char *root)
{
    fputs("        {\"kind\": ", out);
    json_escape(out, finding_kind_name(f->kind));
    fputs(", \"tool_kind\": ", out);
    json_escape(out, f->tool_kind);
    fputs(", \"message\": ", out);
    json_escape(out, f->message);
    if (f->filtered_by != FILTER_NONE) {
        fputs(", \"filtered_by\": ", out);
        json_escape(out, finding_filter_name(f->filtered_by));
    }
    if (f->runs_seen > 0)
        fprintf(out, ", \"runs_seen\": %d", f->runs_seen);
    fputs(", ", out);
    const struct frame *first = finding_user_frame(f, NULL);
    json_frame_fields(out, first, root);
    fputs(",\n         \"accesses\": [", out);
    for (size_t a = 0; a < f->naccesses; a++) {
        const struct access *acc = &f->accesses[a];
        int k = access_user_frame(acc, NULL);
        fputs(a ? ", " : "", out);
        fputs("{\"what\": ", out);
        json_escape(out, acc->what);
        fprintf(out, ", \"thread\": %d, ", acc->thread);
        json_frame_fields(out, k >= 0 ? &acc->frames[k] : NULL, root);
        fputc('}', out);
    }
    fputs("]}", out);
}

static void json_result(FILE *out, const struct check_report *rep, const struct check_row *row,
                        enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    const struct expectation *ex = &row->prog->expect[tool];
    const char *root = rep->catalog.root;
    fputs("    {\"case\": ", out);
    json_escape(out, row->c->id);
    fputs(", \"variant\": ", out);
    json_escape(out, check_row_variant(rep, row));
    fputs(", \"file\": ", out);
    json_escape(out,
                tool == TOOL_RUSTC && row->prog->twin ? row->prog->twin->path : row->prog->path);
    fputs(", \"tool\": ", out);
    json_escape(out, tool_name(tool));
    fputs(",\n     \"expected\": ", out);
    if (ex->mode == EXPECT_NA || ex->mode == EXPECT_NONE)
        fputs("null", out);
    else
        json_kinds(out, ex->mode == EXPECT_KINDS      ? ex->kinds
                        : ex->mode == EXPECT_REJECTED ? 1u << FK_COMPILE_ERROR
                                                      : 0);
    fputs(", \"expected_codes\": ", out);
    json_escape(out, ex->mode == EXPECT_REJECTED ? ex->codes : NULL);
    fputs(", \"codes\": ", out);
    json_escape(out, j->codes && *j->codes ? j->codes : NULL);
    fputs(", \"observed\": ", out);
    json_kinds(out, j->observed);
    fputs(", \"verdict\": ", out);
    json_escape(out, verdict_name(j->verdict));
    fputs(", \"reason\": ", out);
    json_escape(out, j->reason);
    fprintf(out,
            ",\n     \"runs\": %d, \"detected\": %d, \"oracle_failures\": %d, \"oracle_note\": ",
            j->runs, j->detected, j->oracle_failures);
    json_escape(out, j->oracle_note);
    fputs(", \"note\": ", out);
    json_escape(out, j->note);
    fputs(", \"plan_note\": ", out);
    json_escape(out, j->plan_note);
    fprintf(out, ", \"min_threads\": %d, \"threads_started\": %ld,\n     \"findings\": [",
            tool == TOOL_RUSTC ? 0 : row->prog->min_threads, j->threads_seen);
    for (size_t i = 0; i < j->findings.len; i++) {
        fputs(i ? ",\n" : "\n", out);
        json_finding(out, &j->findings.items[i], root);
    }
    fputs(j->findings.len ? "\n     ]" : "]", out);
    /* What a suppression or the baseline took out: reported, not judged. */
    fputs(",\n     \"filtered\": [", out);
    for (size_t i = 0; i < j->filtered.len; i++) {
        fputs(i ? ",\n" : "\n", out);
        json_finding(out, &j->filtered.items[i], root);
    }
    fputs(j->filtered.len ? "\n     ]}" : "]}", out);
}

struct bugs {
    FILE *out;
    const struct check_report *rep;
    bool first;
};

/* One per bug, however many tools and runs saw it (report_walk merges them). */
static void json_bug(void *ctx, const struct report_item *it)
{
    struct bugs *b = ctx;
    FILE *out = b->out;
    if (!it->finding)
        return;
    fputs(b->first ? "\n    {\"case\": " : ",\n    {\"case\": ", out);
    b->first = false;
    json_escape(out, it->row->c->id);
    fputs(", \"variant\": ", out);
    json_escape(out, check_row_variant(b->rep, it->row));
    fputs(", \"kind\": ", out);
    json_escape(out, finding_kind_name(it->finding->kind));
    struct strbuf sb = STRBUF_INIT;
    report_headline(&sb, it);
    fputs(", \"headline\": ", out);
    json_escape(out, sb.buf);
    strbuf_release(&sb);
    fputs(", \"level\": ", out);
    json_escape(out, report_level_name(it->level));
    fputs(",\n     \"file\": ", out);
    json_escape(out, report_relative(it->file, b->rep->catalog.root));
    fprintf(out, ", \"line\": %d, \"tools\": [", it->line);
    const char *sep = "";
    for (int t = 0; t < TOOL__COUNT; t++)
        if (it->tools & (1u << t)) {
            fprintf(out, "%s\"%s\"", sep, tool_name(t));
            sep = ", ";
        }
    fputs("], \"runs_seen\": {", out);
    sep = "";
    for (int t = 0; t < TOOL__COUNT; t++)
        if (it->tools & (1u << t)) {
            fprintf(out, "%s\"%s\": [%d, %d]", sep, tool_name(t), it->seen[t],
                    it->row->judged[t].runs);
            sep = ", ";
        }
    struct fingerprint fp;
    finding_fingerprint(it->finding, it->tool, b->rep->catalog.root, &fp);
    fprintf(out, "}, \"fingerprint\": \"%s\"}", fp.hex);
}

int report_json_write(FILE *out, const struct check_report *rep)
{
    fputs("{\n  \"racelab\": {\"schema\": 1},\n  \"root\": ", out);
    json_escape(out, rep->catalog.root);
    fputs(",\n  \"tools\": [", out);
    bool first = true;
    for (int t = 0; t < TOOL__COUNT; t++)
        if (rep->tools & (1u << t)) {
            fprintf(out, "%s\"%s\"", first ? "" : ", ", tool_name(t));
            first = false;
        }
    fprintf(out,
            "],\n  \"runs\": %d,\n  \"summary\": {\"pass\": %d, \"fail\": %d, \"na\": %d, "
            "\"exit_status\": %d, \"elapsed_s\": %.2f, \"compiler_runs\": %lu, "
            "\"harness_peak_rss_kb\": %ld},",
            rep->runs, rep->pass, rep->fail, rep->na, check_exit_status(rep), rep->elapsed_s,
            rep->compiler_runs, rep->peak_rss_kb);
    /* racelab run: the configurations its runs went through in turn. */
    const struct program *prog = rep->run_mode && rep->nrows ? rep->rows[0].prog : NULL;
    if (prog && prog->run.nconfigs) {
        fputs("\n  \"plan\": [", out);
        for (size_t i = 0; i < prog->run.nconfigs; i++) {
            fputs(i ? ", " : "", out);
            json_escape(out, prog->run.configs[i].label);
        }
        fputs("],", out);
    }
    fputs("\n  \"results\": [", out);
    first = true;
    for (size_t r = 0; r < rep->nrows; r++)
        for (int t = 0; t < TOOL__COUNT; t++)
            if (rep->tools & (1u << t)) {
                fputs(first ? "\n" : ",\n", out);
                json_result(out, rep, &rep->rows[r], t);
                first = false;
            }
    fputs("\n  ],\n  \"bugs\": [", out);
    struct bugs bugs = {out, rep, true};
    report_walk(rep, false, json_bug, &bugs);
    /* Per buggy program: the earliest stage that caught the bug in this run. */
    fputs(bugs.first ? "],\n  \"caught\": [" : "\n  ],\n  \"caught\": [", out);
    first = true;
    for (size_t r = 0; r < rep->nrows; r++) {
        const struct check_row *row = &rep->rows[r];
        if (row->variant != VARIANT_UNSAFE)
            continue;
        struct catch_point cp;
        catch_point_observed(row, rep->tools, &cp);
        fputs(first ? "\n    {\"case\": " : ",\n    {\"case\": ", out);
        first = false;
        json_escape(out, row->c->id);
        fputs(", \"c\": ", out);
        json_escape(out, cp.c == CATCH_UNKNOWN ? NULL : catch_stage_name(cp.c));
        fputs(", \"c_tools\": [", out);
        const char *sep = "";
        for (int t = 0; t < TOOL__COUNT; t++)
            if (cp.c_tools & (1u << t)) {
                fprintf(out, "%s\"%s\"", sep, tool_name(t));
                sep = ", ";
            }
        fputs("], \"rust\": ", out);
        json_escape(out, cp.rust == CATCH_UNKNOWN ? NULL : catch_stage_name(cp.rust));
        fputs("}", out);
    }
    fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
