/* observe.c: the tracer (see observe.h).
 *
 * One observer per run, driven from proc.c's supervising loop on the thread
 * that forked the child: ptrace requests must come from the tracer thread,
 * and waiting with __WNOTHREAD keeps this thread to its own child while
 * other harness threads run theirs. Events are peeked with WNOWAIT first, so
 * that the process's own exit stays unreaped for proc.c, which kills what is
 * left of the run before it lets the pid go.
 *
 * Time and CPU come from the kernel, not from the program: /proc's
 * schedstat (nanoseconds on a CPU) and stat (the thread's state) of each
 * thread, read every millisecond while something is being watched. */
#define _GNU_SOURCE
#include "observe.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "observe_internal.h"
#include "util.h"

#define SAMPLE_US         200       /* between samples while watching */
#define IDLE_US           10000     /* between samples otherwise */
#define BIRTH_HOLD_MAX_S  0.05      /* a newborn waits at most this long for a partner */
#define BIRTH_HOLD_GIVEUP 3         /* after this many lonely births, hold no more */
#define WORK_TRIGGER_NS   250000ull /* the first work hold, then 2x, 4x, ... */
#define WORK_HOLD_MAX_S   2.0
#define PROGRESS_NS       100000ull /* CPU another thread must use to count as work */
#define QUIET_CPU_NS      20000ull  /* less than this between samples: not running */
#define DEADLOCK_S        2.0
#define SPIN_STEPS        64 /* instructions stepped to tell spinning from work */

enum held { HELD_NONE, HELD_BIRTH, HELD_INTERRUPTING, HELD_WORK };

struct thread {
    pid_t tid;
    int parent;
    bool tool, alive, started;
    bool counting; /* base_ns is set: its CPU from base_ns on is work */
    bool stopped;  /* in a ptrace-stop we have not resumed */
    enum held held;
    int hold_tries; /* work holds after which the others waited: retried soon, a few times */
    /* Its creator's CPU when it was born: until the creator runs again, the
     * creator may be waiting for it to start (TSan's pthread_create waits
     * for the new thread's set-up), and that set-up is not work. */
    unsigned long long creator_cpu_at_birth;
    bool creator_moved;
    double setup_checked; /* when its creator was last tested for spinning */
    bool spun;            /* found spinning during the current work hold */
    int pending_sig;      /* a signal that arrived while it was stepped, for its release */
    bool in_hold;         /* alive when the current work hold began, or born during it */
    int stat_fd, sched_fd;
    int clock_fd; /* perf task-clock event: signals the thread at its next trigger */
    double born_s, ended_s, held_since;
    unsigned long long cpu_ns, prev_cpu_ns, hold_start_ns;
    /* Work is CPU since base_ns: a new thread's from its birth, a creator's
     * from its latest thread creation (creating threads is not work). */
    unsigned long long base_ns, first_create_ns, next_trigger_ns;
    char state, prev_state;
    int quiet; /* consecutive samples without running */
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
    bool others_checked; /* this work hold's other threads were tested for spinning */
    int progress_by;     /* the thread found working during this hold, or -1 */
};

static bool spinning(const struct observer *o, struct thread *t, int *pending_sig);
static void on_stop(struct observer *o, int i, int status, double now);

/* ---- /proc -------------------------------------------------------------------------------- */

static int open_task_file(pid_t pid, pid_t tid, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, name);
    return open(path, O_RDONLY | O_CLOEXEC);
}

