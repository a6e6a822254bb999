/* optout.h: refuse a student's source that switches the checks off, tests
 * for them, or escapes them, before it is built and run.
 *
 * A classroom verdict is only worth something if the program judged is the
 * program that runs natively, under every tool, in plain sight. A source can
 * cheat in ways no run would show: `no_sanitize("thread")`, an `#if
 * __has_feature(thread_sanitizer)`, a Valgrind client request, `_exit` before
 * the detectors' end-of-run report, reading TSAN_OPTIONS, timing itself to
 * notice a slow tool... optout_scan() finds them with the compiler's own
 * eyes: the source preprocessed (so a macro hides nothing), once plain and
 * once under each checker (a line that changes is a presence test), its
 * tokens matched against a table of rules, and the compiled object's symbols
 * read (so what a header calls on the student's behalf is seen too). Only the
 * student's own lines are judged by the token rules; the system's headers and
 * racelab's own (include/racelab, the -I directories of lang_argv) are not.
 *
 * Some exercises legitimately need what is otherwise refused (a case about
 * fork, a case that reads a clock): the exercise's header grants it with
 * `allow:`, as enum optout_allow bits. */
#ifndef RACELAB_OPTOUT_H
#define RACELAB_OPTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "allow.h"

struct proc_limits;

/* What the program uses, for feedback and for tools that cannot model it (bits). */
enum optout_fact {
    FACT_ATOMICS = 1u << 0,      /* C11 atomics, __atomic_* / __sync_* builtins, _Atomic */
    FACT_RELAXED = 1u << 1,      /* memory_order_relaxed (or __ATOMIC_RELAXED) used */
    FACT_VOLATILE = 1u << 2,     /* a `volatile` object in the student's own code */
    FACT_SLEEP = 1u << 3,        /* sleep, usleep, nanosleep, clock_nanosleep, thrd_sleep */
    FACT_MUTEX = 1u << 4,        /* pthread_mutex_*, mtx_*, rl_mutex_* (racelab/guarded.h) */
    FACT_SPINLOCK = 1u << 5,     /* pthread_spin_* */
    FACT_SEMAPHORE = 1u << 6,    /* sem_* */
    FACT_CONDVAR = 1u << 7,      /* pthread_cond_*, cnd_*, rl_cond_* */
    FACT_OMP_CRITICAL = 1u << 8, /* #pragma omp critical / ordered */
    FACT_C11_THREADS = 1u << 9,  /* thrd_*, mtx_*, cnd_*, tss_*, call_once from <threads.h> */
    FACT_ATOMIC_FLAG = 1u << 10, /* atomic_flag */
};

struct refusal {
    char *file; /* the student's file as the request names it */
    int line;   /* 1-based, 0 when unknown */
    char *what; /* short, what was found: "no_sanitize(\"thread\")", "getenv", "#pragma clang
                   attribute" */
    char *why;  /* one sentence a student understands, e.g. "turns ThreadSanitizer off for this
                   function; an exercise must be judged with it on" */
};
struct refusal_list {
    struct refusal *items;
    size_t len;
};

struct optout_request {
    /* Where clang runs; the paths below are relative to it. */
    const char *cwd;
    /* The student's file, e.g. "threads/shared-counter.c" (used in messages). */
    const char *source;
    /* Language flags, NULL-terminated: -std=c17 -pthread -I.../include
     * [-fopenmp] (build_language_argv gives them). A header under one of its
     * -I directories is racelab's and trusted (what it calls is not the
     * student's doing), so they must be racelab's own: a grading stage's
     * include link is made by racelab, never taken from a submission. */
    const char *const *lang_argv;
    unsigned allow; /* enum optout_allow bits */
    /* Run clang under these (the source is untrusted); may be NULL. With a
     * uid, that uid must be able to read the source and write work_dir
     * (sandbox_prepare_dir). */
    const struct proc_limits *limits;
    /* An existing directory for the object file (optout-PID-N.o, removed
     * after); absolute, or relative to the caller's own working directory.
     * Scans may share it. */
    const char *work_dir;
};

/* Scan; returns 0 with *out (possibly empty, in source order, refusals
 * without a line last, each (what, line) once, at most 100) and *facts
 * filled, or -1 with *err (malloc'd) when the scan itself could not run
 * (clang missing, the source unreadable, clang timed out or was killed).
 * A source that does not compile here returns 1, with no refusals, no
 * facts and clang's first error in *err: nothing was judged, so a caller
 * whose own build of the source succeeded must not take it for a clean
 * scan. Runs clang four times (three -E, one -c); thread-safe. */
int optout_scan(const struct optout_request *req, struct refusal_list *out, unsigned *facts,
                char **err);
void refusal_list_free(struct refusal_list *l);
/* "FILE:LINE: WHAT WHY" in one line (malloc'd); without a line: "FILE: WHAT WHY". */
char *refusal_format(const struct refusal *r);

/* What an ELF64 object file imports and defines: optout_scan() reads the
 * student's compiled object with it; exposed for tests and for callers that
 * hold an object already. Symbol names are malloc'd, in symbol-table order. */
struct optout_object {
    char **imports; /* undefined global or weak symbols */
    size_t nimports;
    char **exports; /* defined global or weak symbols */
    size_t nexports;
    char **early; /* sections whose code runs before main or after it: .init_array, .fini_array,
                     .preinit_array, .ctors, .dtors, .init, .fini (and .init_array.N...) */
    size_t nearly;
};
/* Read path defensively (every offset bounds-checked: a truncated or hostile
 * file is an error, never a crash). Returns 0, or -1 with *err (malloc'd)
 * naming the file and what is wrong; *obj is then empty. */
int optout_object_read(const char *path, struct optout_object *obj, char **err);
void optout_object_free(struct optout_object *obj);

#endif
