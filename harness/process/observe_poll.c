/* observe_poll.c: telling a thread that waits from one that works, by
 * stepping it through a turn of its loop (see observe_internal.h).
 *
 * The test for spinning (obs_spinning, below) steps a thread through a turn
 * of its loop and calls it a spinner when the turn comes back to the same
 * registers. A wait that counts its attempts (`while
 * (pthread_mutex_trylock(&m)) tries++;`, an omp_test_lock loop, an
 * atomic_flag spinlock with a back-off that grows) never does: its count
 * changes every turn, so a thread waiting for a whole-loop lock that way
 * looked as if it worked beside the holder, and two threads taking turns
 * passed for two working together. What it does every turn, the tracer can
 * see from outside:
 *   - a lock's try function returns its failure (the call is followed from
 *     its entry to its return);
 *   - an atomic read-modify-write changes nothing: an exchange that stores
 *     what it read (a test-and-set of a set flag), a compare-exchange that
 *     fails. Twice, at the same place, seeing the same value: once is
 *     contention (another thread got there first, and a compare-exchange
 *     loop that counts fails as often as it likes while it is stepped),
 *     twice the same is a value nobody running changes. Natively the
 *     instruction itself is read (xchg with memory, lock cmpxchg); under
 *     TSan it is a call of the runtime's __tsan_atomicN_exchange or
 *     compare_exchange, followed like a try function.
 *   - under TSan, an atomic load reads the same value from the same
 *     variable twice at the same place: a wait that only loads
 *     (test-and-test-and-set, a turn flag) with a count beside it. Its
 *     atomic loads are calls of __tsan_atomicN_load, followed the same way.
 *     A plain load cannot be told from a loop's load of its bound (natively
 *     the atomic load is one too), but a waiter that loads the lock plainly
 *     races with its holder's store, and asm is refused: a race-free wait
 *     that only loads uses the atomic, and TSan's runs, in which every
 *     verdict needs a witness, see it.
 *
 * The functions come from the .dynsym of every object mapped in the program
 * (libc, libomp, and under TSan the executable itself, which exports the
 * runtime's atomics and its interceptor of pthread_mutex_trylock, the
 * function the program calls), read by the tracer from the files
 * /proc/PID/maps names: nothing the program writes. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "observe_internal.h"
#include "util.h"

/* What stepping a thread has seen of its polls so far. */
struct poll_watch {
    /* A call followed from its entry to its return (a try function, a TSan atomic). */
    unsigned long long call_ret, call_sp, call_arg, call_addr; /* ..., the atomic's address */
    unsigned char call_kind, call_bytes;
    bool call_pending;
    /* An inline atomic about to run (xchg, lock cmpxchg), read after its step. */
    unsigned long long op_ip, op_before;
    unsigned char op_kind, op_bytes, op_reg;
    bool op_rex, op_pending;
    /* The last atomic that changed nothing: where, at which address (0 for
     * an inline one), and the value it saw. */
    unsigned long long fail_at, fail_addr, fail_saw;
    bool failed;
    bool seen; /* in a try function, a library, or after a failure: worth stepping on */
};

/* A function the program polls with: its name in .dynsym, and how its
 * result says "nothing changed". */
static const struct poll_function {
    const char *name;
    enum poll_kind kind;
} poll_functions[] = {
    {"pthread_mutex_trylock", POLL_TRY_NONZERO},    /* EBUSY */
    {"pthread_spin_trylock", POLL_TRY_NONZERO},     /* EBUSY */
    {"pthread_rwlock_tryrdlock", POLL_TRY_NONZERO}, /* EBUSY */
    {"pthread_rwlock_trywrlock", POLL_TRY_NONZERO}, /* EBUSY */
    {"sem_trywait", POLL_TRY_NONZERO},              /* -1, errno EAGAIN */
    {"mtx_trylock", POLL_TRY_NONZERO},              /* thrd_busy */
    {"omp_test_lock", POLL_TRY_ZERO},               /* 0: not acquired */
    {"omp_test_nest_lock", POLL_TRY_ZERO},          /* 0: not acquired, else the nesting count */
    /* A thread that sleeps, yields or waits with a timeout while another
     * is held waits, it does not work: `while (!done) usleep(50);` turns
     * through a few hundred instructions (under TSan, its interceptor's),
     * too long a turn for two to be compared, and a create-then-poll chain
     * passed for threads working side by side. Seen anywhere in it: under
     * TSan the interceptor in the executable, then libc's, then, on the
     * way back, TSan's AfterSleep (some 800 instructions, as long as the
     * whole test) between the two. */
    {"usleep", POLL_SLEEP},
    {"nanosleep", POLL_SLEEP},
    {"clock_nanosleep", POLL_SLEEP},
    {"sleep", POLL_SLEEP},
    {"sched_yield", POLL_SLEEP},
    {"pthread_yield", POLL_SLEEP},
    {"thrd_sleep", POLL_SLEEP},
    {"thrd_yield", POLL_SLEEP},
    {"pthread_cond_timedwait", POLL_SLEEP},
    {"pthread_cond_clockwait", POLL_SLEEP},
    {"pthread_mutex_timedlock", POLL_SLEEP},
    {"pthread_mutex_clocklock", POLL_SLEEP},
    {"sem_timedwait", POLL_SLEEP},
    {"sem_clockwait", POLL_SLEEP},
    {"cnd_timedwait", POLL_SLEEP},
    {"mtx_timedlock", POLL_SLEEP},
    {"poll", POLL_SLEEP},
    {"ppoll", POLL_SLEEP},
    {"select", POLL_SLEEP},
    {"pselect", POLL_SLEEP},
};

