/* observe_holds.c: the observer's experiments (see observe.h): birth holds,
 * work holds and the per-thread CPU clock that triggers them, and telling a
 * thread that spins from one that works by stepping a turn of its loop. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "observe_internal.h"
#include "util.h"

/* ---- the CPU clock that stops a thread at its next trigger -------------------------------- */

/* A perf task-clock event on the thread, counting its CPU time (from the
 * kernel's scheduler clock, to about 0.1 ms, where CPU-time timers tick at
 * 4 ms), that sends the thread spec->hold_signal each time `period` ns more
 * have passed. The thread stops at that signal before it can run another
 * instruction: the tracer holds it there, however late the tracer itself
 * gets a CPU, and drops the signal. Opened by the tracer on the thread: the
 * program has no part in it. */
void obs_clock_arm(const struct observer *o, struct thread *t, unsigned long long period)
{
    if (!o->spec->work_holds || !o->spec->hold_signal || t->tool || !t->alive)
        return;
    /* Never a short period: the kernel runs the task clock on a timer of at
     * least 10 us, and each signal's stop and release costs the thread more
     * CPU than that on a virtual machine, so a period of a few microseconds
     * fired again on every release: the thread did nothing else for the rest
     * of the run (seen as a 20 s timeout of a 10 ms program). */
    if (period < WORK_TRIGGER_NS / 2)
        period = WORK_TRIGGER_NS / 2;
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

void obs_clock_close(struct thread *t)
{
    if (t->clock_fd >= 0)
        close(t->clock_fd);
    t->clock_fd = -1;
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

void obs_edge_hold_begin(struct observer *o, struct thread *t, enum held held, double now)
{
    t->held = held;
    t->held_since = now;
    t->creator_cpu_at_hold = t->parent >= 0 ? obs_thread_cpu(&o->t[t->parent]) : 0;
}

/* Waited long enough for a partner: its creator worked BIRTH_HOLD_MAX_S of
 * CPU meanwhile (it may as well be working before the next creation), or
 * the hold reached its wall-clock cap. */
static bool edge_hold_waited_enough(const struct observer *o, const struct thread *t, double now)
{
    if (now - t->held_since >= BIRTH_HOLD_WALL_S)
        return true;
    if (t->parent < 0)
        return now - t->held_since >= BIRTH_HOLD_MAX_S;
    unsigned long long cpu = obs_thread_cpu(&o->t[t->parent]);
    return cpu > t->creator_cpu_at_hold &&
           (double)(cpu - t->creator_cpu_at_hold) >= BIRTH_HOLD_MAX_S * 1e9;
}

void obs_end_birth_hold(struct observer *o, int i, enum hold_end end, double now)
{
    struct thread *t = &o->t[i];
    bool at_exit = t->held == HELD_EXIT;
    struct observed_hold *h = new_hold(o, at_exit ? HOLD_EXIT : HOLD_BIRTH, i, t->held_since);
    h->end = end;
    h->end_s = now - o->start;
    o->held_total_s += now - t->held_since;
    /* Waited in vain: a program that creates its threads one at a time. */
    if (end == HOLD_CREATOR_BLOCKED || (end == HOLD_TIMEOUT && edge_hold_waited_enough(o, t, now)))
        o->lonely_births++;
    t->held = HELD_NONE;
    /* It ends after this release: a partner born by `now` (events of one
     * step share their time) was alive beside it. */
    if (at_exit)
        obs_thread_ended(o, t, now + 1e-9);
    obs_resume(t, 0);
}

bool obs_birth_holds_on(const struct observer *o)
{
    return o->spec->birth_holds && o->lonely_births < BIRTH_HOLD_GIVEUP && o->work_hold < 0 &&
           o->held_total_s < o->spec->hold_budget_s;
}

bool obs_has_partner(const struct observer *o, size_t i)
{
    for (size_t k = 0; k < o->n; k++)
        if (k != i && o->t[k].alive && !o->t[k].tool && o->t[k].parent >= 0 && o->t[k].started)
            return true;
    return false;
}

/* A newborn held at birth, or a thread held at its exit, goes when another
 * of the program's threads is alive beside it (a partner), when its creator
 * waits for it (a join), or when it has waited long enough. (A creator that works meanwhile, as an
 * OpenMP master does its share, does not let it go: it may as well be working before creating the
 * next thread. An OpenMP team is judged on its work under TSan, where the master waits in
 * pthread_create: overlap.h.) */
void obs_check_birth_holds(struct observer *o, double now)
{
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        if (!obs_edge_held(t))
            continue;
        bool partner = obs_has_partner(o, i);
        const struct thread *creator = t->parent >= 0 ? &o->t[t->parent] : NULL;
        if (partner)
            obs_end_birth_hold(o, (int)i, HOLD_PARTNER, now);
        else if (!creator || !creator->alive || creator->quiet >= 2)
            obs_end_birth_hold(o, (int)i, HOLD_CREATOR_BLOCKED, now);
        else if (edge_hold_waited_enough(o, t, now) || !obs_birth_holds_on(o))
            obs_end_birth_hold(o, (int)i, HOLD_TIMEOUT, now);
    }
}

/* Alive threads that are the program's (not the tool's), other than i. */
static bool is_other(const struct observer *o, size_t k, int i)
{
    return (int)k != i && !o->t[k].tool;
}

void obs_end_work_hold(struct observer *o, enum hold_end end, double now)
{
    struct thread *t = &o->t[o->work_hold];
    struct observed_hold *h = new_hold(o, HOLD_WORK, o->work_hold, t->held_since);
    h->end = end;
    h->end_s = now - o->start;
    h->held_work_s = (double)(t->hold_start_ns - t->base_ns) / 1e9;
    h->outside_code = o->hold_outside_code;
    h->others = xcalloc(o->n, sizeof *h->others);
    for (size_t k = 0; k < o->n; k++) {
        struct thread *b = &o->t[k];
        if (!is_other(o, k, o->work_hold) || !b->in_hold)
            continue;
        /* Work only: a thread still setting up (creator_moved false) has
         * not begun it, and one that began during the hold counts from then. */
        unsigned long long from = b->hold_start_ns > b->base_ns ? b->hold_start_ns : b->base_ns;
        /* And from its first stop in the program's code: under TSan a libomp
         * worker's start-up is 3 to 4 ms of CPU in libomp and the runtime,
         * as long as a share; counted once the worker had been seen in the
         * outlined function at all, it was taken for work beside an `omp
         * single` that did the whole loop. */
        if (b->code_seen && b->code_from_ns > from)
            from = b->code_from_ns;
        unsigned long long used = b->creator_moved && b->cpu_ns > from ? b->cpu_ns - from : 0;
        if (b->parent < 0) /* the first thread: counted since its last creation */
            used = b->cpu_ns > from ? b->cpu_ns - from : 0;
        struct observed_other *x = &h->others[h->nothers++];
        x->thread = (int)k;
        x->work_s =
            b->hold_start_ns > b->base_ns ? (double)(b->hold_start_ns - b->base_ns) / 1e9 : 0;
        x->cpu_s = (double)used / 1e9;
        x->code_seen = b->code_seen;
        x->caught = (int)k == o->progress_by;
        if (!b->alive)
            x->did = OTHER_FINISHED;
        else if (b->spun)
            x->did = OTHER_SPUN;
        else if ((int)k == o->progress_by || used >= PROGRESS_NS)
            x->did = OTHER_WORKED;
        else if (b->hold_starved > b->hold_asleep)
            x->did = OTHER_STARVED;
        else
            x->did = OTHER_WAITED;
        b->spun = b->in_hold = false;
        b->hold_starved = b->hold_asleep = 0;
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
    obs_clock_arm(o, t, t->next_trigger_ns > work ? t->next_trigger_ns - work : WORK_TRIGGER_NS);
    t->held = HELD_NONE;
    o->work_hold = -1;
    obs_resume(t, t->pending_sig);
    t->pending_sig = 0;
}

/* The stop a thread owes the tracer after an interrupt, waited for, but
 * not for ever: a thread that has not stopped after STOP_WAIT_S is one the
 * observer has lost track of (its stop was taken already, or it is a
 * leader that cannot be reaped before the others). The observation says so,
 * so that no verdict rests on it, and a thread found in a tracing stop is
 * let go, so that the run can end. Returns the tid, or 0. */
pid_t obs_wait_stop(struct observer *o, struct thread *t, int *status)
{
    for (long waited_us = 0; waited_us < (long)(STOP_WAIT_S * 1e6); waited_us += 100) {
        pid_t got = waitpid(t->tid, status, __WALL | WNOHANG);
        if (got != 0 && !(got < 0 && errno == EINTR))
            return got;
        usleep(100);
    }
    if (!o->obs.error)
        o->obs.error = xasprintf("thread %d did not stop within %.0f s of being interrupted: "
                                 "the observer lost track of it",
                                 t->tid, STOP_WAIT_S);
    if (obs_thread_state(t) == 't')
        ptrace(PTRACE_CONT, t->tid, 0, 0);
    return 0;
}

double observe_progress_enough_s(double held_work_s)
{
    double enough = held_work_s / 2, floor = (double)PROGRESS_NS / 1e9;
    return enough > 5e-3 ? 5e-3 : enough < floor ? floor : enough;
}

/* obs_spinning(), with what the stepping cost the (stopped) thread taken off
 * its work: a trap per instruction costs it CPU (30 to 40 us each on a
 * virtual machine: 2 ms for a full test), which would count as work it
 * never did. Its start of work and of the current hold move on by as
 * much, and its CPU is read afresh (settled by the stop). */
static bool spinning_uncharged(struct observer *o, struct thread *t, int *pending_sig)
{
    unsigned long long before = obs_thread_cpu(t);
    /* Its hold clock is paused meanwhile: every trap of the stepping costs
     * the thread CPU, and the clock's signals would interrupt the steps. */
    if (t->clock_fd >= 0)
        ioctl(t->clock_fd, PERF_EVENT_IOC_DISABLE, 0);
    bool spin = obs_spinning(o, t, pending_sig);
    if (t->clock_fd >= 0)
        ioctl(t->clock_fd, PERF_EVENT_IOC_ENABLE, 0);
    unsigned long long after = obs_thread_cpu(t);
    if (before && after > before) {
        t->base_ns += after - before;
        t->hold_start_ns += after - before;
        if (t->code_from_ns)
            t->code_from_ns += after - before;
        t->sampled_cpu_ns += after - before; /* nor is it work beside the first thread */
    }
    if (after > t->cpu_ns)
        t->cpu_ns = after;
    return spin;
}

/* A stop of thread k that is not the test's own, handled as usual: true when
 * the thread runs on after it (not ended, not kept stopped for a reason of
 * its own). */
static bool other_stop_taken(struct observer *o, size_t k, int status, double now)
{
    if (!WIFSTOPPED(status)) {
        obs_thread_ended(o, &o->t[k], now);
        return false;
    }
    o->t[k].stopped = true;
    obs_on_stop(o, (int)k, status, now);
    return !o->t[k].stopped && o->t[k].alive; /* the table may have grown (a clone) */
}

/* Is another thread, running while one is held, spinning: busy-waiting for
 * what the held one has (a spinlock)? Stopped for the test, then let go.
 * SPIN_UNTESTED when it could not be tested now (in a stop of its own that
 * the tracer has yet to handle, most often its clock's): asked again later,
 * never taken for a thread that works (a spinner due every 0.125 ms of its
 * CPU while another is held was, now and then). */
enum spin_test obs_other_spinning(struct observer *o, size_t k, double now)
{
    struct thread *b = &o->t[k];
    if (!b->alive || b->stopped || b->held != HELD_NONE || b->state != 'R')
        return SPIN_UNTESTED;
    /* Its state afresh: a thread already in a tracing stop owes no stop for
     * an interrupt, and would never report one. One that stopped for an
     * event the tracer has not yet taken (its clock, due every 0.125 ms of
     * its CPU while another thread is held: a spinner is there more often
     * than not on a loaded machine) has it handled first. */
    int status;
    if (obs_thread_state(b) == 't' && waitpid(b->tid, &status, __WALL | WNOHANG) == b->tid &&
        !other_stop_taken(o, k, status, now))
        return SPIN_UNTESTED;
    b = &o->t[k]; /* the table may have grown (a clone) */
    if (obs_thread_state(b) != 'R' || ptrace(PTRACE_INTERRUPT, b->tid, 0, 0) != 0)
        return SPIN_UNTESTED;
    /* Another event may come first (its own clock, due every 0.125 ms of
     * its CPU while another thread is held, most often): handled as usual,
     * and the interrupt's stop waited for after it, a few times. Given up
     * on there, a spinner was once counted as a thread that worked. */
    for (int other = 0;; other++) {
        if (obs_wait_stop(o, b, &status) != b->tid)
            return SPIN_UNTESTED;
        if (WIFSTOPPED(status) && (status >> 16) == PTRACE_EVENT_STOP) {
            b->stopped = true;
            break;
        }
        /* Still stopped for a reason of its own, gone, or too many: the
         * interrupt's stop comes later, and only lets it go on. */
        if (!other_stop_taken(o, k, status, now) || other == 3)
            return SPIN_UNTESTED;
        b = &o->t[k];
    }
    obs_note_code(o, b);
    int sig = 0;
    bool spin = spinning_uncharged(o, b, &sig);
    o->t[k].spun |= spin;
    obs_resume(&o->t[k], sig);
    return spin ? SPIN_SPINS : SPIN_WORKS;
}

/* While a thread is held in the middle of its work: did another thread
 * work and then finish or wait (the threads overlap), did they all wait
 * (they take turns), or do they run on without finishing (spinning)? */
void obs_check_work_hold(struct observer *o, double now)
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
        /* Waiting for the held thread is sleeping (a lock, a condition) or
         * spinning (tested below); ready but not running is the machine's. */
        if (t->alive && t->state == 'R' && t->cpu_ns - t->prev_cpu_ns < QUIET_CPU_NS)
            t->hold_starved++;
        else if (t->alive && (t->state == 'S' || t->state == 'D'))
            t->hold_asleep++;
        used += u;
        best = u > best ? u : best;
        if (t->alive && t->quiet < 2)
            settled = false;
    }
    if (settled) {
        obs_end_work_hold(o, best >= PROGRESS_NS ? HOLD_PROGRESS : HOLD_QUIET, now);
        return;
    }
    /* Others still running after a while: working, or spinning for what
     * the held thread has? Stepped to tell (once per hold): one that works
     * is the overlap this hold looks for (a fine-grained lock's threads
     * work by turns of a few instructions, so the others rarely finish
     * while one is held); if all of them spin, they wait for it. */
    /* Enough of the others' work to count: as much as half the held
     * thread's so far (they work at a like pace), 5 ms at most. */
    unsigned long long enough =
        (unsigned long long)(observe_progress_enough_s(
                                 (double)(held->hold_start_ns - held->base_ns) / 1e9) *
                             1e9);
    /* Asked as soon as they have used that much CPU, however long that
     * took: on a loaded machine 2 ms of waiting (the rule once) let the
     * others run whole milliseconds ahead of the held thread at every
     * hold, and a short thread's partner was through its share before the
     * held one reached the middle of its own. */
    if (!o->others_checked && best >= enough) {
        int worker = -1, spinners = 0, untested = 0;
        for (size_t k = 0; k < o->n; k++) {
            if (!is_other(o, k, o->work_hold) || !o->t[k].alive || o->t[k].state != 'R')
                continue;
            enum spin_test r = obs_other_spinning(o, k, now);
            if (r == SPIN_SPINS)
                spinners++;
            else if (r == SPIN_UNTESTED)
                untested++;
            else if (o->t[k].alive && o->t[k].cpu_ns - o->t[k].hold_start_ns >= PROGRESS_NS)
                worker = (int)k;
        }
        if (worker >= 0) {
            o->progress_by = worker;
            obs_end_work_hold(o, HOLD_PROGRESS, now);
            return;
        }
        /* One not tested yet: all asked again at the next sample, a few times. */
        o->others_checked = !untested || ++o->others_retries >= 8;
        if (spinners && o->others_checked) {
            obs_end_work_hold(o, HOLD_BLOCKING, now);
            return;
        }
    }
    if (used >= o->window_ns)
        obs_end_work_hold(o, HOLD_WINDOW, now);
    else if (now >= o->hold_end ||
             o->held_total_s + (now - held->held_since) >= o->spec->hold_budget_s)
        obs_end_work_hold(o, HOLD_TIMEOUT, now);
}

