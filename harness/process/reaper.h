/* reaper.h: no process outlives racelab.
 *
 * A program under test may leave processes behind: a daemon made by a double
 * fork, a child that called setsid() to leave the process group that
 * proc_run() kills. Without help such an orphan goes to init and runs on
 * after racelab has returned. So racelab makes itself a child subreaper
 * (prctl PR_SET_CHILD_SUBREAPER): every orphan of every run becomes racelab's
 * child, and racelab kills it.
 *
 * Which run an orphan came from cannot be read anywhere once its parent is
 * gone, and a run still going may rely on its own daemon. So an orphan is
 * killed when it is surely left over: at the end of a run, the orphans still
 * in that run's process group; once no run is left (no child that racelab
 * started itself is alive), every orphan; and every orphan at exit. A
 * dedicated uid (sandbox.h) is killed whole at each run's end anyway.
 *
 * Every fork() of the harness goes through reaper_fork(), so that the
 * processes racelab started itself are never taken for orphans. */
#ifndef RACELAB_REAPER_H
#define RACELAB_REAPER_H

#include <sys/types.h>

/* Become the subreaper (once; later calls do nothing), and kill every orphan
 * at exit. Returns 0, or -1 with errno when the kernel refuses. */
int reaper_start(void);

/* fork(), the child recorded as one racelab started, until reaper_forget()
 * after it has been reaped. Thread-safe. */
pid_t reaper_fork(void);
void reaper_forget(pid_t pid);

/* Kill and reap the orphans that are surely left over (see above): those in
 * process group pgid (0: none in particular), and all of them when no child
 * racelab started is alive or pgid is -1. Returns how many were killed. */
int reaper_collect(pid_t pgid);

#endif
