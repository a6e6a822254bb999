/* header.h: the self-describing header comment every catalog file starts
 * with, read generically: C programs (`racelab-case`, case.c) and their Rust
 * twins (`racelab-rust`, rust_twin.c) share the line rules and differ only
 * in their keys. docs/case-format.md describes both.
 *
 * Line rules: the first line is exactly MARKER; every other line is
 * ` * key: value`; a line whose text after ` * ` starts with a space
 * continues the previous value; a line that is just ` *` ends a value; ` * /`
 * on a line of its own closes the header. */
#ifndef RACELAB_HEADER_H
#define RACELAB_HEADER_H

#include "case.h"
#include "util.h"

#define HEADER_MAX_KEYS 32

struct header_spec {
    const char *marker;      /* "/" "* racelab-case" */
    const char *const *keys; /* key names, indexed by the caller's enum */
    int nkeys;
    unsigned repeatable; /* bit (1u << key) for keys that may appear more than once */
};

struct header_parser {
    const struct header_spec *spec;
    const char *path; /* for messages */
    struct strbuf err;
    int start_line, end_line;
    int key_line[HEADER_MAX_KEYS]; /* line where each key was first seen, 0 = absent */
    /* Called with each complete, trimmed, non-empty value. */
    int (*apply)(struct header_parser *hp, int key, int line, char *value);
    void *ctx;
};

/* Read the header of `text`: calls hp->apply for every value. Returns 0, or
 * -1 with hp->err holding "path:line: what is wrong". */
int header_read(struct header_parser *hp, const char *text);

int header_fail(struct header_parser *hp, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Shared value syntaxes. Each returns 0, or -1 after header_fail(). */
int header_parse_int(struct header_parser *hp, int line, const char *key, const char *value,
                     long lo, long hi, const char *unit, long *out);
/* `clean` | `n/a: REASON` | kind, kind... */
int header_parse_expectation(struct header_parser *hp, int line, char *value,
                             struct expectation *ex);
/* `exit N` | `stdout "TEXT"`, appended to *list. */
int header_parse_oracle(struct header_parser *hp, int line, const char *value, struct oracle **list,
                        size_t *n);
/* A double-quoted string with \" and \\ escapes; *rest points after it. NULL
 * when s is not one. */
char *header_parse_quoted(const char *s, const char **rest);

#endif
