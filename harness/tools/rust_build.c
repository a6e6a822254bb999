/* rust_build.c: see rust_build.h. */
#define _GNU_SOURCE
#include "rust_build.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* Debian's crates: tokio 1.24 (all features), rayon 1.6, libc 0.2. */
#define RUST_DEPENDENCIES                                                                          \
    "[dependencies]\n"                                                                             \
    "tokio = { version = \"1\", features = [\"full\"] }\n"                                         \
    "rayon = \"1\"\n"                                                                              \
    "libc = \"0.2\"\n"

static const char cargo_config[] = "# Written by racelab: Debian's packaged crates, offline.\n"
                                   "[source.crates-io]\n"
                                   "replace-with = \"debian\"\n"
                                   "[source.debian]\n"
                                   "directory = \"/usr/share/cargo/registry\"\n"
                                   "[net]\n"
                                   "offline = true\n";

char *rust_find_cargo(char **rustc)
{
    const char *want = getenv("RACELAB_CARGO");
    char *cargo = path_lookup(want && *want ? want : "cargo");
    *rustc = NULL;
    if (!cargo)
        return NULL;
    /* The rustc beside cargo: Debian's /usr/bin/cargo with Debian's rustc. */
    char *dir = xstrdup(cargo);
    *strrchr(dir, '/') = '\0';
    char *beside = xasprintf("%s/rustc", dir);
    free(dir);
    if (access(beside, X_OK) == 0) {
        *rustc = beside;
    } else {
        free(beside);
        *rustc = path_lookup("rustc");
    }
    if (!*rustc) {
        free(cargo);
        return NULL;
    }
    return cargo;
}

bool rust_toolchain_available(void)
{
    char *rustc, *cargo = rust_find_cargo(&rustc);
    free(rustc);
    free(cargo);
    return cargo != NULL;
}

char *rust_bin_name(const struct program *twin)
{
    const char *p = twin->path;
    if (str_starts_with(p, "rust/"))
        p += 5;
    char *name = xstrndup(p, strlen(p) - (str_ends_with(p, ".rs") ? 3 : 0));
    for (char *c = name; *c; c++)
        if (*c == '/')
            *c = '-';
    return name;
}

/* cargo needs the caller's PATH (for the linker) and HOME or CARGO_HOME and
 * RUSTUP_HOME (for a rustup toolchain); everything else is fixed here. */
static char **cargo_environment(const struct rust_env *env)
{
    static const char *const passed[] = {
        "PATH", "HOME", "CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN", NULL};
    char **envp = xcalloc(16, sizeof *envp);
    size_t n = 0;
    for (size_t i = 0; passed[i]; i++) {
        const char *v = getenv(passed[i]);
        if (v)
            envp[n++] = xasprintf("%s=%s", passed[i], v);
    }
    envp[n++] = xstrdup("LANG=C");
    envp[n++] = xstrdup("CARGO_TERM_COLOR=never");
    envp[n++] = xasprintf("RUSTC=%s", env->rustc);
    envp[n++] = xasprintf("CARGO_TARGET_DIR=%s", env->target_dir);
    envp[n] = NULL;
    return envp;
}

static void free_environment(char **envp)
{
    for (char **e = envp; *e; e++)
        free(*e);
    free(envp);
}

/* Write path only when its content changes: cargo re-resolves on any touch. */
static int write_if_changed(const char *path, const char *text)
{
    char *old;
    if (read_file(path, &old, NULL) == 0) {
        bool same = strcmp(old, text) == 0;
        free(old);
        if (same)
            return 0;
    }
    return write_file(path, text, strlen(text));
}

