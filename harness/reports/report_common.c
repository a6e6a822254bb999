/* report_common.c: see report_common.h. */
#define _GNU_SOURCE
#include "report_common.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "report.h"

const char *report_level_name(enum report_level level)
{
    return level == REPORT_ERROR ? "error" : level == REPORT_WARNING ? "warning" : "note";
}

/* What each kind is (docs/finding-kinds.md) and what to do about it. A
 * kind's slug is its name (finding_kind_name), so rule ids stay stable as
 * long as the kinds do; only the rules that are not kinds have their own. */
static const struct report_rule rules[REPORT_RULES] = {
    [FK_DATA_RACE] = {NULL, "DataRace", "data race",
                      "Two threads access the same memory without synchronisation, and at least "
                      "one access is a write: the result depends on the interleaving.",
                      "Protect every access to the shared data with the same lock, make it atomic, "
                      "or hand it from thread to thread (join, a queue) instead of sharing it."},
    [FK_USE_AFTER_FREE] = {NULL, "UseAfterFree", "use after free",
                           "A thread accessed memory that another thread freed, with nothing "
                           "ordering the free after the access.",
                           "Free shared memory only after every thread that uses it is done: "
                           "join them first, or count references."},
    [FK_LOCK_ORDER] = {NULL, "LockOrder", "lock-order inversion (potential deadlock)",
                       "Two locks were taken in both orders by different threads: run at the "
                       "wrong moment, each holds one and waits forever for the other.",
                       "Give the locks one global order and always take them in that order."},
    [FK_UNLOCK_UNOWNED] = {NULL, "UnlockUnowned", "unlock of a lock the thread does not hold",
                           "A thread released a lock it does not hold: not locked at all, or "
                           "locked by another thread.",
                           "Unlock only what the same thread locked, once per lock."},
    [FK_DOUBLE_LOCK] = {NULL, "DoubleLock", "double lock of a non-recursive lock",
                        "A thread locked a non-recursive lock it already holds: it deadlocks "
                        "on itself (or the call fails).",
                        "Do not call a function that takes the lock with the lock held; split it "
                        "into a locked and an unlocked version."},
    [FK_DESTROY_LOCKED] = {NULL, "DestroyLocked", "destroy of a locked lock",
                           "A lock was destroyed while still held.",
                           "Unlock before destroying, and destroy only after every thread that "
                           "uses the lock is done."},
    [FK_LOCK_HELD_AT_EXIT] = {NULL, "LockHeldAtExit", "thread exited holding a lock",
                              "A thread ended (or a function returned) while still holding a lock: "
                              "every other thread that needs it waits forever.",
                              "Release the lock on every path out of the critical section, "
                              "including early returns and error paths."},
    [FK_INVALID_LOCK] = {NULL, "InvalidLock", "operation on an invalid lock",
                         "A lock operation was applied to something that is not an initialised "
                         "lock (never initialised, destroyed, or not a lock).",
                         "Initialise every lock once before any thread uses it, and do not use "
                         "it after destroying it."},
    [FK_RWLOCK_MISUSE] = {NULL, "RwlockMisuse", "reader/writer lock misuse",
                          "A reader/writer lock was used the wrong way: read-locked while "
                          "write-locked, or released in the wrong mode.",
                          "Pair each rdlock and wrlock with its own unlock, in the same thread."},
    [FK_CONDVAR_MISUSE] = {NULL, "CondvarMisuse", "condition variable misuse",
                           "A condition variable was waited on without its mutex held, with two "
                           "different mutexes, or signalled in a way that can lose a wake-up.",
                           "Wait with the one mutex that guards the condition held, in a loop "
                           "that re-checks the condition."},
    [FK_API_ERROR] = {NULL, "ApiError", "failed pthread call ignored",
                      "A pthread call returned an error and the program went on as if it had "
                      "succeeded.",
                      "Check the return value of every pthread call that can fail."},
    [FK_THREAD_LEAK] = {NULL, "ThreadLeak", "thread leak",
                        "A joinable thread was never joined (or detached): its resources leak "
                        "and its work may be cut short at exit.",
                        "Join every thread you create, or create it detached."},
    [FK_SIGNAL_UNSAFE] = {NULL, "SignalUnsafe", "async-signal-unsafe call in a signal handler",
                          "A signal handler called a function that is not async-signal-safe "
                          "(malloc, printf, ...): it can deadlock or corrupt state it "
                          "interrupted.",
                          "Only set a volatile sig_atomic_t flag (or write to a pipe) in the "
                          "handler, and do the work outside it."},
    [FK_ERRNO_SPOILED] = {NULL, "ErrnoSpoiled", "signal handler spoils errno",
                          "A signal handler changed errno, which the interrupted code may be "
                          "about to read.",
                          "Save errno on entry to the handler and restore it before returning."},
    [FK_MT_UNSAFE_CALL] = {NULL, "MtUnsafeCall", "call to a libc function that is not thread-safe",
                           "A libc function that keeps hidden static state (strtok, localtime, "
                           "rand, ...) is called where threads can call it at once.",
                           "Use the reentrant variant (strtok_r, localtime_r, ...)."},
    [FK_ASYNC_CANCEL] = {NULL, "AsyncCancel", "asynchronous thread cancellation",
                         "Asynchronous cancellation is enabled: the thread can be cancelled at "
                         "any instruction, even inside malloc or with a lock held.",
                         "Use deferred cancellation, or a flag the thread checks."},
    [FK_BAD_THREAD_SIGNAL] = {NULL, "BadThreadSignal",
                              "signal to a thread that ends the whole process",
                              "A signal whose default action terminates the process (SIGTERM) "
                              "was sent to one thread: it ends every thread, not just that one.",
                              "Ask the thread to stop through a flag or a cancellation point."},
    [FK_BLOCK_UNDER_LOCK] = {NULL, "BlockUnderLock", "blocking call inside a critical section",
                             "A blocking call (sleep, read, ...) is made with a lock held: every "
                             "thread that needs the lock waits for it too.",
                             "Do the blocking work before taking the lock or after releasing it."},
    [FK_OTHER] = {NULL, "OtherReport", "concurrency report",
                  "A report racelab has no kind for; the tool's own words are kept.",
                  "Read the tool's message: it says what it saw."},
    [FK_TIMEOUT] = {NULL, "Timeout", "timeout (possible deadlock)",
                    "The run exceeded its time limit and was killed: a deadlock, a lost "
                    "wake-up or a livelock.",
                    "Look for locks taken in different orders, waits whose signal can come "
                    "first, and loops that wait on each other."},
    [FK_WRONG_RESULT] = {NULL, "WrongResult", "wrong result",
                         "The program's functional check failed: it computed the wrong answer.",
                         "Find the shared data the answer is built from, and how two threads "
                         "can interleave on it."},
    [FK_COMPILE_ERROR] = {NULL, "CompileError", "compile error",
                          "The compiler rejected the program (rustc on a Rust twin: the error "
                          "code says which rule the code breaks).",
                          "Read the compiler's error; in Rust it names the borrow or the bound "
                          "the sharing violates."},
    [REPORT_RULE_VERDICT] = {"verdict-failed", "VerdictFailed", "expectation not met",
                             "A program's check failed without a finding to show for it: an "
                             "expected finding was not seen in every run, a run timed out or "
                             "crashed, the tool failed, or the program did not build.",
                             "Read the reason: it names what was expected and what each run "
                             "did. The line is the program header's expectation for the tool."},
};