static ssize_t pread_text(int fd, char *buf, size_t size)
{
    if (fd < 0)
        return -1;
    ssize_t n = pread(fd, buf, size - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

/* CPU time and state, into t; false once the thread is gone. */
static bool sample_thread(struct thread *t)
{
    char buf[512];
    if (pread_text(t->sched_fd, buf, sizeof buf) <= 0)
        return false;
    unsigned long long cpu = strtoull(buf, NULL, 10);
    t->prev_cpu_ns = t->cpu_ns;
    if (cpu > t->cpu_ns)
        t->cpu_ns = cpu;
    t->prev_state = t->state;
    if (pread_text(t->stat_fd, buf, sizeof buf) > 0) {
        /* "tid (comm) S ...": comm may hold spaces and parentheses. */
        char *close = strrchr(buf, ')');
        t->state = close && close[1] == ' ' ? close[2] : '?';
    }
    bool running = t->cpu_ns - t->prev_cpu_ns >= QUIET_CPU_NS;
    bool asleep = t->state == 'S' || t->state == 'D';
    t->quiet = asleep && !running ? t->quiet + 1 : 0;
    return true;
}

/* Blocked in a system call that nothing but another thread can end:
 * futex without a timeout, a read, a wait. /proc/.../syscall: "NR ARG1 ...". */
static bool untimed_wait(pid_t pid, pid_t tid)
{
    int fd = open_task_file(pid, tid, "syscall");
    char buf[256];
    ssize_t n = pread_text(fd, buf, sizeof buf);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return false;
    unsigned long long a[7] = {0};
    char *p = buf;
    long nr = strtol(p, &p, 10);
    for (int i = 0; i < 6 && *p == ' '; i++)
        a[i] = strtoull(p + 1, &p, 16);
    switch (nr) {
    case SYS_futex: /* a waiting futex: its fourth argument is the timeout, NULL for none */
        return a[3] == 0;
    case SYS_read:
    case SYS_readv:
    case SYS_wait4:
    case SYS_waitid:
    case SYS_pause:
        return true;
    default:
        return false; /* sleeps, polls with timeouts, anything unknown: not a deadlock */
    }
}

/* ---- the CPU clock that stops a thread at its next trigger -------------------------------- */

/* A perf task-clock event on the thread, counting its CPU time (from the
 * kernel's scheduler clock, to about 0.1 ms, where CPU-time timers tick at
 * 4 ms), that sends the thread spec->hold_signal each time `period` ns more
 * have passed. The thread stops at that signal before it can run another
 * instruction: the tracer holds it there, however late the tracer itself
 * gets a CPU, and drops the signal. Opened by the tracer on the thread: the
 * program has no part in it. */
static void clock_arm(const struct observer *o, struct thread *t, unsigned long long period)
{
    if (!o->spec->work_holds || !o->spec->hold_signal || t->tool || !t->alive)
        return;
    if (t->clock_fd >= 0) {
        ioctl(t->clock_fd, PERF_EVENT_IOC_PERIOD, &period);
        return;
    }
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.sample_period = period;
    a.wakeup_events = 1;
    int fd = (int)syscall(SYS_perf_event_open, &a, t->tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0)
        return; /* no clock: the samples still trigger holds, less finely */
    struct f_owner_ex owner = {F_OWNER_TID, t->tid};
    if (fcntl(fd, F_SETSIG, o->spec->hold_signal) < 0 || fcntl(fd, F_SETOWN_EX, &owner) < 0 ||
        fcntl(fd, F_SETFL, O_ASYNC) < 0) {
        close(fd);
        return;
    }
    t->clock_fd = fd;
}

static void clock_close(struct thread *t)
{
    if (t->clock_fd >= 0)
        close(t->clock_fd);
    t->clock_fd = -1;
}

/* ---- the thread table --------------------------------------------------------------------- */

static int find(const struct observer *o, pid_t tid)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].tid == tid)
            return (int)i;
    return -1;
}

static int add_thread(struct observer *o, pid_t tid, int parent, double now)
{
    o->t = grow_array(o->t, &o->cap, o->n + 1, sizeof *o->t);
    struct thread *t = &o->t[o->n];
    memset(t, 0, sizeof *t);
    t->tid = tid;
    t->parent = parent;
    t->alive = true;
    t->born_s = now - o->start;
    t->state = '?';
    t->next_trigger_ns = WORK_TRIGGER_NS;
    t->stat_fd = open_task_file(o->pid, tid, "stat");
    t->sched_fd = open_task_file(o->pid, tid, "schedstat");
    t->clock_fd = -1;
    t->in_hold = o->work_hold >= 0; /* born during a hold: one of the others */
    /* TSan starts one thread of its own, just before the program's first. */
    if (o->spec->tool == OBSERVE_TSAN && parent >= 0 && !o->tsan_thread_seen) {
        t->tool = true;
        o->tsan_thread_seen = true;
    }
    /* A new thread's work starts with it; its creator's starts again: exec,
     * loading, a tool's start-up and creating threads are not the program's
     * work. */
    t->counting = parent >= 0;
    if (parent >= 0) {
        struct thread *c = &o->t[parent];
        sample_thread(c);
        t->creator_cpu_at_birth = c->cpu_ns;
        c->base_ns = c->cpu_ns;
        c->next_trigger_ns = WORK_TRIGGER_NS;
        if (c->clock_fd >= 0) /* a creator's work starts again */
            ioctl(c->clock_fd, PERF_EVENT_IOC_RESET, 0);
        if (!c->first_create_ns)
            c->first_create_ns = c->cpu_ns ? c->cpu_ns : 1;
        c->counting = true;
    }
    return (int)o->n++;
}

static void thread_ended(struct observer *o, struct thread *t, double now)
{
    if (!t->alive)
        return;
    sample_thread(t);
    t->alive = false;
    if (t->held == HELD_INTERRUPTING) { /* it ended before its hold began */
        t->held = HELD_NONE;
        o->work_hold = -1;
    }
    t->ended_s = now - o->start;
    if (t->stat_fd >= 0)
        close(t->stat_fd);
    if (t->sched_fd >= 0)
        close(t->sched_fd);
    t->stat_fd = t->sched_fd = -1;
    clock_close(t);
}

/* Let a stopped thread go on, unless it is being held. A thread being
 * interrupted may stop at another event first: it goes on, and its
 * interrupt stop comes next. */
