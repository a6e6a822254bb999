/* run.c: see run.h. */
#define _GNU_SOURCE
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binary_info.h"
#include "proc.h"
#include "tool.h"
#include "toolchain.h"
#include "util.h"

/* Flags shared with the catalog's builds (build.c): -O1 as TSan recommends,
 * frame pointers for whole stacks, DWARF 4 for Valgrind 3.19. */
#define COMMON_FLAGS "-g -O1 -fno-omit-frame-pointer -pthread"
static const struct {
    const char *name, *flags;
} profile_flags[] = {
    {"tsan", "-fsanitize=thread " COMMON_FLAGS},
    {"valgrind", "-gdwarf-4 " COMMON_FLAGS},
    {"openmp", "-fopenmp"},
};

const char *run_flags(const char *which)
{
    for (size_t i = 0; i < sizeof profile_flags / sizeof *profile_flags; i++)
        if (strcmp(which, profile_flags[i].name) == 0)
            return profile_flags[i].flags;
    return NULL;
}

/* The program as an absolute path: a path as given, or a name on PATH. */
static char *resolve_program(const char *program)
{
    if (strchr(program, '/'))
        return realpath(program, NULL);
    return path_lookup(program);
}

/* Why Helgrind or DRD (tool) cannot judge this program, or NULL when it can. */
static const char *valgrind_blind_to(enum tool_id tool, bool openmp, bool atomics,
                                     bool hg_clean_memory)
{
    if (openmp)
        return "an OpenMP program: Valgrind's tools do not understand the OpenMP runtime's "
               "synchronisation (its barriers, tasks and locks) and report races in nearly every "
               "race-free OpenMP program; ThreadSanitizer with Archer judges it (--tool helgrind "
               "or --tool drd runs them anyway)";
    if (atomics)
        return "the program uses C11 atomics: Valgrind's tools take an atomic load or store for "
               "a plain access and an acquire/release pair for no synchronisation, so correct "
               "lock-free code reads as racy; ThreadSanitizer judges it (--tool helgrind or "
               "--tool drd runs them anyway)";
    if (tool == TOOL_DRD && hg_clean_memory)
        return "the program hands memory over with Helgrind's VALGRIND_HG_CLEAN_MEMORY, which "
               "DRD ignores: what it describes is invisible to DRD (--tool drd runs it anyway)";
    return NULL;
}

/* The runtimes' own libraries, which TSan intercepts or models (and Archer
 * follows): the C library's (libresolv too: clang 19's driver links it
 * into every sanitizer build), the C++ and OpenMP runtimes, TSan's. */
static const char *const runtime_libraries[] = {
    "libc.so",      "libm.so",     "libpthread.so", "libdl.so",  "librt.so",
    "libresolv.so", "libgcc_s.so", "libstdc++.so",  "libomp.so", "libgomp.so",
    "libatomic.so", "libtsan.so",  "ld-linux",      NULL};

/* The directories the dynamic loader searches for `binary`'s libraries:
 * its RUNPATH or RPATH ($ORIGIN made the binary's directory), then the
 * system's (racelab runs programs without LD_LIBRARY_PATH), ':'-separated. */
static char *library_dirs(const char *binary)
{
    char **paths = binary_dynamic_strings(binary, false);
    char *origin = xstrndup(binary, (size_t)(strrchr(binary, '/') - binary));
    struct strbuf dirs = STRBUF_INIT;
    for (size_t i = 0; paths && paths[i]; i++) {
        char *save = NULL;
        for (char *d = strtok_r(paths[i], ":", &save); d; d = strtok_r(NULL, ":", &save)) {
            const char *rest = str_starts_with(d, "$ORIGIN")     ? d + 7
                               : str_starts_with(d, "${ORIGIN}") ? d + 9
                                                                 : NULL;
            strbuf_addf(&dirs, "%s%s:", rest ? origin : "", rest ? rest : d);
        }
    }
    strbuf_adds(&dirs, "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/local/lib:/lib:"
                       "/usr/lib");
    free(origin);
    str_array_free(paths);
    return strbuf_detach(&dirs);
}

/* Where library `name` is in `dirs` (library_dirs), or NULL. */
static char *find_library(const char *dirs, const char *name)
{
    char *copy = xstrdup(dirs), *found = NULL, *save = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *full = xasprintf("%s/%s", d, name);
        if (access(full, R_OK) == 0)
            found = full;
        else
            free(full);
    }
    free(copy);
    return found;
}