/* TSan's atomics, __tsan_atomicN_SUFFIX for N of 8 to 64 bits. */
static const struct {
    const char *suffix;
    enum poll_kind kind;
} tsan_atomics[] = {
    {"exchange", POLL_XCHG},                    /* (a, v, mo): the old value */
    {"compare_exchange_strong", POLL_CAS_BOOL}, /* (a, &c, v, mo, fmo): success */
    {"compare_exchange_weak", POLL_CAS_BOOL},
    {"compare_exchange_val", POLL_CAS_VAL}, /* (a, c, v, mo, fmo): the old value */
    {"load", POLL_LOAD},                    /* (a, mo): the value */
};

struct poll_load {
    struct observer *o;
    size_t cap;
};

static void add_range(struct poll_load *l, unsigned long long lo, unsigned long long size,
                      enum poll_kind kind, int bytes)
{
    struct observer *o = l->o;
    for (size_t k = 0; k < o->npolls; k++)
        if (o->polls[k].lo == lo)
            return; /* a versioned alias of one already kept */
    if (o->npolls == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        o->polls = xrealloc(o->polls, l->cap * sizeof *o->polls);
    }
    o->polls[o->npolls++] =
        (struct poll_range){lo, lo + size, (unsigned char)kind, (unsigned char)bytes};
}

static void add_poll(void *ctx, const char *name, unsigned long long lo, unsigned long long size)
{
    for (size_t i = 0; i < sizeof poll_functions / sizeof *poll_functions; i++)
        if (strcmp(name, poll_functions[i].name) == 0) {
            add_range(ctx, lo, size, poll_functions[i].kind, 4);
            return;
        }
    int bits, used = 0;
    if (sscanf(name, "__tsan_atomic%d_%n", &bits, &used) != 1 || used == 0 ||
        (bits != 8 && bits != 16 && bits != 32 && bits != 64))
        return;
    for (size_t i = 0; i < sizeof tsan_atomics / sizeof *tsan_atomics; i++)
        if (strcmp(name + used, tsan_atomics[i].suffix) == 0)
            add_range(ctx, lo, size, tsan_atomics[i].kind, bits / 8);
}

struct maps_walk {
    struct poll_load load;
    char last[4096];
};

/* Each object's first mapping (offset 0) is where it was loaded: its
 * symbols are moved by that much (objects linked at 0, as shared libraries
 * and position-independent executables are). */
static void read_object(void *ctx, unsigned long long lo, unsigned long long hi, const char *perms,
                        unsigned long long off, const char *name)
{
    struct maps_walk *m = ctx;
    (void)hi;
    (void)perms;
    if (name[0] != '/' || off != 0 || strcmp(name, m->last) == 0)
        return;
    snprintf(m->last, sizeof m->last, "%s", name);
    obs_map_file(name, SHT_DYNSYM, lo, add_poll, &m->load);
}

/* The functions a program polls a lock with (pthread_mutex_trylock,
 * omp_test_lock, TSan's atomic exchanges, ...) of every object mapped in the
 * program, into o->polls: read at its first test for spinning, not at every
 * run's start (most runs of a fix never step a thread that polls). */
static void load_poll_functions(struct observer *o)
{
    struct maps_walk m = {.load = {o, 0}};
    o->polls_loaded = true;
    obs_each_mapping(o, read_object, &m);
}

