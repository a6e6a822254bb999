/* optout_rules.c: what a student's own tokens may not use, as a table (see
 * optout_int.h).
 *
 * Each rule is a row: the names it matches (a trailing `*` makes a prefix),
 * where they count (as an attribute's name, or as an identifier used as a
 * name), the `allow:` bit that permits them, and the sentence that tells the
 * student why. A row that needs more than a name to judge (a signal's number,
 * an attribute's argument) carries its own method. The scan around the table
 * (optout_scan_tokens) only decides where an identifier is a name: not a
 * member after `.` or `->`, not a struct tag, not a member declared in a
 * struct body, not a variable or parameter of the student's that shadows the
 * function in its scope. What the tokens miss, the compiled object's imports
 * catch (optout.c), so this side can afford to be generous about shadows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optout_int.h"
#include "util.h"

enum where { W_NAME, W_ATTR };

/* RF_TOKENS_ONLY: never refuses an import (the compiler makes __kmpc_* calls
 * itself; a signal's number is only in the tokens). */
#define RF_TOKENS_ONLY 1u

struct rule;
/* A row's own judgement of the use at v[i]: the why to refuse it with, or
 * NULL when this use is fine; may rewrite what (size bytes). */
typedef const char *judge_fn(const struct rule *r, const struct tok *v, size_t i, size_t n,
                             char *what, size_t size);

struct rule {
    const char *names; /* space-separated; NAME* is a prefix */
    unsigned char where;
    unsigned allow; /* the enum optout_allow bit that permits it; 0: never */
    unsigned flags;
    judge_fn *judge; /* NULL: every use is refused with why */
    const char *why;
};

static judge_fn judge_no_sanitize, judge_signal;

#define THIS_EXERCISE "this exercise does not allow it"
#define NOT_STEER     "an exercise must not steer the tool that judges it"
/* libomp maps a lock hint to a lock kind of its own (uncontended: a
 * test-and-set spin, contended: a queuing spin), whatever KMP_LOCK_KIND
 * says: racelab's observer cannot make those waits sleep, and under TSan
 * a spinning turn never looks the same twice. */
#define LOCK_HINT_WHY                                                                              \
    "asks OpenMP for a spinning lock (a lock hint), which racelab cannot watch: under "            \
    "ThreadSanitizer a thread spinning for it looks like one working, so threads that take turns " \
    "would pass for threads working together; use omp_init_lock, or a critical without a hint"

/* A fence orders plain memory through the relaxed atomics around it; clang
 * 14's TSan keeps no happens-before edge for a fence (a correct publication
 * is reported as a race), and Helgrind and DRD model no C11 atomics at all.
 * An exercise whose lesson is the fence itself (store buffering, judged by
 * its oracle) allows them. */
#define FENCE_WHY                                                                                  \
    "is a standalone memory fence (atomic_thread_fence and the builtins it becomes), which "       \
    "ThreadSanitizer (clang 14 and 19) does not model: it would report a race in a correct "       \
    "program, and Helgrind and DRD do not model C11 atomics, so no tool here can judge this fix; " \
    "put the order on the atomic operations themselves (memory_order_release on the store, "       \
    "memory_order_acquire on the load)"

