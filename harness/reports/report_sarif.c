/* report_sarif.c: SARIF 2.1.0 for GitHub code scanning (docs/ci.md).
 *
 * One run; one rule per finding kind in enum order plus one for a failed
 * verdict, so ruleIndex is the kind and never moves. Each finding is a result
 * at its first access's user frame; the other accesses are relatedLocations,
 * linked from the message as [text](id); each access's stack is a threadFlow,
 * innermost frame first. Paths are relative to %SRCROOT%, the catalog root.
 * Written by hand through a tiny pretty-printer: the output must be the same
 * bytes for the same report, and json-c would reorder nothing but add a
 * dependency on its formatting. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "report.h"
#include "report_common.h"

#define SARIF_SCHEMA  "https://json.schemastore.org/sarif-2.1.0.json"
#define MAX_DEPTH     16
#define FINGERPRINT   "racelab/v1"
#define SRCROOT       "%SRCROOT%"
#define MAX_FLOW_LOCS 1000 /* GitHub shows 1,000 thread flow locations per result */

/* A JSON writer that indents by two spaces, one member per line. */
struct jw {
    FILE *out;
    int depth;
    bool later[MAX_DEPTH]; /* the container at this depth has a member already */
};

static void jw_member(struct jw *w, const char *key)
{
    if (w->depth > 0) {
        fputs(w->later[w->depth] ? ",\n" : "\n", w->out);
        w->later[w->depth] = true;
    }
    fprintf(w->out, "%*s", 2 * w->depth, "");
    if (key) {
        json_escape(w->out, key);
        fputs(": ", w->out);
    }
}

static void jw_open(struct jw *w, const char *key, char bracket)
{
    jw_member(w, key);
    fputc(bracket, w->out);
    w->depth++;
    w->later[w->depth] = false;
}

static void jw_close(struct jw *w, char bracket)
{
    bool had = w->later[w->depth];
    w->depth--;
    if (had)
        fprintf(w->out, "\n%*s", 2 * w->depth, "");
    fputc(bracket, w->out);
}

static void jw_str(struct jw *w, const char *key, const char *s)
{
    jw_member(w, key);
    json_escape(w->out, s);
}

static void jw_int(struct jw *w, const char *key, long long v)
{
    jw_member(w, key);
    fprintf(w->out, "%lld", v);
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
    jw_member(w, key);
    fputs(v ? "true" : "false", w->out);
}

/* {"text": s} */
static void jw_message(struct jw *w, const char *key, const char *text)
{
    jw_open(w, key, '{');
    jw_str(w, "text", text);
    jw_close(w, '}');
}

/* A path as a URI reference: unreserved characters and '/' as they are,
 * everything else percent-encoded (spaces, ':', '%', non-ASCII bytes). */
static void add_uri_path(struct strbuf *sb, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            strbuf_addch(sb, (char)*p);
        else
            strbuf_addf(sb, "%%%02X", *p);
    }
}

/* Message text: '[' and ']' are escaped (SARIF 3.11.6), so that only our own
 * [text](id) links are links. */
static void add_msg(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '[' || *s == ']')
            strbuf_addch(sb, '\\');
        strbuf_addch(sb, *s);
    }
}

struct sarif {
    struct jw w;
    const struct check_report *rep;
};

static void physical_location(struct sarif *s, const char *file, int line, int column)
{
    struct jw *w = &s->w;
    const char *rel = report_relative(file, s->rep->catalog.root);
    struct strbuf uri = STRBUF_INIT;
    if (rel[0] == '/')
        strbuf_adds(&uri, "file://");
    add_uri_path(&uri, rel);
    jw_open(w, "physicalLocation", '{');
    jw_open(w, "artifactLocation", '{');
    jw_str(w, "uri", uri.buf);
    if (rel[0] != '/')
        jw_str(w, "uriBaseId", SRCROOT);
    jw_close(w, '}');
    jw_open(w, "region", '{');
    jw_int(w, "startLine", line > 0 ? line : 1);
    if (column > 0)
        jw_int(w, "startColumn", column);
    jw_close(w, '}');
    jw_close(w, '}');
    strbuf_release(&uri);
}

/* A frame that points into the repository: it has a file and a line, the
 * file is under the root (or relative, as gcc prints the user's paths), and
 * it is not in a system library (whose debug info has relative paths too). */
static bool frame_in_repository(const struct frame *fr, const char *root)
{
    if (!fr->file || fr->line <= 0 || strstr(fr->file, "/libsanitizer/"))
        return false;
    if (fr->object && (str_starts_with(fr->object, "/usr/") || str_starts_with(fr->object, "/lib")))
        return false;
    return report_relative(fr->file, root)[0] != '/';
}