static void resume(struct thread *t, int sig)
{
    if (!t->stopped || t->held == HELD_BIRTH || t->held == HELD_WORK)
        return;
    if (ptrace(PTRACE_CONT, t->tid, 0, (void *)(long)sig) == 0 || errno == ESRCH)
        t->stopped = false;
}

/* ---- holds -------------------------------------------------------------------------------- */

static struct observed_hold *new_hold(struct observer *o, enum hold_kind kind, int thread,
                                      double since)
{
    o->obs.holds = xrealloc(o->obs.holds, (o->obs.nholds + 1) * sizeof *o->obs.holds);
    struct observed_hold *h = &o->obs.holds[o->obs.nholds++];
    memset(h, 0, sizeof *h);
    h->kind = kind;
    h->thread = thread;
    h->start_s = since - o->start;
    return h;
}

static void end_birth_hold(struct observer *o, int i, enum hold_end end, double now)
{
    struct thread *t = &o->t[i];
    struct observed_hold *h = new_hold(o, HOLD_BIRTH, i, t->held_since);
    h->end = end;
    h->end_s = now - o->start;
    o->held_total_s += now - t->held_since;
    /* Waited in vain: a program that creates its threads one at a time. */
    if (end == HOLD_CREATOR_BLOCKED ||
        (end == HOLD_TIMEOUT && now - t->held_since >= BIRTH_HOLD_MAX_S))
        o->lonely_births++;
    t->held = HELD_NONE;
    resume(t, 0);
}

static bool birth_holds_on(const struct observer *o)
{
    return o->spec->birth_holds && o->lonely_births < BIRTH_HOLD_GIVEUP && o->work_hold < 0 &&
           o->held_total_s < o->spec->hold_budget_s;
}

/* A newborn held at birth goes when another of the program's threads is
 * alive beside it (a partner), when its creator waits for it, or when it
 * has waited long enough. */
static void check_birth_holds(struct observer *o, double now)
{
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        if (t->held != HELD_BIRTH)
            continue;
        bool partner = false;
        for (size_t k = 0; k < o->n && !partner; k++)
            partner =
                k != i && o->t[k].alive && !o->t[k].tool && o->t[k].parent >= 0 && o->t[k].started;
        const struct thread *creator = t->parent >= 0 ? &o->t[t->parent] : NULL;
        if (partner)
            end_birth_hold(o, (int)i, HOLD_PARTNER, now);
        else if (!creator || !creator->alive || creator->quiet >= 2)
            end_birth_hold(o, (int)i, HOLD_CREATOR_BLOCKED, now);
        else if (now - t->held_since >= BIRTH_HOLD_MAX_S || !birth_holds_on(o))
            end_birth_hold(o, (int)i, HOLD_TIMEOUT, now);
    }
}

/* Alive threads that are the program's (not the tool's), other than i. */
static bool is_other(const struct observer *o, size_t k, int i)
{
    return (int)k != i && !o->t[k].tool;
}

static void end_work_hold(struct observer *o, enum hold_end end, double now)
{
    struct thread *t = &o->t[o->work_hold];
    struct observed_hold *h = new_hold(o, HOLD_WORK, o->work_hold, t->held_since);
    h->end = end;
    h->end_s = now - o->start;
    h->held_work_s = (double)(t->hold_start_ns - t->base_ns) / 1e9;
    h->others = xcalloc(o->n, sizeof *h->others);
    for (size_t k = 0; k < o->n; k++) {
        struct thread *b = &o->t[k];
        if (!is_other(o, k, o->work_hold) || !b->in_hold)
            continue;
        /* Work only: a thread still setting up (creator_moved false) has
         * not begun it, and one that began during the hold counts from then. */
        unsigned long long from = b->hold_start_ns > b->base_ns ? b->hold_start_ns : b->base_ns;
        unsigned long long used = b->creator_moved && b->cpu_ns > from ? b->cpu_ns - from : 0;
        if (b->parent < 0) /* the first thread: counted since its last creation */
            used = b->cpu_ns > from ? b->cpu_ns - from : 0;
        struct observed_other *x = &h->others[h->nothers++];
        x->thread = (int)k;
        x->work_s =
            b->hold_start_ns > b->base_ns ? (double)(b->hold_start_ns - b->base_ns) / 1e9 : 0;
        x->cpu_s = (double)used / 1e9;
        if (!b->alive)
            x->did = OTHER_FINISHED;
        else if (b->spun)
            x->did = OTHER_SPUN;
        else if ((int)k == o->progress_by || used >= PROGRESS_NS)
            x->did = OTHER_WORKED;
        else
            x->did = OTHER_WAITED;
        b->spun = b->in_hold = false;
    }
    o->progress_by = -1;
    o->held_total_s += now - t->held_since;
    /* The others waited for it: it may have held a lock just then (one
     * around each update, say). Try again soon, a few times; otherwise at
     * twice its work. */
    unsigned long long work = t->hold_start_ns - t->base_ns;
    if ((end == HOLD_QUIET || end == HOLD_BLOCKING) && t->hold_tries++ < 16) {
        unsigned long long delta = work / 4 > WORK_TRIGGER_NS / 2 ? work / 4 : WORK_TRIGGER_NS / 2;
        t->next_trigger_ns = work + delta;
    }
    clock_arm(o, t, t->next_trigger_ns > work ? t->next_trigger_ns - work : WORK_TRIGGER_NS);
    t->held = HELD_NONE;
    o->work_hold = -1;
    resume(t, t->pending_sig);
    t->pending_sig = 0;
}