/* A word of the stopped thread's memory: false when it cannot be read. */
static bool peek(const struct thread *t, int request, unsigned long long addr,
                 unsigned long long *word)
{
    errno = 0;
    long v = ptrace(request, t->tid, (void *)addr, NULL);
    *word = (unsigned long long)v;
    return errno == 0;
}

static unsigned long long low_bytes(unsigned long long v, int bytes)
{
    return bytes >= 8 ? v : v & ((1ull << (8 * bytes)) - 1);
}

/* An atomic that changed nothing, at `at`, having seen `saw` at `addr`: the
 * second in a row there with the same value is a poll. (The address too: a
 * loop that loads an array of atomics reads equal values at one place.) */
static bool unchanged(struct poll_watch *w, unsigned long long at, unsigned long long addr,
                      unsigned long long saw)
{
    bool again = w->failed && w->fail_at == at && w->fail_addr == addr && w->fail_saw == saw;
    w->failed = true;
    w->fail_at = at;
    w->fail_addr = addr;
    w->fail_saw = saw;
    w->seen = true; /* worth stepping on for the second */
    return again;
}

/* General register n of the instruction encoding (0 rax ... 15 r15). */
static unsigned long long gpr(const struct user_regs_struct *r, int n)
{
    const unsigned long long regs[16] = {r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp,
                                         r->rsi, r->rdi, r->r8,  r->r9,  r->r10, r->r11,
                                         r->r12, r->r13, r->r14, r->r15};
    return regs[n & 15];
}

/* The value of xchg's register operand: 8-bit registers 4 to 7 without a
 * REX prefix are ah, ch, dh, bh. */
static unsigned long long xchg_reg(const struct user_regs_struct *r, const struct poll_watch *w)
{
    if (w->op_bytes == 1 && !w->op_rex && w->op_reg >= 4)
        return (gpr(r, w->op_reg - 4) >> 8) & 0xff;
    return low_bytes(gpr(r, w->op_reg), w->op_bytes);
}

/* Is the instruction at r->rip (bytes b) an atomic read-modify-write of
 * memory, xchg (locked by itself) or lock cmpxchg? Noted in w. */
static bool decode_rmw(const unsigned char *b, const struct user_regs_struct *r,
                       struct poll_watch *w)
{
    size_t i = 0;
    bool lock = false;
    int bytes = 4;
    for (; i < 6; i++) {
        if (b[i] == 0xf0)
            lock = true;
        else if (b[i] == 0x66)
            bytes = 2;
        else if (!strchr("\xf2\xf3\x2e\x3e\x26\x64\x65\x36", b[i]) || b[i] == 0)
            break;
    }
    unsigned rex = 0;
    if ((b[i] & 0xf0) == 0x40)
        rex = b[i++];
    if (rex & 8)
        bytes = 8;
    w->op_rex = rex != 0;
    if ((b[i] == 0x86 || b[i] == 0x87) && (b[i + 1] >> 6) != 3) { /* xchg r/m, r: memory */
        w->op_kind = POLL_XCHG;
        w->op_bytes = (unsigned char)(b[i] == 0x86 ? 1 : bytes);
        w->op_reg = (unsigned char)(((b[i + 1] >> 3) & 7) | (rex & 4 ? 8 : 0));
        w->op_before = xchg_reg(r, w);
        return true;
    }
    if (lock && b[i] == 0x0f && (b[i + 1] == 0xb0 || b[i + 1] == 0xb1)) {
        w->op_kind = POLL_CAS_VAL;
        w->op_bytes = (unsigned char)(b[i + 1] == 0xb0 ? 1 : bytes);
        return true;
    }
    return false;
}

/* The instruction noted by decode_rmw has run: did it change nothing? */
static bool inline_unchanged(struct poll_watch *w, const struct user_regs_struct *r)
{
    if (w->op_kind == POLL_XCHG) { /* the register now holds what memory held */
        unsigned long long saw = xchg_reg(r, w);
        if (saw == w->op_before)
            return unchanged(w, w->op_ip, 0, saw);
    } else if (!(r->eflags & 0x40)) { /* cmpxchg failed (ZF clear): rax holds memory's value */
        return unchanged(w, w->op_ip, 0, low_bytes(r->rax, w->op_bytes));
    }
    w->failed = false;
    return false;
}

/* A TSan atomic that changed nothing, having seen `saw` at its address:
 * does the value stay, while every thread but the held one and this
 * (stopped) one runs? Then nobody running changes it: the thread waits for
 * the held one. (Under TSan a turn of such a loop is a few hundred
 * instructions: stepping to its second failure would cost a test as much
 * again. Where other threads contend, the value moves within
 * microseconds.) */