static const struct rule rules[] = {
    /* Attributes (GNU __attribute__, __declspec, [[...]]), with or without __x__. */
    {"no_sanitize no_sanitize_thread no_sanitize_address no_sanitize_memory no_sanitize_undefined "
     "no_sanitize_hwaddress no_address_safety_analysis disable_sanitizer_instrumentation",
     W_ATTR, 0, 0, judge_no_sanitize,
     "turns a sanitizer's checks off for this function; an exercise must be judged with every "
     "check on"},
    {"no_instrument_function", W_ATTR, 0, 0, NULL,
     "asks the compiler to leave this function uninstrumented; an exercise must be judged with "
     "all of its code instrumented"},
    {"no_thread_safety_analysis", W_ATTR, 0, 0, NULL,
     "turns the thread-safety analysis off for this function; an exercise must be judged with it "
     "on"},
    {"nodebug", W_ATTR, 0, 0, NULL,
     "removes the debug information racelab uses to show a finding at your line; an exercise must "
     "keep it"},
    {"section", W_ATTR, 0, 0, NULL,
     "places code or data in a section of its choosing (a pointer in .init_array runs before "
     "main, out of the exercise's sight); an exercise may not choose sections"},
    {"constructor destructor", W_ATTR, 0, 0, NULL,
     "runs a function before main starts or after it ends, out of the exercise's sight; an "
     "exercise must do its work in main and its threads"},
    {"alias ifunc weak weakref", W_ATTR, 0, 0, NULL,
     "changes which definition a name links to (a way to replace what the detectors intercept); "
     "an exercise may not redirect symbols"},
    {"naked", W_ATTR, 0, 0, NULL,
     "makes a function of raw assembly, which no detector instruments; an exercise must be plain "
     "C"},

    /* The detectors' and the runtimes' own interfaces. */
    {"__tsan_* __sanitizer_* __asan_* __msan_* __lsan_* __ubsan_* __dfsan_* __hwasan_* "
     "__interceptor_* ___interceptor_* __interception* __sancov_*",
     W_NAME, 0, 0, NULL,
     "talks to a sanitizer directly (its interface, options or hooks can switch the checks "
     "off); " NOT_STEER},
    {"__kmp* kmp_* ompt_* omp_control_tool", W_NAME, 0, RF_TOKENS_ONLY, NULL,
     "uses the OpenMP runtime's internal or tool interface, which can hide work from the "
     "detectors; an exercise uses OpenMP through its pragmas and omp_* functions"},
    {"Annotate* WTFAnnotate* ANNOTATE_*", W_NAME, 0, 0, NULL,
     "annotates memory or synchronisation for the race detector (an annotation can hide a race); "
     "an exercise must fix races, not annotate them away"},
    {"__valgrind* vgPlain_* __vg* RUNNING_ON_VALGRIND VALGRIND_*", W_NAME, 0, 0, NULL,
     "talks to Valgrind directly (a client request can switch Helgrind and DRD off, or tell the "
     "program it is being checked); " NOT_STEER},
    {"_vg*", W_NAME, 0, 0, NULL,
     "uses Valgrind's function-replacement names, which change what runs under Helgrind and "
     "DRD; an exercise may not replace functions"},

    {"omp_init_lock_with_hint omp_init_nest_lock_with_hint", W_NAME, 0, 0, NULL, LOCK_HINT_WHY},
    {"atomic_thread_fence __c11_atomic_thread_fence __atomic_thread_fence __sync_synchronize",
     W_NAME, ALLOW_FENCES, 0, NULL, FENCE_WHY},

    /* Escaping the detectors' sight. */
    {"syscall __syscall _syscall", W_NAME, 0, 0, NULL,
     "makes a raw system call, which the race detectors do not intercept (a way to act or "
     "synchronise behind their back); an exercise must call the library's functions"},
    /* Copies clang 14's TSan runtime does not intercept (checked against its
     * __interceptor_* symbols): the bytes they move are invisible to it, and
     * where Helgrind and DRD are n/a (C11 atomics) nothing else would see a
     * race through them. strtok_r, strsep and strftime are left alone: they
     * are the reentrant fixes the library family teaches. */
    {"mempcpy __mempcpy bcopy memccpy wmemcpy wmemmove wmemset wmempcpy __wmempcpy stpcpy "
     "__stpcpy stpncpy __stpncpy strcat strncat wcscpy wcsncpy wcsncat explicit_bzero swab "
     "memfrob strfry __memcpy_chk __memmove_chk __mempcpy_chk __memset_chk __stpcpy_chk "
     "__stpncpy_chk __strcat_chk __strncat_chk __strcpy_chk __strncpy_chk __wmemcpy_chk "
     "__wmemmove_chk __wmempcpy_chk __wmemset_chk __wcscpy_chk __wcsncpy_chk",
     W_NAME, 0, 0, NULL,
     "copies memory in a way ThreadSanitizer does not see (clang 14's runtime does not intercept "
     "it), so a race through it would go unreported; use memcpy, memmove, memset, strcpy or a "
     "loop"},
    {"_exit _Exit quick_exit exit_group", W_NAME, 0, 0, NULL,
     "ends the program at once, skipping the detectors' end-of-run work (ThreadSanitizer's exit "
     "status, Valgrind's summary); use exit() or return from main"},
    {"dlopen dlmopen dlsym dlvsym dlinfo dladdr dladdr1 dl_iterate_phdr _dl_* __libc_dl*", W_NAME,
     0, 0, NULL,
     "loads code or looks symbols up at run time, a way to call what racelab cannot see or to "
     "find the detector; an exercise may not do it"},
    {"ptrace prctl arch_prctl personality process_vm_readv process_vm_writev setrlimit "
     "setrlimit64 prlimit prlimit64 seccomp unshare setns chroot pivot_root mount umount umount2",
     W_NAME, 0, 0, NULL,
     "inspects or changes the process itself (tracing, personality, limits, namespaces), which "
     "can disturb or detect the tool that runs it; an exercise may not do it"},
    {"getauxval _r_debug _DYNAMIC __ehdr_start __executable_start", W_NAME, 0, 0, NULL,
     "reads the program's own loader data (how it was started, what is mapped), a way to detect "
     "the tool that runs it; an exercise may not do it"},
    {"_GLOBAL_OFFSET_TABLE_", W_NAME, 0, RF_TOKENS_ONLY, NULL, /* code the compiler makes uses it */
     "reads the program's own loader data (how it was started, what is mapped), a way to detect "
     "the tool that runs it; an exercise may not do it"},
    {"malloc_usable_size malloc_info malloc_stats mallinfo mallinfo2 mallopt malloc_trim "
     "__malloc_hook __free_hook __realloc_hook __memalign_hook __morecore __after_morecore_hook",
     W_NAME, 0, 0, NULL,
     "asks the allocator about itself: ThreadSanitizer and Valgrind replace the allocator, so its "
     "answers tell a program which tool runs it; an exercise may not do it"},
    {"backtrace backtrace_symbols backtrace_symbols_fd", W_NAME, 0, 0, NULL,
     "walks its own call stack, a way to find a detector's frames; an exercise may not do it"},

    /* What an exercise's header can allow. */
    {"fork _Fork vfork clone clone3 __clone __clone2 execl execle execlp execv execve execvp "
     "execvpe execveat fexecve system popen posix_spawn posix_spawnp daemon forkpty",
     W_NAME, ALLOW_PROCESS, 0, NULL,
     "starts another process or program, which racelab does not judge; " THIS_EXERCISE},
    {"getenv secure_getenv setenv putenv unsetenv clearenv environ _environ", W_NAME, ALLOW_ENV, 0,
     NULL,
     "reads or changes the environment: a program must not look for or change the detectors' "
     "settings (TSAN_OPTIONS, LD_PRELOAD); " THIS_EXERCISE},
    {"clock_gettime clock_getres clock_getcpuclockid pthread_getcpuclockid gettimeofday time "
     "clock times getrusage timespec_get timespec_getres ftime omp_get_wtime omp_get_wtick alarm "
     "ualarm setitimer getitimer timer_create timer_settime timer_gettime timerfd_create "
     "timerfd_settime timerfd_gettime __rdtsc __rdtscp _rdtsc __builtin_ia32_rdtsc "
     "__builtin_ia32_rdtscp __builtin_readcyclecounter __builtin_ia32_rdpmc __rdpmc _rdpmc",
     W_NAME, ALLOW_CLOCK, 0, NULL,
     "reads a clock, a cycle counter or a timer: timing tells a program that it runs under a slow "
     "detector; " THIS_EXERCISE},
    {"open open64 __open_2 __open64_2 openat openat64 __openat_2 creat creat64 fopen fopen64 "
     "freopen freopen64 fdopen fclose fcloseall opendir fdopendir readlink readlinkat realpath "
     "stat stat64 fstat fstat64 lstat lstat64 fstatat fstatat64 newfstatat statx __xstat "
     "__xstat64 __fxstat __fxstat64 __lxstat __lxstat64 __fxstatat __fxstatat64 access faccessat "
     "euidaccess eaccess dup dup2 dup3 close close_range closefrom fcntl fcntl64 ioctl pipe pipe2 "
     "socket socketpair memfd_create tmpfile tmpfile64 mkstemp mkostemp mkstemps mkostemps "
     "mkdtemp tmpnam tempnam shm_open eventfd epoll_create epoll_create1 inotify_init "
     "inotify_init1 signalfd fanotify_init userfaultfd shmget shmat msgget semget truncate "
     "ftruncate unlink unlinkat remove rename renameat mkdir rmdir chdir fchdir chmod link "
     "symlink",
     W_NAME, ALLOW_FILES, 0, NULL,
     "works with files or file descriptors (it could read /proc/self/maps to find a detector, or "
     "close the stream a detector reports on); " THIS_EXERCISE},
    {"mmap mmap64 munmap mremap mprotect pkey_mprotect madvise posix_madvise remap_file_pages brk "
     "sbrk",
     W_NAME, ALLOW_FILES, 0, NULL,
     "maps or changes memory directly, beside the detectors' own memory (which it could "
     "overwrite or discard); " THIS_EXERCISE},
    {"kill killpg sigqueue tgkill tkill pidfd_send_signal", W_NAME, ALLOW_SIGNALS, 0, NULL,
     "sends a signal to a process; " THIS_EXERCISE},
    {"signal sigaction sigset sysv_signal bsd_signal ssignal", W_NAME, ALLOW_SIGNALS,
     RF_TOKENS_ONLY, judge_signal,
     "installs a handler for a signal racelab cannot read at compile time (it could be a crash "
     "signal a detector handles); name the signal with a constant such as SIGUSR1"},
};

