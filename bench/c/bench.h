/* bench.h: what the C benchmark programs share: the command line, the thread count, the clock
 * and the one line of JSON that scripts/bench reads.
 *
 * The interface (the runner depends on it):
 *   PROGRAM --list               the variant names, one per line
 *   PROGRAM VARIANT [N [JOBS]]   one measurement of VARIANT at size N; N and JOBS have defaults
 * prints exactly one line of JSON on stdout and exits 0 (even when the answer is wrong, as it is
 * for a racy variant); bad arguments print a usage message on stderr and exit 2. A measurement
 * paired with a baseline (see bench_repeat) also reports the baseline's time and the paired
 * speed-up; otherwise those two fields are null.
 * BENCH_THREADS, when set, overrides the thread count (the machine's online cores).
 * BENCH_REPEATS (a count, default 1): a program that times its work with bench_repeat runs it
 * this many times and reports the fastest repetition: one fib(30) run is a few milliseconds,
 * shorter than the slow spells of a shared machine, and a repetition is only ever slowed by them,
 * never sped up (timeit's rule). The count is fixed, the same for every variant a runner
 * compares (scripts/bench derives it from the size), never a time budget: a budget gives the
 * faster variants more repetitions, so more chances at a lucky minimum.
 *
 * A program includes this header once (its functions are static) after defining
 * _POSIX_C_SOURCE, which clock_gettime and sysconf need under -std=c17. */
#ifndef RACELAB_BENCH_C_BENCH_H
#define RACELAB_BENCH_C_BENCH_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* BENCH_THREADS may ask for up to this many threads. */
enum { BENCH_THREADS_MAX = 1024 };

/* BENCH_REPEATS may ask for up to this many repetitions. */
enum { BENCH_REPEATS_MAX = 1000 };

/* Everything one invocation was asked to do. */
struct bench_args {
    const char *variant;
    long n;
    int jobs;
    int threads;
};

/* Everything its JSON line reports besides the arguments. `threads` is the number of threads
 * the variant really ran its work on (1 for a sequential variant), not always args.threads. */
struct bench_result {
    int threads;
    int repeats; /* timed repetitions; seconds is the fastest */
    double seconds;
    long long result;
    bool correct;
    /* Paired with a baseline (bench_repeat with one): the baseline's fastest repetition, and the
     * median over the pairs of baseline time / variant time. Unpaired: both 0, printed null. */
    double baseline_seconds;
    double paired_speedup;
};

/* What a program tells the parser: its name, its variants, and the range and default of N.
 * The variants are a program's own table of structs whose first member is the name: `variants`
 * points at the first name, `stride` is the size of one entry. */
struct bench_spec {
    const char *bench;
    const char *const *variants;
    size_t nvariants, stride;
    long n_default, n_min, n_max;
    int jobs_max;
};

/* A failed pthread call is a broken run, not a measurement: say so and exit 1. */
static void bench_check(int err, const char *what)
{
    if (err != 0) {
        fprintf(stderr, "bench: %s: %s\n", what, strerror(err));
        exit(1);
    }
}

static const char *bench_variant(const struct bench_spec *spec, size_t i)
{
    return *(const char *const *)(const void *)((const char *)spec->variants + i * spec->stride);
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_usage(const struct bench_spec *spec, const char *prog, const char *why)
{
    fprintf(stderr, "%s: %s\n", prog, why);
    fprintf(stderr,
            "usage: %s VARIANT [N [JOBS]]   (N in %ld..%ld, default %ld; JOBS 1..%d, "
            "default 3)\n       %s --list\nvariants:",
            prog, spec->n_min, spec->n_max, spec->n_default, spec->jobs_max, prog);
    for (size_t i = 0; i < spec->nvariants; i++)
        fprintf(stderr, " %s", bench_variant(spec, i));
    fputs("\nenvironment: BENCH_THREADS=K runs on K threads (default: the online cores);\n"
          "BENCH_REPEATS=K repeats a fib measurement K times, keeps the fastest (1)\n",
          stderr);
    exit(2);
}

/* A whole decimal number in [min, max], or false. */
static bool bench_parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int bench_default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores >= 1 && cores <= BENCH_THREADS_MAX ? (int)cores : 1;
}

/* Parse the command line, or answer --list, or exit 2 with a usage message. Returns the index
 * of the variant in spec->variants. */
