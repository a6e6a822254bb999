/* finding.h: racelab's tool-independent model of what a detector reported.
 *
 * Every tool speaks its own vocabulary (TSan's "data race", Helgrind's "Race",
 * DRD's "ConflictingAccess"). Parsers translate each report into a finding with
 * one of racelab's kinds, and keep, for each access or lock involved, the
 * thread and the whole stack, so that the harness can name the first frame in
 * the user's own source (not the tool's SUMMARY line, which can name an
 * interceptor). */
#ifndef RACELAB_FINDING_H
#define RACELAB_FINDING_H

#include <stdbool.h>
#include <stddef.h>

enum finding_kind {
    FK_DATA_RACE,         /* two unordered accesses, at least one a write */
    FK_USE_AFTER_FREE,    /* an access racing with (after) free() */
    FK_LOCK_ORDER,        /* two locks taken in opposite orders: potential deadlock */
    FK_UNLOCK_UNOWNED,    /* unlock of a lock the thread does not hold (or not locked) */
    FK_DOUBLE_LOCK,       /* re-lock of a non-recursive lock already held */
    FK_DESTROY_LOCKED,    /* destroy of a lock still held */
    FK_LOCK_HELD_AT_EXIT, /* a thread exited while holding a lock */
    FK_INVALID_LOCK,      /* operation on something that is not an initialised lock */
    FK_RWLOCK_MISUSE,     /* reader/writer lock used the wrong way */
    FK_CONDVAR_MISUSE,    /* wait without the mutex, two mutexes on one cond var, ... */
    FK_API_ERROR,         /* a pthread call returned an error the program ignored */
    FK_THREAD_LEAK,       /* a joinable thread was never joined */
    FK_SIGNAL_UNSAFE,     /* async-signal-unsafe call inside a signal handler */
    FK_ERRNO_SPOILED,     /* signal handler changed errno */
    /* Kinds only static tools report (a property of the source, not a run): */
    FK_MT_UNSAFE_CALL,    /* a libc function that is not thread-safe (strtok, localtime, ...) */
    FK_ASYNC_CANCEL,      /* asynchronous thread cancellation enabled */
    FK_BAD_THREAD_SIGNAL, /* a signal sent to a thread that kills the whole process (SIGTERM) */
    FK_BLOCK_UNDER_LOCK,  /* a blocking call (sleep, read, ...) inside a critical section */
    FK_OTHER,             /* a report racelab has no kind for (raw text kept) */
    /* Kinds observed by the harness itself, not by a detector: */
    FK_TIMEOUT,       /* the run exceeded its time limit (possible deadlock) */
    FK_WRONG_RESULT,  /* the functional oracle failed */
    FK_COMPILE_ERROR, /* a compiler rejected the program (rustc; the tool_kind is the error code) */
    FK__COUNT
};

/* "data-race", "lock-order", ... */
const char *finding_kind_name(enum finding_kind kind);
/* Inverse of finding_kind_name; returns -1 when the name is unknown. */
int finding_kind_from_name(const char *name);

struct frame {
    char *function; /* NULL when the tool did not know */
    char *file;     /* as the tool printed it (absolute or relative); NULL if unknown */
    char *object;   /* binary or shared object; may be NULL */
    int line;       /* 0 if unknown */
    int column;     /* 0 if unknown */
    /* TSan: the pc's offset in `object` ("bin+0xd0288"), which for the
     * executable is its address in the file's own terms; 0 if unknown. */
    unsigned long long offset;
};

/* One side of a report: an access, a lock acquisition, a free, a thread creation. */
struct access {
    char *what; /* the tool's own words: "Write of size 4", "Mutex M1 acquired here", ... */
    int thread; /* the tool's thread number (TSan: 0 = main, Valgrind: 1 = main); -1 unknown */
    struct frame *frames;
    size_t nframes;
};

/* Why a finding was taken out of the verdict (racelab suppressions file, a
 * baseline of known findings, or, in racelab run, what racelab knows the
 * tool cannot model: valgrind_blind_to_once()); it is still reported (SARIF
 * marks it). */
enum finding_filter { FILTER_NONE, FILTER_SUPPRESSED, FILTER_BASELINE, FILTER_TOOL_MODEL };
/* "suppression", "baseline", "tool-model"; NULL for FILTER_NONE. */
const char *finding_filter_name(enum finding_filter filter);

struct finding {
    enum finding_kind kind;
    enum finding_filter filtered_by;
    char *tool_kind; /* the tool's own name for it: "data race", "Race", "ConflictingAccess" */
    char *message;   /* one line: the tool's headline (TSan WARNING line, Valgrind what/xwhat) */
    /* What the memory is, in the tool's words, when it says: TSan's "Location is
     * global 'counter' of size 8 at 0x...", Valgrind's "Address 0x... is 0 bytes
     * inside data symbol "counter"". NULL otherwise. Not part of the identity. */
    char *location;
    struct access *accesses;
    size_t naccesses;
    /* In a judgement's unique findings: in how many of the judged runs the
     * tool reported it, and which of the first 64 (bit i: run i), so that
     * the findings of one bug can be counted together (verdict.c,
     * report_walk.c). 0 in a run's own list. */
    int runs_seen;
    unsigned long long runs_mask;
};

struct finding_list {
    struct finding *items;
    size_t len;
    size_t cap;
};

/* Append a zeroed finding and return it (owned by the list). */
struct finding *finding_list_add(struct finding_list *list);
/* Append a zeroed access to f and return it. */
struct access *finding_add_access(struct finding *f);
/* Append a frame (fields are copied) to a. */
/* Free what an access owns (its text and frames), leaving it empty. */
void access_clear(struct access *a);
/* A frame of the C library or of a runtime's interceptors: where a crash
 * surfaced (abort's raise), not where the program caused it. */
bool frame_is_system(const struct frame *f);
/* Where a stack stands, for one line: "f at file.c:12" for the first frame
 * from `from` on with a source line outside the system's libraries, else
 * "f (object)" for frame `from` (malloc'd). */
char *access_place(const struct access *stack, size_t from);
void access_add_frame(struct access *a, const char *function, const char *file, const char *object,
                      int line, int column);
void finding_list_free(struct finding_list *list);
/* Deep copy of src appended to dst. */
void finding_list_append_copy(struct finding_list *dst, const struct finding *src);
/* Move the findings of `from` for which take(ctx, f) is true to the end of
 * `to`, marked `mark` (both lists keep their order). Returns how many moved.
 * How suppressions and baselines take findings out before they are judged. */
size_t finding_list_move_if(struct finding_list *from, struct finding_list *to,
                            bool (*take)(void *ctx, const struct finding *f), void *ctx,
                            enum finding_filter mark);

/* Index of the first frame of `a` in user source, or -1. A frame is in user
 * source when it has a file and line and that file is under `source_root`
 * (absolute prefix) or is a relative path (gcc prints the path it was given)
 * in an object outside the system libraries;
 * with source_root NULL, any file outside /usr/ and outside the sanitizer
 * runtime counts. */
int access_user_frame(const struct access *a, const char *source_root);
/* The first user frame over all accesses, in order; NULL if none. */
const struct frame *finding_user_frame(const struct finding *f, const char *source_root);

#endif