#define WHY_NO_TSAN                                                                                \
    "turns ThreadSanitizer off for this function; an exercise must be judged with it on"
#define WHY_CRASH_SIGNAL                                                                           \
    "installs a handler for a crash signal, which could swallow a detector's own crash "           \
    "handling; " THIS_EXERCISE

/* Does the word list `names` hold s (exactly, or as one of its prefixes)? */
static bool words_match(const char *names, const char *s, size_t n)
{
    for (const char *w = names; *w;) {
        size_t len = strcspn(w, " ");
        bool prefix = w[len - 1] == '*';
        size_t cmp = prefix ? len - 1 : len;
        if ((prefix ? n >= cmp : n == cmp) && memcmp(s, w, cmp) == 0)
            return true;
        w += len;
        while (*w == ' ')
            w++;
    }
    return false;
}

/* The rules' words, parsed once (find_rule runs for every identifier of a
 * program): per `where`, the exact words sorted for a binary search, and the
 * prefixes in table order. No word is in two rows. */
struct word {
    const char *s;
    size_t n;
    const struct rule *rule;
};
static struct word_index {
    struct word *exact, *prefix;
    size_t nexact, nprefix, cap_exact, cap_prefix;
} word_index[2];
static pthread_once_t word_index_once = PTHREAD_ONCE_INIT;

