/* rust_build.h: compiling Rust twins with cargo, offline, against Debian's
 * packaged crates (tokio, rayon, libc under /usr/share/cargo/registry).
 *
 * racelab generates one cargo package in BUILD/rust/<rustc version> with every twin of the
 * catalog as a binary target (so the package never changes with the
 * selection) and a directory-source replacement for crates.io, so no registry
 * is ever contacted. Each twin is built on its own (`cargo build --bin`) with
 * JSON diagnostics; the errors become findings of kind compile-error whose
 * tool_kind is the error code. Results are cached by the twin's source and
 * the toolchain's version, so a warm re-run starts no compiler.
 *
 * The toolchain is `cargo` on PATH, or RACELAB_CARGO (a name or a path); the
 * rustc beside that cargo is used, so /usr/bin/cargo builds with Debian's
 * rustc even when a rustup rustc comes first on PATH. */
#ifndef RACELAB_RUST_BUILD_H
#define RACELAB_RUST_BUILD_H

#include <pthread.h>
#include <stdbool.h>

#include "case.h"
#include "finding.h"

struct rust_env {
    char *cargo, *rustc;  /* absolute paths */
    char *version;        /* "rustc 1.63.0" */
    char *root;           /* the catalog root */
    char *project_dir;    /* BUILD/rust/<version>: one package per toolchain */
    char *target_dir;     /* PROJECT/target */
    char *cache_dir;      /* PROJECT/cache: the key, cargo's messages and the binary per twin */
    pthread_mutex_t lock; /* one cargo at a time: cargo serialises on its target dir anyway */
    bool initialised;     /* rust_env_free() is a no-op on a zeroed env */
};

/* Find the toolchain (NULL when none is installed: *err says so). */
char *rust_find_cargo(char **rustc);

/* Write the package for every twin of `cat`. Returns 0, or -1 with *err. */
int rust_env_init(struct rust_env *env, const struct catalog *cat, const char *build_dir,
                  char **err);
void rust_env_free(struct rust_env *env);

/* The cargo target name of a twin: rust/cases/threads/x.rs -> cases-threads-x. */
char *rust_bin_name(const struct program *twin);

enum rust_build_result { RUST_BUILT, RUST_REJECTED, RUST_FAILED };

/* Build one twin. RUST_BUILT sets *binary; RUST_REJECTED fills *errors (one
 * compile-error finding per rustc error); RUST_FAILED sets *log (cargo itself
 * failed). *log may also hold cargo's output in the other cases. */
enum rust_build_result rust_build(struct rust_env *env, const struct program *twin, char **binary,
                                  struct finding_list *errors, char **log, bool *cached);

/* Parse cargo's --message-format=json output: every rustc error (level
 * "error", with a span) about target `bin` becomes a compile-error finding.
 * Returns the number of errors, or -1 when the text is not cargo JSON. */
int cargo_messages_parse(const char *json_lines, const char *bin, struct finding_list *errors);

/* Number of cargo builds since start (a warm re-run of an unchanged catalog makes none). */
unsigned long rust_cargo_runs(void);

#endif