/* A shared library the TSan build loads whose code TSan does not see (not
 * built with -fsanitize=thread, or not found), other than the runtimes':
 * its name (malloc'd), or NULL. The TSan build is resolved by realpath, so
 * it holds a '/'. */
static char *uninstrumented_library(const char *tsan)
{
    char **needed = binary_dynamic_strings(tsan, true), *found = NULL;
    char *dirs = needed ? library_dirs(tsan) : NULL;
    for (size_t i = 0; needed && needed[i] && !found; i++) {
        bool runtime = false;
        for (size_t k = 0; runtime_libraries[k] && !runtime; k++)
            runtime = str_starts_with(needed[i], runtime_libraries[k]);
        if (runtime)
            continue;
        char *path = find_library(dirs, needed[i]);
        if (!path || !binary_has_tsan(path))
            found = xstrdup(needed[i]);
        free(path);
    }
    free(dirs);
    str_array_free(needed);
    return found;
}

static void set_na(struct expectation *ex, const char *fmt, const char *arg)
{
    ex->mode = EXPECT_NA;
    ex->reason = xasprintf(fmt, arg);
}

/* PATH if it is an executable that is (want_tsan) or is not a TSan build. */
static char *binary_if(char *path, bool want_tsan)
{
    if (access(path, X_OK) == 0 && binary_has_tsan(path) == want_tsan)
        return path;
    free(path);
    return NULL;
}

static void add_config(struct program *p, const char *build, const char *plain, const char *tsan,
                       const char *team, bool yours)
{
    p->run.configs = xrealloc(p->run.configs, (p->run.nconfigs + 1) * sizeof *p->run.configs);
    struct run_config *c = &p->run.configs[p->run.nconfigs++];
    c->label = team ? xasprintf("%s, OMP_NUM_THREADS=%s%s", build, team, yours ? " (yours)" : "")
                    : xstrdup(build);
    c->plain = plain ? xstrdup(plain) : NULL;
    c->tsan = tsan ? xstrdup(tsan) : NULL;
    c->env = team ? xasprintf("OMP_NUM_THREADS=%s", team) : NULL;
}

/* The plan's configurations (run.h): each build, under each team size. */
static void plan_configs(const struct run_spec *spec, const char *path, struct program *p)
{
    char *o0 = NULL, *o0_tsan = NULL;
    if (spec->explore != EXPLORE_OFF) {
        /* PROGRAM or PROGRAM.tsan: racelab cc wrote PROGRAM.O0(.tsan) beside. */
        size_t n = strlen(path);
        char *stem = p->run.binary || n < 5 || strcmp(path + n - 5, ".tsan") != 0
                         ? xstrdup(path)
                         : xstrndup(path, n - 5);
        o0 = binary_if(xasprintf("%s.O0", stem), false);
        o0_tsan = binary_if(xasprintf("%s.O0.tsan", stem), true);
        free(stem);
    }
    const char *teams[3] = {spec->omp_threads, NULL, NULL};
    size_t nteams = 1;
    if (p->openmp && spec->explore != EXPLORE_OFF)
        teams[nteams++] = "8";
    if (p->openmp && spec->explore == EXPLORE_THOROUGH)
        teams[nteams++] = "32";
    bool o0_build = o0 || o0_tsan;
    for (size_t t = 0; t < nteams; t++) {
        bool yours = t == 0 && spec->omp_threads;
        add_config(p, "-O1", p->run.binary, p->run.binary_tsan, teams[t], yours);
        if (o0_build)
            add_config(p, "-O0", p->run.binary ? o0 : NULL, p->run.binary_tsan ? o0_tsan : NULL,
                       teams[t], yours);
    }
    free(o0);
    free(o0_tsan);
    /* One configuration with nothing to add: the runs are as before. */
    if (p->run.nconfigs == 1 && !p->run.configs[0].env) {
        free(p->run.configs[0].label);
        free(p->run.configs[0].plain);
        free(p->run.configs[0].tsan);
        free(p->run.configs);
        p->run.configs = NULL;
        p->run.nconfigs = 0;
    }
}

/* A native run is timed for this long at most: a program that takes longer
 * (or hangs) gets the limits of one that took this long. */