/* A thread that has worked past its next trigger is stopped, if another of
 * the program's threads is alive to be watched. */
unsigned long long obs_work_of(const struct thread *t)
{
    return t->cpu_ns > t->base_ns ? t->cpu_ns - t->base_ns : 0;
}

/* May thread i be held for work now? Not a tool's thread, not one being
 * held, and not when nothing else of the program is alive to watch. */
bool obs_may_hold(const struct observer *o, size_t i)
{
    /* The first thread only once it has created another: the program's
     * own start (exec, loading) is not work, and its work counts from its
     * latest creation. Where it works too (OpenMP's master does its share)
     * it must be held as well: on a loaded machine it can be through its
     * share before a worker has run a millisecond, and holding the worker
     * then shows nothing. */
    if (!o->spec->work_holds || o->work_hold >= 0 || o->held_total_s >= o->spec->hold_budget_s)
        return false;
    const struct thread *t = &o->t[i];
    if (!t->alive || t->tool || t->held != HELD_NONE || !t->counting ||
        (i != 0 && !t->creator_moved))
        return false;
    /* Nor while a thread waits at its birth or exit for a partner: the first
     * thread is usually the one about to create it, and a work hold would
     * end those holds early. */
    for (size_t k = 0; i == 0 && k < o->n; k++)
        if (obs_edge_held(&o->t[k]))
            return false;
    /* Someone to watch: a sibling, or a creator that works too (OpenMP's
     * master). A creator that only waits (in a join, or in TSan's
     * pthread_create) shows nothing. */
    for (size_t k = 0; k < o->n; k++)
        if (k != i && o->t[k].alive && !o->t[k].tool &&
            ((int)k != t->parent || obs_work_of(&o->t[k]) >= WORK_TRIGGER_NS))
            return true;
    return false;
}

