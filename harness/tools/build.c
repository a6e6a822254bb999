/* build.c: see build.h. */
#define _GNU_SOURCE
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "sandbox.h"
#include "tool_module.h"
#include "toolchain.h"
#include "util.h"

static atomic_ulong compiler_runs;

unsigned long build_compiler_runs(void)
{
    return atomic_load(&compiler_runs);
}

static unsigned long long hash_tree(unsigned long long h, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (name[0] != '.') {
            char *path = xasprintf("%s/%s", dir, name);
            struct stat st;
            if (stat(path, &st) == 0)
                h = S_ISDIR(st.st_mode) ? hash_tree(h, path) : hash_file(h, path);
            free(path);
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return h;
}

/* Run a short helper command with a scrubbed environment (under limits, in
 * cwd, when not NULL); returns its stdout or NULL. */
static char *run_capture(const char *const *argv, const struct proc_limits *limits, const char *cwd,
                         const char *visible, int *status, char **errout)
{
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv,
                             .envp = env,
                             .cwd = cwd,
                             .visible = visible,
                             .timeout_s = 300,
                             .output_cap = 1 << 20,
                             .limits = limits};
    struct proc_result pr;
    if (proc_run(&spec, &pr) < 0)
        return NULL;
    char desc[256];
    *status = pr.spawn_failed || pr.timed_out || pr.term_signal ? -1 : pr.exit_code;
    if (*status != 0 && errout)
        *errout = *status < 0 ? xasprintf("%s%s", pr.err, proc_describe(&pr, desc, sizeof desc))
                              : xstrdup(pr.err);
    char *out = pr.out;
    pr.out = NULL;
    proc_result_free(&pr);
    return out;
}

/* `program --version`'s lines that name a version (clang-tidy prints a
 * blank line and "LLVM (http://llvm.org/):" first), or its first line when
 * none does (cppcheck: "Cppcheck 2.10"); "none" when it does not run. */
static char *program_version(const char *program)
{
    const char *argv[] = {program, "--version", NULL};
    int status;
    char *text = run_capture(argv, NULL, NULL, NULL, &status, NULL);
    struct strbuf sb = STRBUF_INIT;
    char *first = NULL;
    for (char *line = text, *next; status == 0 && line && *line; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        if (!first && *str_trim(line))
            first = line;
        if (strstr(line, "version"))
            strbuf_addf(&sb, "%s;", str_trim(line));
    }
    if (!sb.len && first)
        strbuf_addf(&sb, "%s;", str_trim(first));
    free(text);
    char *version = sb.len ? strbuf_detach(&sb) : xstrdup("none");
    strbuf_release(&sb);
    return version;
}

int build_env_init(struct build_env *env, const char *root, const char *build_dir,
                   const char *shim_dir, char **err)
{
    memset(env, 0, sizeof *env);
    if (mkdir_p(build_dir) < 0) {
        *err = xasprintf("%s: cannot create build directory: %s", build_dir, strerror(errno));
        return -1;
    }
    env->build_dir = realpath(build_dir, NULL);
    env->root = xstrdup(root);
    for (int p = 0; p < PROFILE__COUNT; p++) {
        if (p == PROFILE_RUST || p == PROFILE_TSA || p == PROFILE_ANALYZER || p == PROFILE_TIDY)
            continue; /* cargo builds Rust twins (rust_build.c); static tools build nothing */
        /* The plain shim serves Valgrind and native runs alike. */
        env->shim_obj[p] =
            xasprintf("%s/%s/thread_count-%s.o", shim_dir, toolchain_current()->name,
                      profile_name(p == PROFILE_TSAN ? PROFILE_TSAN : PROFILE_VALGRIND));
        if (access(env->shim_obj[p], R_OK) < 0) {
            *err = xasprintf("%s: missing (%s); run 'make' to build racelab's support files",
                             env->shim_obj[p], strerror(errno));
            build_env_free(env);
            return -1;
        }
    }
    const char *argv[] = {toolchain_program("clang"), "--version", NULL};
    int status;
    char *version = run_capture(argv, NULL, NULL, NULL, &status, NULL);
    if (!version || status != 0) {
        free(version);
        *err = xasprintf("%s is not installed or does not run: run 'sudo scripts/install-deps'",
                         argv[0]);
        build_env_free(env);
        return -1;
    }
    version[strcspn(version, "\n")] = '\0';
    env->compiler_version = version;
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct static_ops *ops = tool_ops((enum tool_id)t)->analysis;
        for (int u = 0; ops && u < t && !env->static_version[t]; u++)
            if (tool_ops((enum tool_id)u)->analysis &&
                strcmp(tool_ops((enum tool_id)u)->analysis->program, ops->program) == 0)
                env->static_version[t] = xstrdup(env->static_version[u]);
        if (ops && !env->static_version[t])
            env->static_version[t] = program_version(toolchain_program(ops->program));
    }
    char *include = xasprintf("%s/include", root);
    env->include_hash = hash_tree(HASH_INIT, include);
    free(include);
    return 0;
}