const char *report_rule_slug(int index)
{
    if (index < 0 || index >= REPORT_RULES)
        index = FK_OTHER;
    return index < FK__COUNT ? finding_kind_name((enum finding_kind)index) : rules[index].slug;
}

const struct report_rule *report_rule(int index)
{
    return index >= 0 && index < REPORT_RULES ? &rules[index] : &rules[FK_OTHER];
}

int report_item_rule(const struct report_item *item)
{
    return item->finding ? (int)item->finding->kind : REPORT_RULE_VERDICT;
}

const struct program *report_judged_program(const struct check_row *row, enum tool_id tool)
{
    return tool == TOOL_RUSTC && row->prog->twin ? row->prog->twin : row->prog;
}

unsigned report_expected_kinds(const struct check_row *row, enum tool_id tool)
{
    const struct expectation *ex = &row->prog->expect[tool];
    if (row->variant != VARIANT_UNSAFE)
        return 0;
    if (ex->mode == EXPECT_KINDS)
        return ex->kinds;
    return ex->mode == EXPECT_REJECTED ? 1u << FK_COMPILE_ERROR : 0;
}

const char *report_relative(const char *file, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    if (file && n && strncmp(file, dir, n) == 0 && file[n] == '/')
        return file + n + 1;
    return file;
}

/* The text between `open` and the next `close` after `marker` in s. */
static char *quoted_after(const char *s, const char *marker, char close)
{
    const char *p = strstr(s, marker);
    if (!p)
        return NULL;
    p += strlen(marker);
    const char *end = strchr(p, close);
    return end && end > p ? xstrndup(p, (size_t)(end - p)) : NULL;
}

char *report_variable_name(const struct finding *f)
{
    if (!f->location)
        return NULL;
    static const struct {
        const char *marker;
        char close;
    } forms[] = {
        {"Location is global '", '\''}, /* TSan */
        {" data symbol \"", '"'},       /* Helgrind, DRD without --read-var-info */
        {" global var \"", '"'},        /* with --read-var-info=yes */
        {" local var \"", '"'},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char *name = quoted_after(f->location, forms[i].marker, forms[i].close);
        if (name)
            return name;
    }
    return NULL;
}

/* The first line of s, without trailing spaces. */
static void add_first_line(struct strbuf *sb, const char *s)
{
    size_t n = strcspn(s, "\r\n");
    while (n > 0 && s[n - 1] == ' ')
        n--;
    strbuf_add(sb, s, n);
}

