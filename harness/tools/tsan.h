/* tsan.h: turn ThreadSanitizer's report text into racelab findings.
 *
 * The text is whatever the runtime wrote: the log_path files of every process
 * concatenated (one file per pid), or stderr mixed with the program's own
 * output. Only what lies between two ================== lines and starts with
 * "WARNING: ThreadSanitizer:" is a report; everything else is scanned only for
 * the "reported N warnings" trailer and for signs that the tool itself died.
 *
 * Frames are understood in the uniform format the harness asks for
 * (stack_trace_format="    #%n|%f|%s|%l|%c|%m|%o") and, so that reports
 * recorded by hand still parse, in the default formats of clang's and gcc's
 * runtimes. */
#ifndef RACELAB_TSAN_H
#define RACELAB_TSAN_H

#include <stddef.h>

#include "finding.h"

struct tsan_result {
    struct finding_list findings;
    /* Sum of N over every "ThreadSanitizer: reported N warnings" line (one per
       process that reported anything), -1 if there is no such line. */
    int reported_warnings;
    /* Non-NULL when the tool itself failed: CHECK failed, FATAL:, DEADLYSIGNAL,
       "unexpected memory mapping", unreadable suppressions, Archer errors...
       The first such line (malloc'd), preferring the "ERROR: ... SEGV" line
       over the bare DEADLYSIGNAL line that precedes it. */
    char *fatal;
    /* The program died of a signal the runtime caught (handle_segv=1 and the
       like): the signal as TSan names it ("SEGV", "ABRT", "BUS", "ILL", "FPE"),
       its "ERROR: ThreadSanitizer: SEGV on ..." line, and the stack it
       happened on (what = that line). signal is NULL when there is none.
       Such a death is not put in fatal: whose crash it is (the program's, or
       Archer's inside the OpenMP runtime) is for the caller to tell from the
       stack. */
    struct tsan_deadly {
        char *signal, *line;
        struct access stack;
    } deadly;
};

/* Parse TSan's report text. Each WARNING block becomes one finding: kind from
 * tsan_kind_from_type(), tool_kind and message = the type text of the WARNING
 * line without "(pid=N)", and one access per section that has a stack. An
 * access's `what` is its section headline without the trailing colon (the
 * type text for the stack that directly follows the WARNING line, as in mutex
 * misuse reports); its `thread` is the first thread the headline names, so
 * "Thread T1 (...) created by main thread at" is thread 1 (main thread = 0,
 * -1 when none is named).
 *
 * Returns 0, or -1 with *err (malloc'd, "line N: what is wrong"; err may be
 * NULL) when the text is not a well-formed report, e.g. a WARNING block cut off
 * before its closing ==================. A block cut off by the tool's own
 * death is not an error: fatal says why. Either way *out is initialised,
 * holds every finding parsed so far, and must be released with
 * tsan_result_free(). */
int tsan_report_parse(const char *text, size_t len, struct tsan_result *out, char **err);
void tsan_result_free(struct tsan_result *r);

/* Map TSan's report type ("data race", "heap-use-after-free",
 * "lock-order-inversion (potential deadlock)", "thread leak", ...) to a
 * finding_kind; the parenthesised remark may be present or not. Unknown ->
 * FK_OTHER. */
enum finding_kind tsan_kind_from_type(const char *type);

/* TSan does not model atomic_thread_fence (gcc says so under -Wtsan): a
 * release decrement, then in the last owner an acquire fence, orders the
 * other threads' writes before that owner's reads and free, but TSan
 * reports them. True for a data race, read from `binary` (the TSan build
 * that ran), whose current access (the first TSan names) comes after an
 * acquiring fence in a function of its stack, and whose previous access
 * comes before a releasing atomic operation in a function of its stack:
 * the pairing that orders them. Without the release (a relaxed flag) the
 * race is real, and kept. */
bool tsan_blind_to_fence(const struct finding *f, const char *binary);

/* Archer does not model the OpenMP runtime's reuse of its own storage: a
 * task's private data (firstprivate copies) lives in blocks libomp takes from
 * malloc and hands to the next task once one completes, an ordering Archer
 * does not see. True for a data race on a heap block whose allocation stack
 * goes from the allocator straight into libomp (or libgomp), unless `binary`
 * uses OpenMP's allocators (omp_alloc and kin), whose memory is the
 * program's. */
bool tsan_blind_to_runtime_storage(const struct finding *f, const char *binary);

#endif