static size_t bench_parse(const struct bench_spec *spec, int argc, char **argv,
                          struct bench_args *args)
{
    const char *prog = argc > 0 ? argv[0] : spec->bench;
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < spec->nvariants; i++)
            puts(bench_variant(spec, i));
        exit(0);
    }
    if (argc < 2 || argc > 4)
        bench_usage(spec, prog, "expected a variant, then optionally N and JOBS");
    size_t which = spec->nvariants;
    for (size_t i = 0; i < spec->nvariants; i++)
        if (strcmp(argv[1], bench_variant(spec, i)) == 0)
            which = i;
    if (which == spec->nvariants)
        bench_usage(spec, prog, "unknown variant");
    args->variant = bench_variant(spec, which);

    args->n = spec->n_default;
    if (argc > 2 && !bench_parse_long(argv[2], spec->n_min, spec->n_max, &args->n))
        bench_usage(spec, prog, "N is not a whole number in range");
    long jobs = 3;
    if (argc > 3 && !bench_parse_long(argv[3], 1, spec->jobs_max, &jobs))
        bench_usage(spec, prog, "JOBS is not a whole number in range");
    args->jobs = (int)jobs;

    long threads = bench_default_threads();
    const char *env = getenv("BENCH_THREADS");
    if (env != NULL && *env != '\0' && !bench_parse_long(env, 1, BENCH_THREADS_MAX, &threads))
        bench_usage(spec, prog, "BENCH_THREADS is not a whole number in range (1..1024)");
    args->threads = (int)threads;
    return which;
}

static int bench_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One timed call of run(args); *result gets its answer. */
static double bench_time(long long (*run)(const struct bench_args *), const struct bench_args *args,
                         long long *result)
{
    double start = bench_now();
    *result = run(args);
    return bench_now() - start;
}

/* Time run(args) BENCH_REPEATS times into r: seconds is the fastest repetition, result the first
 * wrong answer if any (else the last), correct whether every repetition returned `expected`.
 *
 * With a baseline (the sequential version), every repetition is a pair: the baseline and the
 * variant back to back, in alternating order, and r->paired_speedup is the median over the
 * pairs of baseline time / variant time. A shared machine has slow spells that last longer
 * than a pair (here they came and went between processes, making one sequential process 50%
 * slower than the next): both halves of a pair meet the same spell, so the ratio holds where a
 * ratio of two separately taken times does not.
 *
 * Static inline: a program that times its own way (discipline's threads read the clock
 * themselves) does not use it. */
static inline void bench_repeat(const struct bench_spec *spec,
                                long long (*run)(const struct bench_args *),
                                long long (*baseline)(const struct bench_args *),
                                const struct bench_args *args, long long expected,
                                struct bench_result *r)
{
    long repeats = 1;
    const char *env = getenv("BENCH_REPEATS");
    if (env != NULL && *env != '\0' && !bench_parse_long(env, 1, BENCH_REPEATS_MAX, &repeats))
        bench_usage(spec, spec->bench, "BENCH_REPEATS is not a whole number in range (1..1000)");
    static double ratios[BENCH_REPEATS_MAX];
    r->correct = true;
    r->repeats = (int)repeats;
    r->seconds = r->baseline_seconds = r->paired_speedup = 0;
    for (long i = 0; i < repeats; i++) {
        long long result, base_result = expected;
        double base = 0, seconds;
        if (baseline != NULL && i % 2 == 0)
            base = bench_time(baseline, args, &base_result);
        seconds = bench_time(run, args, &result);
        if (baseline != NULL && i % 2 == 1)
            base = bench_time(baseline, args, &base_result);
        if (i == 0 || seconds < r->seconds)
            r->seconds = seconds;
        if (baseline != NULL) {
            if (i == 0 || base < r->baseline_seconds)
                r->baseline_seconds = base;
            ratios[i] = base / seconds;
        }
        if (r->correct)
            r->result = result;
        r->correct &= result == expected && base_result == expected;
    }
    if (baseline != NULL) {
        qsort(ratios, (size_t)repeats, sizeof ratios[0], bench_compare_doubles);
        r->paired_speedup =
            repeats % 2 ? ratios[repeats / 2] : (ratios[repeats / 2 - 1] + ratios[repeats / 2]) / 2;
    }
}

/* The one line of JSON. Names and variants are fixed identifiers: nothing needs escaping. */
static void bench_print(const struct bench_spec *spec, const struct bench_args *args,
                        const struct bench_result *r)
{
    char base[32] = "null", speedup[32] = "null";
    if (r->paired_speedup > 0) {
        snprintf(base, sizeof base, "%.6f", r->baseline_seconds);
        snprintf(speedup, sizeof speedup, "%.4f", r->paired_speedup);
    }
    printf("{\"bench\":\"%s\",\"lang\":\"c\",\"variant\":\"%s\",\"n\":%ld,\"jobs\":%d,"
           "\"threads\":%d,\"repeats\":%d,\"seconds\":%.6f,\"baseline_seconds\":%s,"
           "\"paired_speedup\":%s,\"result\":%lld,\"correct\":%s}\n",
           spec->bench, args->variant, args->n, args->jobs, r->threads, r->repeats, r->seconds,
           base, speedup, r->result, r->correct ? "true" : "false");
}

#endif
