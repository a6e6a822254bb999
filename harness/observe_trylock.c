/* observe_trylock.c: a thread that polls a lock (see observe_internal.h).
 *
 * The test for spinning (observe_holds.c) steps a thread through a turn of
 * its loop and calls it a spinner when the turn comes back to the same
 * registers. A loop that waits by calling a lock's try function and counts
 * its attempts (`while (pthread_mutex_trylock(&m)) tries++;`, an
 * omp_test_lock loop, a back-off that grows) never does: its count changes
 * every turn, so a thread waiting for a whole-loop lock that way looked as if
 * it worked beside the holder, and two threads taking turns passed for two
 * working together. What it does every turn is a try that fails, and that
 * the tracer can see from outside: the call enters a known function, and
 * returns a known failure. A thread seen returning from a failed try while
 * another is held waits for it, whatever its registers do.
 *
 * The functions come from the .dynsym of every object mapped in the program
 * (libc, libomp, and under TSan the executable itself, whose interceptor of
 * pthread_mutex_trylock is the function the program calls), read by the
 * tracer from the files /proc/PID/maps names: nothing the program writes. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "observe_internal.h"
#include "util.h"

/* A try function: its name in .dynsym, and how it says "someone else has it". */
static const struct try_function {
    const char *name;
    bool fails_on_zero;
} try_functions[] = {
    {"pthread_mutex_trylock", false},    /* EBUSY */
    {"pthread_spin_trylock", false},     /* EBUSY */
    {"pthread_rwlock_tryrdlock", false}, /* EBUSY */
    {"pthread_rwlock_trywrlock", false}, /* EBUSY */
    {"sem_trywait", false},              /* -1, errno EAGAIN */
    {"mtx_trylock", false},              /* thrd_busy */
    {"omp_test_lock", true},             /* 0: not acquired */
    {"omp_test_nest_lock", true},        /* 0: not acquired, else the new nesting count */
};

struct try_load {
    struct observer *o;
    size_t cap;
};

static void add_try(void *ctx, const char *name, unsigned long long lo, unsigned long long size)
{
    struct try_load *l = ctx;
    for (size_t i = 0; i < sizeof try_functions / sizeof *try_functions; i++) {
        if (strcmp(name, try_functions[i].name) != 0)
            continue;
        struct observer *o = l->o;
        for (size_t k = 0; k < o->ntries; k++)
            if (o->tries[k].lo == lo)
                return; /* a versioned alias of one already kept */
        if (o->ntries == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 16;
            o->tries = xrealloc(o->tries, l->cap * sizeof *o->tries);
        }
        o->tries[o->ntries++] = (struct try_range){lo, lo + size, try_functions[i].fails_on_zero};
        return;
    }
}

void obs_load_try_functions(struct observer *o)
{
    char path[64], line[4608], last[4096] = "";
    snprintf(path, sizeof path, "/proc/%d/maps", (int)o->pid);
    FILE *f = fopen(path, "re");
    struct try_load l = {o, 0};
    while (f && fgets(line, sizeof line, f)) {
        unsigned long long lo, hi, off;
        char perms[8] = "", name[4096] = "";
        /* Each object's first mapping (offset 0) is where it was loaded:
         * its symbols are moved by that much (objects linked at 0, as
         * shared libraries and position-independent executables are). */
        if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &lo, &hi, perms, &off, name) !=
                5 ||
            name[0] != '/' || off != 0 || strcmp(name, last) == 0)
            continue;
        snprintf(last, sizeof last, "%s", name);
        obs_map_file(name, SHT_DYNSYM, lo, add_try, &l);
    }
    if (f)
        fclose(f);
}

bool obs_try_failed(struct observer *o, const struct thread *t, struct try_call *c,
                    const struct user_regs_struct *r)
{
    if (!o->runtime_loaded)
        obs_in_executable(o, r->rip); /* loads the ranges, the try functions with them */
    if (c->pending) {
        /* Back in its caller, the stack as before the call: its result is in rax. */
        if (r->rip != c->ret || r->rsp != c->sp + 8)
            return false;
        c->pending = false;
        int result = (int)r->rax;
        return c->fails_on_zero ? result == 0 : result != 0;
    }
    for (size_t k = 0; k < o->ntries; k++) {
        const struct try_range *x = &o->tries[k];
        if (r->rip < x->lo || r->rip >= x->hi)
            continue;
        c->seen = true;
        if (r->rip != x->lo)
            return false; /* inside one already: its entry is next turn's */
        /* At its first instruction the return address is on top of the stack. */
        errno = 0;
        long ret = ptrace(PTRACE_PEEKDATA, t->tid, (void *)r->rsp, NULL);
        if (errno != 0)
            return false;
        c->ret = (unsigned long long)ret;
        c->sp = r->rsp;
        c->fails_on_zero = x->fails_on_zero;
        c->pending = true;
        return false;
    }
    return false;
}
