/* observe_internal.h: what the observer's two files share (observe.c, the
 * tracer; observe_filter.c, the seccomp filter that feeds it). */
#ifndef RACELAB_OBSERVE_INTERNAL_H
#define RACELAB_OBSERVE_INTERNAL_H

/* The filter's SECCOMP_RET_TRACE values: what the tracer is asked about. */
enum trace_reason {
    TRACE_EXEC = 1,    /* execve, execveat: the tool's start-up, or refused */
    TRACE_PROCESS = 2, /* fork, vfork, clone without CLONE_THREAD: refused */
    TRACE_FD = 3,      /* close or replace a protected descriptor: refused */
};

#endif
