/* race_diagram.h: a two-access finding drawn as two threads on a timeline.
 *
 * Detectors print a race as two stacks in prose. A student needs the
 * picture: one lane per thread, time downward, where each thread was
 * created, each racing access with its file:line and its source line, the
 * locks held beside it, and the happens-before edge that is missing, with
 * what would supply it. Built from what the tools report (TSan: both
 * accesses, their threads, "(mutexes: write M0)", the creation stacks;
 * Helgrind: the access and the one it conflicts with; DRD: the access and
 * the other thread's segment), saying what a tool leaves unknown. One
 * extractor per tool (race_diagram.c's table), one text renderer. */
#ifndef RACELAB_RACE_DIAGRAM_H
#define RACELAB_RACE_DIAGRAM_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"
#include "tool.h"

/* One racing access (or free), in a lane. */
struct diagram_access {
    int lane;                  /* 0 or 1 */
    char *verb;                /* "write", "read", "atomic read", "free", ... */
    const struct frame *frame; /* its first user frame (the finding's), or NULL */
    char *locks;               /* "M0 (write)", "none", or NULL: the tool does not say */
    char *range_end;           /* DRD: the other segment's end, "somewhere up to" */
};

struct diagram_lane {
    char *name;    /* "T1", "main thread", "thread #2", "another thread" */
    char *created; /* "created by main thread at race.c:16", or NULL */
};

struct race_diagram {
    char *object; /* what both touched: "global 'counter'", or NULL */
    struct diagram_lane lanes[2];
    /* In time order when the tool knows it (TSan's and Helgrind's "previous"
     * access first); DRD's other segment first, as a range. */
    struct diagram_access accesses[2];
    char *missing; /* the edge that is missing */
    char *remedy;  /* what would supply it */
    char *unknown; /* what this tool's report does not say, or NULL */
};

/* A finding with two accesses from two threads (a data race, a use after
 * free): 0 and *d filled; -1 when it is not one (d left empty). */
int race_diagram_build(enum tool_id tool, const struct finding *f, struct race_diagram *d);
void race_diagram_free(struct race_diagram *d);

struct diagram_style {
    int width;          /* columns (at least 40; 0: 80) */
    bool ascii;         /* plain ASCII instead of Unicode box drawing */
    const char *indent; /* before every line */
    /* Where the sources are: NULL reads each frame's file as the tool named
     * it; otherwise the file's base name in this directory (recorded
     * fixtures name the paths of the machine that recorded them). */
    const char *source_dir;
};

/* Draw it: every line fits style->width columns. */
void race_diagram_print(FILE *out, const struct race_diagram *d, const struct diagram_style *style);

/* No UTF-8 in the locale (LC_ALL, else LC_CTYPE, else LANG): draw in ASCII. */
bool race_diagram_locale_ascii(void);

#endif
