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
 * thread, read every 0.2 ms while something is being watched. This file
 * holds the events, the thread table and the public part; the experiments
 * are observe_holds.c's. */
#define _GNU_SOURCE
#include "observe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "observe_internal.h"
#include "procfs.h"
#include "util.h"

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

/* The thread's state letter now (R, S, D, t...), '?' if unreadable. */
char obs_thread_state(const struct thread *t)
{
    char buf[512];
    if (pread_text(t->stat_fd, buf, sizeof buf) <= 0)
        return '?';
    return procfs_stat_state(buf);
}

/* A counting task-clock event on the thread (perf, no sampling): its CPU
 * time to the nanosecond, even while it runs. /proc's schedstat is brought
 * up to date only when the thread is switched out or at the scheduler's
 * tick, up to 4 ms late: as much as a whole share of a short loop. -1
 * where perf is not available (schedstat is read then). */
static int open_cpu_counter(pid_t tid)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    return (int)syscall(SYS_perf_event_open, &a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* The thread's CPU time now (ns); 0 if unreadable. */
unsigned long long obs_thread_cpu(const struct thread *t)
{
    if (t->cpu_fd >= 0) {
        unsigned long long v;
        return read(t->cpu_fd, &v, sizeof v) == (ssize_t)sizeof v ? v : 0;
    }
    char buf[512];
    return pread_text(t->sched_fd, buf, sizeof buf) > 0 ? strtoull(buf, NULL, 10) : 0;
}

/* CPU time and state, into t; false once the thread is gone. */
bool obs_sample_thread(struct thread *t)
{
    unsigned long long cpu = obs_thread_cpu(t), before = t->cpu_ns;
    char state = obs_thread_state(t);
    if (cpu > t->cpu_ns && (state != '?' || t->cpu_fd >= 0))
        t->cpu_ns = cpu; /* a counter outlives the thread: its last reading is its total */
    if (state == '?')
        return false; /* its /proc entry is gone */
    t->prev_cpu_ns = before;
    t->prev_state = t->state;
    t->state = state;
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

/* ---- the thread table --------------------------------------------------------------------- */

static int find(const struct observer *o, pid_t tid)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].tid == tid)
            return (int)i;
    return -1;
}

/* Is tid a thread of process pid (alive, or a zombie not yet reaped)? */
static bool is_task_of(pid_t pid, pid_t tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d", (int)pid, (int)tid);
    return access(path, F_OK) == 0;
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
    t->cpu_fd = open_cpu_counter(tid);
    t->clock_fd = -1;
    t->in_hold = o->work_hold >= 0; /* born during a hold: one of the others */
    /* A thread started before the first exec belongs to the process racelab
     * forked, not to the program (a harness built with TSan starts its
     * background thread there); and TSan starts one thread of its own, just
     * before the program's first. */
    if (o->execs == 0 && parent >= 0)
        t->tool = true;
    else if (o->spec->tool == OBSERVE_TSAN && parent >= 0 && !o->tsan_thread_seen) {
        t->tool = true;
        o->tsan_thread_seen = true;
    }
    /* A new thread's work starts with it; its creator's starts again: exec,
     * loading, a tool's start-up and creating threads are not the program's
     * work. */
    t->counting = parent >= 0;
    if (parent >= 0) {
        struct thread *c = &o->t[parent];
        obs_sample_thread(c);
        t->creator_cpu_at_birth = c->cpu_ns;
        c->base_ns = c->cpu_ns;
        c->next_trigger_ns = WORK_TRIGGER_NS;
        if (c->clock_fd >= 0) /* a creator's work starts again */
            ioctl(c->clock_fd, PERF_EVENT_IOC_RESET, 0);
        if (!c->first_create_ns)
            c->first_create_ns = c->cpu_ns ? c->cpu_ns : 1;
        c->counting = true;
        /* The first thread may be held too, once it has created one, and
         * later than the others: what it does between two creations (TSan's
         * pthread_create alone is a few tenths of a millisecond) is not work,
         * and holding it there holds up every thread it has yet to create. */
        if (parent == 0) {
            c->next_trigger_ns = MAIN_TRIGGER_NS;
            obs_clock_arm(o, c, MAIN_TRIGGER_NS);
        }
    }
    return (int)o->n++;
}

