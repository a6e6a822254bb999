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

/* Why Helgrind and DRD cannot judge this program, or NULL when they can. */
static const char *valgrind_blind_to(bool openmp, bool atomics)
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
    return NULL;
}

static void set_na(struct expectation *ex, const char *fmt, const char *arg)
{
    ex->mode = EXPECT_NA;
    ex->reason = xasprintf(fmt, arg);
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
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    c->family = xstrdup("run");
    c->name = xstrdup(base);
    c->id = xasprintf("run/%s", base);
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
    p->prebuilt = plain;
    p->prebuilt_tsan = tsan;
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
    const char *blind = valgrind_blind_to(p->openmp, tsan && binary_calls_tsan_atomics(tsan));
    for (int t = TOOL_HELGRIND; t <= TOOL_DRD; t++) {
        if (!(spec->tools & (1u << t)))
            continue;
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
    free(path);
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
    argv[n++] = "clang";
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        argv[n++] = tok;
    if (openmp)
        argv[n++] = "-fopenmp";
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

int run_cc(const char *which, const char *out, bool openmp, const char *const *sources,
           const char *const *extra)
{
    int status = 0;
    if (strcmp(which, "all") == 0 || strcmp(which, "valgrind") == 0)
        status = compile(run_flags("valgrind"), openmp, out, sources, extra);
    if (status == 0 && (strcmp(which, "all") == 0 || strcmp(which, "tsan") == 0)) {
        char *tsan_out = strcmp(which, "all") == 0 ? xasprintf("%s.tsan", out) : xstrdup(out);
        status = compile(run_flags("tsan"), openmp, tsan_out, sources, extra);
        free(tsan_out);
    }
    return status;
}