static bool left_alone(const struct thread *t, const struct poll_watch *w, unsigned long long saw)
{
    for (int k = 0; k < 3; k++) {
        unsigned long long v;
        usleep(200);
        if (!peek(t, PTRACE_PEEKDATA, w->call_addr, &v) || low_bytes(v, w->call_bytes) != saw)
            return false;
    }
    return true;
}

/* A followed call has returned (result in rax): did it fail, or change nothing? */
static bool call_unchanged(struct poll_watch *w, const struct thread *t,
                           const struct user_regs_struct *r)
{
    unsigned long long res = low_bytes(r->rax, w->call_bytes), saw = res;
    bool nothing;
    switch ((enum poll_kind)w->call_kind) {
    case POLL_TRY_NONZERO:
        return (int)r->rax != 0;
    case POLL_TRY_ZERO:
        return (int)r->rax == 0;
    case POLL_XCHG:
        nothing = res == low_bytes(w->call_arg, w->call_bytes);
        break;
    case POLL_CAS_BOOL: /* what it saw was written back to *c */
        nothing = (int)r->rax == 0;
        if (!peek(t, PTRACE_PEEKDATA, w->call_arg, &saw))
            return false;
        saw = low_bytes(saw, w->call_bytes);
        break;
    case POLL_LOAD:
        /* Twice, never once: one load of a value nobody changes just then
         * is what any reader does (left_alone would call it a poll). */
        return unchanged(w, w->call_ret, w->call_addr, res);
    default: /* POLL_CAS_VAL */
        nothing = res != low_bytes(w->call_arg, w->call_bytes);
        break;
    }
    if (nothing)
        return unchanged(w, w->call_ret, w->call_addr, saw) || left_alone(t, w, saw);
    w->failed = false;
    return false;
}

/* Is system call `nr` one in which a thread waits for a while and then
 * comes back to look: a sleep, a yield, or a wait with a timeout (a
 * futex's, poll's, select's, epoll's)? The functions above, made as a
 * system call of the program's own (syscall(2)) or through another name.
 * (An untimed wait blocks the step: step() tells that apart.) */
static bool waiting_syscall(unsigned long long nr, const struct user_regs_struct *r)
{
    switch (nr) {
    case SYS_sched_yield:
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
    case SYS_pause:
        return true;
    case SYS_select:
    case SYS_pselect6:
        return r->r8 != 0; /* a timeout: NULL waits for ever */
    case SYS_poll:
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
        return (int)r->rdx >= 0; /* -1 waits for ever */
    case SYS_ppoll:
        return r->rdx != 0;
    case SYS_futex: {
        int op = (int)r->rsi & 0x7f; /* without FUTEX_PRIVATE_FLAG */
        return (op == 0 /* FUTEX_WAIT */ || op == 9 /* FUTEX_WAIT_BITSET */) && r->r10 != 0;
    }
    default:
        return false;
    }
}

/* The stepped thread t, now at r (after its previous step): has it just
 * shown that it polls a lock someone else holds (a try that failed, the
 * same atomic changing nothing twice) or sleeps to wait? Keeps what it
 * needs in w. */
static bool poll_step(struct observer *o, const struct thread *t, struct poll_watch *w,
                      const struct user_regs_struct *r)
{
    if (w->op_pending) {
        w->op_pending = false;
        if (inline_unchanged(w, r))
            return true;
    }
    if (w->call_pending) {
        /* Back in its caller, the stack as before the call. */
        if (r->rip != w->call_ret || r->rsp != w->call_sp + 8)
            return false;
        w->call_pending = false;
        return call_unchanged(w, t, r);
    }
    for (size_t k = 0; k < o->npolls; k++) {
        const struct poll_range *x = &o->polls[k];
        if (r->rip < x->lo || r->rip >= x->hi)
            continue;
        if (x->kind == POLL_SLEEP)
            return true; /* entering one, or on its way back out */
        w->seen = true;  /* in one, or back in it from its callees */
        if (r->rip != x->lo)
            return false; /* inside one already: its entry is next turn's */
        /* At its first instruction the return address is on top of the
         * stack, and its arguments in rdi, rsi, ...: what an exchange
         * stores, where a compare-exchange's expected value lies. */
        if (!peek(t, PTRACE_PEEKDATA, r->rsp, &w->call_ret))
            return false;
        w->call_sp = r->rsp;
        w->call_arg = r->rsi;
        w->call_addr = r->rdi;
        w->call_kind = x->kind;
        w->call_bytes = x->bytes;
        w->call_pending = true;
        return false;
    }
    /* Natively, the instruction itself. */
    unsigned char b[16];
    for (int k = 0; k < 2; k++) {
        unsigned long long word;
        if (!peek(t, PTRACE_PEEKTEXT, r->rip + 8 * (unsigned)k, &word))
            return false;
        memcpy(b + 8 * k, &word, 8);
    }
    if (b[0] == 0x0f && b[1] == 0x05 && waiting_syscall(r->rax, r))
        return true; /* `syscall`, about to sleep */
    if (decode_rmw(b, r, w)) {
        w->op_ip = r->rip;
        w->op_pending = true;
    }
    return false;
}