/* Is another thread, running while one is held, spinning: busy-waiting for
 * what the held one has (a spinlock)? Stopped for the test, then let go. */
static bool other_spinning(struct observer *o, size_t k, double now)
{
    struct thread *b = &o->t[k];
    if (!b->alive || b->stopped || b->held != HELD_NONE || b->state != 'R' ||
        ptrace(PTRACE_INTERRUPT, b->tid, 0, 0) != 0)
        return false;
    int status;
    pid_t got;
    while ((got = waitpid(b->tid, &status, __WALL)) < 0 && errno == EINTR)
        ;
    if (got != b->tid)
        return false;
    if (!WIFSTOPPED(status)) {
        thread_ended(o, b, now);
        return false;
    }
    b->stopped = true;
    if ((status >> 16) != PTRACE_EVENT_STOP) {
        /* Another event came first: handled as usual (the interrupt's stop
         * comes later, and only lets it go on). */
        on_stop(o, (int)k, status, now);
        return false;
    }
    int sig = 0;
    bool spin = spinning(o, b, &sig);
    o->t[k].spun |= spin;
    resume(&o->t[k], sig);
    return spin;
}

/* While a thread is held in the middle of its work: did another thread
 * work and then finish or wait (the threads overlap), did they all wait
 * (they take turns), or do they run on without finishing (spinning)? */
static void check_work_hold(struct observer *o, double now)
{
    struct thread *held = &o->t[o->work_hold];
    if (held->held != HELD_WORK)
        return; /* still being stopped */
    unsigned long long used = 0, best = 0;
    bool settled = now - held->held_since >= 2e-3;
    for (size_t k = 0; k < o->n; k++) {
        if (!is_other(o, k, o->work_hold))
            continue;
        struct thread *t = &o->t[k];
        unsigned long long u = t->cpu_ns - t->hold_start_ns;
        used += u;
        best = u > best ? u : best;
        if (t->alive && t->quiet < 2)
            settled = false;
    }
    if (settled) {
        end_work_hold(o, best >= PROGRESS_NS ? HOLD_PROGRESS : HOLD_QUIET, now);
        return;
    }
    /* Others still running after a while: working, or spinning for what
     * the held thread has? Stepped to tell (once per hold): one that works
     * is the overlap this hold looks for (a fine-grained lock's threads
     * work by turns of a few instructions, so the others rarely finish
     * while one is held); if all of them spin, they wait for it. */
    /* Enough of the others' work to count: as much as half the held
     * thread's so far (they work at a like pace), 5 ms at most. */
    unsigned long long enough = (held->hold_start_ns - held->base_ns) / 2;
    enough = enough > 5000000ull ? 5000000ull : enough < PROGRESS_NS ? PROGRESS_NS : enough;
    if (!o->others_checked && now - held->held_since >= 2e-3 && best >= enough) {
        o->others_checked = true;
        int worker = -1, spinners = 0;
        for (size_t k = 0; k < o->n; k++) {
            if (!is_other(o, k, o->work_hold) || !o->t[k].alive || o->t[k].state != 'R')
                continue;
            if (other_spinning(o, k, now))
                spinners++;
            else if (o->t[k].alive && o->t[k].cpu_ns - o->t[k].hold_start_ns >= PROGRESS_NS)
                worker = (int)k;
        }
        if (worker >= 0) {
            o->progress_by = worker;
            end_work_hold(o, HOLD_PROGRESS, now);
            return;
        }
        if (spinners) {
            end_work_hold(o, HOLD_BLOCKING, now);
            return;
        }
    }
    if (used >= o->window_ns)
        end_work_hold(o, HOLD_WINDOW, now);
    else if (now >= o->hold_end ||
             o->held_total_s + (now - held->held_since) >= o->spec->hold_budget_s)
        end_work_hold(o, HOLD_TIMEOUT, now);
}

/* A thread that has worked past its next trigger is stopped, if another of
 * the program's threads is alive to be watched. */
static unsigned long long work_of(const struct thread *t)
{
    return t->cpu_ns > t->base_ns ? t->cpu_ns - t->base_ns : 0;
}

/* May thread i be held for work now? Not a tool's thread, not one being
 * held, and not when nothing else of the program is alive to watch. */
