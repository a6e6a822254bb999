/* cli.c: racelab run, cc and flags, and the engine-and-reports step every
 * checking command ends with. */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "util.h"

int usage_error(const char *fmt, const char *arg)
{
    fputs("racelab: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nrun 'racelab --help' for usage\n", stderr);
    return 2;
}

int parse_tools(const char *list, unsigned *tools)
{
    *tools = 0;
    char *copy = xstrdup(list), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "all") == 0) {
            *tools = (1u << TOOL__COUNT) - 1;
            continue;
        }
        if (tool_group(t)) {
            *tools |= tool_group(t);
            continue;
        }
        int id = tool_from_name(t);
        if (id < 0) {
            rc = usage_error("unknown tool '%s' (tools: tsan, helgrind, drd, native, tsa, "
                             "analyzer, tidy, rustc; groups: static, dynamic, all)",
                             t);
            break;
        }
        *tools |= 1u << id;
    }
    free(copy);
    return rc ? rc : (*tools ? 0 : usage_error("--tools needs at least one tool%s", ""));
}

int parse_positive(const char *s, const char *what, int max, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 1 || v > max)
        return usage_error(what, s);
    *out = (int)v;
    return 0;
}

int shared_option(int c, const char *arg, struct check_options *o, struct report_outputs *outs,
                  struct gate *g)
{
    switch (c) {
    case 'r':
        return parse_positive(arg, "--runs needs a number from 1 to 1000, not '%s'", 1000,
                              &o->runs);
    case 'j':
        return parse_positive(arg, "-j needs a number from 1 to 256, not '%s'", 256, &o->jobs);
    case 'f':
        return outputs_add_format(outs, arg);
    case 'o':
        return outputs_add_path(outs, arg);
    case 'k':
        o->keep_scratch = true;
        return 0;
    case 1001:
        g->suppressions_path = arg;
        return 0;
    case 1002:
        g->baseline_path = arg;
        return 0;
    case 1003:
        g->update = true;
        return 0;
    default:
        return -1;
    }
}

int gate_load(struct gate *g, struct check_options *o)
{
    char *err = NULL;
    if (g->update && !g->baseline_path)
        return usage_error("--update-baseline needs --baseline FILE (the file to write)%s", "");
    if (g->suppressions_path) {
        if (suppressions_load(g->suppressions_path, &g->suppressions, &err) < 0)
            goto bad;
        g->have_suppressions = true;
        o->suppressions = &g->suppressions;
    }
    if (g->baseline_path) {
        /* A baseline being created may not exist yet. */
        if (!(g->update && access(g->baseline_path, F_OK) != 0)) {
            if (baseline_load(g->baseline_path, &g->baseline, &err) < 0)
                goto bad;
            g->have_baseline = true;
            o->baseline = &g->baseline;
        }
        if (g->update)
            o->update_baseline = g->baseline_path;
    }
    return 0;
bad:
    fprintf(stderr, "racelab: %s\n", err);
    free(err);
    return 2;
}

void gate_free(struct gate *g)
{
    if (g->have_suppressions)
        suppressions_free(&g->suppressions);
    if (g->have_baseline)
        baseline_free(&g->baseline);
    g->have_suppressions = g->have_baseline = false;
}

struct check_options check_defaults(const struct globals *g)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return (struct check_options){.root = g->root,
                                  .build_dir = g->build_dir,
                                  .shim_dir = g->shim_dir,
                                  .runs = 1,
                                  .jobs = ncpu > 0 ? (int)ncpu : 1,
                                  .variants = {true, true}};
}

