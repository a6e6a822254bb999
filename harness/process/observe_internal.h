/* observe_internal.h: what the observer's files share: observe.c (the
 * tracer's events, the thread table, /proc), observe_holds.c (the
 * experiments) and observe_filter.c (the seccomp filter that feeds the
 * tracer). */
#ifndef RACELAB_OBSERVE_INTERNAL_H
#define RACELAB_OBSERVE_INTERNAL_H

/* The filter's SECCOMP_RET_TRACE values: what the tracer is asked about. */
enum trace_reason {
    TRACE_EXEC = 1,     /* execve, execveat: the tool's start-up, or refused */
    TRACE_PROCESS = 2,  /* fork, vfork, clone without CLONE_THREAD: refused */
    TRACE_FD = 3,       /* close or replace a protected descriptor: refused */
    TRACE_FD_WRITE = 4, /* write to a protected descriptor: the tool's own code only */
};

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/user.h>

#include "observe.h"

#define SAMPLE_US 200   /* between samples while watching */
#define IDLE_US   10000 /* between samples otherwise */
/* A newborn (or a thread at its exit) waits for a partner while its creator
 * works up to this much CPU: its creator's CPU, not the clock, so that a
 * loaded machine that does not run the creator does not end the wait early
 * (a 50 ms wall-clock limit did, now and then, with both cores busy)... */
#define BIRTH_HOLD_MAX_S 0.05
/* ... and never longer than this, whatever the creator does. */
#define BIRTH_HOLD_WALL_S 1.0
#define BIRTH_HOLD_GIVEUP 3          /* after this many lonely births, hold no more */
#define WORK_TRIGGER_NS   250000ull  /* the first work hold, then 1.5x, 2.25x, ... */
#define MAIN_TRIGGER_NS   2000000ull /* the first thread's first work hold */
#define STARTUP_MAX_NS    3000000ull /* CPU before a first wait still taken for start-up */
#define WORK_HOLD_MAX_S   2.0
#define PROGRESS_NS       100000ull /* CPU another thread must use to count as work */
#define QUIET_CPU_NS      20000ull  /* less than this between samples: not running */
#define DEADLOCK_S        2.0
#define SPIN_STEPS        64  /* instructions stepped to tell spinning from work */
#define TRY_STEPS         768 /* and more, to follow a lock's try function to its result */
#define STOP_WAIT_S       2.0 /* an interrupted thread that has not stopped by then is lost */
#define EXIT_BURST_NS     1000000ull /* less CPU than this after its last wait: only its exit */
#define CODE_RETRIES      64         /* holds put off in a row outside the program's code */

/* HELD_EXIT: stopped at its exit, for a partner (see obs_check_birth_holds). */
enum held { HELD_NONE, HELD_BIRTH, HELD_INTERRUPTING, HELD_WORK, HELD_EXIT };

