/* observe.h: every thread of a run, watched from outside the process.
 *
 * A classroom verdict must not rest on anything the program under test can
 * write. The observer is the harness's own tracer (ptrace, PTRACE_SEIZE): it
 * sees every thread the program creates and every thread that ends, reads
 * each thread's CPU time from /proc when it ends, and can stop one thread
 * while the others run. None of it passes through the program, so deleting
 * a file, closing a descriptor or lying on stdout changes none of it.
 *
 * With it come three experiments and one guard:
 *   - birth holds: a new thread waits at its first instruction until
 *     another thread is born, or its creator blocks (a join right after the
 *     create), so that threads a program creates together are alive
 *     together however the scheduler would have ordered them;
 *   - work holds: a thread that has run for a while is stopped in the middle
 *     of its work, and the others are watched: if one of them does work of
 *     its own and then finishes or waits, the threads really work at the
 *     same time; if they all wait for it (one lock, semaphore or critical
 *     section over each thread's whole work), or spin without finishing,
 *     they take turns. The thread is held at 0.25 ms of CPU, then 0.5, 1, 2
 *     ms... (its work is not known in advance), for a window that grows
 *     with it, so that long work can finish while short work is not held
 *     long. A thread found spinning (stepped a few instructions, it comes
 *     back to the same state: it waits, it does not work) is not held;
 *   - deadlock: every thread blocked, with no timer to wake it, and no CPU
 *     used for two seconds, ends the run at once instead of at its limit;
 *   - the guard: a seccomp filter (libseccomp) installed just before exec
 *     sends process creation, exec and any attempt to close or replace
 *     racelab's report channel to the tracer, which refuses them and ends
 *     the run (see observation.refused).
 *
 * The observer lives inside one proc_run() (proc.c drives it); its result
 * is a struct observation. */
#ifndef RACELAB_OBSERVE_H
#define RACELAB_OBSERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How a run is to be observed (struct proc_spec.observe). */
struct observe_spec {
    /* The tool the program runs under: Valgrind serialises the threads
     * (one of them holds its lock at any moment), so work holds mean
     * nothing there; TSan starts one thread of its own, before the
     * program's first. */
    enum observe_tool { OBSERVE_NATIVE, OBSERVE_TSAN, OBSERVE_VALGRIND } tool;
    bool birth_holds;
    bool work_holds;
    bool allow_processes; /* the exercise lets the program fork and exec */
    /* Descriptors the program may not close or replace (racelab's report
     * channel): a try is refused. At most 4. */
    int protect_fd[4];
    size_t nprotect;
    /* The signal each thread's hold timer sends (a perf task-clock event
     * the tracer opens on the thread, see observe_holds.c): a thread stopped
     * by it, at 0.25 ms of its CPU, is held there; the signal is dropped.
     * 0: none. */
    int hold_signal;
    /* Budget: total time threads may be held in one run (seconds). */
    double hold_budget_s;
    /* Execs after the first (the program, or its tool) that are the tool's
     * own start-up: Valgrind's launcher executes valgrind.bin, which
     * executes the tool. Allowed when the path starts with one of these
     * (NULL-terminated), at most tool_execs times; any other exec is
     * refused. */
    const char *const *tool_exec_prefixes;
    int tool_execs;
};

struct observed_thread {
    pid_t tid;
    int parent;                   /* index of the creating thread; -1 for the first */
    bool tool;                    /* the tool's own thread (TSan's background thread) */
    double born_s;                /* since the run started */
    double ended_s;               /* 0: still alive when the run ended (killed with the process) */
    double cpu_s;                 /* CPU time used, read at its end (or at its last sample) */
    double work_s;                /* of it, its work: since its start, or (a thread that creates
                                     others) since it last created one */
    double cpu_at_first_create_s; /* the first thread: its CPU when it created
                                     its first thread (the program's set-up) */
    double work_beside_s;         /* of work_s, what it did before the other threads' last
                                     work: the first thread's final stretch alone (an OpenMP
                                     master freeing its arrays, under TSan twice its share) is
                                     left out; the other threads: work_s */
};

enum hold_kind { HOLD_BIRTH, HOLD_WORK, HOLD_EXIT };
enum hold_end {
    HOLD_PARTNER,         /* birth: another thread was born meanwhile */
    HOLD_CREATOR_BLOCKED, /* birth: its creator waited for it */
    HOLD_PROGRESS,        /* work: another thread worked, then finished or waited */
    HOLD_QUIET,           /* work: every other thread waited */
    HOLD_WINDOW,          /* work: the others ran without finishing (spinning?) */
    HOLD_TIMEOUT,         /* the hold's time ran out */
    HOLD_ENDED,           /* the process ended meanwhile */
    HOLD_SPINNING,        /* work: not held: the thread was spinning (busy-waiting) */
    HOLD_BLOCKING,        /* work: another thread spun, waiting for the held one */
};