static bool may_hold(const struct observer *o, size_t i)
{
    /* Never the first thread: the program's own start (exec, loading,
     * creating the others) is not work, and where it works too (OpenMP's
     * master), holding the others shows the same. */
    if (i == 0 || !o->spec->work_holds || o->work_hold >= 0 ||
        o->held_total_s >= o->spec->hold_budget_s)
        return false;
    const struct thread *t = &o->t[i];
    if (!t->alive || t->tool || t->held != HELD_NONE || !t->counting || !t->creator_moved)
        return false;
    /* Someone to watch: a sibling, or a creator that works too (OpenMP's
     * master). A creator that only waits (in a join, or in TSan's
     * pthread_create) shows nothing. */
    for (size_t k = 0; k < o->n; k++)
        if (k != i && o->t[k].alive && !o->t[k].tool &&
            ((int)k != t->parent || work_of(&o->t[k]) >= WORK_TRIGGER_NS))
            return true;
    return false;
}

/* Thread `pick` is to be held: every birth hold gives way (the others must
 * all be free to run), and its window is set. */
static void begin_work_hold(struct observer *o, int pick, unsigned long long work, double now)
{
    struct thread *t = &o->t[pick];
    while (t->next_trigger_ns <= work)
        t->next_trigger_ns *= 2;
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].held == HELD_BIRTH)
            end_birth_hold(o, (int)i, HOLD_TIMEOUT, now);
    t->held = HELD_INTERRUPTING;
    t->held_since = now;
    o->work_hold = pick;
    /* Long enough for work as long as the held thread's to finish. */
    o->window_ns = 4 * work > 20000000ull ? 4 * work : 20000000ull;
    o->hold_end = now + WORK_HOLD_MAX_S;
}

/* A thread that has worked past its next trigger is stopped. */
static void maybe_start_work_hold(struct observer *o, double now)
{
    int pick = -1;
    unsigned long long pick_work = 0;
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        unsigned long long work = work_of(t);
        if (!may_hold(o, i) || t->stopped || t->state != 'R' || work < t->next_trigger_ns)
            continue;
        if (pick < 0 || work > pick_work) {
            pick = (int)i;
            pick_work = work;
        }
    }
    if (pick < 0 || ptrace(PTRACE_INTERRUPT, o->t[pick].tid, 0, 0) != 0)
        return;
    begin_work_hold(o, pick, pick_work, now);
}

/* Is the stopped thread spinning, busy-waiting for another thread? A loop
 * that waits changes nothing: each turn passes through exactly the states
 * (every register, at every instruction) of the turn before. A loop that
 * works differs somewhere in each turn, if only in the counter it loads
 * (at -O0 a counter lives in memory, so one instruction alone can look the
 * same each turn: the whole turn is compared). Stepped one instruction at a
 * time, up to SPIN_STEPS: two identical turns in a row are a spin. A signal
 * that arrives meanwhile ends the test (not spinning) and is kept for the
 * thread. */
/* Is this signal the thread's clock? The kernel's, for our descriptor: a
 * program cannot send a signal that says so. */
static bool hold_timer(const struct observer *o, const struct thread *t, int sig)
{
    siginfo_t si;
    return o->spec->hold_signal && sig == o->spec->hold_signal && t->clock_fd >= 0 &&
           ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 && si.si_code > 0 &&
           si.si_fd == t->clock_fd;
}

static bool same_regs(const struct user_regs_struct *a, const struct user_regs_struct *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* One instruction; false when the thread did not stop for it. A thread
 * that was stopped inside a system call goes back to waiting in it, and
 * would not stop again for the step: after 5 ms it is interrupted, and is
 * no spinner. */
static bool step(const struct observer *o, struct thread *t, int *pending_sig, bool *stepped)
{
    int status = 0;
    *stepped = false;
    if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, 0) != 0)
        return false;
    /* A step takes a microsecond once the thread has a CPU: poll without
     * sleeping for a while, then with sleeps. */
    pid_t got = 0;
    for (int waited = 0; (got = waitpid(t->tid, &status, __WALL | WNOHANG)) == 0; waited++) {
        if (waited == 2000 + 50) {
            ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
            while ((got = waitpid(t->tid, &status, __WALL)) < 0 && errno == EINTR)
                ;
            break;
        }
        if (waited < 2000)
            sched_yield();
        else
            usleep(100);
    }
    if (got != t->tid || !WIFSTOPPED(status))
        return false;
    if ((status >> 16) == PTRACE_EVENT_STOP)
        return false; /* the interrupt: it was blocked, not spinning */
    if (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0) {
        *stepped = true;
        return true;
    }
    if ((status >> 16) == 0 && hold_timer(o, t, WSTOPSIG(status)))
        return true; /* its own hold timer, fired meanwhile: dropped by the next step */
    *pending_sig = (status >> 16) == 0 ? WSTOPSIG(status) : 0;
    return false;
}