struct thread {
    pid_t tid;
    int parent;
    bool tool, alive, started;
    bool counting; /* base_ns is set: its CPU from base_ns on is work */
    bool stopped;  /* in a ptrace-stop we have not resumed */
    enum held held;
    int hold_tries; /* work holds after which the others waited: retried soon, a few times */
    /* Holds not begun in a row: it was outside the program's own code
     * (observe_runtime.c). */
    int code_retries;
    bool code_seen; /* stopped in the program's own code at least once */
    /* Its CPU at that first stop: its work beside a held thread counts from
     * there (what it did before, in libraries and a runtime, was start-up). */
    unsigned long long code_from_ns;
    /* Its creator's CPU when it was born: until the creator runs again, the
     * creator may be waiting for it to start (TSan's pthread_create waits
     * for the new thread's set-up), and that set-up is not work. */
    unsigned long long creator_cpu_at_birth;
    bool creator_moved;
    bool waited_once; /* its work started again at its first wait */
    bool spun;        /* found spinning during the current work hold */
    int pending_sig;  /* a signal that arrived while it was stepped, for its release */
    bool in_hold;     /* alive when the current work hold began, or born during it */
    /* Samples of the current work hold in which it was ready to run (R)
     * but did not run, and in which it slept (S, D). */
    int hold_starved, hold_asleep;
    int stat_fd, sched_fd, cpu_fd;
    int clock_fd; /* perf task-clock event: signals the thread at its next trigger */
    double born_s, ended_s, held_since;
    unsigned long long creator_cpu_at_hold; /* a birth or exit hold's: its creator's CPU */
    unsigned long long cpu_ns, prev_cpu_ns, hold_start_ns;
    /* Work is CPU since base_ns: a new thread's from its birth, a creator's
     * from its latest thread creation (creating threads is not work). */
    unsigned long long base_ns, first_create_ns, next_trigger_ns;
    char state, prev_state;
    int quiet; /* consecutive samples without running */
    /* What the first thread did beside it (observed_thread.work_beside_s):
     * the first thread's CPU at its latest work, and at the end of its
     * latest wait; its own CPU at the previous sample, and since that wait. */
    unsigned long long first_cpu_at_work, first_cpu_before_burst, sampled_cpu_ns, burst_ns;
};

/* Held at one end of its life, waiting for a partner: a birth or an exit hold. */
static inline bool obs_edge_held(const struct thread *t)
{
    return t->held == HELD_BIRTH || t->held == HELD_EXIT;
}

struct addr_range {
    unsigned long long lo, hi;
};

/* How a poll shows that nothing changed (observe_poll.c). */
enum poll_kind {
    POLL_TRY_NONZERO, /* a lock's try function, nonzero when busy (pthread_mutex_trylock) */
    POLL_TRY_ZERO,    /* ... zero when busy (omp_test_lock) */
    POLL_XCHG,        /* an exchange that stored what it read */
    POLL_CAS_BOOL,    /* a compare-exchange that returned failure (TSan's _strong, _weak) */
    POLL_CAS_VAL,     /* a compare-exchange whose old value was not the expected one */
    POLL_LOAD,        /* an atomic load (TSan's): the same value at the same place, twice */
    POLL_SLEEP,       /* a sleep, a yield or a timed wait: entered, the thread waits */
};

/* A function the program polls with, where it lies in the program. */
struct poll_range {
    unsigned long long lo, hi;
    unsigned char kind;  /* enum poll_kind */
    unsigned char bytes; /* an atomic's operand size */
};

struct observer {
    const struct observe_spec *spec;
    pid_t pid;
    double start, last_sample, quiet_since, held_total_s;
    struct thread *t;
    size_t n, cap;
    struct observation obs;
    int execs, tool_execs, lonely_births;
    int work_hold;   /* index of the thread in a work hold (or being stopped), -1 */
    double hold_end; /* when the current work hold gives up */
    unsigned long long window_ns;
    bool tsan_thread_seen, killing;
    bool others_checked;    /* this work hold's other threads were tested for spinning */
    int others_retries;     /* tests asked again: one of them could not be tested */
    int progress_by;        /* the thread found working during this hold, or -1 */
    bool hold_outside_code; /* the current work hold began outside the program's code */
    /* The executable's code, and TSan's runtime in it (observe_runtime.c),
     * read at the first need and again after an exec. */
    struct addr_range *runtime, *text;
    size_t nruntime, ntext;
    struct addr_range *atomics; /* of the runtime, its atomic operations' machinery */
    size_t natomics;
    bool runtime_loaded;
    struct poll_range *polls; /* the poll functions of everything mapped (observe_poll.c) */
    bool polls_loaded;        /* read at the first test for spinning, and again after an exec */
    size_t npolls;
};

/* Shared by observe.c (the tracer's events, the thread table, /proc) and
 * observe_holds.c (the experiments: birth and work holds, the CPU clock,
 * telling spinning from work). */