/* Thread `pick` is to be held: every birth hold gives way (the others must
 * all be free to run), and its window is set. */
void obs_begin_work_hold(struct observer *o, int pick, unsigned long long work, double now)
{
    struct thread *t = &o->t[pick];
    /* The next at half as much again: a share that overlaps the others'
     * for only part of the thread's life (an OpenMP master's, a few ms
     * between its threads' start-up and its wait at the barrier) gets
     * several holds, where doubling left it one or none. */
    while (t->next_trigger_ns <= work)
        t->next_trigger_ns += t->next_trigger_ns / 2;
    for (size_t i = 0; i < o->n; i++)
        if (obs_edge_held(&o->t[i]))
            obs_end_birth_hold(o, (int)i, HOLD_TIMEOUT, now);
    t->held = HELD_INTERRUPTING;
    t->held_since = now;
    o->work_hold = pick;
    /* Long enough for work as long as the held thread's to finish. */
    o->window_ns = 4 * work > 20000000ull ? 4 * work : 20000000ull;
    o->hold_end = now + WORK_HOLD_MAX_S;
}

/* A thread that has worked past its next trigger is stopped. */
void obs_maybe_start_work_hold(struct observer *o, double now)
{
    int pick = -1;
    unsigned long long pick_work = 0;
    for (size_t i = 0; i < o->n; i++) {
        struct thread *t = &o->t[i];
        unsigned long long work = obs_work_of(t);
        if (!obs_may_hold(o, i) || t->stopped || t->state != 'R' || work < t->next_trigger_ns)
            continue;
        if (pick < 0 || work > pick_work) {
            pick = (int)i;
            pick_work = work;
        }
    }
    if (pick < 0 || ptrace(PTRACE_INTERRUPT, o->t[pick].tid, 0, 0) != 0)
        return;
    obs_begin_work_hold(o, pick, pick_work, now);
}