static bool spinning(const struct observer *o, struct thread *t, int *pending_sig)
{
    static _Thread_local struct user_regs_struct seen[SPIN_STEPS];
    bool stepped = false;
    /* From a signal or an interrupt stop, the first step only leaves the
     * stop: start from a state the thread really ran into. */
    while (!stepped)
        if (!step(o, t, pending_sig, &stepped))
            return false;
    for (int n = 0; n < SPIN_STEPS; n++) {
        if (ptrace(PTRACE_GETREGS, t->tid, 0, &seen[n]) != 0)
            return false;
        seen[n].eflags = 0; /* a compare that comes out the same still sets flags */
        for (int period = 1; 2 * period <= n + 1; period++) {
            if (seen[n - period].rip != seen[n].rip)
                continue;
            int j = 0;
            while (j < period && same_regs(&seen[n - j], &seen[n - j - period]))
                j++;
            if (j == period)
                return true;
        }
        do
            if (!step(o, t, pending_sig, &stepped))
                return false;
        while (!stepped);
    }
    return false;
}

/* The stop of an interrupted thread arrived: unless it was spinning, the
 * hold starts now. */
static void work_hold_started(struct observer *o, struct thread *t, double now)
{
    /* Held while spinning, waiting for another thread, it is not in the
     * middle of work: that the others go on then shows nothing. Asked now,
     * before the others change what it waits for. */
    int sig = 0;
    if (spinning(o, t, &sig)) {
        struct observed_hold *h = new_hold(o, HOLD_WORK, (int)(t - o->t), now);
        h->end = HOLD_SPINNING;
        h->end_s = h->start_s;
        h->held_work_s = (double)(t->cpu_ns - t->base_ns) / 1e9;
        t->held = HELD_NONE;
        o->work_hold = -1;
        /* Caught waiting: try again soon, as after a hold the others waited. */
        unsigned long long work = work_of(t);
        t->next_trigger_ns =
            work + (work / 4 > WORK_TRIGGER_NS / 2 ? work / 4 : WORK_TRIGGER_NS / 2);
        clock_arm(o, t, t->next_trigger_ns - work);
        resume(t, sig);
        return;
    }
    t->pending_sig = sig;
    t->held = HELD_WORK;
    t->held_since = now;
    o->others_checked = false;
    for (size_t k = 0; k < o->n; k++) {
        sample_thread(&o->t[k]);
        o->t[k].hold_start_ns = o->t[k].cpu_ns;
        o->t[k].quiet = 0;
        o->t[k].spun = false;
        o->t[k].in_hold = o->t[k].alive;
    }
}

/* ---- events ------------------------------------------------------------------------------- */

static void refuse(struct observer *o, char *what)
{
    if (!o->obs.refused)
        o->obs.refused = what;
    else
        free(what);
    o->killing = true;
}

static char *read_string(pid_t tid, unsigned long long addr)
{
    char buf[4096];
    struct iovec local = {buf, sizeof buf - 1}, remote = {(void *)(uintptr_t)addr, sizeof buf - 1};
    ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return xstrdup(n > 0 ? buf : "?");
}

static void on_seccomp(struct observer *o, struct thread *t)
{
    unsigned long reason = 0;
    struct __ptrace_syscall_info info;
    memset(&info, 0, sizeof info);
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &reason);
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof info, &info) <= 0)
        info.seccomp.nr = (unsigned long long)-1;
    unsigned long long nr = info.seccomp.nr, a[6];
    for (int k = 0; k < 6; k++)
        a[k] = info.seccomp.args[k];
    if (reason == TRACE_EXEC) {
        char *path = read_string(t->tid, nr == SYS_execveat ? a[1] : a[0]);
        bool tool = false;
        for (const char *const *p = o->spec->tool_exec_prefixes; p && *p && !tool; p++)
            tool = str_starts_with(path, *p);
        if (o->execs == 0 || (tool && o->tool_execs < o->spec->tool_execs)) {
            o->tool_execs += o->execs > 0;
            o->execs++;
            free(path);
            resume(t, 0);
            return;
        }
        refuse(o, xasprintf("%s(\"%s\") (running another program)",
                            nr == SYS_execveat ? "execveat" : "execve", path));
        free(path);
    } else if (reason == TRACE_PROCESS) {
        refuse(o, xstrdup(nr == SYS_vfork  ? "vfork() (creating a process)"
                          : nr == SYS_fork ? "fork() (creating a process)"
                                           : "clone() without CLONE_THREAD (creating a process)"));
    } else if (reason == TRACE_FD) {
        static const struct {
            long nr;
            const char *fmt;
        } fd_calls[] = {
            {SYS_close, "close(%llu): closing racelab's report channel"},
            {SYS_dup2, "dup2(%llu, %llu): replacing racelab's report channel"},
            {SYS_dup3, "dup3(%llu, %llu): replacing racelab's report channel"},
            {SYS_close_range, "close_range(%llu, %llu): closing racelab's report channel"},
        };
        const char *fmt = "a system call on racelab's report channel (%llu)";
        for (size_t i = 0; i < sizeof fd_calls / sizeof *fd_calls; i++)
            if ((long)nr == fd_calls[i].nr)
                fmt = fd_calls[i].fmt;
        refuse(o, xasprintf(fmt, a[0], a[1]));
    } else {
        resume(t, 0);
    }
}

