/* build.h: compiling a case program the way each tool needs it, with a cache.
 *
 * A binary is rebuilt only when its key changes: the compiler's version, the
 * flags, the program's source, the shared headers under include/ and the
 * thread-count shim. A warm re-run of an unchanged catalog invokes no
 * compiler. */
#ifndef RACELAB_BUILD_H
#define RACELAB_BUILD_H

#include <stdbool.h>

#include "case.h"
#include "tool.h"

struct build_env {
    char *build_dir;                /* absolute; binaries under build_dir/bin */
    char *root;                     /* the catalog root (sources, include/) */
    char *shim_obj[PROFILE__COUNT]; /* thread-count shim object per profile */
    char *compiler_version;         /* first line of `clang --version` */
    /* Each static tool's analyser's `--version` lines that name a version
     * (its first line when none does), or "none": part of its cache key. */
    char *static_version[TOOL__COUNT];
    unsigned long long include_hash; /* hash of every file under root/include */
    /* The compilers and static analysers run under these limits (set after
     * build_env_init(); NULL: none): compiling hostile code is running
     * untrusted input too (`#include "/etc/shadow"`). With a uid, each
     * compiler writes into a directory of its own under build_dir/tmp that
     * the uid owns; the harness then moves the binary into place, owned by
     * itself, so that no later run can change it. */
    const struct proc_limits *limits;
    /* "-O0" for code racelab did not write (an exercise): the threads must
     * do the work the source says, so that it can be watched (observe.h),
     * and -O1 folds a private counter's loop into one addition. NULL: -O1,
     * as TSan recommends. */
    const char *opt_level;
};

/* Find the shim objects in shim_dir and ask clang for its version. Returns 0,
 * or -1 with *err saying what is missing and what to do. */
int build_env_init(struct build_env *env, const char *root, const char *build_dir,
                   const char *shim_dir, char **err);
void build_env_free(struct build_env *env);

/* The flags that say what language a case program is written in, which
 * every compiler and analyser run over it shares: the C standard, threads,
 * racelab's headers under root/include and, where prog uses it, OpenMP.
 * Appended to argv at index `at`; returns the new count. *include is the
 * -I flag, malloc'd: the caller frees it after the run. */
size_t build_language_argv(const char *root, const struct program *prog, const char **argv,
                           size_t at, char **include);

/* The compiler flags of a profile (for display and for the cache key),
 * split on spaces; build_program adds -I ROOT/include as one argument of its
 * own, since the root's path may hold spaces. */
char *build_flags(const struct build_env *env, const struct program *prog,
                  enum build_profile profile);

/* What this machine lacks to build prog with the chosen toolchain (its
 * OpenMP runtime), or NULL: a setup problem, not the program's. */
const char *build_setup_missing(const struct program *prog);

/* Build (or reuse) prog for profile. Thread-safe for distinct (prog,
 * profile) pairs. Returns 0 with *binary set (malloc'd), or -1 with *log
 * holding the compiler's output or the reason. *cached tells whether the
 * compiler was skipped. */
int build_program(const struct build_env *env, const struct program *prog,
                  enum build_profile profile, char **binary, char **log, bool *cached);

/* A fresh directory under build_dir/tmp for one compiler or analyser run to
 * write in, never shared with another run, in *dir (the caller removes it);
 * with limits and a uid, owned by that uid. Returns 0, or -1 with errno. */
int build_scratch_dir(const struct build_env *env, char **dir);

/* Number of compiler invocations since start (for benchmarks and tests). */
unsigned long build_compiler_runs(void);

/* A static tool's (tsa, analyzer, tidy) one analysis of prog's source, in
 * place of a build (tool_static.c): *out gets status RUN_OK and the findings,
 * RUN_BUILD_ERROR when the source does not compile, or RUN_TOOL_ERROR. The
 * raw output is cached like a binary; *cached tells whether the analyser was
 * skipped. Thread-safe for distinct (prog, tool) pairs. Returns 0, or -1 on a
 * tool error. */
int static_analyze(const struct build_env *env, const struct program *prog, enum tool_id tool,
                   struct run_outcome *out, bool *cached);

/* Number of static analyser invocations since start. */
unsigned long static_analyser_runs(void);

#endif
