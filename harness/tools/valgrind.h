/* valgrind.h: read Helgrind's and DRD's XML output (protocol version 4).
 *
 * racelab runs both tools with --xml=yes --xml-file=F and reads F, never the
 * text log: the XML keeps each stack separate and labelled, and its final
 * <status><state>FINISHED</state> tells a completed run from one that was
 * killed (a SIGKILLed Valgrind leaves the file without </valgrindoutput>).
 *
 * Each <error> becomes one finding. Its first <stack> is the reporting
 * thread's access; every later stack (after an auxwhat/xauxwhat, or inside
 * DRD's other_segment_start/other_segment_end/first_observed_at/
 * allocation_context) becomes a further access labelled with that text. */
#ifndef RACELAB_VALGRIND_H
#define RACELAB_VALGRIND_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct valgrind_result {
    char *tool;           /* <protocoltool>: "helgrind" or "drd" */
    int protocol_version; /* <protocolversion> */
    bool finished;        /* the last <status><state> was FINISHED */
    int fatal_signal;     /* signal number from <fatal_signal>, 0 if none */
    char *fatal_signame;  /* e.g. "SIGSEGV", NULL if none */
    /* <fatal_signal>'s <stack>: where the dying thread was, innermost
     * first (frames' objects say whether that was the tool's own preload,
     * vgpreload_TOOL-*.so, or the program). */
    struct access fatal_stack;
    int pid; /* <pid> */
    struct finding_list findings;
    /* The file stops before </valgrindoutput> (Valgrind died or was killed),
     * or goes on after it (Valgrind's panic path closes the document, then
     * writes a stack): the parse fails, but findings keeps every error
     * complete before that. */
    bool truncated;
};

/* Valgrind's own failure in its stderr (the guest's output mixed in): "the
 * 'impossible' happened: REASON", "TOOL: file.c:N (fn): Assertion 'X'
 * failed.", or "VALGRIND INTERNAL ERROR: ...", as one malloc'd line in the
 * tool's words; NULL when there is none. */
char *valgrind_failure_in(const char *text);

/* Parse a Valgrind XML file, reading it in chunks (files can be large).
 * Returns 0, or -1 with *err set to a malloc'd "PATH:LINE: what is wrong"
 * ("PATH: what is wrong" when the file cannot be read or is empty). Errors:
 * missing/unreadable/empty file, XML that is not well-formed, a truncated
 * file (no closing </valgrindoutput>), a root element other than
 * <valgrindoutput>, a protocol version other than 4, a tool other than
 * helgrind or drd. On failure *out is left empty (valgrind_result_free is
 * still safe to call), except a truncated file's findings and `truncated`.
 * err may be NULL. */
int valgrind_xml_parse_file(const char *path, struct valgrind_result *out, char **err);
/* The same on an in-memory buffer; name_for_errors stands for PATH. */
int valgrind_xml_parse(const char *buf, size_t len, const char *name_for_errors,
                       struct valgrind_result *out, char **err);
void valgrind_result_free(struct valgrind_result *r);

/* Map a tool's error <kind> to a finding_kind. `what` is the error's
 * what/xwhat text: Helgrind files many different problems under "Misc" and
 * DRD under "MutexErr", and only the text tells them apart. Any argument may
 * be NULL; unknown tools, kinds and texts give FK_OTHER (FK_API_ERROR for an
 * unrecognised MutexErr text). */
enum finding_kind valgrind_kind(const char *tool, const char *kind, const char *what);

/* Helgrind and DRD do not model pthread_once (nor C11 call_once, built on
 * it): the once routine's writes are ordered before every caller's return,
 * but they see a caller that took glibc's fast path (a bare atomic load) read
 * them unordered. True for a data race one of whose accesses is inside a
 * once routine (a frame of __pthread_once_slow or pthread_once). TSan models
 * pthread_once and judges such programs. */
bool valgrind_blind_to_once(const struct finding *f);

#endif
