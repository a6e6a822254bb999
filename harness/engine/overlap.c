/* overlap.c: see overlap.h. The thresholds are fractions of each thread's
 * own work, so that a long program and a short one are judged alike, with a
 * floor below which CPU time is noise. */
#define _GNU_SOURCE
#include "overlap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MID_SHARE      0.20   /* mid-work: this much of a thread's work done, and still to do */
#define WORKER_SHARE   0.10   /* a worker: this much of the busiest thread's work */
#define MAIN_SHARE     0.25   /* the first thread, held: this much */
#define PROGRESS_MIN   100e-6 /* CPU that counts as work done during a hold */
#define PROGRESS_SHARE 0.10   /* ... and this much of that thread's work at least */
#define MIN_WORK       50e-6  /* below this a thread's work is not measurable */

static double busiest(const struct observation *o)
{
    double max = 0;
    for (size_t i = 0; i < o->nthreads; i++)
        if (!o->threads[i].tool && o->threads[i].work_s > max)
            max = o->threads[i].work_s;
    return max;
}

static bool is_worker(const struct observation *o, int t, double max)
{
    return t >= 0 && (size_t)t < o->nthreads && !o->threads[t].tool &&
           o->threads[t].work_s >= WORKER_SHARE * max && o->threads[t].work_s >= MIN_WORK;
}

/* A held thread whose hold can witness: a worker, and the first thread only
 * when it does a share as large as the others' (OpenMP's master): what it
 * does between creating threads (stacks, clones, the tracer's stops) comes
 * to a tenth of a short worker's work, and holding it there while a worker
 * takes its turn shows nothing. */
static bool is_held_worker(const struct observation *o, int t, double max)
{
    return is_worker(o, t, max) && (t != 0 || o->threads[0].work_s >= MAIN_SHARE * max);
}

/* Thread t had done part of its work at `done`, and had part left: of the
 * work it did beside the others (work_beside_s). What the first thread does
 * alone at the end, after every other thread's last work (an OpenMP master
 * freeing its arrays, under TSan twice its share of the loop), no hold can
 * witness, and counted it left the master's share too short a middle. */
static bool mid_work(const struct observation *o, int t, double done)
{
    double total = o->threads[t].work_beside_s;
    double left = total - done;
    return done >= MID_SHARE * total && left >= MID_SHARE * total && left >= MIN_WORK;
}

size_t overlap_max_alive(const struct observation *o)
{
    size_t best = 0;
    for (size_t i = 1; i < o->nthreads; i++) {
        if (o->threads[i].tool)
            continue;
        double at = o->threads[i].born_s;
        size_t alive = 0;
        for (size_t k = 1; k < o->nthreads; k++) {
            const struct observed_thread *t = &o->threads[k];
            alive += !t->tool && t->born_s <= at && (t->ended_s == 0 || t->ended_s > at);
        }
        best = alive > best ? alive : best;
    }
    return best;
}

/* A held worker, mid-work, while another worker worked or finished. */
static bool progress_witness(const struct observation *o, const struct observed_hold *h, double max)
{
    if (h->outside_code || !is_held_worker(o, h->thread, max) ||
        !mid_work(o, h->thread, h->held_work_s))
        return false;
    for (size_t k = 0; k < h->nothers; k++) {
        const struct observed_other *x = &h->others[k];
        /* Working means found working: stepped by the test that ended the
         * hold and not spinning, not polling a lock. CPU alone is not work:
         * a thread that could not be tested (in a stop of its own) or was
         * never asked used it spinning as well as working, and an OpenMP
         * master's walk from its last critical section to the barrier (0.4
         * to 0.9 ms under TSan, in libomp and the runtime) witnessed a
         * whole-share spinlock. One that finished during the hold did its
         * last work beside the held one, whatever it was. */
        if (x->did == OTHER_WORKED && !x->caught)
            continue;
        /* A tenth of its work at least: finishing the last few steps of its
         * work while the other was held shows nothing. One found working,
         * still mid-work, needs no more than the observer waited to see
         * (observe_progress_enough_s): a long worker's tenth is more. */
        double need = PROGRESS_SHARE * o->threads[x->thread].work_beside_s;
        double seen = observe_progress_enough_s(h->held_work_s);
        /* Mid-work when the hold began, or by its end: under TSan a worker
         * reads what another thread wrote at several times that thread's
         * pace, and can be early in its share when the faster one is held. */
        bool mid =
            mid_work(o, x->thread, x->work_s) || mid_work(o, x->thread, x->work_s + x->cpu_s);
        if (x->did == OTHER_WORKED && need > seen && mid)
            need = seen;
        if ((x->did == OTHER_WORKED || x->did == OTHER_FINISHED) && x->code_seen &&
            x->cpu_s >= PROGRESS_MIN && x->cpu_s >= need && is_worker(o, x->thread, max))
            return true;
    }
    return false;
}

