/* probe.c: the concurrency probe's file (see probe.h and harness/shim/probe.c):
 *     threads N
 *     max_live N
 *     state run|exit
 *     thread I LIFETIME_NS LONGEST_HOLD_NS CPU_WAIT_NS [running]     I = 0, 1, 2, ...
 *     end
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "util.h"

/* A decimal number (no sign, at most 18 digits) at *p, which moves past it. */
static bool parse_num(const char **p, unsigned long long *v)
{
    const char *s = *p;
    *v = 0;
    while (*s >= '0' && *s <= '9' && s - *p < 18)
        *v = *v * 10 + (unsigned)(*s++ - '0');
    if (s == *p || (*s >= '0' && *s <= '9'))
        return false;
    *p = s;
    return true;
}

/* "KEY N" with nothing after the number. */
static bool parse_keyed(const char *line, const char *key, long *v)
{
    size_t n = strlen(key);
    unsigned long long u;
    const char *p = line + n + 1;
    if (strncmp(line, key, n) != 0 || line[n] != ' ' || !parse_num(&p, &u) || *p)
        return false;
    *v = (long)u;
    return true;
}

/* "thread I LIFETIME HOLD CPU_WAIT" or "... running"; *running says which. */
static bool parse_thread(const char *line, size_t want_index, struct probe_thread *t, bool *running)
{
    unsigned long long idx, life, hold, wait;
    const char *p = line + strlen("thread ");
    if (!str_starts_with(line, "thread ") || !parse_num(&p, &idx) || idx != want_index ||
        *p++ != ' ' || !parse_num(&p, &life) || *p++ != ' ' || !parse_num(&p, &hold) ||
        *p++ != ' ' || !parse_num(&p, &wait))
        return false;
    *running = strcmp(p, " running") == 0;
    if (*p && !*running)
        return false;
    t->lifetime_s = (double)life / 1e9;
    t->longest_hold_s = (double)hold / 1e9;
    t->cpu_wait_s = (double)wait / 1e9;
    return true;
}

/* What line n (from 1) must be, for lines 1 to 3. */
static const char *const header_lines[] = {"'threads N'", "'max_live N'",
                                           "'state run' or 'state exit'"};

int probe_read(const char *path, struct probe_report *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    if (read_file(path, &text, &len) < 0) {
        *err = xasprintf("%s: %s (the concurrency probe did not run: is build/shim/probe.so "
                         "preloaded and RACELAB_PROBE_FILE set?)",
                         path, strerror(errno));
        return -1;
    }
    int rc = probe_parse(text, path, out, err);
    free(text);
    return rc;
}

int probe_parse(const char *original, const char *path, struct probe_report *out, char **err)
{
    memset(out, 0, sizeof *out);
    char *text = xstrdup(original);
    size_t cap = 0;
    bool exited = false, running = false, ended = false, bad = false;
    int lineno = 0;
    char want[96] = "";
    char *line = text;
    while (!bad && *line) {
        char *next = line + strcspn(line, "\n");
        lineno++;
        bool last_cut = *next != '\n';
        *next = '\0';
        bool is_running = false;
        if (ended) {
            bad = snprintf(want, sizeof want, "nothing after 'end'");
        } else if (lineno <= 3) {
            bool ok = lineno == 1   ? parse_keyed(line, "threads", &out->threads)
                      : lineno == 2 ? parse_keyed(line, "max_live", &out->max_live)
                                    : (exited = strcmp(line, "state exit") == 0) ||
                                          strcmp(line, "state run") == 0;
            if (!ok)
                bad = snprintf(want, sizeof want, "%s", header_lines[lineno - 1]);
        } else if (strcmp(line, "end") == 0) {
            ended = true;
        } else {
            size_t i = out->nthreads_listed;
            out->thread = grow_array(out->thread, &cap, i + 1, sizeof *out->thread);
            if (parse_thread(line, i, &out->thread[i], &is_running))
                out->nthreads_listed++;
            else
                bad = snprintf(want, sizeof want,
                               "'thread %zu LIFETIME_NS HOLD_NS CPU_WAIT_NS' (or with ' running') "
                               "or 'end'",
                               i);
            running |= is_running;
        }
        if (!bad && last_cut)
            bad = snprintf(want, sizeof want, "a newline at the end of the line");
        if (!bad)
            line = last_cut ? next : next + 1;
    }
    if (!bad && !ended) {
        lineno++;
        line = "";
        bad = snprintf(want, sizeof want, "%s (the file is cut short)",
                       lineno <= 3 ? header_lines[lineno - 1] : "'end'");
    }
    if (!bad && (size_t)out->threads < out->nthreads_listed) {
        lineno = 1;
        line = text;
        bad = snprintf(want, sizeof want, "at least one thread per 'thread' line (%zu)",
                       out->nthreads_listed);
    }
    if (bad) {
        *err = xasprintf("%s:%d: expected %s, got '%s'", path, lineno, want, line);
        free(text);
        probe_report_free(out);
        return -1;
    }
    out->complete = exited && !running && (size_t)out->threads == out->nthreads_listed;
    free(text);
    return 0;
}