/* A SIGTRAP the kernel sent for a single step or a breakpoint (si_code
 * TRAP_*, > 0): the tracer's, never the program's (raise() gives SI_TKILL). */
static bool own_trap(const struct thread *t)
{
    siginfo_t si;
    return ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 && si.si_code > 0;
}

static void on_stop(struct observer *o, int i, int status, double now)
{
    struct thread *t = &o->t[i];
    t->stopped = true;
    int sig = WSTOPSIG(status), event = (status >> 16) & 0xff;
    unsigned long msg = 0;
    switch (event) {
    case PTRACE_EVENT_CLONE:
        if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0) {
            int k = find(o, (pid_t)msg);
            if (k < 0)
                add_thread(o, (pid_t)msg, i, now);
            else /* its own first stop came first, with a guessed creator */
                o->t[k].parent = i;
        }
        resume(&o->t[i], 0);
        return;
    case PTRACE_EVENT_EXIT:
        thread_ended(o, t, now);
        resume(t, 0);
        return;
    case PTRACE_EVENT_SECCOMP:
        on_seccomp(o, t);
        return;
    case PTRACE_EVENT_STOP:
        if (!t->started) {
            /* A new thread, stopped at its first instruction. */
            t->started = true;
            clock_arm(o, t, t->next_trigger_ns);
            if (!t->tool && t->parent >= 0 && birth_holds_on(o)) {
                t->held = HELD_BIRTH;
                t->held_since = now;
                return;
            }
        } else if (t->held == HELD_INTERRUPTING) {
            work_hold_started(o, t, now);
            return;
        }
        resume(t, 0);
        return;
    case 0:
        if (hold_timer(o, t, sig)) {
            /* Its clock stopped it at its trigger: hold it there, and set
             * the next trigger at twice its work. */
            sample_thread(t);
            unsigned long long work = work_of(t);
            clock_arm(o, t, work > WORK_TRIGGER_NS ? work : WORK_TRIGGER_NS);
            if (may_hold(o, (size_t)i)) {
                begin_work_hold(o, i, work_of(t), now);
                work_hold_started(o, t, now);
            } else {
                resume(t, 0);
            }
            return;
        }
        /* A signal on its way: deliver it, except stops (job control would
         * freeze the run behind the tracer's back) and the traps of the
         * tracer's own stepping (a step that had not finished when the
         * tracer stopped waiting for it). */
        resume(t, sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
                          (sig == SIGTRAP && own_trap(t))
                      ? 0
                      : sig);
        return;
    default: /* exec, and anything else: go on */
        resume(t, 0);
    }
}

/* ---- the public part ---------------------------------------------------------------------- */

struct observer *observer_attach(const struct observe_spec *spec, pid_t pid, double start)
{
    long options = PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC |
                   PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SEIZE, pid, 0, (void *)options) != 0)
        return NULL;
    struct observer *o = xcalloc(1, sizeof *o);
    o->spec = spec;
    o->pid = pid;
    o->start = o->last_sample = o->quiet_since = start;
    o->work_hold = -1;
    o->progress_by = -1;
    add_thread(o, pid, -1, start);
    o->t[0].started = true;
    return o;
}

/* Is thread i's set-up over, so that its CPU from now on is its work? Its
 * creator has gone on: it created another thread, or it waits (a join),
 * or it ended, or it runs and is not spinning. TSan's pthread_create
 * spins (sched_yield) until the new thread has set up TSan's state, which
 * takes milliseconds of the new thread's CPU: that is not its work, and
 * holding it then only stops its creator. */
static bool set_up(struct observer *o, size_t i, double now)
{
    const struct thread *t = &o->t[i];
    const struct thread *c = &o->t[t->parent];
    for (size_t k = i + 1; k < o->n; k++)
        if (o->t[k].parent == t->parent)
            return true;
    if (!c->alive || c->quiet >= 2)
        return true;
    if (o->spec->tool != OBSERVE_TSAN)
        return c->cpu_ns >= t->creator_cpu_at_birth + 20000;
    if (now - o->t[i].setup_checked < 1e-3 || c->state != 'R' || c->stopped || c->held != HELD_NONE)
        return false;
    o->t[i].setup_checked = now;
    return !other_spinning(o, (size_t)t->parent, now);
}

