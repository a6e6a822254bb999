/* observe_filter.c: the seccomp filter of an observed run (see observe.h).
 *
 * The filter only routes: the system calls racelab refuses in a student's
 * program go to the tracer (SECCOMP_RET_TRACE), which knows whether this
 * exec is the tool's own start-up or the program's, and names what was
 * refused. A filter cannot read memory (an exec's path), and a refusal must
 * be seen to be said, so the decision stays with the tracer; a call the
 * tracer is not there to see fails with ENOSYS.
 *
 * The filter is compiled by libseccomp before fork, into memory (the child
 * of a threaded harness may not allocate), once per distinct spec. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "observe.h"
#include "observe_internal.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* One argument comparison, every field named (libseccomp's SCMP_A* macros
 * leave one out, which clang's -Wextra rejects). */
static struct scmp_arg_cmp arg(unsigned arg, enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
    return (struct scmp_arg_cmp){.arg = arg, .op = op, .datum_a = a, .datum_b = b};
}

/* What goes to the tracer, for each rule. */
static int add_rules(scmp_filter_ctx ctx, const struct observe_spec *spec)
{
    int rc = 0;
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_EXEC), SCMP_SYS(execve), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_EXEC), SCMP_SYS(execveat), 0);
    /* clone3 passes its flags in memory the filter cannot read: make it
     * fail as if the kernel were older, and glibc falls back to clone. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (!spec->allow_processes) {
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_PROCESS), SCMP_SYS(fork), 0);
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_PROCESS), SCMP_SYS(vfork), 0);
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_PROCESS), SCMP_SYS(clone), 1,
                               arg(0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    }
    for (size_t i = 0; i < spec->nprotect; i++) {
        scmp_datum_t fd = (scmp_datum_t)spec->protect_fd[i];
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_FD), SCMP_SYS(close), 1,
                               arg(0, SCMP_CMP_EQ, fd, 0));
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_FD), SCMP_SYS(dup2), 1,
                               arg(1, SCMP_CMP_EQ, fd, 0));
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_FD), SCMP_SYS(dup3), 1,
                               arg(1, SCMP_CMP_EQ, fd, 0));
        rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_FD), SCMP_SYS(close_range), 2,
                               arg(0, SCMP_CMP_LE, fd, 0), arg(1, SCMP_CMP_GE, fd, 0));
        /* Writes: TSan's runtime writes its reports there with a system
         * call of its own, from the program's executable; a write through
         * the C library (write, dprintf, fwrite on an fdopen'd stream...)
         * is the program's, forging or garbling a report. */
        static const int writes[] = {SCMP_SYS(write),   SCMP_SYS(writev),   SCMP_SYS(pwrite64),
                                     SCMP_SYS(pwritev), SCMP_SYS(pwritev2), SCMP_SYS(sendto),
                                     SCMP_SYS(sendmsg), SCMP_SYS(sendmmsg)};
        for (size_t k = 0; k < sizeof writes / sizeof *writes; k++)
            rc |= seccomp_rule_add(ctx, SCMP_ACT_TRACE(TRACE_FD_WRITE), writes[k], 1,
                                   arg(0, SCMP_CMP_EQ, fd, 0));
    }
    /* Looking at or changing other processes, and hiding from /proc (a
     * process that is not dumpable keeps its /proc files from a tracer
     * without root): refused outright, there is nothing to say. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_writev), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
                           arg(0, SCMP_CMP_EQ, PR_SET_DUMPABLE, 0));
    return rc;
}

/* The compiled program, through a memfd: libseccomp 2.5 exports to a
 * descriptor only. */
static int compile(const struct observe_spec *spec, struct sock_fprog *out)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        return -1;
    int fd = -1, rc = -1;
    if (add_rules(ctx, spec) != 0)
        goto out;
    fd = memfd_create("racelab-filter", MFD_CLOEXEC);
    if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0)
        goto out;
    off_t len = lseek(fd, 0, SEEK_END);
    if (len <= 0 || len % (off_t)sizeof(struct sock_filter) != 0)
        goto out;
    struct sock_filter *insns = xmalloc((size_t)len);
    if (pread(fd, insns, (size_t)len, 0) != len) {
        free(insns);
        goto out;
    }
    out->filter = insns;
    out->len = (unsigned short)((size_t)len / sizeof(struct sock_filter));
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    seccomp_release(ctx);
    if (rc < 0 && !errno)
        errno = EINVAL;
    return rc;
}

/* A spec's filter depends on these fields only. */
struct filter_key {
    bool allow_processes;
    int protect_fd[4];
    size_t nprotect;
};

static struct cached_filter {
    struct filter_key key;
    struct sock_fprog prog;
} cache[8];
static size_t ncached;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

int observe_filter(const struct observe_spec *spec, const struct sock_fprog **prog)
{
    struct filter_key key;
    memset(&key, 0, sizeof key); /* compared with memcmp: no stray padding */
    key.allow_processes = spec->allow_processes;
    key.nprotect = spec->nprotect < 4 ? spec->nprotect : 4;
    memcpy(key.protect_fd, spec->protect_fd, key.nprotect * sizeof *key.protect_fd);
    int rc = 0;
    pthread_mutex_lock(&cache_lock);
    size_t i = 0;
    while (i < ncached && memcmp(&cache[i].key, &key, sizeof key) != 0)
        i++;
    if (i == ncached) {
        if (ncached == sizeof cache / sizeof *cache) {
            errno = ENOSPC;
            rc = -1;
        } else if ((rc = compile(spec, &cache[i].prog)) == 0) {
            cache[i].key = key;
            ncached++;
        }
    }
    if (rc == 0)
        *prog = &cache[i].prog;
    pthread_mutex_unlock(&cache_lock);
    return rc;
}

int observe_child_install(const struct sock_fprog *prog)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog) != 0 ? -1 : 0;
}