/* In hold h, thread `other` waited for the held one, both mid-work. */
static bool waited_mid_work(const struct observation *o, const struct observed_hold *h, int other)
{
    if (!mid_work(o, h->thread, h->held_work_s))
        return false;
    for (size_t k = 0; k < h->nothers; k++) {
        const struct observed_other *x = &h->others[k];
        if (x->thread == other && (x->did == OTHER_WAITED || x->did == OTHER_SPUN) &&
            mid_work(o, other, x->work_s))
            return true;
    }
    return false;
}

/* Two workers, each seen waiting for the other in the middle of its work:
 * they interleave (a lock around each update), they do not take turns. */
static bool interleave_witness(const struct observation *o, double max)
{
    for (size_t i = 0; i < o->nholds; i++) {
        const struct observed_hold *a = &o->holds[i];
        if (a->kind != HOLD_WORK || a->outside_code || !is_held_worker(o, a->thread, max))
            continue;
        for (size_t k = 0; k < a->nothers; k++) {
            int b = a->others[k].thread;
            if (!is_worker(o, b, max) || !waited_mid_work(o, a, b))
                continue;
            for (size_t j = 0; j < o->nholds; j++)
                if (o->holds[j].kind == HOLD_WORK && !o->holds[j].outside_code &&
                    o->holds[j].thread == b && waited_mid_work(o, &o->holds[j], a->thread))
                    return true;
        }
    }
    return false;
}

bool overlap_witnessed(const struct observation *o)
{
    double max = busiest(o);
    for (size_t i = 0; i < o->nholds; i++)
        if (o->holds[i].kind == HOLD_WORK && progress_witness(o, &o->holds[i], max))
            return true;
    return interleave_witness(o, max);
}

/* What the work holds of a tool's runs found, for the reason. */
struct hold_tally {
    int runs, witnessed, holds, waited, spun, alone, spinning;
    int starved;      /* holds that showed nothing: the others were ready and got no CPU */
    double most_work; /* the busiest thread's work in any run */
};

static void tally_run(struct hold_tally *t, const struct observation *o)
{
    t->runs++;
    t->witnessed += overlap_witnessed(o);
    double max = busiest(o);
    t->most_work = max > t->most_work ? max : t->most_work;
    for (size_t i = 0; i < o->nholds; i++) {
        const struct observed_hold *h = &o->holds[i];
        if (h->kind != HOLD_WORK)
            continue;
        if (h->end == HOLD_SPINNING) {
            t->spinning++;
            continue;
        }
        bool waited = false, spun = false, starved = false, witness = false;
        for (size_t k = 0; k < h->nothers; k++) {
            waited |= h->others[k].did == OTHER_WAITED && !o->threads[h->others[k].thread].tool &&
                      h->others[k].thread > 0;
            spun |= h->others[k].did == OTHER_SPUN;
            starved |= h->others[k].did == OTHER_STARVED;
            witness |= h->others[k].did == OTHER_WORKED || h->others[k].did == OTHER_FINISHED;
        }
        /* The others ready to run and given no CPU: the machine's doing,
         * which shows neither turns nor overlap. */
        if (starved && !spun && !witness) {
            t->starved++;
            continue;
        }
        t->holds++;
        t->spun += spun;
        t->waited += waited && !spun;
        t->alone += !waited && !spun && h->end == HOLD_QUIET;
    }
}

