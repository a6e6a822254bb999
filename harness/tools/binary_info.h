/* binary_info.h: what a user's program is, read from its ELF file, so that
 * `racelab run` runs the tools that can judge it (run.c).
 *
 * Every answer is false when the file cannot be read: the caller then runs
 * the tools it would run on a plain pthread program. */
#ifndef RACELAB_BINARY_INFO_H
#define RACELAB_BINARY_INFO_H

#include <stdbool.h>
#include <stdint.h>

/* Why the file at path is not a program racelab run can judge (malloc'd),
 * or NULL when it is one: an ELF executable (or position-independent
 * executable) for this machine. Said: a script and its interpreter (the
 * tools would judge the interpreter), an object file, a shared library, an
 * ELF file for another machine or word size, an empty file, a directory,
 * and anything else with its first bytes (binary_kind.c). */
char *binary_not_runnable(const char *path);

/* Instrumented by ThreadSanitizer (it holds the runtime's __tsan_init)? */
bool binary_has_tsan(const char *path);

/* Does the file name this symbol anywhere (an import, a string)? */
bool binary_mentions(const char *path, const char *symbol);
/* ... any of these (NULL-terminated), the file read once. */
bool binary_mentions_any(const char *path, const char *const *symbols);

/* Linked with an OpenMP runtime (libomp or libgomp)? */
bool binary_uses_openmp(const char *path);
/* ... and does it create OpenMP tasks (__kmpc_omp_task_alloc, GOMP_task)? */
bool binary_uses_omp_tasks(const char *path);

/* A TSan build whose code calls the runtime's __tsan_atomic* entry points:
 * the program uses C11 atomics (or the __atomic builtins). In a TSan build
 * every atomic operation of instrumented code is such a call, and the
 * runtime never calls its own entry points, so a call site means the
 * program's own atomics. Read from the executable sections: a direct call
 * (0xE8 rel32) whose target is one of those functions. */
bool binary_calls_tsan_atomics(const char *path);

/* Does the program make Helgrind's VALGRIND_HG_CLEAN_MEMORY request, which
 * DRD ignores (it does honour helgrind.h's ANNOTATE_HAPPENS_BEFORE/AFTER)?
 * Read from the plain build's code: the request sequence valgrind.h emits
 * (four rotations of %rdi) with, just before it, the request's code
 * (VG_USERREQ_TOOL_BASE('H','G') + 0) as a 32-bit immediate. */
bool binary_requests_hg_clean_memory(const char *path);

/* In a TSan build, about the function whose code holds `addr` (an address
 * in the file's own terms, as TSan's "bin+0x..." gives it), read from its
 * direct calls (0xE8 rel32) to the runtime's __tsan_atomic* entry points and
 * the memory order each passes (the mov or xor that sets the register just
 * before the call; an order not read counts as any):
 * - does it call __tsan_atomic_thread_fence with an acquiring order
 *   (acquire, acq_rel, seq_cst) before addr?
 * - does it make a releasing atomic store, exchange, read-modify-write or
 *   fence (release, acq_rel, seq_cst) at or after addr (the call at addr
 *   itself: an atomic access's own pc)? */
bool binary_acquire_fence_before(const char *path, uint64_t addr);
bool binary_release_after(const char *path, uint64_t addr);
/* ... and do the two go through one atomic object? The reader's atomic loads
 * and updates before reader_pc (in its function), against what the writer
 * releases from writer_pc on (in its): the object of a releasing store or
 * update, and after a releasing fence the object of every atomic store or
 * update. An object is known when the code passes a global's address
 * (rip-relative); true whenever one is not (a heap object, a pointer
 * argument, a callee), so only two sets of globals that miss each other
 * say no: an acquire fence after loading `ready` and a release on `decoy`
 * order nothing. */
bool binary_fence_objects_meet(const char *path, uint64_t reader_pc, uint64_t writer_pc);

/* The global or static variable (an object of the symbol table) holding
 * `addr` in a run where the executable, if position-independent, was loaded
 * at `pie_base`: its name, malloc'd, and addr's offset into it; NULL when no
 * variable holds it (the heap, a stack) or the file cannot be read. */
char *binary_data_symbol(const char *path, uint64_t addr, uint64_t pie_base, uint64_t *offset);

/* The shared libraries the file needs (DT_NEEDED, e.g. "libfoo.so.1"), or,
 * with needed false, its library search paths (DT_RUNPATH, then DT_RPATH,
 * each a ':'-separated list that may hold $ORIGIN): a malloc'd
 * NULL-terminated array of malloc'd strings, NULL when there are none or
 * the file cannot be read (free with str_array_free). */
char **binary_dynamic_strings(const char *path, bool needed);

#endif