static int word_compare(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static void build_word_index(void)
{
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
        struct word_index *ix = &word_index[rules[r].where];
        for (const char *w = rules[r].names; *w;) {
            size_t len = strcspn(w, " ");
            if (w[len - 1] == '*') {
                ix->prefix =
                    grow_array(ix->prefix, &ix->cap_prefix, ix->nprefix + 1, sizeof *ix->prefix);
                ix->prefix[ix->nprefix++] = (struct word){w, len - 1, &rules[r]};
            } else {
                ix->exact =
                    grow_array(ix->exact, &ix->cap_exact, ix->nexact + 1, sizeof *ix->exact);
                ix->exact[ix->nexact++] = (struct word){w, len, &rules[r]};
            }
            w += len;
            while (*w == ' ')
                w++;
        }
    }
    for (size_t k = 0; k < 2; k++)
        qsort(word_index[k].exact, word_index[k].nexact, sizeof(struct word), word_compare);
}

static const struct rule *lookup(const char *s, size_t n, enum where where, bool exact_only,
                                 const char **word, size_t *wlen)
{
    pthread_once(&word_index_once, build_word_index);
    const struct word_index *ix = &word_index[where];
    struct word key = {s, n, NULL};
    const struct word *hit = bsearch(&key, ix->exact, ix->nexact, sizeof key, word_compare);
    for (size_t k = 0; !hit && !exact_only && k < ix->nprefix; k++)
        if (n >= ix->prefix[k].n && memcmp(s, ix->prefix[k].s, ix->prefix[k].n) == 0)
            hit = &ix->prefix[k];
    if (!hit)
        return NULL;
    *word = hit->s;
    *wlen = hit->n;
    return hit->rule;
}