#define NATIVE_LIMIT_S 10
/* The longest limit scaling gives; --timeout sets any other. */
#define SCALED_LIMIT_MAX_S 1200
/* Each tool's limit: its start-up allowance plus its slowdown times the
 * native run's time. TSan documents 5-15x, Valgrind's thread tools 20-100x
 * on threaded code (they run one thread at a time); the margins make a
 * correct program that merely runs slowly rarely reach them. */
static const struct {
    int start_s, slowdown;
} tool_scale[TOOL__COUNT] = {
    [TOOL_TSAN] = {10, 30},
    [TOOL_HELGRIND] = {20, 150},
    [TOOL_DRD] = {20, 150},
};

/* Time one native run of the plain build, as the user's first configuration
 * runs it, and scale each tool's time limit from it (unless --timeout set
 * them). A native run that hangs with every thread blocked will hang under
 * the tools as well: they get their start-up allowance only, so a deadlock
 * is told in seconds, not at a 300 s limit. */
static void time_native(const struct run_spec *spec, const char *plain, struct program *p)
{
    p->run.native_s = -1;
    char scratch[] = "/tmp/racelab-native.XXXXXX";
    if (!mkdtemp(scratch))
        return;
    char *omp = spec->omp_threads ? xasprintf("OMP_NUM_THREADS=%s", spec->omp_threads) : NULL;
    const char *env[] = {omp, NULL};
    int limit = spec->timeout_s < NATIVE_LIMIT_S ? spec->timeout_s : NATIVE_LIMIT_S;
    struct run_request req = {.tool = TOOL_NATIVE,
                              .binary = plain,
                              .args = (const char *const *)p->args,
                              .scratch_dir = scratch,
                              .timeout_s = limit,
                              .openmp = p->openmp,
                              .no_shim = true,
                              .env = omp ? env : NULL};
    struct run_outcome out = {.threads_started = -1};
    tool_run(&req, &out);
    remove_tree(scratch);
    free(omp);
    double native = out.elapsed_s;
    if (out.status == RUN_TIMEOUT) {
        p->run.native_hung = out.cpu_rate_at_timeout >= 0 && out.cpu_rate_at_timeout < 0.05;
        native = limit;
    } else if (out.status != RUN_TOOL_ERROR) {
        p->run.native_s = out.elapsed_s;
    }
    run_outcome_free(&out);
    if (spec->timeout_given)
        return;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!tool_scale[t].start_s)
            continue;
        double scaled =
            tool_scale[t].start_s + (p->run.native_hung ? 0 : tool_scale[t].slowdown * native);
        p->run.tool_timeout_s[t] =
            scaled > SCALED_LIMIT_MAX_S ? SCALED_LIMIT_MAX_S : (int)(scaled + 0.999);
    }
}

