/* suppress.h: racelab's suppressions file, one format for TSan, Helgrind and
 * DRD (docs/suppressions.md).
 *
 * One rule a line: the tools, the racelab finding kinds, and where (a glob on
 * the function and/or one on the source file), with an optional reason:
 *
 *     all  data-race,use-after-free  fun:legacy_*  -- replaced in 2.0 (#41)
 *     drd  *  src:*vendor.c
 *
 * A rule matches a finding of one of its tools and kinds when, for one of the
 * finding's accesses, the first frame in user source (the place racelab
 * shows, and the one its fingerprint is made of) matches every glob the rule
 * gives. racelab's own matching is the authority: the engine applies it to
 * every finding after the run. The tools' own suppressions files made from
 * the same rules (suppressions_to_tsan, suppressions_to_valgrind) only keep a
 * tool from reporting what a rule takes out, and only where the tool can say
 * so without taking out more; what they let through, racelab still filters.
 *
 * How the engine uses it:
 *   1. suppressions_load() once; an error is a configuration error (exit 2).
 *   2. For each tool run: write suppressions_to_tsan() / _to_valgrind() to a
 *      file and pass it (TSAN_OPTIONS=suppressions=FILE, --suppressions=FILE).
 *   3. suppressions_filter() on each run's findings before verdict_judge():
 *      what it moves out is marked FILTER_SUPPRESSED (judgement.filtered);
 *      suppressions_find() names the rule, e.g. for SARIF's justification.
 *      Findings a tool suppressed itself never reach racelab, so they cannot
 *      be listed as filtered. */
#ifndef RACELAB_SUPPRESS_H
#define RACELAB_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "tool.h"

/* The tools a rule can name, as bits (1u << tool). */
#define SUPPRESS_TOOLS ((1u << TOOL_TSAN) | (1u << TOOL_HELGRIND) | (1u << TOOL_DRD))

struct suppression_rule {
    int line;       /* in the file, for messages and the generated files */
    unsigned tools; /* bits (1u << tool), within SUPPRESS_TOOLS */
    unsigned kinds; /* bits (1u << kind); '*' gives suppressions_kinds() */
    char *function; /* fun: glob on the function name; NULL when not given */
    char *file;     /* src: glob on the source file; NULL when not given */
    char *reason;   /* what follows "--"; NULL when none */
};

struct suppressions {
    char *path; /* as given, for messages and the generated files */
    struct suppression_rule *rules;
    size_t nrules;
};

/* The kinds a rule can name: those TSan, Helgrind or DRD report, as bits. */
unsigned suppressions_kinds(void);

/* Parse a suppressions file's text. Returns 0, or -1 with *err (malloc'd)
 * "PATH:LINE: what is wrong" and *out empty. Never prints. */
int suppressions_parse(const char *text, const char *path, struct suppressions *out, char **err);
/* Read and parse PATH; also "PATH: cannot read: ..." and "PATH: not a text file". */
int suppressions_load(const char *path, struct suppressions *out, char **err);
void suppressions_free(struct suppressions *s);

/* The first rule that takes out f as reported by `tool`, or NULL. `root`
 * (absolute, may be NULL) is the root src: globs are relative to: a file under
 * it is matched by its path below it, any other by its path as the tool
 * printed it; a glob that starts with '/' is matched against the absolute
 * path. */
const struct suppression_rule *suppressions_find(const struct suppressions *s, enum tool_id tool,
                                                 const struct finding *f, const char *root);
bool suppressions_match(const struct suppressions *s, enum tool_id tool, const struct finding *f,
                        const char *root);

/* Move the findings of `findings` that a rule takes out to the end of
 * `filtered`, marked FILTER_SUPPRESSED; both keep their order. Returns how
 * many moved. */
size_t suppressions_filter(const struct suppressions *s, enum tool_id tool, const char *root,
                           struct finding_list *findings, struct finding_list *filtered);

/* The rule as a rule line (tools, kinds, globs, reason): "all data-race fun:legacy_*". */
char *suppression_rule_text(const struct suppression_rule *r);

/* A ThreadSanitizer suppressions file (TSAN_OPTIONS=suppressions=FILE) for the
 * rules that name tsan: race_top lines where TSan can match exactly what the
 * rule does or less, a comment naming each rule and why it is not (or only
 * partly) translated. `root` as for suppressions_find: TSan sees absolute
 * paths, so a relative src: glob needs it. malloc'd, never NULL. */
char *suppressions_to_tsan(const struct suppressions *s, const char *root);

/* A Valgrind suppressions file (--suppressions=FILE) for `tool`, TOOL_HELGRIND
 * or TOOL_DRD: for each rule naming the tool, one entry pair per Valgrind
 * error kind whose findings all have kinds the rule names (frame 0 matching
 * the glob, or frame 0 in Valgrind's preloaded wrapper and frame 1 matching
 * it), and comments as for TSan. malloc'd, never NULL. */
char *suppressions_to_valgrind(const struct suppressions *s, enum tool_id tool);

#endif
