/* toolchain.h: which clang racelab drives, one row per version it supports.
 *
 * A toolchain is everything of one LLVM release that racelab runs: clang
 * (the builds, TSan, -Wthread-safety, --analyze), clang-tidy,
 * llvm-symbolizer, and the OpenMP runtime with Archer that TSan needs for
 * OpenMP programs. Debian installs each release under /usr/lib/llvm-N, so
 * two can sit side by side; racelab uses one per process, chosen once at
 * start (`--toolchain`, RACELAB_CLANG, or the newest installed).
 *
 * Debian's libomp-N-dev packages conflict with one another (each owns
 * /usr/lib/x86_64-linux-gnu/libomp.so.5), so a second release's OpenMP
 * may instead be unpacked under /opt/racelab/llvm-N by scripts/install-deps;
 * the flags below point the compiler and the loader at whichever is there. */
#ifndef RACELAB_TOOLCHAIN_H
#define RACELAB_TOOLCHAIN_H

#include <stdbool.h>

struct toolchain {
    const char *name;     /* "clang-19": what --toolchain and RACELAB_CLANG take */
    int version;          /* 19; "19" is accepted as the name too */
    const char *llvm_dir; /* "/usr/lib/llvm-19": bin/clang, bin/clang-tidy, ... */
    const char *packages; /* the Debian packages that install it */
    /* The analyzer column's checkers, by this release's names (LLVM 18
     * promoted alpha.unix.BlockInCriticalSection to unix.). */
    const char *analyzer_checkers;
};

/* The supported rows, newest first, and their count. */
const struct toolchain *toolchain_row(int i);
int toolchain_count(void);

/* The row `name` names ("clang-19" or "19"), or NULL. */
const struct toolchain *toolchain_find(const char *name);

/* "clang-19, clang-14": every row's name, for messages (malloc'd). */
char *toolchain_names(void);

/* Whether tc's clang is installed. */
bool toolchain_installed(const struct toolchain *tc);

/* Choose the process's toolchain: `name` when given, else $RACELAB_CLANG,
 * else the newest installed (the oldest row when none is, so that the
 * messages about what to install name one). Call once, before any thread
 * starts; later calls replace the choice (tests). Returns 0, or -1 with
 * *err (malloc'd) for an unknown or missing toolchain. */
int toolchain_select(const char *name, char **err);

/* The chosen toolchain (toolchain_select(NULL) on first use). */
const struct toolchain *toolchain_current(void);

/* An LLVM program of the chosen toolchain: "clang", "clang-tidy" and
 * "llvm-symbolizer" become absolute paths under its llvm_dir; any other
 * name is returned as it is (cppcheck, valgrind). */
const char *toolchain_program(const char *name);

/* The flags OpenMP programs need beyond -fopenmp, NULL-terminated and
 * static. cflags, to compile: the include directory of an OpenMP runtime
 * unpacked outside the compiler's own tree. flags, to build: those, then
 * its library directory and a run path, so that the program loads this
 * release's libomp and Archer, not the system's default libomp.so.5. Both
 * empty when the runtime is not installed, which toolchain_openmp_missing()
 * then says (NULL when it is). */
const char *const *toolchain_openmp_cflags(void);
const char *const *toolchain_openmp_flags(void);
const char *toolchain_openmp_missing(void);

#endif
