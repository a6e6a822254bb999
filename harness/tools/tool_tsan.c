/* tool_tsan.c: one run of a TSan-instrumented program.
 *
 * TSan writes its reports to log_path files (one per pid), separate from the
 * program's stderr, in a frame format racelab fixes so clang's and gcc's
 * runtimes print the same fields. exitcode=0 keeps the program's own exit
 * status for the oracle; a TSan failure is recognised by its text and by the
 * shim's missing exit record instead. TSan's own handlers for crash signals
 * are off: a program that crashes must die of its signal, which the verdict
 * names, not exit through TSan's "DEADLYSIGNAL" path with status 0. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "binary_info.h"
#include "observe.h"
#include "tool_module.h"
#include "tsan.h"
#include "tsan_symbolize.h"
#include "util.h"

/* Concatenate scratch/tsan.<pid> files (a program may fork) in name order. */
static char *read_tsan_logs(const char *scratch)
{
    struct strbuf all = STRBUF_INIT;
    struct dirent **names;
    int n = scandir(scratch, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (str_starts_with(names[i]->d_name, "tsan.")) {
            char *path = xasprintf("%s/%s", scratch, names[i]->d_name), *text;
            size_t len;
            if (read_file_regular(path, &text, &len) == 0) {
                strbuf_add(&all, text, len);
                free(text);
            }
            free(path);
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return strbuf_detach(&all);
}

/* A TSan failure can also go to stderr (before log_path is honoured). */
static const char *tsan_fatal_in(const char *text)
{
    static const char *const marks[] = {"FATAL: ThreadSanitizer", "ThreadSanitizer: CHECK failed",
                                        "ThreadSanitizer:DEADLYSIGNAL",
                                        "ThreadSanitizer: unexpected memory mapping", NULL};
    for (int i = 0; marks[i]; i++) {
        const char *p = strstr(text, marks[i]);
        if (p)
            return p;
    }
    return NULL;
}

/* What to do about a failure of TSan's own, where racelab knows. */
static const char *fatal_hint(const char *fatal)
{
    if (strstr(fatal, "unexpected memory mapping"))
        return " (clang 14's TSan cannot place its shadow memory under this kernel's address "
               "randomisation: run 'sudo sysctl -w vm.mmap_rnd_bits=28', or build with clang 19, "
               "whose TSan copes: racelab --toolchain clang-19)";
    return "";
}

/* The line around each of TSan's reports. */
#define RULE "=================="
/* The shim's first line in an observed run's channel (thread_count.c). */
#define CHANNEL_OPEN "racelab: ThreadSanitizer's reports follow"

/* Observed runs: only TSan writes to its report channel, so a line outside
 * a report that TSan would not print means something else wrote there (to
 * garble or hide a report). NULL when every line is TSan's. */
static const char *foreign_line(const char *text)
{
    static const char *const tsan_lines[] = {
        "ThreadSanitizer", "==", "FATAL:", "SUMMARY:", "WARNING:", "HINT:", NULL};
    bool inside = false;
    for (const char *l = text; *l;) {
        size_t len = strcspn(l, "\n");
        if (len == strlen(RULE) && strncmp(l, RULE, len) == 0) {
            inside = !inside;
        } else if (len == strlen(CHANNEL_OPEN) && strncmp(l, CHANNEL_OPEN, len) == 0) {
            /* the shim's */
        } else {
            bool known = inside || len == 0;
            for (int i = 0; !known && tsan_lines[i]; i++)
                known = str_starts_with(l, tsan_lines[i]);
            if (!known)
                return l;
        }
        l += len + (l[len] == '\n');
    }
    return NULL;
}

/* Observed runs: TSan's reports go to this descriptor (thread_count.c). */
#define REPORT_FD 3

/* The report of an observed run: from the channel, checked, its frames
 * named; NULL after setting out's status when it cannot be used. */
static char *observed_report(const struct run_request *req, struct run_outcome *out,
                             const char *channel, bool overflow)
{
    if (out->status == RUN_REFUSED)
        return xstrdup(""); /* ended on the spot: nothing to read */
    const char *foreign = foreign_line(channel ? channel : "");
    if (overflow || foreign) {
        free(out->detail);
        out->status = RUN_REFUSED;
        out->detail =
            overflow ? xstrdup("refused: more than 4 MB went into ThreadSanitizer's "
                               "report channel; something other than TSan wrote there")
                     : xasprintf("refused: something other than ThreadSanitizer wrote "
                                 "into its report channel: \"%.*s\"",
                                 (int)(strcspn(foreign, "\n") < 80 ? strcspn(foreign, "\n") : 80),
                                 foreign);
        return xstrdup("");
    }
    char *err = NULL, *log = tsan_symbolize(channel ? channel : "", req->limits, &err);
    if (!log) {
        run_outcome_tool_error(out, "cannot name the frames of TSan's report: %s", err);
        log = xstrdup("");
    }
    free(err);
    return log;
}

/* The program died of a signal TSan caught. In Archer (libarcher.so, TSan's
 * OpenMP support, which crashes on some task dependences): the tool failed,
 * and the program is not judged by this run. Anywhere else: the program
 * crashed there, and what TSan reported before still counts. */
static void take_deadly(struct run_outcome *out, const struct tsan_deadly *d)
{
    if (out->status != RUN_OK && !out->exit_unrecorded)
        return; /* a refusal, a timeout: already said */
    const struct access *st = &d->stack;
    char *place = access_place(st, 0);
    if (st->nframes > 0 && strstr(path_base(st->frames[0].object), "libarcher")) {
        char *caller = access_place(st, 1);
        run_outcome_tool_error(out,
                               "Archer (ThreadSanitizer's OpenMP support) crashed: SIG%s in %s, "
                               "called from %s; this run cannot judge the program",
                               d->signal, path_base(st->frames[0].object), caller);
        free(caller);
    } else {
        free(out->detail);
        out->status = RUN_CRASH;
        out->detail = xasprintf("crashed: SIG%s in %s", d->signal, place);
    }
    free(place);
}

int tsan_tool_run(const struct run_request *req, struct run_outcome *out)
{
    /* Observed, reports go to a channel the program cannot unwrite, and TSan
     * does not symbolize them itself (it would fork llvm-symbolizer from
     * inside the program, which an observed run refuses): racelab does,
     * from outside (tsan_symbolize.h). */
    /* history_size=7 (the most): with the default, a race between two long
     * loops that never synchronise is often not reported at all (the other
     * access's stack has left the history, and TSan drops the report). */
    /* Paths are quoted: TSAN_OPTIONS splits on spaces, and a build directory
     * may hold them. */
    char q = req->observe || !strchr(req->scratch_dir, '"') ? '"' : '\'';
    char *where = req->observe ? xstrdup("symbolize=0")
                               : xasprintf("log_path=%c%s/tsan%c", q, req->scratch_dir, q);
    /* A crash's stack tells the program's crash from the tool's (Archer's
     * in the OpenMP runtime): TSan's handlers print it, then exit with
     * exitcode (0), and the deadly section says it was a crash. Observed
     * runs keep the plain death by the signal, which the observer sees. */
    int handle = !req->observe;
    char *tsan_options =
        xasprintf("TSAN_OPTIONS=exitcode=0 halt_on_error=0 handle_segv=%d handle_sigbus=%d "
                  "handle_abort=%d handle_sigill=%d handle_sigfpe=%d history_size=7 %s "
                  "stack_trace_format=\"    #%%n|%%f|%%s|%%l|%%c|%%m|%%o\"%s%s%s%s",
                  handle, handle, handle, handle, handle, where,
                  req->openmp ? " ignore_noninstrumented_modules=1" : "",
                  req->suppressions
                      ? (strchr(req->suppressions, '"') ? " suppressions='" : " suppressions=\"")
                      : "",
                  req->suppressions ? req->suppressions : "",
                  req->suppressions ? (strchr(req->suppressions, '"') ? "'" : "\"") : "");
    const char *extra[] = {tsan_options, NULL};
    struct tool_exec_opts x = {.env = extra,
                               .observe_tool = OBSERVE_TSAN,
                               .channel_fd = req->observe ? REPORT_FD : 0,
                               .protect_channel = true};
    char *channel = NULL;
    bool overflow = false;
    int rc = tool_exec(req, &x, out, &channel, &overflow);
    free(tsan_options);
    free(where);
    if (rc < 0) {
        free(channel);
        return -1;
    }
    char *log = req->observe ? observed_report(req, out, channel, overflow)
                             : read_tsan_logs(req->scratch_dir);
    bool opened = req->observe && channel && strstr(channel, CHANNEL_OPEN);
    free(channel);
    struct tsan_result tr = {0};
    char *err = NULL;
    const char *fatal = tsan_fatal_in(out->err ? out->err : "");
    bool deadly = false;
    /* Once the shim opened the channel, TSan's failures go there: a FATAL
     * line on stderr then is the program's own text, not TSan's. */
    if (opened)
        fatal = NULL;
    if (tsan_report_parse(log, strlen(log), &tr, &err) < 0) {
        if (out->status == RUN_OK)
            run_outcome_unreadable(out, req, "tsan-output.txt", log, strlen(log), err);
    } else {
        out->findings = tr.findings;
        memset(&tr.findings, 0, sizeof tr.findings);
        /* Killed at a limit, maybe mid-report: the limit is the outcome. */
        if (out->limit)
            fatal = NULL;
        /* The announcement on stderr of the deadly section in the log. */
        deadly = tr.deadly.signal && !out->limit;
        if (deadly && fatal && str_starts_with(fatal, "ThreadSanitizer:DEADLYSIGNAL"))
            fatal = NULL;
        if (tr.fatal && !out->limit)
            run_outcome_tool_error(out, "ThreadSanitizer failed: %s%s", tr.fatal,
                                   fatal_hint(tr.fatal));
        else if (fatal)
            run_outcome_tool_error(out, "ThreadSanitizer failed: %.*s%s", (int)strcspn(fatal, "\n"),
                                   fatal, fatal_hint(fatal));
        else if (deadly && strstr(out->err ? out->err : "", "ThreadSanitizer: nested bug"))
            /* The crash was in TSan's own handler: no stack, and not the
             * program's to answer for. */
            run_outcome_tool_error(
                out, "ThreadSanitizer crashed inside its own signal handler (nested bug)%s",
                binary_mentions(req->binary, "thrd_create")
                    ? ": clang's TSan (14 and 19) does not follow C11 thrd_create threads; build "
                      "with racelab cc (it links C11 threads made of pthread calls), or use "
                      "pthread_create"
                    : "");
        else if (deadly)
            take_deadly(out, &tr.deadly);
        else if (out->status == RUN_OK && out->findings.len > 0 &&
                 tr.reported_warnings != (int)out->findings.len)
            /* Reports without TSan's closing count: the report was cut short. */
            run_outcome_tool_error(out,
                                   "TSan report incomplete: %zu warnings parsed, TSan counted %d",
                                   out->findings.len, tr.reported_warnings);
    }
    free(err);
    tsan_result_free(&tr);
    free(log);
    return 0;
}

/* The row's `unmodelled` hook: a report TSan makes for want of a model of a
 * fence or of the OpenMP runtime's task storage (tsan.h), judged from the
 * binary that was run. */
bool tsan_unmodelled(const struct finding *f, const char *binary)
{
    return binary && (tsan_blind_to_fence(f, binary) || tsan_blind_to_runtime_storage(f, binary));
}