bool obs_sample_thread(struct thread *t);
char obs_thread_state(const struct thread *t);
unsigned long long obs_thread_cpu(const struct thread *t);
void obs_resume(struct thread *t, int sig);
void obs_thread_ended(struct observer *o, struct thread *t, double now);
void obs_on_stop(struct observer *o, int i, int status, double now);
bool obs_own_trap(const struct thread *t);
unsigned long long obs_work_of(const struct thread *t);
void obs_clock_arm(const struct observer *o, struct thread *t, unsigned long long period);
void obs_clock_close(struct thread *t);
bool obs_hold_timer(const struct observer *o, const struct thread *t, int sig);
bool obs_may_hold(const struct observer *o, size_t i);
bool obs_birth_holds_on(const struct observer *o);
/* Another of the program's threads (not main's, not the tool's) is alive and started beside i. */
bool obs_has_partner(const struct observer *o, size_t i);
void obs_begin_work_hold(struct observer *o, int pick, unsigned long long work, double now);
void obs_work_hold_started(struct observer *o, struct thread *t, double now);
void obs_check_birth_holds(struct observer *o, double now);
void obs_check_work_hold(struct observer *o, double now);
void obs_maybe_start_work_hold(struct observer *o, double now);
void obs_end_work_hold(struct observer *o, enum hold_end end, double now);
/* Hold t at its birth or exit (HELD_BIRTH, HELD_EXIT) for a partner. */
void obs_edge_hold_begin(struct observer *o, struct thread *t, enum held held, double now);
void obs_end_birth_hold(struct observer *o, int i, enum hold_end end, double now);
enum spin_test { SPIN_WORKS, SPIN_SPINS, SPIN_UNTESTED };
enum spin_test obs_other_spinning(struct observer *o, size_t k, double now);
pid_t obs_wait_stop(struct observer *o, struct thread *t, int *status);
/* Is ip in the executable's own code (where a sanitizer's runtime is linked
 * too), rather than in a shared library? */
bool obs_in_executable(struct observer *o, unsigned long long ip);
/* Is ip in the program's own code: the executable's, TSan's runtime aside
 * (the checks of its plain loads and stores excepted)? */
bool obs_in_program_code(struct observer *o, unsigned long long ip);
/* Is ip in TSan's machinery of an atomic operation (observe_runtime.c)? */
bool obs_in_atomic_machinery(struct observer *o, unsigned long long ip);
/* Thread t, stopped: is it in the program's own code? Noted in t->code_seen. */
bool obs_note_code(struct observer *o, struct thread *t);
/* The executable changed (an exec): its ranges are read again at the next need. */
void obs_forget_code(struct observer *o);

/* Every line of /proc/PID/maps that names a file: its range, permissions,
 * file offset and path. */
typedef void obs_mapping_fn(void *ctx, unsigned long long lo, unsigned long long hi,
                            const char *perms, unsigned long long off, const char *name);
void obs_each_mapping(const struct observer *o, obs_mapping_fn *fn, void *ctx);

/* Every sized function of an ELF image's symbol tables of `type`
 * (SHT_SYMTAB, SHT_DYNSYM), moved by base when position-independent; and
 * the same for a file (false when it cannot be read). */
typedef void obs_elf_function_fn(void *ctx, const char *name, unsigned long long lo,
                                 unsigned long long size);
void obs_elf_functions(const unsigned char *img, size_t len, unsigned type, unsigned long long base,
                       obs_elf_function_fn *fn, void *ctx);
bool obs_map_file(const char *path, unsigned type, unsigned long long base, obs_elf_function_fn *fn,
                  void *ctx);

/* Is the stopped thread spinning, waiting for another thread rather than
 * working? Stepped through a turn of its loop (observe_poll.c); a signal
 * that arrives meanwhile is kept in *pending_sig for its release. */
bool obs_spinning(struct observer *o, struct thread *t, int *pending_sig);

#endif