/* The rule for identifier s used as where, or NULL. An attribute is also
 * matched without its __x__ underscores; a name also without a __builtin_,
 * __libc_ or __ prefix (glibc's aliases: __fork, __environ, __sysv_signal). */
static const struct rule *find_rule(const char *s, size_t n, enum where where, const char **word,
                                    size_t *wlen)
{
    if (where == W_ATTR && n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' &&
        s[n - 2] == '_') {
        s += 2;
        n -= 4;
    }
    static const char *const strip[] = {"", "__builtin_", "__libc_", "__"};
    for (size_t k = 0; k < (where == W_NAME ? 4u : 1u); k++) {
        size_t sl = strlen(strip[k]);
        if (n <= sl || memcmp(s, strip[k], sl) != 0)
            continue;
        const struct rule *r = lookup(s + sl, n - sl, where, k > 0, word, wlen);
        if (r)
            return r;
    }
    return NULL;
}

/* The tokens from v[i] to its matching closing bracket (inclusive), or the
 * last one when it has none. v[i] must be an opening bracket. */
static size_t matching(const struct tok *v, size_t i, size_t n)
{
    int depth = 0;
    for (size_t k = i; k < n; k++) {
        if (tok_is(&v[k], "(") || tok_is(&v[k], "["))
            depth++;
        else if ((tok_is(&v[k], ")") || tok_is(&v[k], "]")) && --depth == 0)
            return k;
    }
    return n - 1;
}

/* v[i..] spelled into what: the name and its parenthesised arguments, without blanks. */
static void spell(const struct tok *v, size_t i, size_t n, char *what, size_t size)
{
    size_t end = i + 1 < n && tok_is(&v[i + 1], "(") ? matching(v, i + 1, n) : i;
    size_t len = 0;
    for (size_t k = i; k <= end && len + 1 < size; k++) {
        size_t take = v[k].n < size - 1 - len ? v[k].n : size - 1 - len;
        memcpy(what + len, v[k].s, take);
        len += take;
    }
    what[len] = '\0';
}

static const char *judge_no_sanitize(const struct rule *r, const struct tok *v, size_t i, size_t n,
                                     char *what, size_t size)
{
    spell(v, i, n, what, size);
    return strstr(what, "thread") ? WHY_NO_TSAN : r->why;
}

/* signal(SIG, h), sigaction(SIG, ...): after preprocessing SIG is a number.
 * A crash signal is refused; a number outside them is fine; anything else
 * (a variable, an expression, the function's address taken) is refused,
 * since racelab cannot tell which signal it is. */
