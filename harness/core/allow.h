/* allow.h: what an exercise's header may let a student's program do that
 * racelab otherwise refuses (`allow:`, case.c; the opt-out scan, optout.h;
 * the observer, check.c). */
#ifndef RACELAB_ALLOW_H
#define RACELAB_ALLOW_H

/* Capabilities an exercise's header may grant (`allow:` key), as bits. */
enum optout_allow {
    ALLOW_PROCESS = 1u << 0, /* fork, exec*, system, popen, posix_spawn, clone */
    ALLOW_ENV = 1u << 1,     /* getenv, setenv, putenv, unsetenv, clearenv, environ, main's envp */
    ALLOW_CLOCK = 1u << 2,   /* clock_gettime, gettimeofday, time, clock, times, getrusage,
                                timespec_get, rdtsc builtins, timers (alarm, setitimer...) */
    ALLOW_FILES = 1u << 3,   /* open/openat/creat/fopen/freopen/fclose/opendir/readlink/stat
                                family, dup/dup2/dup3, close, close_range, fcntl, ioctl,
                                mmap/munmap/mprotect/madvise/memfd_create, pipe/pipe2, socket */
    ALLOW_SIGNALS = 1u << 4, /* kill, sigaction/signal on SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGABRT/
                                SIGTRAP/SIGSYS (handlers that could swallow a detector's crash
                                handling) or on a signal not known at compile time; plain
                                signal/sigaction/pthread_kill on other signals are always allowed */
    ALLOW_FENCES = 1u << 5,  /* atomic_thread_fence, __atomic_thread_fence, __sync_synchronize */
};

#endif