void obs_thread_ended(struct observer *o, struct thread *t, double now)
{
    if (!t->alive)
        return;
    obs_sample_thread(t);
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
    if (t->cpu_fd >= 0)
        close(t->cpu_fd);
    t->stat_fd = t->sched_fd = t->cpu_fd = -1;
    obs_clock_close(t);
}

/* Let a stopped thread go on, unless it is being held. A thread being
 * interrupted may stop at another event first: it goes on, and its
 * interrupt stop comes next. */
void obs_resume(struct thread *t, int sig)
{
    if (!t->stopped || obs_edge_held(t) || t->held == HELD_WORK)
        return;
    if (ptrace(PTRACE_CONT, t->tid, 0, (void *)(long)sig) == 0 || errno == ESRCH)
        t->stopped = false;
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
            obs_resume(t, 0);
            return;
        }
        refuse(o, xasprintf("%s(\"%s\") (running another program)",
                            nr == SYS_execveat ? "execveat" : "execve", path));
        free(path);
    } else if (reason == TRACE_PROCESS) {
        refuse(o, xstrdup(nr == SYS_vfork  ? "vfork() (creating a process)"
                          : nr == SYS_fork ? "fork() (creating a process)"
                                           : "clone() without CLONE_THREAD (creating a process)"));
    } else if (reason == TRACE_FD_WRITE) {
        if (obs_in_executable(o, info.instruction_pointer)) {
            obs_resume(t, 0);
            return;
        }
        const char *call = nr == SYS_writev     ? "writev"
                           : nr == SYS_pwrite64 ? "pwrite"
                           : nr == SYS_write    ? "write"
                                                : "send";
        refuse(o, xasprintf("%s(%llu, ...): writing into racelab's report channel, where only "
                            "the detector writes",
                            call, a[0]));
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
        obs_resume(t, 0);
    }
}

/* A SIGTRAP the kernel sent for a single step or a breakpoint (si_code
 * TRAP_*, > 0): the tracer's, never the program's (raise() gives SI_TKILL). */
bool obs_own_trap(const struct thread *t)
{
    siginfo_t si;
    return ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 && si.si_code > 0;
}

void obs_on_stop(struct observer *o, int i, int status, double now)
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
        obs_resume(&o->t[i], 0);
        return;
    case PTRACE_EVENT_EXIT:
        /* A thread of the program ending with no other beside it waits
         * here for one, as a newborn does at birth: where the creator
         * waits in pthread_create for its new thread to start (TSan's
         * and Valgrind's wrappers do), a birth hold only times out, and
         * short threads would each end before the next is born. */
        if (!t->tool && t->parent >= 0 && !o->killing && obs_birth_holds_on(o) &&
            !obs_has_partner(o, (size_t)i)) {
            obs_edge_hold_begin(o, t, HELD_EXIT, now);
            return;
        }
        obs_thread_ended(o, t, now);
        obs_resume(t, 0);
        return;
    case PTRACE_EVENT_SECCOMP:
        on_seccomp(o, t);
        return;
    case PTRACE_EVENT_EXEC: /* a new executable: its code lies elsewhere */
        obs_forget_code(o);
        obs_resume(t, 0);
        return;
    case PTRACE_EVENT_STOP:
        if (!t->started) {
            /* A new thread, stopped at its first instruction. Held there
             * natively only: TSan's and Valgrind's pthread_create wait
             * for the new thread to start (a semaphore, a spin), so a
             * birth hold would hold its creator too, and time out. */
            t->started = true;
            obs_clock_arm(o, t, t->next_trigger_ns);
            if (!t->tool && t->parent >= 0 && o->spec->tool == OBSERVE_NATIVE &&
                obs_birth_holds_on(o)) {
                obs_edge_hold_begin(o, t, HELD_BIRTH, now);
                return;
            }
        } else if (t->held == HELD_INTERRUPTING) {
            obs_work_hold_started(o, t, now);
            return;
        }
        obs_resume(t, 0);
        return;
    case 0:
        if (obs_hold_timer(o, t, sig)) {
            /* Its clock stopped it at its trigger: hold it there, and set
             * the next trigger at twice its work. While another thread is
             * held, it stays due (its next trigger is not moved): it is held
             * as soon as that hold ends (observer_step), and its clock
             * meanwhile asks again soon. Set at twice its work, two
             * threads' triggers kept falling in each other's holds on a
             * loaded machine, and a short thread was held only early in its
             * work, where no hold can witness. */
            obs_sample_thread(t);
            unsigned long long work = obs_work_of(t);
            if (o->work_hold >= 0 && o->work_hold != i)
                obs_clock_arm(o, t, WORK_TRIGGER_NS / 2);
            else
                obs_clock_arm(o, t, work > WORK_TRIGGER_NS ? work : WORK_TRIGGER_NS);
            if (obs_may_hold(o, (size_t)i)) {
                obs_begin_work_hold(o, i, obs_work_of(t), now);
                obs_work_hold_started(o, t, now); /* notes where it stopped */
            } else {
                obs_note_code(o, t);
                obs_resume(t, 0);
            }
            return;
        }
        /* A signal on its way: deliver it, except stops (job control would
         * freeze the run behind the tracer's back) and the traps of the
         * tracer's own stepping (a step that had not finished when the
         * tracer stopped waiting for it). */
        obs_resume(t, sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
                              (sig == SIGTRAP && obs_own_trap(t))
                          ? 0
                          : sig);
        return;
    default: /* exec, and anything else: go on */
        obs_resume(t, 0);
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
 * or it ended, or it has run on since the creation. TSan's pthread_create
 * spins (sched_yield) until the new thread has set up TSan's state: that
 * is not its work, and holding it then only stops its creator. */
