/* run_clock.h: a run's time limit, counted in the time the machine let the
 * program run.
 *
 * A wall-clock limit on a busy machine measures the machine. An observed
 * program runs at nice 10 (proc.c says why): beside two CPU-bound loops on
 * two cores it was given a tenth of a core, and a program that needs 4 s
 * met its 30 s limit as "timeout (possible deadlock)". So the clock counts
 * wall time at the rate the program was served: in each interval between
 * two samples (50 ms), the CPU its threads were given (schedstat, to the
 * nanosecond) over the CPU they asked for (a core per thread runnable
 * through the interval, state R in /proc/PID/task/TID/stat, capped at the
 * cores it may use). A program that waits for nothing but itself (blocked,
 * or given a core whenever it is runnable) counts every second: a deadlock
 * still ends at its limit. A starved one counts a fraction.
 *
 * Bounded: whatever the load, the run ends at RUN_CLOCK_STRETCH times its
 * limit on the wall clock, and run_clock_starved() then says that it was
 * the machine, not the program, that ran out of time. Only the direct
 * child's threads are counted (a shell's children are not: a waiting shell
 * counts every second, as the wall clock did). Without schedstat (a kernel
 * without CONFIG_SCHED_INFO) the clock is the wall clock, and the CPU time
 * comes from /proc/PID/stat. */
#ifndef RACELAB_RUN_CLOCK_H
#define RACELAB_RUN_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define RUN_CLOCK_STRETCH 4.0
#define RUN_CLOCK_RING    128

struct run_clock_thread {
    pid_t tid;
    double cpu_s;  /* its CPU time at the last sample */
    bool runnable; /* ... and whether it was runnable then */
};

struct run_clock_mark {
    double wall, cpu; /* wall clock, the threads' CPU time summed since the start */
};

struct run_clock {
    pid_t pid;
    double limit_s; /* the program's own time allowed; 0: no limit */
    double start, last;
    double counted_s; /* own time so far, up to the last sample */
    double cpu_s;     /* CPU time of the threads, summed since the start */
    int cores;        /* the CPUs the program may run on */
    bool wall_only;   /* no schedstat: the wall clock */
    struct run_clock_thread *threads;
    size_t nthreads, cap;
    struct run_clock_mark ring[RUN_CLOCK_RING]; /* the last samples, for the CPU rate */
    size_t nmarks;
};

/* Of the CPU time a program asked for in an interval of dt seconds (a core
 * for each of its `runnable` threads, at most `cores`), the share it was
 * given (its threads ran `ran` seconds, summed): 1 when it was blocked or
 * got what it asked, down to 0 when it was never let run. */
double run_clock_served(double ran, int runnable, int cores, double dt);

void run_clock_start(struct run_clock *c, pid_t pid, double limit_s, double now);
void run_clock_free(struct run_clock *c);

/* Read every thread's schedstat and advance the clock to now. */
void run_clock_sample(struct run_clock *c, double now);

/* The limit is reached: the program's own time, or the wall-clock bound.
 * Samples first when the counted time could have reached it since the last. */
bool run_clock_expired(struct run_clock *c, double now);

/* The wall-clock time from now until the limit could at the earliest be
 * reached (the program served all it asks meanwhile); 0 when it is. */
double run_clock_left_s(const struct run_clock *c, double now);

/* Ended by the wall-clock bound, not by the program's own time. */
bool run_clock_starved(const struct run_clock *c, double now);

/* Wall time the limit did not count: the program waited for a CPU. */
double run_clock_waited_s(const struct run_clock *c);

/* The program's CPU time per second of wall time over about the last
 * window_s seconds (1.0: one core busy); -1 when not measured that long. */
double run_clock_cpu_rate(const struct run_clock *c, double window_s);

#endif