void build_env_free(struct build_env *env)
{
    free(env->build_dir);
    free(env->root);
    for (int p = 0; p < PROFILE__COUNT; p++)
        free(env->shim_obj[p]);
    free(env->compiler_version);
    for (int t = 0; t < TOOL__COUNT; t++)
        free(env->static_version[t]);
    memset(env, 0, sizeof *env);
}

size_t build_language_argv(const char *root, const struct program *prog, const char **argv,
                           size_t at, char **include)
{
    *include = xasprintf("-I%s/include", root);
    argv[at++] = "-std=c17";
    argv[at++] = "-pthread";
    argv[at++] = *include;
    if (prog->openmp) {
        argv[at++] = "-fopenmp";
        for (const char *const *f = toolchain_openmp_cflags(); *f; f++)
            argv[at++] = *f;
    }
    return at;
}

char *build_flags(const struct build_env *env, const struct program *prog,
                  enum build_profile profile)
{
    /* -O1 as TSan recommends; every profile alike so the tools judge the same code.
     * clang 14 defaults to DWARF 5, which Valgrind 3.19 only half reads. */
    static const char *const profile_flags[PROFILE__COUNT] = {
        [PROFILE_TSAN] = " -fsanitize=thread",
        [PROFILE_VALGRIND] = " -gdwarf-4",
        [PROFILE_NATIVE] = "",
        [PROFILE_RUST] = "",
    };
    struct strbuf openmp = STRBUF_INIT;
    if (prog->openmp) {
        strbuf_adds(&openmp, " -fopenmp");
        for (const char *const *f = toolchain_openmp_flags(); *f; f++)
            strbuf_addf(&openmp, " %s", *f);
    }
    char *flags = xasprintf("-std=c17 -g %s -fno-omit-frame-pointer -pthread%s%s",
                            env->opt_level ? env->opt_level : "-O1", profile_flags[profile],
                            openmp.buf ? openmp.buf : "");
    strbuf_release(&openmp);
    return flags;
}

/* A compiler or analyser running as a sandbox uid (struct proc_limits). */
static bool sandboxed(const struct build_env *env)
{
    return env->limits && env->limits->uid;
}

int build_scratch_dir(const struct build_env *env, char **dir)
{
    *dir = NULL;
    char *parent = xasprintf("%s/tmp", env->build_dir);
    char *path = xasprintf("%s/%s.XXXXXX", parent, sandboxed(env) ? "sandbox" : "work");
    int rc = mkdir_p(parent) < 0 || !mkdtemp(path) ||
                     (sandboxed(env) && sandbox_prepare_dir(path, env->limits) < 0)
                 ? -1
                 : 0;
    int err = errno;
    if (rc == 0)
        *dir = path;
    else
        free(path);
    free(parent);
    errno = err;
    return rc;
}

/* The binary a sandboxed compiler wrote (in its own directory) moves into
 * place owned by the harness: its uid could otherwise change it later. */
static int adopt(const char *tmp, const char *out)
{
    struct stat st;
    if (lstat(tmp, &st) < 0)
        return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return -1;
    }
    if (lchown(tmp, geteuid(), getegid()) < 0 || chmod(tmp, 0755) < 0)
        return -1;
    return rename(tmp, out);
}

/* Split a flag string on spaces (no quoting: racelab's own flags have none). */
static size_t split_flags(char *flags, const char **argv, size_t at)
{
    char *save = NULL;
    for (char *tok = strtok_r(flags, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        argv[at++] = tok;
    return at;
}

/* Binaries of a program's earlier sources, at least this old, are removed
 * when a new one is built: a run still using one is long over by then. */
#define STALE_BUILD_S 3600

/* Remove the sibling hash directories of `keep` under `parent` that are
 * older than STALE_BUILD_S. */
static void prune_stale_builds(const char *parent, const char *keep)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        char *path = xasprintf("%s/%s", parent, e->d_name);
        if (strlen(e->d_name) == 16 && strspn(e->d_name, "0123456789abcdef") == 16 &&
            strcmp(e->d_name, keep) != 0 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
            now - st.st_mtime > STALE_BUILD_S)
            remove_tree(path);
        free(path);
    }
    closedir(d);
}

