/* thread_count.c: counts the threads a program under test starts.
 *
 * racelab links this object into every program it builds, so that a verdict
 * can say "fewer threads than required" and a "fix" that deletes the threads
 * does not pass. It defines pthread_create in the executable itself, which
 * interposes on every caller, libomp's worker creation included, and then
 * calls the real one:
 *   - under TSan, the runtime's own pthread_create is a weak alias of
 *     __interceptor_pthread_create; our strong definition replaces the alias,
 *     so we must call the interceptor ourselves or TSan would lose the thread;
 *   - elsewhere, dlsym(RTLD_NEXT) finds libc's, which Valgrind wraps.
 *
 * The count must not add synchronisation the detectors could see (that would
 * hide races between the threads being created): the counter is a relaxed
 * atomic, which TSan does not treat as synchronisation (the TSan build is
 * instrumented only so that thread-creation stacks keep the caller's line),
 * and it is hidden from Helgrind and DRD with their client requests. The count is written to the
 * file named by RACELAB_THREADS_FILE after every creation (so it survives _exit) and again at exit.
 *
 * Observed runs (racelab exercise, harness/observe.h) carry a detector's report on a pipe the
 * harness reads as the program runs, so that the program cannot unwrite it:
 *   - RACELAB_REPORT_FD=N (TSan): this constructor points TSan's reports at descriptor N, which
 *     the harness's seccomp filter keeps the program from closing, replacing or writing to
 *     (only code of the executable, where TSan's runtime is, may write there), and writes a
 *     first line, RACELAB_CHANNEL_OPEN, with a system call of its own: after it, anything of
 *     TSan's goes to N, so a "FATAL: ThreadSanitizer" on stderr is the program's, not TSan's;
 *   - RACELAB_CLOSE_FD=N (Valgrind): Valgrind writes its XML through its own copy of N, in the
 *     range it keeps from its guest, but leaves N itself open in the guest; closed here, before
 *     any of the program's code runs, so that the program cannot write into the XML.
 * Both variables are removed: the program has no business with them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef RACELAB_SHIM_TSAN
int __interceptor_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
void __sanitizer_set_report_fd(void *fd);
#define real_pthread_create __interceptor_pthread_create
#else
#include <valgrind/drd.h>
#include <valgrind/helgrind.h>
typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static create_fn real_pthread_create;
#endif

static unsigned long threads_started;
static int count_fd = -1;

/* "<count> run" while the program runs, "<count> exit" once its exit handlers
 * ran: the harness tells a normal exit from a tool dying under the program
 * (TSan's Die() calls _exit, which skips destructors). */
static void write_count(const char *state)
{
    if (count_fd < 0)
        return;
    char line[32];
    int n = snprintf(line, sizeof line, "%20lu %s\n",
                     __atomic_load_n(&threads_started, __ATOMIC_RELAXED), state);
    /* Fixed width at offset 0: a later write always overwrites an earlier one whole. */
    if (pwrite(count_fd, line, (size_t)n, 0) != n)
        return;
}

#ifndef RACELAB_SHIM_TSAN
/* Found on first use, not only in the constructor below: a program's own
 * constructor may start a thread before ours has run. That first call is
 * single-threaded (no thread exists yet to race with it). */
static create_fn resolve_real_create(void)
{
    if (!real_pthread_create)
        real_pthread_create = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
    return real_pthread_create;
}
#endif

/* First among the program's constructors (101 is the earliest a program may
 * ask for): the report channel is set before any of the program's code. */
#ifdef RACELAB_SHIM_TSAN
/* The line that opens an observed run's report channel (tool_tsan.c looks
 * for it). Written with the system call itself, from the executable: the
 * harness refuses writes to the channel that come through the C library. */
static void channel_open(int fd)
{
    static const char line[] = "racelab: ThreadSanitizer's reports follow\n";
#if defined(__x86_64__)
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(1L /* write */), "D"((long)fd), "S"(line), "d"(sizeof line - 1)
                     : "rcx", "r11", "memory");
    (void)ret;
#else
    (void)fd; /* no line: stderr is believed, as before the channel */
    (void)line;
#endif
}
#endif

__attribute__((constructor(101))) static void thread_count_init(void)
{
#ifndef RACELAB_SHIM_TSAN
    resolve_real_create();
    VALGRIND_HG_DISABLE_CHECKING(&threads_started, sizeof threads_started);
    DRD_IGNORE_VAR(threads_started);
#endif
    const char *path = getenv("RACELAB_THREADS_FILE");
    if (path && *path)
        count_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const char *fd = getenv("RACELAB_REPORT_FD");
#ifdef RACELAB_SHIM_TSAN
    if (fd && atoi(fd) > 2) {
        __sanitizer_set_report_fd((void *)(long)atoi(fd));
        channel_open(atoi(fd));
    }
#endif
    unsetenv("RACELAB_REPORT_FD");
    fd = getenv("RACELAB_CLOSE_FD");
    if (fd && atoi(fd) > 2)
        close(atoi(fd));
    unsetenv("RACELAB_CLOSE_FD");
    write_count("run ");
}

__attribute__((destructor)) static void thread_count_fini(void)
{
    write_count("exit");
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
#ifdef RACELAB_SHIM_TSAN
    int rc = real_pthread_create(thread, attr, start, arg);
#else
    int rc = resolve_real_create()(thread, attr, start, arg);
#endif
    if (rc == 0) {
        __atomic_add_fetch(&threads_started, 1, __ATOMIC_RELAXED);
        write_count("run ");
    }
    return rc;
}