/* The one line that says why the threads were found taking turns. */
static char *work_reason(const struct hold_tally *t, const char *tool)
{
    if (t->holds == 0 && t->spinning == 0)
        return xasprintf("no thread worked long enough to be watched under %s (the busiest used "
                         "%.2f ms of CPU): give the threads the work, a share each",
                         tool, t->most_work * 1e3);
    if (t->spun * 2 >= t->holds && t->spun)
        return xasprintf("under %s, whenever one thread was stopped in the middle of its work, "
                         "the others spun, waiting for it (%d of %d times): a spinlock held over "
                         "each thread's whole work makes the threads take turns",
                         tool, t->spun, t->holds);
    if (t->waited * 2 >= t->holds && t->waited)
        return xasprintf("under %s, whenever one thread was stopped in the middle of its work, "
                         "the others waited for it (%d of %d times): the threads take turns "
                         "(one lock, semaphore, condition or critical section held over each "
                         "thread's whole work?)",
                         tool, t->waited, t->holds);
    if (t->holds == 0)
        return xasprintf("under %s, every thread caught working was only spinning (%d times): "
                         "the threads wait for each other instead of working",
                         tool, t->spinning);
    if (t->witnessed) /* fewer than the confirming runs ask for */
        return xasprintf("under %s, only %d of %d runs caught a thread working while another was "
                         "stopped in the middle of its work: the threads run one after the other "
                         "most of the time (threads that share the work show it in most runs)",
                         tool, t->witnessed, t->runs);
    return xasprintf("under %s, no thread was ever seen working while another was stopped in "
                     "the middle of its work (%d tries): the threads run one after the other",
                     tool, t->holds);
}

/* A few lines on one run: each thread's work. */
static void describe_run(struct strbuf *sb, enum tool_id tool, const struct observation *o)
{
    strbuf_addf(sb, "  %s run: ", tool_name(tool));
    bool first = true;
    for (size_t i = 0; i < o->nthreads; i++) {
        if (o->threads[i].tool)
            continue;
        strbuf_addf(sb, "%s%s %.2f ms", first ? "" : ", ", i == 0 ? "the first thread" : "thread",
                    o->threads[i].work_s * 1e3);
        if (i > 0)
            strbuf_addf(sb, " (#%zu)", i);
        first = false;
    }
    strbuf_addf(sb, " of work; at most %zu of its threads alive at once\n", overlap_max_alive(o));
}

void overlap_dump(FILE *f, enum tool_id tool, const struct observation *o)
{
    static const char *const ends[] = {"partner", "creator-blocked", "progress",
                                       "quiet",   "window",          "timeout",
                                       "ended",   "spinning",        "blocking"};
    static const char *const did[] = {"waited", "spun", "worked", "finished", "starved"};
    static const char *const kinds[] = {"birth", "work", "exit"};
    fprintf(f, "observed %s run: witness %d, max alive %zu\n", tool_name(tool),
            overlap_witnessed(o), overlap_max_alive(o));
    for (size_t i = 0; i < o->nthreads; i++)
        fprintf(f, "  T%zu%s born %.4f ended %.4f work %.3f ms (%.3f beside the others)\n", i,
                o->threads[i].tool ? " (tool)" : "", o->threads[i].born_s, o->threads[i].ended_s,
                o->threads[i].work_s * 1e3, o->threads[i].work_beside_s * 1e3);
    for (size_t i = 0; i < o->nholds; i++) {
        const struct observed_hold *h = &o->holds[i];
        fprintf(f, "  %s hold T%d %s %.4f..%.4f at %.3f ms%s:", kinds[h->kind], h->thread,
                ends[h->end], h->start_s, h->end_s, h->held_work_s * 1e3,
                h->outside_code ? " (outside the program's code)" : "");
        for (size_t k = 0; k < h->nothers; k++)
            fprintf(f, " T%d %s (at %.3f, +%.3f ms%s)", h->others[k].thread, did[h->others[k].did],
                    h->others[k].work_s * 1e3, h->others[k].cpu_s * 1e3,
                    h->others[k].code_seen ? "" : ", never in the program's code");
        fputs(h->kind == HOLD_WORK && progress_witness(o, h, busiest(o)) ? "  <- witness\n" : "\n",
              f);
    }
}