static char *manifest(const struct catalog *cat)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "# Written by racelab from the catalog's Rust twins; do not edit.\n"
                     "[package]\nname = \"racelab-twins\"\nversion = \"0.0.0\"\n"
                     "edition = \"2021\"\npublish = false\n\n" RUST_DEPENDENCIES);
    for (size_t i = 0; i < cat->len; i++)
        for (int v = 0; v < VARIANT__COUNT; v++) {
            const struct program *twin = cat->cases[i].variants[v].twin;
            if (!twin)
                continue;
            char *name = rust_bin_name(twin);
            strbuf_addf(&sb, "\n[[bin]]\nname = \"%s\"\npath = \"%s/%s\"\n", name, cat->root,
                        twin->path);
            free(name);
        }
    /* Unoptimised like the seed's examples, but without debug-assertion noise. */
    strbuf_adds(&sb, "\n[profile.dev]\ndebug = 1\n");
    return strbuf_detach(&sb);
}

static char *rustc_version(const char *rustc)
{
    const char *argv[] = {rustc, "--version", NULL};
    const char *envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {.argv = argv, .envp = envp, .timeout_s = 60, .output_cap = 4096};
    struct proc_result pr;
    char *version = NULL;
    if (proc_run(&spec, &pr) == 0 && !pr.spawn_failed && !pr.timed_out && pr.exit_code == 0)
        version = xstrndup(pr.out, strcspn(pr.out, "\n"));
    proc_result_free(&pr);
    return version;
}

int rust_env_init(struct rust_env *env, const struct catalog *cat, const char *build_dir,
                  char **err)
{
    memset(env, 0, sizeof *env);
    pthread_mutex_init(&env->lock, NULL);
    env->initialised = true;
    env->cargo = rust_find_cargo(&env->rustc);
    if (!env->cargo) {
        *err = xstrdup("rustc not installed: run 'sudo scripts/install-deps'");
        return -1;
    }
    env->version = rustc_version(env->rustc);
    if (!env->version) {
        *err = xasprintf("%s --version failed: is the Rust toolchain broken?", env->rustc);
        return -1;
    }
    const char *number = strchr(env->version, ' ');
    char *tag = xstrndup(number ? number + 1 : env->version,
                         strcspn(number ? number + 1 : env->version, " "));
    env->root = xstrdup(cat->root);
    /* One package per toolchain: Cargo.lock formats differ between versions. */
    env->project_dir = xasprintf("%s/rust/%s", build_dir, tag);
    env->target_dir = xasprintf("%s/target", env->project_dir);
    env->cache_dir = xasprintf("%s/cache", env->project_dir);
    free(tag);
    char *config_dir = xasprintf("%s/.cargo", env->project_dir);
    char *config = xasprintf("%s/config.toml", config_dir);
    char *toml_path = xasprintf("%s/Cargo.toml", env->project_dir);
    char *toml = manifest(cat);
    int rc = 0;
    if (mkdir_p(config_dir) < 0 || mkdir_p(env->cache_dir) < 0 ||
        write_if_changed(config, cargo_config) < 0 || write_if_changed(toml_path, toml) < 0) {
        *err = xasprintf("%s: cannot write the Rust twins' package: %s", env->project_dir,
                         strerror(errno));
        rc = -1;
    }
    free(toml);
    free(toml_path);
    free(config);
    free(config_dir);
    return rc;
}

void rust_env_free(struct rust_env *env)
{
    if (!env->initialised)
        return;
    free(env->root);
    free(env->cargo);
    free(env->rustc);
    free(env->version);
    free(env->project_dir);
    free(env->target_dir);
    free(env->cache_dir);
    pthread_mutex_destroy(&env->lock);
    memset(env, 0, sizeof *env);
}

/* The toolchain, the dependencies and the twin's source; NULL when the
 * source cannot be read. */
static char *cache_key(const struct rust_env *env, const char *source)
{
    if (access(source, R_OK) < 0)
        return NULL;
    unsigned long long h = hash_bytes(HASH_INIT, env->version, strlen(env->version));
    h = hash_bytes(h, RUST_DEPENDENCIES, strlen(RUST_DEPENDENCIES));
    h = hash_file(h, source);
    return xasprintf("%016llx\n", h);
}

/* Run cargo build for one target; its JSON stdout goes to *messages. */
static atomic_ulong cargo_runs;