int check_and_report(struct check_options *o, struct report_outputs *outs)
{
    int rc = outputs_open(outs, o);
    if (rc)
        return rc;
    struct check_report rep;
    char *err = NULL;
    if (check_run(o, &rep, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        outputs_close(outs);
        rc = 2;
    } else {
        rc = outputs_finish(outs, &rep);
        if (rc == 0)
            rc = check_exit_status(&rep);
    }
    check_report_free(&rep);
    return rc;
}

/* --fail-on KIND,...: these warning kinds fail the gate too. */
static int parse_fail_on(const char *list, unsigned *warn_kinds)
{
    char *copy = xstrdup(list), *save = NULL;
    int rc = 0;
    for (char *k = strtok_r(copy, ",", &save); k && rc == 0; k = strtok_r(NULL, ",", &save)) {
        int kind = finding_kind_from_name(k);
        if (kind < 0)
            rc = usage_error("--fail-on: unknown finding kind '%s' (docs/finding-kinds.md)", k);
        else if (!(RUN_WARN_KINDS & (1u << kind)))
            rc = usage_error("--fail-on: %s fails the gate already; only thread-leak and "
                             "lock-held-at-exit are warnings",
                             k);
        else
            *warn_kinds &= ~(1u << kind);
    }
    free(copy);
    return rc;
}

int cmd_run(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tool", required_argument, NULL, 't'},
        {"tools", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'T'},
        {"expect-exit", required_argument, NULL, 'x'},
        {"source-root", required_argument, NULL, 'S'},
        {"fail-on", required_argument, NULL, 'F'},
        {"explore", required_argument, NULL, 'E'},
        {"all-runs", no_argument, NULL, 'A'},
        SHARED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct check_options o = check_defaults(g);
    struct gate gate = {0};
    struct report_outputs outs;
    outputs_init(&outs);
    struct run_spec spec = {.tools = 1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD,
                            .timeout_s = 300,
                            .warn_kinds = RUN_WARN_KINDS,
                            .explore = EXPLORE_QUICK,
                            .omp_threads = getenv("OMP_NUM_THREADS")};
    char *source_root = NULL;
    int c, rc = 0;
    optind = 0;
    /* '+': stop at the program; its own options are not racelab's. */
    while (rc == 0 && (c = getopt_long(argc, argv, "+j:", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            spec.tools_explicit = true;
            rc = strcmp(optarg, "all") == 0 ? 0 : parse_tools(optarg, &spec.tools);
            if (rc == 0 && (spec.tools & ~(1u << TOOL_TSAN | 1u << TOOL_HELGRIND | 1u << TOOL_DRD)))
                rc = usage_error("racelab run --tool takes tsan, helgrind, drd or all, not '%s'",
                                 optarg);
            break;
        case 'T':
            rc = parse_positive(optarg, "--timeout needs whole seconds from 1 to 86400, not '%s'",
                                86400, &spec.timeout_s);
            spec.timeout_given = true;
            break;
        case 'x':
            rc = parse_positive(optarg, "--expect-exit needs a status from 1 to 255, not '%s'", 255,
                                &spec.expect_exit);
            break;
        case 'F':
            rc = parse_fail_on(optarg, &spec.warn_kinds);
            break;
        case 'A':
            o.all_runs = true;
            break;
        case 'E':
            if (strcmp(optarg, "off") == 0)
                spec.explore = EXPLORE_OFF;
            else if (strcmp(optarg, "quick") == 0)
                spec.explore = EXPLORE_QUICK;
            else if (strcmp(optarg, "thorough") == 0)
                spec.explore = EXPLORE_THOROUGH;
            else
                rc = usage_error("--explore takes off, quick or thorough, not '%s'", optarg);
            break;
        case 'S':
            free(source_root);
            source_root = realpath(optarg, NULL);
            if (!source_root)
                rc = usage_error("--source-root %s: no such directory", optarg);
            break;
        default:
            if ((rc = shared_option(c, optarg, &o, &outs, &gate)) < 0)
                rc = usage_error("%s", "bad option");
        }
    }
    if (rc == 0 && optind >= argc)
        rc = usage_error("racelab run needs a program: racelab run [OPTIONS] -- PROGRAM "
                         "[ARGS...]%s",
                         "");
    if (rc == 0 && !source_root && !(source_root = getcwd(NULL, 0)))
        rc = usage_error("cannot read the current directory%s", "");
    struct catalog cat;
    char *err = NULL;
    if (rc == 0) {
        spec.program = argv[optind];
        spec.args = (const char *const *)argv + optind + 1;
        spec.source_root = source_root;
        if (run_catalog(&spec, &cat, &err) < 0) {
            fprintf(stderr, "racelab run: %s\n", err);
            free(err);
            rc = 2;
        }
    }
    if (rc == 0 && (rc = gate_load(&gate, &o)) != 0)
        catalog_free(&cat);
    if (rc == 0) {
        o.root = source_root;
        o.catalog = &cat;
        o.run_mode = true;
        o.tools = spec.tools;
        o.variants[VARIANT_UNSAFE] = false;
        /* Every configuration of the plan gets the runs asked for (thorough,
         * and OpenMP tasks: two at least, for other schedules), in turn
         * (check.c). */
        const struct program *prog = &cat.cases[0].variants[VARIANT_SAFE];
        size_t nconfigs = prog->nconfigs;
        if (o.runs < prog->explore_runs)
            o.runs = prog->explore_runs;
        if (nconfigs)
            o.runs *= (int)nconfigs;
        rc = check_and_report(&o, &outs);
    }
    gate_free(&gate);
    free(source_root);
    return rc;
}

int cmd_cc(struct globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tool", required_argument, NULL, 't'},
        {"openmp", no_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    const char *which = "all", *out = NULL;
    bool openmp = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            which = optarg;
            if (strcmp(which, "all") && strcmp(which, "tsan") && strcmp(which, "valgrind"))
                return usage_error("racelab cc --tool takes tsan, valgrind or all, not '%s'",
                                   which);
            break;
        case 'm':
            openmp = true;
            break;
        case 'o':
            out = optarg;
            break;
        default:
            return usage_error("%s", "bad option");
        }
    }
    /* SOURCES up to "--", then the compiler's own arguments. */
    int first = optind, end = optind;
    while (end < argc && strcmp(argv[end], "--") != 0)
        end++;
    if (!out || end == first)
        return usage_error("usage: racelab cc [--tool tsan|valgrind|all] [--openmp] -o OUT "
                           "SOURCE... [-- CC-ARGS...]%s",
                           "");
    const char **sources = xcalloc((size_t)(end - first) + 1, sizeof *sources);
    for (int i = first; i < end; i++)
        sources[i - first] = argv[i];
    const char *const *extra = end < argc ? (const char *const *)argv + end + 1 : NULL;
    int status = run_cc(which, out, openmp, sources, extra, g->shim_dir);
    free(sources);
    return status == 0 ? 0 : 2;
}

int cmd_flags(struct globals *g, int argc, char **argv)
{
    (void)g;
    const char *flags = argc == 2 ? run_flags(argv[1]) : NULL;
    if (!flags)
        return usage_error("usage: racelab flags tsan|valgrind|openmp%s", "");
    puts(flags);
    return 0;
}