int run_catalog(const struct run_spec *spec, struct catalog *cat, char **err)
{
    memset(cat, 0, sizeof *cat);
    char *path = resolve_program(spec->program);
    if (!path || access(path, X_OK) != 0) {
        *err =
            xasprintf("%s: %s", spec->program,
                      path ? "not executable" : "no such program (give a path, or a name on PATH)");
        free(path);
        return -1;
    }
    char *why = binary_not_runnable(path);
    if (why) {
        *err = xasprintf("%s: %s", spec->program, why);
        free(why);
        free(path);
        return -1;
    }
    /* TSan needs an instrumented binary, Valgrind a plain one: PROGRAM is
     * either, and racelab cc's PROGRAM.tsan may stand beside a plain one. */
    char *tsan = NULL, *plain = NULL, *beside = xasprintf("%s.tsan", path);
    if (binary_has_tsan(path))
        tsan = xstrdup(path);
    else {
        plain = xstrdup(path);
        if (access(beside, X_OK) == 0 && binary_has_tsan(beside))
            tsan = xstrdup(beside);
    }
    free(beside);

    cat->root = xstrdup(spec->source_root);
    cat->cases = xcalloc(1, sizeof *cat->cases);
    cat->len = 1;
    struct rl_case *c = &cat->cases[0];
    const char *base = path_base(path);
    c->family = xstrdup("run");
    c->name = xstrdup(base);
    /* The name is a row of every report: a newline or a control character
     * in it would break the line (the path itself is kept as it is). */
    for (char *ch = c->name; *ch; ch++)
        if ((unsigned char)*ch < 0x20 || *ch == 0x7f)
            *ch = '?';
    c->id = xasprintf("run/%s", c->name);
    /* The program is judged like a safe twin: nothing reported, exit as expected. */
    struct program *p = &c->variants[VARIANT_SAFE];
    p->variant = VARIANT_SAFE;
    p->path = xstrdup(spec->program);
    struct strbuf title = STRBUF_INIT;
    strbuf_adds(&title, spec->program);
    size_t nargs = 0;
    for (const char *const *a = spec->args; a && *a; a++, nargs++)
        strbuf_addf(&title, " %s", *a);
    p->title = strbuf_detach(&title);
    p->about = xasprintf("racelab run: clean under every tool, exit status %d", spec->expect_exit);
    p->args = xcalloc(nargs + 1, sizeof *p->args);
    for (size_t i = 0; i < nargs; i++)
        p->args[i] = xstrdup(spec->args[i]);
    p->oracles = xcalloc(1, sizeof *p->oracles);
    p->noracles = 1;
    p->oracles[0].type = ORACLE_EXIT;
    p->oracles[0].exit_code = spec->expect_exit;
    p->timeout_s = spec->timeout_s;
    p->openmp = binary_uses_openmp(path);
    p->run.binary = plain;
    p->run.binary_tsan = tsan;
    for (int t = 0; t < TOOL__COUNT; t++) {
        p->expect[t].mode = EXPECT_NONE;
        p->expect[t].warn_kinds = spec->warn_kinds;
    }
    bool any = false;
    if (spec->tools & (1u << TOOL_TSAN)) {
        if (tsan)
            p->expect[TOOL_TSAN].mode = EXPECT_CLEAN;
        else
            set_na(&p->expect[TOOL_TSAN],
                   "%s is not built with -fsanitize=thread: build it with 'racelab cc' (which also "
                   "writes PROGRAM.tsan) or with the flags 'racelab flags tsan' prints",
                   spec->program);
        any |= tsan != NULL;
    }
    bool atomics = tsan && binary_calls_tsan_atomics(tsan);
    bool hg_clean_memory = plain && binary_requests_hg_clean_memory(plain);
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!tool_has((enum tool_id)t, TOOL_CAP_VALGRIND) || !(spec->tools & (1u << t)))
            continue;
        const char *blind = valgrind_blind_to(t, p->openmp, atomics, hg_clean_memory);
        if (!plain) {
            set_na(&p->expect[t],
                   "%s is built with ThreadSanitizer, which Valgrind cannot run: build a "
                   "plain binary too ('racelab cc' writes both)",
                   spec->program);
            continue;
        }
        if (blind && !spec->tools_explicit) {
            set_na(&p->expect[t], "%s", blind);
            continue;
        }
        if (blind)
            fprintf(
                stderr,
                "racelab run: caveat: %s runs as asked, though it cannot judge this program (%s)\n",
                tool_name(t), blind);
        p->expect[t].mode = EXPECT_CLEAN;
        any = true;
    }
    /* The fallback (run.h): TSan judges, Helgrind and DRD stand by, unless
     * the program loads code TSan does not see. */
    char *unseen = tsan ? uninstrumented_library(tsan) : NULL;
    bool valgrind =
        p->expect[TOOL_HELGRIND].mode == EXPECT_CLEAN || p->expect[TOOL_DRD].mode == EXPECT_CLEAN;
    if (unseen && valgrind && !spec->tools_explicit)
        p->run.plan_why = xasprintf("run beside tsan, not as its fallback: the program loads %s, "
                                    "whose code ThreadSanitizer sees only if it was built with "
                                    "-fsanitize=thread, and Valgrind's tools see all code",
                                    unseen);
    else if (!spec->tools_explicit && spec->explore != EXPLORE_THOROUGH &&
             p->expect[TOOL_TSAN].mode == EXPECT_CLEAN)
        for (int t = 0; t < TOOL__COUNT; t++)
            if (tool_has((enum tool_id)t, TOOL_CAP_VALGRIND) && p->expect[t].mode == EXPECT_CLEAN)
                p->run.fallback_tools |= 1u << t;
    free(unseen);
    plan_configs(spec, path, p);
    /* Two tasks that race show it only when the runtime puts them on two
     * threads, which it decides anew in each run: a missing depend clause
     * (bench/accuracy's multigrid-task-missing-depend) showed in 1 TSan run
     * in 20 with a team of 2, 14 in 20 with a team of 8, and 5 in 20 with a
     * team of 8 on a loaded machine. Tasks get three runs of each
     * configuration (six with a team of 8); --explore thorough gives every
     * program two at least. */
    bool tasks = spec->explore != EXPLORE_OFF && p->openmp && tsan && binary_uses_omp_tasks(tsan);
    p->run.explore_runs = tasks ? 3 : spec->explore == EXPLORE_THOROUGH ? 2 : 1;
    free(path);
    if (any && plain)
        time_native(spec, plain, p);
    else
        p->run.native_s = -1;
    if (!any) {
        *err =
            xasprintf("%s: %s", spec->program,
                      p->expect[TOOL_TSAN].mode == EXPECT_NA       ? p->expect[TOOL_TSAN].reason
                      : p->expect[TOOL_HELGRIND].mode == EXPECT_NA ? p->expect[TOOL_HELGRIND].reason
                                                                   : p->expect[TOOL_DRD].reason);
        catalog_free(cat);
        return -1;
    }
    return 0;
}