static bool set_up(const struct observer *o, size_t i)
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
    /* Under TSan, once the new thread runs (not held at birth), its creator
     * is let out of pthread_create within a fraction of a millisecond of its
     * CPU. Not stepped to make sure: stepping costs a trap an instruction,
     * and done every millisecond it was seen to starve a virtual machine's
     * CPU; a guess a little early only wastes a hold. */
    return t->started && t->held != HELD_BIRTH && c->cpu_ns >= t->creator_cpu_at_birth + 200000;
}

/* Of the first thread's work, what it did beside the others: up to the
 * others' last work. A thread's last burst, after its last wait, is left
 * out when it is short: that is its exit (an OpenMP worker, woken at the
 * program's end to finish), after the first thread's last stretch alone. */
static void note_work_beside_first(struct observer *o)
{
    for (size_t i = 1; i < o->n; i++) {
        struct thread *t = &o->t[i];
        if (t->quiet >= 2) {
            t->burst_ns = 0;
            t->first_cpu_before_burst = t->first_cpu_at_work;
        } else if (t->cpu_ns > t->sampled_cpu_ns) {
            t->burst_ns += t->cpu_ns - t->sampled_cpu_ns;
        }
        if (!t->tool && t->counting && t->held != HELD_EXIT &&
            t->cpu_ns >= t->sampled_cpu_ns + PROGRESS_NS)
            t->first_cpu_at_work = o->t[0].cpu_ns;
        t->sampled_cpu_ns = t->cpu_ns;
    }
}

static double first_work_beside(const struct observer *o)
{
    unsigned long long mark = 0;
    for (size_t i = 1; i < o->n; i++) {
        const struct thread *t = &o->t[i];
        unsigned long long m =
            t->burst_ns < EXIT_BURST_NS ? t->first_cpu_before_burst : t->first_cpu_at_work;
        mark = m > mark ? m : mark;
    }
    const struct thread *first = &o->t[0];
    return mark > first->base_ns ? (double)(mark - first->base_ns) / 1e9 : 0;
}

