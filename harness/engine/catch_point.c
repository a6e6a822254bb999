/* catch_point.c: see catch_point.h. */
#include "catch_point.h"

#include <string.h>

const char *catch_stage_name(enum catch_stage stage)
{
    static const char *const names[] = {"compile", "detector", "oracle", "prevented", "never", "?"};
    return (unsigned)stage <= CATCH_UNKNOWN ? names[stage] : "?";
}

enum catch_stage expectation_catch_stage(const struct expectation *ex, enum tool_id tool)
{
    if (tool == TOOL_RUSTC)
        return ex->mode == EXPECT_REJECTED ? CATCH_COMPILE
               : ex->mode == EXPECT_KINDS  ? CATCH_ORACLE
                                           : CATCH_UNKNOWN;
    if (ex->mode != EXPECT_KINDS)
        return CATCH_UNKNOWN;
    unsigned symptoms = (1u << FK_WRONG_RESULT) | (1u << FK_TIMEOUT);
    if (!(ex->kinds & ~symptoms) || tool == TOOL_NATIVE)
        return CATCH_ORACLE;
    return tool_is_static(tool) ? CATCH_COMPILE : CATCH_DETECTOR;
}

bool expectation_tool_catches(const struct expectation *ex, enum tool_id tool)
{
    enum catch_stage s = expectation_catch_stage(ex, tool);
    return s == CATCH_COMPILE || s == CATCH_DETECTOR;
}

/* The Rust half: rejected, a symptom in every run, correct by design, or latent. */
static enum catch_stage rust_stage(const struct program *prog)
{
    const struct expectation *ex = &prog->expect[TOOL_RUSTC];
    if (!prog->twin || ex->mode == EXPECT_NA)
        return CATCH_UNKNOWN;
    enum catch_stage s = expectation_catch_stage(ex, TOOL_RUSTC);
    if (s != CATCH_UNKNOWN)
        return s;
    return prog->twin->latent ? CATCH_NEVER : CATCH_PREVENTED;
}

/* The C half over the tools whose bit is set in `counted`; `judged` are the
 * C tools that could have told (all selected ones, or those with a verdict). */
static void c_stage(const struct program *prog, unsigned counted, unsigned judged,
                    struct catch_point *out)
{
    out->c = CATCH_UNKNOWN;
    out->c_tools = 0;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (t == TOOL_RUSTC || !(counted & (1u << t)))
            continue;
        enum catch_stage s = expectation_catch_stage(&prog->expect[t], t);
        if (s == CATCH_UNKNOWN)
            continue;
        if (s < out->c) {
            out->c = s;
            out->c_tools = 0;
        }
        if (s == out->c)
            out->c_tools |= 1u << t;
    }
    /* Nothing caught it although every C tool judged the program: never. */
    unsigned all_c = ((1u << TOOL__COUNT) - 1) & ~(1u << TOOL_RUSTC) & ~(1u << TOOL_NATIVE);
    if (out->c == CATCH_UNKNOWN && (judged & all_c) == all_c)
        out->c = CATCH_NEVER;
}

static unsigned used_tools(const struct program *prog, unsigned tools)
{
    unsigned used = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        if ((tools & (1u << t)) && prog->expect[t].mode != EXPECT_NONE)
            used |= 1u << t;
    return used;
}

void catch_point_expected(const struct program *prog, unsigned tools, struct catch_point *out)
{
    unsigned used = used_tools(prog, tools);
    c_stage(prog, used, used, out);
    out->rust = tools & (1u << TOOL_RUSTC) ? rust_stage(prog) : CATCH_UNKNOWN;
}

void catch_point_observed(const struct check_row *row, unsigned tools, struct catch_point *out)
{
    unsigned passed = 0, judged = 0;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!(tools & (1u << t)))
            continue;
        enum verdict v = row->judged[t].verdict;
        passed |= (unsigned)(v == VERDICT_PASS) << t;
        judged |= (unsigned)(v == VERDICT_PASS || v == VERDICT_FAIL || v == VERDICT_NA) << t;
    }
    c_stage(row->prog, passed, judged, out);
    out->rust = passed & (1u << TOOL_RUSTC) ? rust_stage(row->prog) : CATCH_UNKNOWN;
}

void catch_point_format(struct strbuf *sb, const struct catch_point *cp)
{
    size_t start = sb->len;
    if (cp->c != CATCH_UNKNOWN) {
        strbuf_addf(sb, "C: %s", catch_stage_name(cp->c));
        if (cp->c_tools) {
            strbuf_adds(sb, " (");
            const char *sep = "";
            for (int t = 0; t < TOOL__COUNT; t++)
                if (cp->c_tools & (1u << t)) {
                    strbuf_addf(sb, "%s%s", sep, tool_name(t));
                    sep = ", ";
                }
            strbuf_adds(sb, ")");
        }
    }
    if (cp->rust != CATCH_UNKNOWN)
        strbuf_addf(sb, "%sRust: %s", sb->len > start ? " · " : "", catch_stage_name(cp->rust));
}