unsigned long rust_cargo_runs(void)
{
    return atomic_load(&cargo_runs);
}

static int run_cargo(struct rust_env *env, const char *bin, char **messages, char **log)
{
    atomic_fetch_add(&cargo_runs, 1);
    const char *argv[] = {env->cargo, "build", "--quiet", "--message-format=json",
                          "--bin",    bin,     NULL};
    char **envp = cargo_environment(env);
    struct proc_spec spec = {.argv = argv,
                             .envp = (const char *const *)envp,
                             .cwd = env->project_dir,
                             .timeout_s = 900, /* the first build compiles tokio and rayon */
                             .output_cap = 16u << 20};
    struct proc_result pr;
    int rc = proc_run(&spec, &pr);
    free_environment(envp);
    char desc[256];
    if (rc < 0 || pr.spawn_failed || pr.timed_out || pr.term_signal) {
        *log = xasprintf("cargo build --bin %s: %s\n%s", bin, proc_describe(&pr, desc, sizeof desc),
                         pr.err ? pr.err : "");
        proc_result_free(&pr);
        return -1;
    }
    *messages = pr.out;
    *log = pr.err;
    pr.out = pr.err = NULL;
    int status = pr.exit_code;
    proc_result_free(&pr);
    return status;
}

enum rust_build_result rust_build(struct rust_env *env, const struct program *twin, char **binary,
                                  struct finding_list *errors, char **log, bool *cached)
{
    *binary = NULL;
    *log = NULL;
    *cached = false;
    char *bin = rust_bin_name(twin);
    char *source = xasprintf("%s/%s", env->root, twin->path);
    enum rust_build_result result = RUST_FAILED;
    char *key = cache_key(env, source);
    char *key_path = xasprintf("%s/%s.key", env->cache_dir, bin);
    char *messages_path = xasprintf("%s/%s.json", env->cache_dir, bin);
    char *out = xasprintf("%s/%s", env->cache_dir, bin);
    char *old_key = NULL, *messages = NULL;
    if (!key) {
        *log = xasprintf("%s: cannot read the twin (%s)", twin->path, strerror(errno));
        goto done;
    }
    if (read_file(key_path, &old_key, NULL) == 0 && strcmp(old_key, key) == 0 &&
        read_file(messages_path, &messages, NULL) == 0) {
        *cached = true;
        if (access(out, X_OK) == 0) {
            result = RUST_BUILT;
        } else if (cargo_messages_parse(messages, bin, errors) > 0) {
            result = RUST_REJECTED;
        } else {
            *cached = false;
        }
    }
    if (!*cached) {
        free(messages);
        messages = NULL;
        unlink(key_path);
        unlink(out);
        pthread_mutex_lock(&env->lock);
        int status = run_cargo(env, bin, &messages, log);
        pthread_mutex_unlock(&env->lock);
        char *built = xasprintf("%s/debug/%s", env->target_dir, bin);
        if (status == 0) {
            /* Copy out of cargo's directory: the next build of another twin
             * must not change what this row runs. */
            char *data = NULL;
            size_t len;
            if (read_file(built, &data, &len) == 0 && write_file(out, data, len) == 0 &&
                chmod(out, 0755) == 0)
                result = RUST_BUILT;
            else
                *log = xasprintf("%s: %s", built, strerror(errno));
            free(data);
        } else if (status > 0 && cargo_messages_parse(messages ? messages : "", bin, errors) > 0) {
            result = RUST_REJECTED;
        }
        free(built);
        if (result != RUST_FAILED)
            if (write_file(messages_path, messages, strlen(messages)) < 0 ||
                write_file(key_path, key, strlen(key)) < 0)
                unlink(key_path);
    }
    if (result == RUST_BUILT)
        *binary = xstrdup(out);
done:
    free(old_key);
    free(messages);
    free(out);
    free(messages_path);
    free(key_path);
    free(key);
    free(source);
    free(bin);
    return result;
}