/* "Write of size 8 by thread T1 in worker". */
static void access_text(struct strbuf *sb, const struct report_item *it, const struct access *acc)
{
    report_access_label(sb, it->tool, acc);
    int k = access_user_frame(acc, NULL);
    if (k >= 0 && acc->frames[k].function)
        strbuf_addf(sb, " in %s", acc->frames[k].function);
}

static void result_message(struct strbuf *msg, const struct report_item *it)
{
    const struct finding *f = it->finding;
    const char *path = it->prog->path, *tool = tool_name(it->tool);
    const struct judgement *j = &it->row->judged[it->tool];
    if (!f) {
        strbuf_addf(msg, "%s did not meet the expectation on %s: ", tool, path);
        add_msg(msg, j->reason ? j->reason : "failed");
        strbuf_adds(msg, ".");
        return;
    }
    struct strbuf part = STRBUF_INIT;
    report_headline(&part, it);
    if (part.len)
        part.buf[0] = (char)toupper((unsigned char)part.buf[0]);
    add_msg(msg, part.buf);
    /* A static tool's or rustc's first access is the headline itself. */
    if (it->access >= 0 && !tool_is_static(it->tool) && it->tool != TOOL_RUSTC) {
        part.len = 0;
        access_text(&part, it, &f->accesses[it->access]);
        strbuf_adds(msg, ": ");
        add_msg(msg, part.buf);
    }
    int id = 0;
    for (size_t a = 0; a < f->naccesses; a++) {
        if ((int)a == it->access || access_user_frame(&f->accesses[a], NULL) < 0)
            continue;
        part.len = 0;
        access_text(&part, it, &f->accesses[a]);
        strbuf_adds(msg, id++ ? ", [" : "; see [");
        add_msg(msg, part.buf);
        strbuf_addf(msg, "](%d)", id);
    }
    strbuf_adds(msg, ". ");
    part.len = 0;
    report_item_seen(&part, it);
    if (part.len)
        strbuf_addf(msg, "Reported %s. ", part.buf);
    if (it->filtered && f->filtered_by == FILTER_BASELINE)
        strbuf_addf(msg, "Baselined: known before, so it does not count in the %s verdict on %s.",
                    tool, path);
    else if (it->filtered && f->filtered_by == FILTER_TOOL_MODEL)
        strbuf_addf(msg, "Not counted: %s.", tool_model_gaps(it->tool));
    else if (it->filtered)
        strbuf_addf(msg, "Suppressed: a racelab suppression takes it out of the %s verdict on %s.",
                    tool, path);
    else if (it->expected)
        strbuf_addf(msg, "Expected: the documented bug of %s, which %s must report.",
                    it->row->c->id, tool);
    else if (it->level == REPORT_ERROR && it->tools == 1u << it->tool) {
        strbuf_addf(msg, "It fails the %s verdict on %s: ", tool, path);
        add_msg(msg, j->reason ? j->reason : "unexpected");
        strbuf_adds(msg, ".");
    } else if (it->level == REPORT_ERROR) {
        part.len = 0;
        report_item_tools(&part, it);
        strbuf_addf(msg, "It fails the %s verdicts on %s (%s: ", part.buf, path, tool);
        add_msg(msg, j->reason ? j->reason : "unexpected");
        strbuf_adds(msg, ").");
    } else
        strbuf_addf(msg, "Seen in a run the %s verdict on %s did not count (a killed run).", tool,
                    path);
    strbuf_release(&part);
}

static void related_locations(struct sarif *s, const struct report_item *it)
{
    const struct finding *f = it->finding;
    bool open = false;
    int id = 0;
    for (size_t a = 0; a < f->naccesses; a++) {
        int k = access_user_frame(&f->accesses[a], NULL);
        if ((int)a == it->access || k < 0)
            continue;
        if (!open)
            jw_open(&s->w, "relatedLocations", '[');
        open = true;
        const struct frame *fr = &f->accesses[a].frames[k];
        struct strbuf text = STRBUF_INIT;
        access_text(&text, it, &f->accesses[a]);
        jw_open(&s->w, NULL, '{');
        jw_int(&s->w, "id", ++id);
        physical_location(s, fr->file, fr->line, fr->column);
        jw_message(&s->w, "message", text.buf);
        jw_close(&s->w, '}');
        strbuf_release(&text);
    }
    if (open)
        jw_close(&s->w, ']');
}