/* A build directory an older racelab filled holds the binary itself at
 * `parent` (with parent.key beside it), where its hash directories go now:
 * racelab's own cache, removed. Returns 0, or -1 with errno. */
static int replace_old_layout(const char *parent)
{
    struct stat st;
    if (lstat(parent, &st) < 0 || S_ISDIR(st.st_mode))
        return 0;
    char *key = xasprintf("%s.key", parent);
    unlink(key);
    free(key);
    return unlink(parent) < 0 && errno != ENOENT ? -1 : 0;
}

const char *build_setup_missing(const struct program *prog)
{
    return prog->openmp ? toolchain_openmp_missing() : NULL;
}

int build_program(const struct build_env *env, const struct program *prog,
                  enum build_profile profile, char **binary, char **log, bool *cached)
{
    *binary = NULL;
    *log = NULL;
    *cached = false;
    const char *missing = build_setup_missing(prog);
    if (missing) {
        *log = xstrdup(missing);
        return -1;
    }
    char *source = xasprintf("%s/%s", env->root, prog->path);
    char *flags = build_flags(env, prog, profile);
    /* The include directory is one argument of its own: the root's path may hold spaces. */
    char *include = xasprintf("-I%s/include", env->root);

    unsigned long long h =
        hash_bytes(HASH_INIT, env->compiler_version, strlen(env->compiler_version));
    h = hash_bytes(h, flags, strlen(flags));
    h = hash_bytes(h, include, strlen(include));
    h = hash_file(h, source);
    h = hash_file(h, env->shim_obj[profile]);
    h ^= env->include_hash;
    /* The binary's path holds its key: BUILD/bin/PROFILE/cases/F/NAME/KEY/NAME.
     * A binary that is there is whole (it was renamed into place) and is the
     * build of exactly these inputs, however many racelab processes share the
     * build directory and whatever sources they were given. */
    char key[17];
    snprintf(key, sizeof key, "%016llx", h);
    int stem = (int)(strlen(prog->path) - 2);
    char *parent =
        xasprintf("%s/bin/%s/%.*s", env->build_dir, profile_name(profile), stem, prog->path);
    char *dir = xasprintf("%s/%s", parent, key);
    char *out = xasprintf("%s/%s", dir, path_base(parent));

    int rc = 0;
    if (access(out, X_OK) == 0) {
        *cached = true;
    } else {
        char *scratch = NULL;
        int scratch_rc = build_scratch_dir(env, &scratch);
        char *tmp = scratch ? xasprintf("%s/a.out", scratch) : NULL;
        char *flags_copy = xstrdup(flags);
        const char *argv[64];
        size_t n = 0;
        argv[n++] = toolchain_program("clang");
        n = split_flags(flags_copy, argv, n);
        argv[n++] = include;
        argv[n++] = source;
        argv[n++] = env->shim_obj[profile];
        argv[n++] = "-ldl";
        argv[n++] = "-o";
        argv[n++] = tmp;
        argv[n] = NULL;
        int status = -1;
        char *cerr = NULL;
        if (scratch_rc < 0) {
            *log = xasprintf("%s/tmp: cannot make the compiler's directory: %s", env->build_dir,
                             strerror(errno));
            rc = -1;
        } else if (replace_old_layout(parent) < 0 || mkdir_p(dir) < 0) {
            *log = xasprintf("%s: %s", dir, strerror(errno));
            rc = -1;
        } else {
            atomic_fetch_add(&compiler_runs, 1);
            /* In our cwd: the shim's and the source's paths may be relative to
             * it. The output's directory stays visible under a private /tmp
             * (a build directory in /tmp: grade's staging is there too). */
            free(run_capture(argv, env->limits, NULL, tmp, &status, &cerr));
            if (status != 0) {
                *log = cerr ? cerr : xstrdup("clang failed");
                cerr = NULL;
                unlink(tmp);
                rc = -1;
            } else if ((sandboxed(env) ? adopt(tmp, out) : rename(tmp, out)) < 0) {
                *log = xasprintf("%s: %s", out, strerror(errno));
                unlink(tmp);
                rc = -1;
            } else {
                prune_stale_builds(parent, key);
            }
        }
        if (scratch)
            remove_tree(scratch);
        free(scratch);
        free(cerr);
        free(flags_copy);
        free(tmp);
    }
    if (rc == 0)
        *binary = xstrdup(out);
    free(out);
    free(dir);
    free(parent);
    free(include);
    free(flags);
    free(source);
    return rc;
}