static void sample_all(struct observer *o, double now)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].alive && !obs_sample_thread(&o->t[i]))
            o->t[i].quiet = 2; /* gone between its exit event and its reaping */
    note_work_beside_first(o);
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        /* Its work starts once it is set up, and again at its first wait
         * when that comes early (a start barrier, most often): under TSan a
         * new thread's own start-up is a millisecond or two of CPU, as much
         * as a pool thread's whole share, and holding it there only finds
         * the others waiting at the barrier for it. A first wait after more
         * than that ends its work (an OpenMP worker's join barrier). */
        bool start = !t->creator_moved && t->parent >= 0 && set_up(o, i);
        bool first_wait = t->creator_moved && !t->waited_once && t->alive && t->quiet >= 2 &&
                          o->work_hold != (int)i;
        if (first_wait && t->cpu_ns - t->base_ns >= STARTUP_MAX_NS) {
            t->waited_once = true; /* a wait after real work: its end, not a start */
            first_wait = false;
        }
        if (!start && !first_wait)
            continue;
        t->creator_moved = true;
        t->waited_once |= first_wait;
        t->base_ns = t->cpu_ns;
        t->next_trigger_ns = WORK_TRIGGER_NS;
        if (t->clock_fd >= 0)
            ioctl(t->clock_fd, PERF_EVENT_IOC_RESET, 0);
        obs_clock_arm(o, t, WORK_TRIGGER_NS);
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
    /* The events of one step get times in the order they are handled: the
     * kernel reports them in no order of its own, but one caused by
     * resuming another (a join returning after an exit, then the next
     * create) is always handled after it, so a thread born after another
     * ended is never taken for its partner. */
    double seq = 0;
    for (;; seq++) {
        double at = now + seq * 1e-9;
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
            obs_thread_ended(o, &o->t[0], at);
            break;
        }
        int status;
        bool known = find(o, si.si_pid) >= 0 || is_task_of(o->pid, si.si_pid);
        pid_t tid = waitpid(si.si_pid, &status, __WALL | WNOHANG);
        if (tid <= 0)
            break;
        /* Not the program's: an orphan of another run that racelab, as
         * subreaper (reaper.h), adopted on this thread. Its event is taken
         * so that it does not hide the next ones; the reaper kills it. */
        if (!known)
            continue;
        int i = find(o, tid);
        if (i < 0) /* a thread whose first stop came before its creator's clone event */
            i = add_thread(o, tid, 0, at);
        if (WIFSTOPPED(status))
            obs_on_stop(o, i, status, at);
        else
            obs_thread_ended(o, &o->t[i], at);
    }
    now += (seq + 1) * 1e-9; /* what follows comes after every event of the step */
    bool watching = o->work_hold >= 0 || o->spec->work_holds;
    for (size_t i = 0; i < o->n && !watching; i++)
        watching = o->t[i].held != HELD_NONE;
    int period_us = watching ? SAMPLE_US : IDLE_US;
    if (now - o->last_sample >= period_us / 1e6) {
        sample_all(o, now);
        obs_check_birth_holds(o, now);
        if (o->work_hold >= 0)
            obs_check_work_hold(o, now);
        /* At once when a hold has just ended: a thread whose trigger came
         * during it is due. */
        if (o->work_hold < 0)
            obs_maybe_start_work_hold(o, now);
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
        obs_end_work_hold(o, HOLD_ENDED, now);
    for (size_t i = 0; i < o->n; i++)
        if (obs_edge_held(&o->t[i]))
            obs_end_birth_hold(o, (int)i, HOLD_ENDED, now);
    o->held_total_s = o->spec->hold_budget_s + 1; /* no more */
}

struct observation *observer_finish(struct observer *o)
{
    double now = o->start;
    for (size_t i = 0; i < o->n; i++)
        if (o->t[i].ended_s + o->start > now)
            now = o->t[i].ended_s + o->start;
    if (o->work_hold >= 0)
        obs_end_work_hold(o, HOLD_ENDED, now);
    for (size_t i = 0; i < o->n; i++)
        if (obs_edge_held(&o->t[i]))
            obs_end_birth_hold(o, (int)i, HOLD_ENDED, now);
    struct observation *obs = xmalloc(sizeof *obs);
    *obs = o->obs;
    obs->threads = xcalloc(o->n ? o->n : 1, sizeof *obs->threads);
    obs->nthreads = o->n;
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        if (t->alive)
            obs_thread_ended(o, t, now);
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
        obs->threads[i].work_beside_s = obs->threads[i].work_s;
    }
    if (o->n)
        obs->threads[0].work_beside_s = first_work_beside(o);
    free(o->t);
    obs_forget_code(o);
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