void probe_report_free(struct probe_report *r)
{
    free(r->thread);
    memset(r, 0, sizeof *r);
}

/* The thresholds:
 *  - Serialised: with two threads or more, if never two of them were inside
 *    their start routines at once, no two could race, whatever the source
 *    says; joining each thread right after creating it gives exactly that.
 *    (A legitimate program whose threads each finish before the next one is
 *    even created would also be caught: classroom programs give their
 *    threads enough work, or a barrier, for that not to happen.)
 *  - Taking turns: a thread that spends 90% or more of its life in one hold
 *    of one lock (waiting for it included) runs in parallel with nobody
 *    during that time. A lock around the whole body gives close to 100% (all
 *    but thread start and end, microseconds out of milliseconds); a lock
 *    around the shared update gives single holds far below that. The 10%
 *    left leaves room for setup and printing outside the lock. Its life
 *    here leaves out the time it waited for a CPU: on a loaded machine the
 *    thread that unlocks is often preempted by the one it woke, for
 *    milliseconds, before it can end (that time can also fall inside the
 *    hold, which then counts for more: a share above 100% is 100%).
 *  - Threads living less than 10 us are left out of that rule: their life
 *    is only creation and scheduling noise. (Not 1 ms: the rule applies only
 *    to cases whose header forbids the whole-thread lock, where every thread
 *    loops over updates, and threads/shared-counter's 100,000 increments
 *    under one lock take about 50 us here.)
 *  - At least two such threads: one long-locked thread (a logger, a
 *    consumer holding a queue) does not serialise the others. */
#define LOCK_RULE_MIN_LIFETIME_S 10e-6
#define LOCK_RULE_MIN_SHARE      0.9
/* ... or all but this much of it: a thread's own start and end (the probe's
 * bookkeeping, the cleanup handler) cost some 10-20 us here, which is more
 * than 10% of a 100 us body. A lock around each update leaves the whole life
 * but a fraction of a microsecond outside its longest hold, so it is far
 * from this either way. */
#define LOCK_RULE_MAX_OUTSIDE_S 50e-6

const char *probe_judge(const struct probe_report *r, bool forbid_whole_thread_lock, char *buf,
                        size_t size)
{
    if (r->threads >= 2 && r->max_live < 2) {
        snprintf(buf, size,
                 "the threads never ran at the same time (at most %ld %s running at once): they "
                 "were serialised, e.g. joined right after being created",
                 r->max_live, r->max_live == 1 ? "was" : "were");
        return buf;
    }
    if (!forbid_whole_thread_lock)
        return NULL;
    size_t judged = 0;
    double least = 1;
    for (size_t i = 0; i < r->nthreads_listed; i++) {
        const struct probe_thread *t = &r->thread[i];
        double life = t->lifetime_s - t->cpu_wait_s;
        if (life < LOCK_RULE_MIN_LIFETIME_S)
            continue;
        double share = t->longest_hold_s >= life ? 1 : t->longest_hold_s / life;
        if (share < LOCK_RULE_MIN_SHARE && life - t->longest_hold_s > LOCK_RULE_MAX_OUTSIDE_S)
            return NULL;
        judged++;
        if (share < least)
            least = share;
    }
    if (judged < 2)
        return NULL;
    snprintf(buf, size,
             "every thread held one lock for %d%% of its life: the threads took turns instead of "
             "running together; lock only the shared update",
             (int)(least * 100));
    return buf;
}