static void sample_all(struct observer *o, double now)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].alive && !sample_thread(&o->t[i]))
            o->t[i].quiet = 2; /* gone between its exit event and its reaping */
    for (size_t i = 0; i < o->n; i++)
        if (!o->t[i].creator_moved && o->t[i].parent >= 0 && set_up(o, i, now)) {
            struct thread *t = &o->t[i];
            t->creator_moved = true;
            t->base_ns = t->cpu_ns;
            t->next_trigger_ns = WORK_TRIGGER_NS;
            if (t->clock_fd >= 0)
                ioctl(t->clock_fd, PERF_EVENT_IOC_RESET, 0);
            clock_arm(o, t, WORK_TRIGGER_NS);
        }
    o->last_sample = now;
}

/* Every thread of the program waiting, none with a timer, for DEADLOCK_S. */
static bool deadlocked(struct observer *o, double now)
{
    bool all = o->work_hold < 0;
    size_t alive = 0;
    for (size_t i = 0; all && i < o->n; i++) {
        const struct thread *t = &o->t[i];
        if (!t->alive || t->tool)
            continue;
        alive++;
        all = t->quiet >= 2 && t->held == HELD_NONE && untimed_wait(o->pid, t->tid);
    }
    if (!all || !alive) {
        o->quiet_since = now;
        return false;
    }
    return now - o->quiet_since >= DEADLOCK_S;
}

int observer_step(struct observer *o, double now, bool *leader_done, bool *kill)
/* (returns microseconds) */
{
    *leader_done = false;
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WNOHANG | WNOWAIT | __WALL | __WNOTHREAD) <
                0 ||
            si.si_pid == 0)
            break;
        bool dead =
            si.si_code == CLD_EXITED || si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED;
        if (si.si_pid == o->pid && dead) {
            *leader_done = true; /* left for proc.c to reap */
            thread_ended(o, &o->t[0], now);
            break;
        }
        int status;
        pid_t tid = waitpid(si.si_pid, &status, __WALL | WNOHANG);
        if (tid <= 0)
            break;
        int i = find(o, tid);
        if (i < 0) /* a thread whose first stop came before its creator's clone event */
            i = add_thread(o, tid, 0, now);
        if (WIFSTOPPED(status))
            on_stop(o, i, status, now);
        else
            thread_ended(o, &o->t[i], now);
    }
    bool watching = o->work_hold >= 0 || o->spec->work_holds;
    for (size_t i = 0; i < o->n && !watching; i++)
        watching = o->t[i].held != HELD_NONE;
    int period_us = watching ? SAMPLE_US : IDLE_US;
    if (now - o->last_sample >= period_us / 1e6) {
        sample_all(o, now);
        check_birth_holds(o, now);
        if (o->work_hold >= 0)
            check_work_hold(o, now);
        else
            maybe_start_work_hold(o, now);
        if (!o->obs.deadlock && deadlocked(o, now)) {
            o->obs.deadlock = true;
            o->obs.deadlock_after_s = now - o->start;
            o->killing = true;
        }
    }
    *kill = o->killing;
    return period_us;
}

bool observer_deadlock_pending(const struct observer *o)
{
    return o->obs.deadlock;
}

void observer_release(struct observer *o, double now)
{
    if (o->work_hold >= 0)
        end_work_hold(o, HOLD_ENDED, now);
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].held == HELD_BIRTH)
            end_birth_hold(o, (int)i, HOLD_ENDED, now);
    o->held_total_s = o->spec->hold_budget_s + 1; /* no more */
}

struct observation *observer_finish(struct observer *o)
{
    double now = o->start;
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].ended_s + o->start > now)
            now = o->t[i].ended_s + o->start;
    if (o->work_hold >= 0)
        end_work_hold(o, HOLD_ENDED, now);
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].held == HELD_BIRTH)
            end_birth_hold(o, (int)i, HOLD_ENDED, now);
    struct observation *obs = xmalloc(sizeof *obs);
    *obs = o->obs;
    obs->threads = xcalloc(o->n ? o->n : 1, sizeof *obs->threads);
    obs->nthreads = o->n;
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        if (t->alive)
            thread_ended(o, t, now);
        obs->threads[i] = (struct observed_thread){
            .tid = t->tid,
            .parent = t->parent,
            .tool = t->tool,
            .born_s = t->born_s,
            .ended_s = t->ended_s,
            .cpu_s = (double)t->cpu_ns / 1e9,
            .work_s = t->cpu_ns > t->base_ns ? (double)(t->cpu_ns - t->base_ns) / 1e9 : 0,
            .cpu_at_first_create_s = (double)t->first_create_ns / 1e9,
        };
    }
    free(o->t);
    free(o);
    return obs;
}

void observation_free(struct observation *o)
{
    if (!o)
        return;
    free(o->threads);
    for (size_t i = 0; i < o->nholds; i++)
        free(o->holds[i].others);
    free(o->holds);
    free(o->refused);
    free(o->error);
    free(o);
}

size_t observation_threads_started(const struct observation *o)
{
    size_t n = 0;
    for (size_t i = 1; o && i < o->nthreads; i++)
        n += !o->threads[i].tool;
    return n;
}