/* Is this signal the thread's clock? The kernel's, for our descriptor: a
 * program cannot send a signal that says so. When the real-time signal
 * cannot be queued, the kernel sends a plain SIGIO instead (SI_KERNEL, no
 * descriptor): to a thread with a clock, that is the clock too, and it
 * must not reach the program (its default action ends the process). */
bool obs_hold_timer(const struct observer *o, const struct thread *t, int sig)
{
    siginfo_t si;
    if (!o->spec->hold_signal || t->clock_fd < 0 || (sig != o->spec->hold_signal && sig != SIGIO) ||
        ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) != 0)
        return false;
    if (sig == SIGIO)
        return si.si_code == SI_KERNEL;
    return si.si_code > 0 && si.si_fd == t->clock_fd;
}

/* The stop of an interrupted thread arrived: unless it was spinning, the
 * hold starts now. */
void obs_work_hold_started(struct observer *o, struct thread *t, double now)
{
    /* Held while spinning, waiting for another thread, it is not in the
     * middle of work: that the others go on then shows nothing. Asked now,
     * before the others change what it waits for. */
    int sig = 0;
    /* Stopped outside the program's own code: in TSan's runtime (an atomic
     * operation holds the runtime's lock for that variable there: the
     * others would wait for TSan, not for the program), or in a library
     * (a new thread's start-up, libc's mutex, libomp's barrier), not in the
     * middle of the program's work. Not a hold: let it go, and try again a
     * little later (observe_runtime.c). After CODE_RETRIES in a row it is
     * held there all the same, and that hold witnesses nothing. */
    bool outside = !obs_note_code(o, t);
    if (outside && t->code_retries < CODE_RETRIES) {
        t->code_retries++;
        t->held = HELD_NONE;
        o->work_hold = -1;
        unsigned long long work = obs_work_of(t);
        t->next_trigger_ns = work + WORK_TRIGGER_NS / 2;
        obs_clock_arm(o, t, WORK_TRIGGER_NS / 2);
        obs_resume(t, 0);
        return;
    }
    if (spinning_uncharged(o, t, &sig)) {
        struct observed_hold *h = new_hold(o, HOLD_WORK, (int)(t - o->t), now);
        h->end = HOLD_SPINNING;
        h->end_s = h->start_s;
        h->held_work_s = (double)(t->cpu_ns - t->base_ns) / 1e9;
        t->held = HELD_NONE;
        o->work_hold = -1;
        /* Caught waiting: try again soon, as after a hold the others waited. */
        unsigned long long work = obs_work_of(t);
        t->next_trigger_ns =
            work + (work / 4 > WORK_TRIGGER_NS / 2 ? work / 4 : WORK_TRIGGER_NS / 2);
        obs_clock_arm(o, t, t->next_trigger_ns - work);
        obs_resume(t, sig);
        return;
    }
    t->code_retries = 0;
    t->pending_sig = sig;
    t->held = HELD_WORK;
    t->held_since = now;
    o->hold_outside_code = outside;
    o->others_checked = false;
    o->others_retries = 0;
    for (size_t k = 0; k < o->n; k++) {
        obs_sample_thread(&o->t[k]);
        o->t[k].hold_start_ns = o->t[k].cpu_ns;
        o->t[k].quiet = 0;
        o->t[k].spun = false;
        o->t[k].in_hold = o->t[k].alive;
        o->t[k].hold_starved = o->t[k].hold_asleep = 0;
    }
}
