/* toolchain.c: the supported clang releases, and the one this process uses. */
#define _GNU_SOURCE
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "toolchain.h"
#include "util.h"

/* Newest first: with no choice made, the first one installed is used.
 * A new release is one row here, one version in scripts/build-shims (which
 * tests/toolchains.sh holds to these rows) and its packages in
 * scripts/install-deps. */
static const struct toolchain toolchains[] = {
    {.name = "clang-19",
     .version = 19,
     .llvm_dir = "/usr/lib/llvm-19",
     .packages = "clang-19 libclang-rt-19-dev clang-tidy-19 llvm-19, and libomp-19-dev",
     .analyzer_checkers = "alpha.unix.PthreadLock,alpha.core.C11Lock,unix.BlockInCriticalSection"},
    {.name = "clang-14",
     .version = 14,
     .llvm_dir = "/usr/lib/llvm-14",
     .packages = "clang-14 libclang-rt-14-dev clang-tidy-14 llvm-14 libomp-14-dev",
     .analyzer_checkers =
         "alpha.unix.PthreadLock,alpha.core.C11Lock,alpha.unix.BlockInCriticalSection"},
};
#define NTOOLCHAINS ((int)(sizeof toolchains / sizeof *toolchains))

/* Where scripts/install-deps unpacks an OpenMP runtime whose package
 * conflicts with the one installed (toolchain.h). */
#define PRIVATE_OPENMP "/opt/racelab/llvm-%d"

/* The choice, and the paths derived from it once. */
static struct {
    const struct toolchain *tc;
    char *clang, *tidy, *symbolizer;
    /* openmp_flags: at most one compile flag, then the two link flags;
     * openmp_cflags: the compile flag, or nothing. */
    char *openmp_flags[4];
    const char *openmp_cflags[2];
    char *openmp_missing;
} chosen;

const struct toolchain *toolchain_row(int i)
{
    return i >= 0 && i < NTOOLCHAINS ? &toolchains[i] : NULL;
}

int toolchain_count(void)
{
    return NTOOLCHAINS;
}

const struct toolchain *toolchain_find(const char *name)
{
    for (int i = 0; name && i < NTOOLCHAINS; i++) {
        char version[16];
        snprintf(version, sizeof version, "%d", toolchains[i].version);
        if (strcmp(name, toolchains[i].name) == 0 || strcmp(name, version) == 0)
            return &toolchains[i];
    }
    return NULL;
}

char *toolchain_names(void)
{
    struct strbuf names = STRBUF_INIT;
    for (int i = 0; i < NTOOLCHAINS; i++)
        strbuf_addf(&names, "%s%s", i ? ", " : "", toolchains[i].name);
    return strbuf_detach(&names);
}

static char *llvm_path(const struct toolchain *tc, const char *program)
{
    return xasprintf("%s/bin/%s", tc->llvm_dir, program);
}

bool toolchain_installed(const struct toolchain *tc)
{
    char *clang = llvm_path(tc, "clang");
    bool ok = access(clang, X_OK) == 0;
    free(clang);
    return ok;
}

/* The LLVM-style directory holding tc's OpenMP runtime (lib/libarcher.so,
 * lib/libomp.so and omp.h in lib/clang/VERSION/include, VERSION "14.0.6"
 * or "19"), or NULL; *include gets omp.h's directory. */
static char *openmp_dir(const struct toolchain *tc, char **include)
{
    char *dirs[2] = {xstrdup(tc->llvm_dir), xasprintf(PRIVATE_OPENMP, tc->version)};
    char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        char *pattern = xasprintf("%s/lib/clang/%d*/include/omp.h", dirs[i], tc->version);
        char *archer = xasprintf("%s/lib/libarcher.so", dirs[i]);
        glob_t g = {0};
        if (glob(pattern, 0, NULL, &g) == 0 && access(archer, R_OK) == 0) {
            found = dirs[i];
            dirs[i] = NULL;
            *include = xstrndup(g.gl_pathv[0], strlen(g.gl_pathv[0]) - strlen("/omp.h"));
        }
        globfree(&g);
        free(pattern);
        free(archer);
    }
    free(dirs[0]);
    free(dirs[1]);
    return found;
}

