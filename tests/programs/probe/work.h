/* work.h: busy work for the probe's test programs: spin on the clock for a
 * given time (a sleep would not keep the thread running). */
#ifndef PROBE_WORK_H
#define PROBE_WORK_H

#include <time.h>

static inline double work_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void work_ms(double ms)
{
    for (double end = work_now() + ms / 1e3; work_now() < end;)
        ;
}

#endif
