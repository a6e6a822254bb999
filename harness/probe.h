/* probe.h: reading and judging what the concurrency probe recorded.
 *
 * build/shim/probe.so (harness/shim/probe.c), preloaded into a plain run of
 * a program with RACELAB_PROBE_FILE set, writes a small text file: how many
 * threads the program created, how many ran at the same moment, and per
 * thread its lifetime and its longest continuous hold of one lock (from the
 * lock call, waiting included, to the release; a condition wait ends a
 * hold), and the time it waited for a CPU. Classroom mode uses it to reject a "fix" that is no
 * longer concurrent: threads joined right after being created, or each thread's whole body under
 * one lock. */
#ifndef RACELAB_PROBE_H
#define RACELAB_PROBE_H

#include <stdbool.h>
#include <stddef.h>

struct probe_report {
    long threads;           /* created with pthread_create (the main thread is not one) */
    long max_live;          /* most threads running their start routine at the same moment */
    size_t nthreads_listed; /* entries of thread[]: the first 256 threads to start */
    struct probe_thread {
        double lifetime_s;     /* start routine's start to its end (or to the file's writing) */
        double longest_hold_s; /* longest continuous hold of one lock (read locks excepted) */
        double cpu_wait_s;     /* of the lifetime, time ready to run but waiting for a CPU
                                  (0 when unknown, and while the thread runs) */
    } * thread;
    /* The file was written at exit, every thread created is listed and every
     * listed thread had ended. False after _exit, a crash, a thread still
     * running at exit (e.g. an OpenMP worker) or more than 256 threads: the
     * numbers are then what was known at the last write. */
    bool complete;
};

/* Parse the probe's file at path into *out. Returns 0, or -1 with *err
 * (malloc'd) naming the file, and the line when the text is malformed; a
 * missing file is an error (the probe did not run). */
int probe_read(const char *path, struct probe_report *out, char **err);
/* The same for text already read (a run's outcome keeps the probe's file as
 * text: its scratch directory is gone); name is used in messages. */
int probe_parse(const char *text, const char *name, struct probe_report *out, char **err);
void probe_report_free(struct probe_report *r);

/* NULL when the run was concurrent; otherwise a one-line reason for the
 * student, written into buf (size bytes) and returned. The lock rule applies
 * only with forbid_whole_thread_lock (a program whose task is to take turns
 * would fail it). */
const char *probe_judge(const struct probe_report *r, bool forbid_whole_thread_lock, char *buf,
                        size_t size);

#endif