/* One compiler run, its output passed through. */
static int compile(const char *flags, bool openmp, const char *out, const char *const *sources,
                   const char *const *extra)
{
    char *copy = xstrdup(flags);
    size_t cap = 16;
    for (const char *const *s = sources; *s; s++)
        cap++;
    for (const char *const *x = extra; x && *x; x++)
        cap++;
    for (const char *f = flags; *f; f++)
        cap += *f == ' ';
    const char **argv = xcalloc(cap, sizeof *argv);
    size_t n = 0;
    argv[n++] = toolchain_program("clang");
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        argv[n++] = tok;
    if (openmp) {
        argv[n++] = "-fopenmp";
        for (const char *const *f = toolchain_openmp_flags(); *f; f++)
            argv[n++] = *f;
    }
    for (const char *const *s = sources; *s; s++)
        argv[n++] = *s;
    for (const char *const *x = extra; x && *x; x++)
        argv[n++] = *x;
    argv[n++] = "-o";
    argv[n++] = out;
    struct strbuf cmd = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
    fprintf(stderr, "%s\n", cmd.buf);
    strbuf_release(&cmd);
    extern char **environ;
    struct proc_spec spec = {
        .argv = argv, .envp = (const char *const *)environ, .output_cap = 16u << 20};
    struct proc_result pr;
    int status = 2;
    if (proc_run(&spec, &pr) == 0) {
        fputs(pr.out, stdout);
        fputs(pr.err, stderr);
        status = pr.spawn_failed ? 2 : pr.exit_code;
        if (pr.spawn_failed)
            fprintf(stderr, "racelab cc: cannot run clang: %s\n", strerror(pr.spawn_errno));
    } else {
        fprintf(stderr, "racelab cc: %s\n", strerror(errno));
    }
    proc_result_free(&pr);
    free(argv);
    free(copy);
    return status;
}

/* The profile's flags at -O0 instead of -O1. */
static char *flags_at_O0(const char *flags)
{
    char *copy = xstrdup(flags), *o1 = strstr(copy, "-O1");
    if (o1)
        o1[2] = '0';
    return copy;
}

/* The user's sources, then the shim objects racelab links into a build of
 * `profile` (run.h): those of shim_dir that exist. NULL-terminated; the
 * strings of the shim's part are malloc'd (free_inputs). */
static const char **inputs_with_shim(const char *const *sources, const char *shim_dir,
                                     const char *profile)
{
    static const char *const tsan_objects[] = {"c11_threads", NULL}, *const valgrind_objects[] = {
                                                                         "c11_threads",
                                                                         "spinlock_valgrind", NULL};
    const char *const *objects = strcmp(profile, "tsan") == 0 ? tsan_objects : valgrind_objects;
    size_t n = 0;
    while (sources[n])
        n++;
    const char **v = xcalloc(n + 3, sizeof *v);
    memcpy(v, sources, n * sizeof *v);
    for (size_t i = 0; shim_dir && objects[i]; i++) {
        char *path =
            xasprintf("%s/%s/%s/%s.o", shim_dir, toolchain_current()->name, profile, objects[i]);
        if (access(path, R_OK) == 0) {
            v[n++] = path;
        } else {
            fprintf(stderr, "racelab cc: warning: %s is missing (run make): built without it\n",
                    path);
            free(path);
        }
    }
    return v;
}