void report_headline(struct strbuf *sb, const struct report_item *item)
{
    const struct finding *f = item->finding;
    if (!f) {
        const struct judgement *j = &item->row->judged[item->tool];
        strbuf_addf(sb, "%s: ", tool_name(item->tool));
        add_first_line(sb, j->reason ? j->reason : "failed");
        return;
    }
    /* Static tools and rustc speak about the source: their words are the news. */
    const char *own = f->naccesses && f->accesses[0].what ? f->accesses[0].what : f->message;
    if ((tool_is_static(item->tool) || item->tool == TOOL_RUSTC) && own && *own) {
        if (item->tool == TOOL_RUSTC && f->tool_kind)
            strbuf_addf(sb, "%s: ", f->tool_kind);
        add_first_line(sb, own);
        return;
    }
    if (f->kind == FK_OTHER && f->message && *f->message) {
        add_first_line(sb, f->message);
        return;
    }
    strbuf_adds(sb, report_rule((int)f->kind)->words);
    char *var =
        f->kind == FK_DATA_RACE || f->kind == FK_USE_AFTER_FREE ? report_variable_name(f) : NULL;
    if (var)
        strbuf_addf(sb, " on '%s'", var);
    free(var);
}

/* Length of " at 0x<hex>" at s, or of " (tid=...)", else 0: the parts of a
 * tool's words that change from run to run. */
static size_t unstable_at(const char *s)
{
    if (strncmp(s, " at 0x", 6) == 0 && isxdigit((unsigned char)s[6])) {
        size_t n = 6;
        while (isxdigit((unsigned char)s[n]))
            n++;
        return n;
    }
    if (strncmp(s, " (tid=", 6) == 0) {
        const char *end = strchr(s, ')');
        return end ? (size_t)(end - s) + 1 : 0;
    }
    return 0;
}

void report_access_label(struct strbuf *sb, enum tool_id tool, const struct access *acc)
{
    const char *what = acc->what && *acc->what ? acc->what : "access";
    size_t start = sb->len;
    for (const char *p = what; *p && *p != '\n' && *p != '\r';) {
        size_t skip = unstable_at(p);
        if (skip) {
            p += skip;
            continue;
        }
        strbuf_addch(sb, *p++);
    }
    /* "created by main thread at:" reads badly before a location. */
    while (sb->len > start && (sb->buf[sb->len - 1] == ':' || sb->buf[sb->len - 1] == ' '))
        sb->buf[--sb->len] = '\0';
    if (sb->len - start > 3 && strcmp(sb->buf + sb->len - 3, " at") == 0)
        sb->buf[sb->len -= 3] = '\0';
    if (acc->thread >= 0 && !tool_is_static(tool) && !strstr(what, "thread") &&
        !strstr(what, "Thread")) {
        strbuf_adds(sb, " by ");
        report_format_thread(sb, tool, acc->thread);
    }
}

const struct frame *report_access_place(struct strbuf *sb, enum tool_id tool,
                                        const struct access *acc, const char *root)
{
    report_access_label(sb, tool, acc);
    int k = access_user_frame(acc, NULL);
    if (k < 0)
        return NULL;
    strbuf_adds(sb, " at ");
    report_format_frame(sb, &acc->frames[k], root);
    return &acc->frames[k];
}

void report_condensed(struct strbuf *sb, const struct check_report *rep,
                      const struct check_row *row, enum tool_id tool)
{
    const struct judgement *j = &row->judged[tool];
    strbuf_addf(sb, "%s on %s: %s\n", tool_name(tool), report_judged_program(row, tool)->path,
                j->reason ? j->reason : verdict_name(j->verdict));
    for (size_t i = 0; i < j->findings.len; i++) {
        const struct finding *f = &j->findings.items[i];
        strbuf_addf(sb, "  %s (%s)\n", finding_kind_name(f->kind),
                    f->tool_kind ? f->tool_kind : "?");
        for (size_t a = 0; a < f->naccesses; a++) {
            struct strbuf line = STRBUF_INIT;
            if (report_format_access(&line, tool, &f->accesses[a], rep->catalog.root))
                strbuf_addf(sb, "    %s\n", line.buf);
            strbuf_release(&line);
        }
    }
}

void report_bug_text(struct strbuf *sb, const struct check_report *rep,
                     const struct report_item *it)
{
    report_headline(sb, it);
    if (it->access >= 0)
        strbuf_addf(sb, " at %s:%d", report_relative(it->file, rep->catalog.root), it->line);
    struct strbuf seen = STRBUF_INIT;
    report_item_seen(&seen, it);
    if (seen.len)
        strbuf_addf(sb, " (%s)", seen.buf);
    strbuf_release(&seen);
    strbuf_addch(sb, '\n');
    const struct finding *f = it->finding;
    for (size_t a = 0; f && a < f->naccesses; a++) {
        struct strbuf line = STRBUF_INIT;
        if (report_format_access(&line, it->tool, &f->accesses[a], rep->catalog.root))
            strbuf_addf(sb, "  %s\n", line.buf);
        strbuf_release(&line);
    }
}

void report_xml_attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    xml_escape(out, value, true);
    fputc('"', out);
}
