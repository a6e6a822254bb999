/* bench.h: what the C benchmark programs share: the command line, the thread count, the clock
 * and the one line of JSON that scripts/bench reads.
 *
 * The interface (the runner depends on it):
 *   PROGRAM --list               the variant names, one per line
 *   PROGRAM VARIANT [N [JOBS]]   one measurement of VARIANT at size N; N and JOBS have defaults
 * prints exactly one line of JSON on stdout and exits 0 (even when the answer is wrong, as it is
 * for a racy variant); bad arguments print a usage message on stderr and exit 2.
 * BENCH_THREADS, when set, overrides the thread count (the machine's online cores).
 * BENCH_MIN_TIME (seconds, default 0.1): a program that times its work with bench_repeat runs it
 * again and again until the repetitions add up to this long, and reports the fastest repetition:
 * one fib(30) run is a few milliseconds, shorter than the slow spells of a shared machine, and
 * a repetition is only ever slowed by them, never sped up (timeit's rule).
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

/* bench_repeat stops after this many repetitions, however short. */
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
          "BENCH_MIN_TIME=S repeats a fib measurement for S seconds, keeps the fastest (0.1)\n",
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

static int bench_compare_seconds(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Time run(args) BENCH_MIN_TIME's worth of times (at least once) into r: seconds is the fastest
 * repetition, result the first wrong answer if any (else the last), correct whether every
 * repetition returned `expected`. Static inline: a program that times its own way (discipline's
 * threads read the clock themselves) does not use it. */
static inline void bench_repeat(const struct bench_spec *spec,
                                long long (*run)(const struct bench_args *),
                                const struct bench_args *args, long long expected,
                                struct bench_result *r)
{
    const char *prog = spec->bench;
    double min_time = 0.1;
    const char *env = getenv("BENCH_MIN_TIME");
    if (env != NULL && *env != '\0') {
        char *end;
        min_time = strtod(env, &end);
        if (end == env || *end != '\0' || !(min_time >= 0 && min_time <= 3600))
            bench_usage(spec, prog, "BENCH_MIN_TIME is not a number of seconds (0..3600)");
    }
    static double times[BENCH_REPEATS_MAX];
    double total = 0;
    r->correct = true;
    r->repeats = 0;
    do {
        double start = bench_now();
        long long result = run(args);
        double seconds = bench_now() - start;
        times[r->repeats++] = seconds;
        total += seconds;
        if (r->correct)
            r->result = result;
        r->correct &= result == expected;
    } while (total < min_time && r->repeats < BENCH_REPEATS_MAX);
    qsort(times, (size_t)r->repeats, sizeof times[0], bench_compare_seconds);
    r->seconds = times[0];
}

/* The one line of JSON. Names and variants are fixed identifiers: nothing needs escaping. */
static void bench_print(const struct bench_spec *spec, const struct bench_args *args,
                        const struct bench_result *r)
{
    printf("{\"bench\":\"%s\",\"lang\":\"c\",\"variant\":\"%s\",\"n\":%ld,\"jobs\":%d,"
           "\"threads\":%d,\"repeats\":%d,\"seconds\":%.6f,\"result\":%lld,\"correct\":%s}\n",
           spec->bench, args->variant, args->n, args->jobs, r->threads, r->repeats, r->seconds,
           r->result, r->correct ? "true" : "false");
}

#endif