/* One threadFlow per access with a frame in the repository: its stack,
 * innermost first. */
static void code_flows(struct sarif *s, const struct report_item *it)
{
    const struct finding *f = it->finding;
    const char *root = s->rep->catalog.root;
    bool open = false;
    int nlocs = 0;
    for (size_t a = 0; a < f->naccesses; a++) {
        const struct access *acc = &f->accesses[a];
        size_t in_repo = 0;
        for (size_t k = 0; k < acc->nframes; k++)
            in_repo += frame_in_repository(&acc->frames[k], root);
        if (!in_repo || nlocs + (int)in_repo > MAX_FLOW_LOCS)
            continue;
        if (!open) {
            jw_open(&s->w, "codeFlows", '[');
            jw_open(&s->w, NULL, '{');
            jw_open(&s->w, "threadFlows", '[');
            open = true;
        }
        struct strbuf text = STRBUF_INIT;
        report_access_label(&text, it->tool, acc);
        jw_open(&s->w, NULL, '{');
        jw_message(&s->w, "message", text.buf);
        jw_open(&s->w, "locations", '[');
        for (size_t k = 0; k < acc->nframes; k++) {
            const struct frame *fr = &acc->frames[k];
            if (!frame_in_repository(fr, root))
                continue;
            jw_open(&s->w, NULL, '{');
            jw_open(&s->w, "location", '{');
            physical_location(s, fr->file, fr->line, fr->column);
            jw_message(&s->w, "message", fr->function ? fr->function : "?");
            jw_close(&s->w, '}');
            jw_close(&s->w, '}');
            nlocs++;
        }
        jw_close(&s->w, ']');
        jw_close(&s->w, '}');
        strbuf_release(&text);
    }
    if (open) {
        jw_close(&s->w, ']');
        jw_close(&s->w, '}');
        jw_close(&s->w, ']');
    }
}

static void fingerprints(struct sarif *s, const struct report_item *it)
{
    struct fingerprint fp;
    if (it->finding) {
        finding_fingerprint(it->finding, it->tool, s->rep->catalog.root, &fp);
    } else {
        /* A failed verdict is one alert per (program, tool), whatever the reason. */
        unsigned long long h = hash_bytes(HASH_INIT, "verdict", 8);
        h = hash_bytes(h, tool_name(it->tool), strlen(tool_name(it->tool)) + 1);
        h = hash_bytes(h, it->prog->path, strlen(it->prog->path));
        snprintf(fp.hex, sizeof fp.hex, "%016llx", h);
    }
    jw_open(&s->w, "partialFingerprints", '{');
    jw_str(&s->w, FINGERPRINT, fp.hex);
    jw_close(&s->w, '}');
}

static void write_result(void *ctx, const struct report_item *it)
{
    struct sarif *s = ctx;
    struct jw *w = &s->w;
    int rule = report_item_rule(it);
    char *rule_id = xasprintf("racelab/%s", report_rule_slug(rule));
    struct strbuf msg = STRBUF_INIT;
    result_message(&msg, it);

    jw_open(w, NULL, '{');
    jw_str(w, "ruleId", rule_id);
    jw_int(w, "ruleIndex", rule);
    jw_str(w, "level", report_level_name(it->level));
    jw_message(w, "message", msg.buf);
    jw_open(w, "locations", '[');
    jw_open(w, NULL, '{');
    physical_location(s, it->file, it->line, it->column);
    jw_close(w, '}');
    jw_close(w, ']');
    if (it->finding) {
        related_locations(s, it);
        code_flows(s, it);
    }
    fingerprints(s, it);
    if (it->filtered && it->finding->filtered_by != FILTER_BASELINE) {
        jw_open(w, "suppressions", '[');
        jw_open(w, NULL, '{');
        jw_str(w, "kind", "external");
        if (it->finding->filtered_by == FILTER_TOOL_MODEL)
            jw_str(w, "justification", tool_model_gaps(it->tool));
        jw_close(w, '}');
        jw_close(w, ']');
    }
    if (s->rep->baseline_used)
        jw_str(w, "baselineState",
               it->filtered && it->finding->filtered_by == FILTER_BASELINE ? "unchanged" : "new");
    jw_open(w, "properties", '{');
    jw_str(w, "tool", tool_name(it->tool));
    /* The bug as every tool that reported it saw it (report_walk merges them). */
    jw_open(w, "tools", '[');
    for (int t = 0; t < TOOL__COUNT; t++)
        if (it->tools & (1u << t))
            jw_str(w, NULL, tool_name(t));
    jw_close(w, ']');
    if (it->finding && it->seen[it->tool] > 0) {
        jw_open(w, "runsSeen", '{');
        for (int t = 0; t < TOOL__COUNT; t++)
            if (it->tools & (1u << t))
                jw_int(w, tool_name(t), it->seen[t]);
        jw_close(w, '}');
        jw_open(w, "runs", '{');
        for (int t = 0; t < TOOL__COUNT; t++)
            if (it->tools & (1u << t))
                jw_int(w, tool_name(t), it->row->judged[t].runs);
        jw_close(w, '}');
    }
    jw_str(w, "case", it->row->c->id);
    jw_str(w, "variant", check_row_variant(s->rep, it->row));
    jw_bool(w, "expected", it->expected);
    jw_str(w, "verdict", verdict_name(it->row->judged[it->tool].verdict));
    if (it->finding && it->finding->tool_kind)
        jw_str(w, "toolKind", it->finding->tool_kind);
    jw_close(w, '}');
    jw_close(w, '}');
    strbuf_release(&msg);
    free(rule_id);
}