/* ---- stepping a thread through a turn of its loop ------------------------------------------ */

/* Is the stopped thread spinning, busy-waiting for another thread? A loop
 * that waits changes nothing: each turn passes through exactly the states
 * (every register, at every instruction) of the turn before. A loop that
 * works differs somewhere in each turn, if only in the counter it loads
 * (at -O0 a counter lives in memory, so one instruction alone can look the
 * same each turn: the whole turn is compared). Stepped one instruction at a
 * time, up to SPIN_STEPS: two identical turns in a row are a spin. A signal
 * that arrives meanwhile ends the test (not spinning) and is kept for the
 * thread. */
static bool same_regs(const struct user_regs_struct *a, const struct user_regs_struct *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* One instruction; false when the thread did not stop for it. A thread
 * that was stopped inside a system call goes back to waiting in it, and
 * would not stop again for the step: after 5 ms it is interrupted, and is
 * no spinner. */
static bool step(struct observer *o, struct thread *t, int *pending_sig, bool *stepped)
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
            got = obs_wait_stop(o, t, &status);
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
    if ((status >> 16) == 0 && obs_hold_timer(o, t, WSTOPSIG(status)))
        return true; /* its own hold timer, fired meanwhile: dropped by the next step */
    *pending_sig = (status >> 16) == 0 ? WSTOPSIG(status) : 0;
    return false;
}

bool obs_spinning(struct observer *o, struct thread *t, int *pending_sig)
{
    if (!o->polls_loaded)
        load_poll_functions(o);
    static _Thread_local struct user_regs_struct seen[SPIN_STEPS];
    bool stepped = false;
    struct poll_watch watch = {0};
    /* Steps that did not step (its hold timer, firing again on the CPU the
     * stepping itself costs) count too: never more than this many. */
    int budget = 4 * SPIN_STEPS + TRY_STEPS;
    /* Stopped inside a sleep or a timed wait (its result not yet set:
     * -ERESTART..., -EINTR): waiting. */
    struct user_regs_struct at;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &at) == 0 && (long long)at.orig_rax >= 0 &&
        (long long)at.rax >= -516 && (long long)at.rax < 0 && waiting_syscall(at.orig_rax, &at))
        return true;
    /* From a signal or an interrupt stop, the first step only leaves the
     * stop: start from a state the thread really ran into. */
    while (!stepped) {
        if (budget-- == 0)
            return true; /* no verdict: taken as waiting, which witnesses nothing */
        if (!step(o, t, pending_sig, &stepped))
            return false;
    }
    for (int n = 0; n < SPIN_STEPS + TRY_STEPS; n++) {
        struct user_regs_struct r;
        if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) != 0)
            return false;
        /* A try that failed, an atomic that changed nothing twice: it
         * polls a lock that another thread holds (observe_poll.c), however
         * its registers change. */
        if (poll_step(o, t, &watch, &r))
            return true;
        if (n < SPIN_STEPS) {
            seen[n] = r;
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
            /* In a library, or in TSan's machinery of an atomic: perhaps
             * inside a try function's callees, or a compare-exchange's (a
             * turn of an omp_test_lock loop under TSan is about 250
             * instructions, most of them in libomp and Archer). Not for the
             * rest of the runtime: the slow paths of the checks of plain
             * accesses (a new trace part) and of malloc cost a working
             * thread 768 steps for nothing. */
            watch.seen |= !obs_in_executable(o, r.rip) || obs_in_atomic_machinery(o, r.rip);
        } else if (!watch.call_pending && !watch.op_pending && !watch.seen) {
            return false; /* no lock tried: the turns differ, it works */
        }
        /* Past SPIN_STEPS only to see a poll through: a call under way, or
         * a thread seen in a try function, a library or TSan's runtime,
         * whose next call may be a turn away. */
        do {
            if (budget-- == 0)
                return true;
            if (!step(o, t, pending_sig, &stepped))
                return false;
        } while (!stepped);
    }
    return false;
}