/* A work hold is over once another thread, found working (not spinning),
 * used this much CPU meanwhile: half the held thread's work (held_work_s)
 * when it was held (they work at a like pace), at least 0.1 ms, at most
 * 5 ms. The judge must not ask for more. */
double observe_progress_enough_s(double held_work_s);

/* What another thread of the program did while one was held for work. */
enum other_did {
    OTHER_WAITED,   /* blocked (a lock, a join, a condition...) with no CPU to speak of */
    OTHER_SPUN,     /* ran, but only spinning: busy-waiting */
    OTHER_WORKED,   /* ran and was working (not spinning), or used CPU and then waited */
    OTHER_FINISHED, /* ended */
    /* Ready to run through most of the hold, but given no CPU to speak of:
     * a busy machine (the program runs at nice 10), not a wait. Shows
     * nothing either way. */
    OTHER_STARVED,
};

struct observed_other {
    int thread;
    double work_s; /* its work (CPU since its start or its last thread creation) when the
                      hold began */
    double cpu_s;  /* CPU it used during the hold */
    enum other_did did;
    /* It had been seen in the program's own code by the hold's end (at a
     * stop of its own: a hold, its clock, a test for spinning). A thread
     * never seen there (a libomp worker under TSan spends milliseconds in
     * its start-up, then waits) did none of the program's work. */
    bool code_seen;
    /* Stepped at the hold's end and found working (the test that ended it),
     * not only counted by the CPU it used. */
    bool caught;
};

struct observed_hold {
    enum hold_kind kind;
    enum hold_end end;
    int thread;            /* index of the held thread */
    double start_s, end_s; /* since the run started */
    double held_work_s;    /* work: the held thread's work when it was held */
    /* Work holds: held outside the program's own code (in a library, in
     * TSan's runtime), its retries spent: it witnesses nothing. */
    bool outside_code;
    /* Work holds: every other thread of the program (the tool's aside)
     * alive when the hold began or born during it. */
    struct observed_other *others;
    size_t nothers;
};

struct observation {
    struct observed_thread *threads; /* in creation order; [0] is the program's first */
    size_t nthreads;
    struct observed_hold *holds;
    size_t nholds;
    /* The program did something racelab refuses (fork, exec, closing the
     * report channel): what, in words, e.g. "fork() (creating a process)".
     * The run was ended at that moment. NULL: nothing refused. */
    char *refused;
    /* Every thread waited with no way to wake for DEADLOCK_S: ended early. */
    bool deadlock;
    double deadlock_after_s;
    /* The observer could not do its job (ptrace refused...): no verdict may
     * rest on this observation. NULL normally. */
    char *error;
};

void observation_free(struct observation *o);

/* Threads the program itself started (tool threads aside, the first thread
 * aside): what "threads: N" counts. */
size_t observation_threads_started(const struct observation *o);

/* ---- for proc.c ------------------------------------------------------------------------- */

struct observer;

/* Before fork: the seccomp filter the child installs (built once per
 * distinct spec; never freed). Returns 0, or -1 with errno. */
struct sock_fprog;
int observe_filter(const struct observe_spec *spec, const struct sock_fprog **prog);
/* In the child, between fork and exec (async-signal-safe): no_new_privs and
 * the filter. Returns 0 or -1 with errno. */
int observe_child_install(const struct sock_fprog *prog);

/* After fork, before the child may go on: attach to it. NULL with errno
 * when ptrace is refused. */
struct observer *observer_attach(const struct observe_spec *spec, pid_t pid, double start);
/* Handle every event waiting, sample the threads, run the experiments.
 * Returns how many microseconds until it needs to be called again. Sets
 * *leader_done once the process has ended (its exit is left to be reaped
 * by the caller); sets *kill when the run must be ended now (a refusal or
 * a deadlock: see the observation). */
int observer_step(struct observer *o, double now, bool *leader_done, bool *kill);
/* Is the kill observer_step() asked for a deadlock (ended like a time
 * limit) rather than a refusal (killed at once)? */
bool observer_deadlock_pending(const struct observer *o);
/* The run is being ended (its time is up): every held thread goes, and no
 * thread is held again, so that each can take its signal. */
void observer_release(struct observer *o, double now);
/* After the process was reaped: the result (ownership moves to the caller). */
struct observation *observer_finish(struct observer *o);

#endif