static const char *judge_signal(const struct rule *r, const struct tok *v, size_t i, size_t n,
                                char *what, size_t size)
{
    static const struct {
        int number;
        const char *name;
    } crash[] = {{4, "SIGILL"}, {5, "SIGTRAP"},  {6, "SIGABRT"}, {7, "SIGBUS"},
                 {8, "SIGFPE"}, {11, "SIGSEGV"}, {31, "SIGSYS"}};
    size_t k = i + 1, open = 0;
    while (k < n && tok_is(&v[k], "(")) {
        k++;
        open++;
    }
    if (open == 0 || k >= n || v[k].kind != TOK_NUMBER)
        return r->why;
    size_t close = k + 1;
    while (close < n && open > 1 && tok_is(&v[close], ")")) {
        close++;
        open--;
    }
    if (close >= n || !(tok_is(&v[close], ",") || tok_is(&v[close], ")")))
        return r->why; /* an expression starting with a number */
    char num[32];
    size_t len = v[k].n < sizeof num - 1 ? v[k].n : sizeof num - 1;
    memcpy(num, v[k].s, len);
    num[len] = '\0';
    char *end;
    long sig = strtol(num, &end, 0);
    if (*end != '\0' && strspn(end, "uUlL") != strlen(end))
        return r->why;
    for (size_t c = 0; c < sizeof crash / sizeof *crash; c++)
        if (crash[c].number == sig) {
            snprintf(what, size, "%.*s(%s)", (int)v[i].n, v[i].s, crash[c].name);
            return WHY_CRASH_SIGNAL;
        }
    return NULL;
}

/* Pragmas (clang -E keeps them, _Pragma("...") included, as `#pragma` lines):
 * a namespace, and a sub-command that matters for clang and GCC. The first
 * row that matches decides; the last matches every pragma. */
static const struct pragma_rule {
    const char *ns, *sub; /* NULL: any */
    const char *why;      /* NULL: allowed */
} pragma_rules[] = {
    {"omp", NULL, NULL},
    {"STDC", NULL, NULL},
    {"once", NULL, NULL},
    {"pack", NULL, NULL},
    {"message", NULL, NULL},
    {"unroll", NULL, NULL},
    {"nounroll", NULL, NULL},
    {"push_macro", NULL, NULL},
    {"pop_macro", NULL, NULL},
    {"region", NULL, NULL},
    {"endregion", NULL, NULL},
    {"clang", "loop", NULL},
    {"GCC", "unroll", NULL},
    {"GCC", "ivdep", NULL},
    {"GCC", "warning", NULL},
    {"GCC", "error", NULL},
    {"clang", "attribute",
     "applies attributes to many declarations at once (it can switch a detector off for all of "
     "them); an exercise may not use it"},
    {"clang", "diagnostic",
     "changes which warnings the compiler gives (the thread-safety analysis is one); an exercise "
     "may not silence the checkers"},
    {"GCC", "diagnostic",
     "changes which warnings the compiler gives (the thread-safety analysis is one); an exercise "
     "may not silence the checkers"},
    {"weak", NULL,
     "makes a symbol weak, which changes which definition a name links to (a way to replace what "
     "the detectors intercept); an exercise may not redirect symbols"},
    {"redefine_extname", NULL,
     "renames a function at link time (a way to call what the detectors watch under another "
     "name); an exercise may not redirect symbols"},
    {NULL, NULL,
     "changes how the compiler builds the program; an exercise accepts #pragma omp and the few "
     "pragmas that change nothing racelab checks (STDC, pack, once, message, unroll)"},
};

const char *optout_pragma_why(const struct tok *ns, const struct tok *sub, char *what, size_t size)
{
    const struct pragma_rule *r = pragma_rules;
    while (r->ns && !(tok_is(ns, r->ns) && (!r->sub || (sub && tok_is(sub, r->sub)))))
        r++;
    bool named_sub = sub && (tok_is(ns, "clang") || tok_is(ns, "GCC"));
    snprintf(what, size, "#pragma %.*s%s%.*s", (int)ns->n, ns->s, named_sub ? " " : "",
             named_sub ? (int)sub->n : 0, named_sub ? sub->s : "");
    return r->why;
}