static void write_rules(struct jw *w)
{
    jw_open(w, "rules", '[');
    for (int i = 0; i < REPORT_RULES; i++) {
        const struct report_rule *r = report_rule(i);
        char *id = xasprintf("racelab/%s", report_rule_slug(i));
        char *short_text = xasprintf("%c%s.", toupper((unsigned char)r->words[0]), r->words + 1);
        char *help = xasprintf("%s %s", r->full, r->help);
        char *markdown = xasprintf("**%s**\n\n%s\n\n**What to do.** %s\n\nKinds and the tools "
                                   "that report them: racelab's `docs/finding-kinds.md`.",
                                   short_text, r->full, r->help);
        jw_open(w, NULL, '{');
        jw_str(w, "id", id);
        jw_str(w, "name", r->name);
        jw_message(w, "shortDescription", short_text);
        jw_message(w, "fullDescription", r->full);
        jw_open(w, "defaultConfiguration", '{');
        jw_str(w, "level", "error");
        jw_close(w, '}');
        jw_open(w, "help", '{');
        jw_str(w, "text", help);
        jw_str(w, "markdown", markdown);
        jw_close(w, '}');
        jw_open(w, "properties", '{');
        jw_open(w, "tags", '[');
        jw_str(w, NULL, "concurrency");
        jw_str(w, NULL, i == REPORT_RULE_VERDICT ? "expectation" : report_rule_slug(i));
        jw_close(w, ']');
        jw_str(w, "precision", "high");
        jw_str(w, "problem.severity", "error");
        jw_close(w, '}');
        jw_close(w, '}');
        free(markdown);
        free(help);
        free(short_text);
        free(id);
    }
    jw_close(w, ']');
}

int report_sarif_write(FILE *out, const struct check_report *rep)
{
    struct sarif s = {.w = {.out = out}, .rep = rep};
    struct jw *w = &s.w;
    jw_open(w, NULL, '{');
    jw_str(w, "$schema", SARIF_SCHEMA);
    jw_str(w, "version", "2.1.0");
    jw_open(w, "runs", '[');
    jw_open(w, NULL, '{');
    jw_open(w, "tool", '{');
    jw_open(w, "driver", '{');
    jw_str(w, "name", "racelab");
    jw_str(w, "version", RACELAB_VERSION);
    jw_str(w, "semanticVersion", RACELAB_VERSION);
    /* No informationUri: the project has no public home yet, and a made-up
     * link would be shown to every reader of the alerts. */
    write_rules(w);
    jw_close(w, '}');
    jw_close(w, '}');
    jw_open(w, "invocations", '[');
    jw_open(w, NULL, '{');
    /* Exit status 2: a tool failed under a program, so racelab could not judge it. */
    jw_bool(w, "executionSuccessful", check_exit_status(rep) != 2);
    jw_int(w, "exitCode", check_exit_status(rep));
    jw_close(w, '}');
    jw_close(w, ']');
    /* Relative URIs resolve against the catalog root of this run. */
    struct strbuf root = STRBUF_INIT;
    strbuf_adds(&root, "file://");
    add_uri_path(&root, rep->catalog.root);
    strbuf_adds(&root, "/");
    jw_open(w, "originalUriBaseIds", '{');
    jw_open(w, SRCROOT, '{');
    jw_str(w, "uri", root.buf);
    jw_close(w, '}');
    jw_close(w, '}');
    strbuf_release(&root);
    jw_open(w, "results", '[');
    report_walk(rep, true, write_result, &s);
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