static void forget_choice(void)
{
    free(chosen.clang);
    free(chosen.tidy);
    free(chosen.symbolizer);
    for (int i = 0; i < 4; i++)
        free(chosen.openmp_flags[i]);
    free(chosen.openmp_missing);
    memset(&chosen, 0, sizeof chosen);
}

static void use(const struct toolchain *tc)
{
    forget_choice();
    chosen.tc = tc;
    chosen.clang = llvm_path(tc, "clang");
    chosen.tidy = llvm_path(tc, "clang-tidy");
    chosen.symbolizer = llvm_path(tc, "llvm-symbolizer");
    char *include = NULL;
    char *dir = openmp_dir(tc, &include);
    if (!dir) {
        chosen.openmp_missing =
            xasprintf("%s's OpenMP runtime is not installed (Debian package libomp-%d-dev, or "
                      "unpacked under " PRIVATE_OPENMP " by 'sudo scripts/install-deps')",
                      tc->name, tc->version, tc->version);
        return;
    }
    int n = 0;
    /* clang searches its own tree's include directory, not an unpacked one. */
    if (strcmp(dir, tc->llvm_dir) != 0)
        chosen.openmp_cflags[0] = chosen.openmp_flags[n++] = xasprintf("-isystem%s", include);
    free(include);
    chosen.openmp_flags[n++] = xasprintf("-L%s/lib", dir);
    chosen.openmp_flags[n++] = xasprintf("-Wl,-rpath,%s/lib", dir);
    free(dir);
}

static void use_newest(void)
{
    const struct toolchain *pick = &toolchains[NTOOLCHAINS - 1];
    for (int i = 0; i < NTOOLCHAINS; i++)
        if (toolchain_installed(&toolchains[i])) {
            pick = &toolchains[i];
            break;
        }
    use(pick);
}

int toolchain_select(const char *name, char **err)
{
    *err = NULL;
    const char *from = "--toolchain";
    if (!name || !*name) {
        name = getenv("RACELAB_CLANG");
        from = "RACELAB_CLANG";
    }
    if (!name || !*name) {
        use_newest();
        return 0;
    }
    const struct toolchain *tc = toolchain_find(name);
    if (!tc) {
        char *known = toolchain_names();
        *err = xasprintf("%s %s: not a toolchain racelab supports (%s)", from, name, known);
        free(known);
        return -1;
    }
    if (!toolchain_installed(tc)) {
        *err = xasprintf("%s %s: %s/bin/clang is not installed; run 'sudo scripts/install-deps' "
                         "(Debian packages %s)",
                         from, name, tc->llvm_dir, tc->packages);
        return -1;
    }
    use(tc);
    return 0;
}

static pthread_once_t default_once = PTHREAD_ONCE_INIT;

/* No one chose (a test, a library use): RACELAB_CLANG when it names an
 * installed toolchain, else the newest (main() reports a bad variable). */
static void select_default(void)
{
    char *err = NULL;
    if (!chosen.tc && toolchain_select(NULL, &err) < 0)
        use_newest();
    free(err);
}

const struct toolchain *toolchain_current(void)
{
    pthread_once(&default_once, select_default);
    return chosen.tc;
}

const char *toolchain_program(const char *name)
{
    toolchain_current();
    if (strcmp(name, "clang") == 0)
        return chosen.clang;
    if (strcmp(name, "clang-tidy") == 0)
        return chosen.tidy;
    if (strcmp(name, "llvm-symbolizer") == 0)
        return chosen.symbolizer;
    return name;
}

const char *const *toolchain_openmp_cflags(void)
{
    toolchain_current();
    return chosen.openmp_cflags;
}

const char *const *toolchain_openmp_flags(void)
{
    toolchain_current();
    return (const char *const *)chosen.openmp_flags;
}

const char *toolchain_openmp_missing(void)
{
    toolchain_current();
    return chosen.openmp_missing;
}