static void free_inputs(const char **inputs, const char *const *sources)
{
    size_t n = 0;
    while (sources[n])
        n++;
    for (size_t i = n; inputs[i]; i++)
        free((char *)inputs[i]);
    free(inputs);
}

/* One build of a profile ("valgrind", "tsan") at -O1 (or -O0), with its shim. */
static int build_profile(const char *profile, bool O0, bool openmp, const char *out,
                         const char *const *sources, const char *const *extra, const char *shim_dir)
{
    char *flags = O0 ? flags_at_O0(run_flags(profile)) : xstrdup(run_flags(profile));
    const char **inputs = inputs_with_shim(sources, shim_dir, profile);
    int status = compile(flags, openmp, out, inputs, extra);
    free_inputs(inputs, sources);
    free(flags);
    return status;
}

int run_cc(const char *which, const char *out, bool openmp, const char *const *sources,
           const char *const *extra, const char *shim_dir)
{
    int status = 0;
    bool all = strcmp(which, "all") == 0;
    if (all || strcmp(which, "valgrind") == 0)
        status = build_profile("valgrind", false, openmp, out, sources, extra, shim_dir);
    if (status == 0 && (all || strcmp(which, "tsan") == 0)) {
        char *tsan_out = all ? xasprintf("%s.tsan", out) : xstrdup(out);
        status = build_profile("tsan", false, openmp, tsan_out, sources, extra, shim_dir);
        free(tsan_out);
    }
    /* The -O0 builds of racelab run's plan (run.h). */
    for (int k = 0; all && status == 0 && k < 2; k++) {
        char *o0 = xasprintf("%s.O0%s", out, k ? ".tsan" : "");
        status = build_profile(k ? "tsan" : "valgrind", true, openmp, o0, sources, extra, shim_dir);
        free(o0);
    }
    return status;
}

char *run_fallback_needed(const struct program *p, struct run_outcome *const *outcomes,
                          const int *nruns, unsigned tools)
{
    struct strbuf why = STRBUF_INIT;
    for (int t = 0; t < TOOL__COUNT; t++) {
        if (!((tools >> t) & 1u) || ((p->run.fallback_tools >> t) & 1u) || !outcomes[t])
            continue;
        int errors = 0, made = 0;
        const char *first = NULL;
        for (int k = 0; k < nruns[t]; k++) {
            const struct run_outcome *o = &outcomes[t][k];
            made += o->status != RUN_SKIPPED;
            if (o->status == RUN_TOOL_ERROR && !o->too_slow && errors++ == 0)
                first = o->detail;
        }
        if (errors)
            strbuf_addf(&why, "%s%s could not judge the program in %d/%d runs (%s)",
                        why.len ? "; " : "", tool_name(t), errors, made,
                        first ? first : "tool error");
    }
    if (why.len)
        return strbuf_detach(&why);
    strbuf_release(&why);
    return NULL;
}

char *run_plan_note(const struct program *p, enum tool_id tool, struct run_outcome *const *outcomes,
                    const int *nruns, unsigned tools)
{
    if (!((p->run.fallback_tools >> tool) & 1u))
        return p->run.plan_why && (tool == TOOL_HELGRIND || tool == TOOL_DRD) &&
                       p->expect[tool].mode == EXPECT_CLEAN
                   ? xstrdup(p->run.plan_why)
                   : NULL;
    char *why = run_fallback_needed(p, outcomes, nruns, tools);
    if (why) {
        char *note = xasprintf("run as the fallback: %s", why);
        free(why);
        return note;
    }
    struct strbuf judges = STRBUF_INIT;
    for (int t = 0; t < TOOL__COUNT; t++)
        if (((tools >> t) & 1u) && !((p->run.fallback_tools >> t) & 1u) && outcomes[t])
            strbuf_addf(&judges, "%s%s", judges.len ? " and " : "", tool_name(t));
    char *note = xasprintf("not run: %s judged the program, so the fallback was not needed "
                           "(--explore thorough, or --tool, runs it as well)",
                           judges.len ? judges.buf : "the other tools");
    strbuf_release(&judges);
    return note;
}