/* Does the work rule ask for a witness in tool t's runs? TSan's always;
 * the native runs' unless the program is an OpenMP one (see overlap.h). */
static bool work_judged_in(int t, bool openmp)
{
    return t == TOOL_TSAN || (t == TOOL_NATIVE && !openmp);
}

void overlap_judge(enum overlap_rule rule, int min_threads, bool openmp, int witnesses,
                   const struct overlap_run *runs, size_t n, struct overlap_verdict *out)
{
    const char *debug = getenv("RACELAB_OBSERVE_DEBUG");
    for (size_t i = 0; debug && *debug == '1' && i < n; i++)
        if (runs[i].obs)
            overlap_dump(stderr, runs[i].tool, runs[i].obs);
    memset(out, 0, sizeof *out);
    out->ok = true;
    if (rule == OVERLAP_NONE)
        return;
    struct strbuf detail = STRBUF_INIT;
    size_t need = min_threads < 2 ? (size_t)min_threads : 2;
    int lonely = 0, observed = 0, lost = 0, lost_by[TOOL__COUNT] = {0};
    const char *lost_why = NULL;
    struct hold_tally tally[TOOL__COUNT];
    memset(tally, 0, sizeof tally);
    for (size_t i = 0; i < n; i++) {
        const struct observation *o = runs[i].obs;
        if (!o)
            continue;
        if (o->error) { /* the observer failed there: that run shows nothing */
            lost++;
            lost_by[runs[i].tool]++;
            lost_why = o->error;
            continue;
        }
        if (observed++ < 2)
            describe_run(&detail, runs[i].tool, o);
        lonely += need > 1 && overlap_max_alive(o) < need;
        if (rule == OVERLAP_WORK && (runs[i].tool == TOOL_NATIVE || runs[i].tool == TOOL_TSAN))
            tally_run(&tally[runs[i].tool], o);
    }
    if (lonely) {
        out->ok = false;
        out->reason = xasprintf("the threads never ran at the same time in %d of %d runs: each "
                                "was created after the one before it had ended (joined right "
                                "after being created?)",
                                lonely, observed);
    }
    bool unjudged = lost && observed == 0;
    for (int t = 0; rule == OVERLAP_WORK && t < TOOL__COUNT; t++)
        unjudged |= lost_by[t] && !tally[t].runs && work_judged_in(t, openmp);
    if (unjudged && out->ok) { /* a definite failure says more */
        out->ok = false;
        out->inconclusive = true;
        out->reason = xasprintf("the observer failed in %d run%s, and no run was left to judge "
                                "the threads by: %s",
                                lost, lost == 1 ? "" : "s", lost_why);
    }
    for (int t = 0; out->ok && t < TOOL__COUNT; t++) {
        const struct hold_tally *ty = &tally[t];
        if (!ty->runs || ty->witnessed >= witnesses || !work_judged_in(t, openmp))
            continue;
        out->ok = false;
        if (ty->starved && ty->starved >= ty->holds) {
            /* Most holds showed nothing: no verdict on the program. */
            out->inconclusive = true;
            out->reason = xasprintf("the machine was too busy to watch the threads under %s: "
                                    "while one was stopped in the middle of its work, the others "
                                    "were ready to run but got no CPU (%d of %d times); check "
                                    "again when the machine is less busy",
                                    tool_name(t), ty->starved, ty->starved + ty->holds);
        } else {
            out->unwitnessed = true;
            out->reason = work_reason(ty, tool_name(t));
        }
    }
    out->detail = detail.len ? strbuf_detach(&detail) : NULL;
    strbuf_release(&detail);
}

void overlap_verdict_free(struct overlap_verdict *v)
{
    free(v->reason);
    free(v->detail);
    memset(v, 0, sizeof *v);
}