const char *optout_lock_hint_why(void)
{
    return LOCK_HINT_WHY;
}

/* What a program uses, for feedback (enum optout_fact): every row that
 * matches adds its bits. After preprocessing, <stdatomic.h>'s functions are
 * __c11_atomic_* builtins and its types _Atomic(...). */
static const struct fact_rule {
    const char *names;
    unsigned facts;
} fact_rules[] = {
    {"__c11_atomic_* __atomic_* __sync_* _Atomic atomic_* kill_dependency", FACT_ATOMICS},
    {"memory_order_relaxed", FACT_RELAXED},
    {"atomic_flag*", FACT_ATOMIC_FLAG},
    {"sleep usleep nanosleep clock_nanosleep thrd_sleep", FACT_SLEEP},
    {"pthread_mutex_* rl_mutex*", FACT_MUTEX},
    {"mtx_*", FACT_MUTEX | FACT_C11_THREADS},
    {"pthread_spin_*", FACT_SPINLOCK},
    {"sem_*", FACT_SEMAPHORE},
    {"pthread_cond_* rl_cond_*", FACT_CONDVAR},
    {"cnd_*", FACT_CONDVAR | FACT_C11_THREADS},
    {"thrd_* tss_* call_once once_flag", FACT_C11_THREADS},
};

unsigned optout_facts_of(const struct tok *t)
{
    unsigned facts = 0;
    for (size_t r = 0; r < sizeof fact_rules / sizeof *fact_rules; r++)
        if (words_match(fact_rules[r].names, t->s, t->n))
            facts |= fact_rules[r].facts;
    return facts;
}

const char *optout_import_why(const char *name, unsigned allow)
{
    const char *word;
    size_t wlen;
    const struct rule *r = find_rule(name, strlen(name), W_NAME, &word, &wlen);
    if (!r || (r->flags & RF_TOKENS_ONLY) || (r->allow & allow))
        return NULL;
    return r->why;
}

bool optout_rule_names(const char *name, size_t n)
{
    const char *word;
    size_t wlen;
    return find_rule(name, n, W_NAME, &word, &wlen) != NULL;
}

bool optout_reserved_definition(const char *name)
{
    /* Names whose definition in the program would replace the library's, a
     * detector's interceptor or hook (the __ names are the implementation's
     * by the C standard), or the allocator Valgrind and TSan replace; and
     * environ, which the C library fills in wherever it is defined. */
    static const char reserved[] =
        "__* _vg* pthread_* sem_* thrd_* mtx_* cnd_* tss_* call_once omp_* ompt_* kmp_* "
        "Annotate* WTFAnnotate* vgPlain_* malloc calloc realloc reallocarray free aligned_alloc "
        "posix_memalign memalign valloc pvalloc malloc_usable_size _start _init _fini exit _exit "
        "_Exit abort atexit on_exit at_quick_exit quick_exit signal sigaction raise sched_yield "
        "sleep usleep nanosleep clock_nanosleep fork clone environ _environ";
    return words_match(reserved, name, strlen(name));
}

bool optout_rule_judge(const struct tok *v, size_t i, size_t n, bool attr, unsigned allow,
                       struct rule_hit *hit, char *what, size_t size)
{
    const struct rule *r =
        find_rule(v[i].s, v[i].n, attr ? W_ATTR : W_NAME, &hit->word, &hit->wlen);
    if (!r)
        return false;
    snprintf(what, size, "%.*s", (int)v[i].n, v[i].s);
    hit->why = r->allow & allow ? NULL : r->judge ? r->judge(r, v, i, n, what, size) : r->why;
    return true;
}
