/* observe_runtime.c: where the program's own code lies, and
 * ThreadSanitizer's runtime in it (see observe_internal.h).
 *
 * A work hold witnesses the threads overlapping only when the held thread
 * is stopped in the middle of the program's work: in the executable's own
 * code, not in a library. Held in libc's mutex code, in libomp's barrier or
 * in a new thread's start-up (under TSan a libomp worker's runs for
 * milliseconds before it reaches the program's code), what the others do
 * meanwhile says nothing about the program's work: an `omp single` doing
 * the whole loop passed when its idle workers were held in their start-up
 * while the master added.
 *
 * TSan's runtime is linked into the executable. An atomic operation on a
 * shared variable runs inside it holding the runtime's own lock for that
 * variable, so a thread held there makes every other thread that touches
 * the variable wait, for TSan and not for the program: a pool of threads
 * sharing one atomic cursor looked as if it took turns. The observer holds
 * a thread for work only outside the runtime (the checks of plain loads and
 * stores aside: they take no lock), and needs the runtime's
 * address ranges: the functions of the executable's symbol table in TSan's
 * and the sanitizer common code's namespaces, moved by where the
 * executable is mapped. Read from /proc/PID/exe by the tracer, never from
 * anything the program can write. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <unistd.h>

#include "observe_internal.h"
#include "util.h"

/* The checks TSan inserts before each plain load and store, and at each
 * function's entry and exit: lock-free (they update the shadow words of the
 * address with atomic stores) and, with their fast path inlined, where an
 * instrumented loop spends most of its time. A thread held there holds no
 * lock of TSan's; refused there, a loop like `sum += a[i]` was almost never
 * held. What they call on a slow path (a report, a new trace part) is
 * another function, and still refused. */
static bool plain_access_check(const char *s)
{
    static const char *const prefixes[] = {
        "__tsan_read",       "__tsan_write",     "__tsan_unaligned_read", "__tsan_unaligned_write",
        "__tsan_func_entry", "__tsan_func_exit", "__tsan_vptr_read",      "__tsan_vptr_update"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (str_starts_with(s, prefixes[i]))
            return true;
    return false;
}

static bool runtime_name(const char *s)
{
    if (plain_access_check(s))
        return false;
    static const char *const prefixes[] = {
        "__tsan", "_ZN6__tsan", "__sanitizer", "_ZN11__sanitizer", "__interceptor_",
        "___interceptor_", "_ZN14__interception", "__interception", "__ubsan", "_ZN7__ubsan",
        /* Its functions of internal linkage (AtomicCAS<>, which holds the
         * variable's lock, among them): a C program's own have no such
         * names. */
        "_ZL"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (str_starts_with(s, prefixes[i]))
            return true;
    return false;
}

static int by_start(const void *a, const void *b)
{
    const struct addr_range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void obs_each_mapping(const struct observer *o, obs_mapping_fn *fn, void *ctx)
{
    char path[64], line[4608];
    snprintf(path, sizeof path, "/proc/%d/maps", (int)o->pid);
    FILE *f = fopen(path, "re");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long long lo, hi, off;
        char perms[8] = "", name[4096] = "";
        if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &lo, &hi, perms, &off, name) ==
            5) {
            /* The kernel writes a newline in a path as \012 (and nothing
             * else escaped): the name as readlink and open know it. */
            for (char *esc; (esc = strstr(name, "\\012"));) {
                *esc = '\n';
                memmove(esc + 1, esc + 4, strlen(esc + 4) + 1);
            }
            fn(ctx, lo, hi, perms, off, name);
        }
    }
    if (f)
        fclose(f);
}

/* Appends [lo, hi) to the array *r of *n ranges, *cap allocated. */
static void push_range(struct addr_range **r, size_t *n, size_t *cap, unsigned long long lo,
                       unsigned long long hi)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        *r = xrealloc(*r, *cap * sizeof **r);
    }
    (*r)[(*n)++] = (struct addr_range){lo, hi};
}

struct maps_read {
    struct observer *o;
    const char *exe;
    unsigned long long base;
    size_t cap;
};

static void note_exe_mapping(void *ctx, unsigned long long lo, unsigned long long hi,
                             const char *perms, unsigned long long off, const char *name)
{
    struct maps_read *m = ctx;
    if (strcmp(name, m->exe) != 0)
        return;
    if (off == 0 && !m->base)
        m->base = lo;
    if (strchr(perms, 'x'))
        push_range(&m->o->text, &m->o->ntext, &m->cap, lo, hi);
}

/* The executable's mappings in /proc/PID/maps: its load address (its
 * first mapping at offset 0) returned, and its executable ones kept in
 * o->text. */
static unsigned long long read_maps(struct observer *o)
{
    char path[64], exe[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", (int)o->pid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    struct maps_read m = {o, exe, 0, 0};
    obs_each_mapping(o, note_exe_mapping, &m);
    return m.base;
}

void obs_elf_functions(const unsigned char *img, size_t len, unsigned type, unsigned long long base,
                       obs_elf_function_fn *fn, void *ctx)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (len < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff > len || (len - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
        return;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    bool pie = eh->e_type == ET_DYN;
    for (size_t i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != type || sh[i].sh_link >= eh->e_shnum)
            continue;
        const Elf64_Shdr *st = &sh[sh[i].sh_link];
        if (sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset || st->sh_offset > len ||
            st->sh_size > len - st->sh_offset || st->sh_size == 0)
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(img + sh[i].sh_offset);
        const char *names = (const char *)img + st->sh_offset;
        size_t nsym = sh[i].sh_size / sizeof *sym;
        for (size_t k = 0; k < nsym; k++)
            if (ELF64_ST_TYPE(sym[k].st_info) == STT_FUNC && sym[k].st_size &&
                sym[k].st_shndx != SHN_UNDEF && sym[k].st_name < st->sh_size &&
                memchr(names + sym[k].st_name, '\0', st->sh_size - sym[k].st_name) != NULL)
                fn(ctx, names + sym[k].st_name, sym[k].st_value + (pie ? base : 0), sym[k].st_size);
    }
}

bool obs_map_file(const char *path, unsigned type, unsigned long long base, obs_elf_function_fn *fn,
                  void *ctx)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    bool ok = false;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        void *img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (img != MAP_FAILED) {
            obs_elf_functions(img, (size_t)st.st_size, type, base, fn, ctx);
            munmap(img, (size_t)st.st_size);
            ok = true;
        }
    }
    close(fd);
    return ok;
}

/* The runtime's machinery of an atomic operation: where a thread that polls
 * with a compare-exchange under TSan spends most of each turn, below the
 * __tsan_atomic call the observer follows (observe_poll.c). */
static bool atomic_machinery(const char *s)
{
    static const char *const parts[] = {"__tsan_atomic", "Atomic", "GetSync",
                                        "SyncVar",       "5Mutex", "VectorClock"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (strstr(s, parts[i]))
            return true;
    return false;
}

struct runtime_load {
    struct observer *o;
    size_t cap, atomics_cap;
};

/* A function of TSan's runtime: kept in o->runtime. */
static void add_runtime(void *ctx, const char *name, unsigned long long lo, unsigned long long size)
{
    struct runtime_load *l = ctx;
    struct observer *o = l->o;
    if (!runtime_name(name))
        return;
    push_range(&o->runtime, &o->nruntime, &l->cap, lo, lo + size);
    if (atomic_machinery(name))
        push_range(&o->atomics, &o->natomics, &l->atomics_cap, lo, lo + size);
}

static void load_ranges(struct observer *o)
{
    o->runtime_loaded = true;
    unsigned long long base = read_maps(o);
    if (o->spec->tool != OBSERVE_TSAN)
        return; /* no runtime linked in: its symbols need not be read */
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/exe", (int)o->pid);
    struct runtime_load l = {o, 0, 0};
    obs_map_file(path, SHT_SYMTAB, base, add_runtime, &l);
    if (o->nruntime) /* none in a native program */
        qsort(o->runtime, o->nruntime, sizeof *o->runtime, by_start);
    if (o->natomics)
        qsort(o->atomics, o->natomics, sizeof *o->atomics, by_start);
}

void obs_forget_code(struct observer *o)
{
    free(o->runtime);
    free(o->text);
    free(o->polls);
    free(o->atomics);
    o->runtime = o->text = o->atomics = NULL;
    o->polls = NULL;
    o->nruntime = o->ntext = o->npolls = o->natomics = 0;
    o->runtime_loaded = o->polls_loaded = false;
}

/* Is ip in one of the sorted ranges? */
static bool in_ranges(const struct addr_range *r, size_t n, unsigned long long ip)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the last range starting at or below ip */
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].lo <= ip)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && ip < r[lo - 1].hi;
}

bool obs_in_executable(struct observer *o, unsigned long long ip)
{
    if (!o->runtime_loaded)
        load_ranges(o);
    return in_ranges(o->text, o->ntext, ip); /* /proc/PID/maps lists them in address order */
}

bool obs_in_atomic_machinery(struct observer *o, unsigned long long ip)
{
    if (!o->runtime_loaded)
        load_ranges(o);
    return in_ranges(o->atomics, o->natomics, ip);
}

bool obs_in_program_code(struct observer *o, unsigned long long ip)
{
    return obs_in_executable(o, ip) && !in_ranges(o->runtime, o->nruntime, ip);
}

bool obs_note_code(struct observer *o, struct thread *t)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) != 0 || !obs_in_program_code(o, regs.rip))
        return false;
    if (!t->code_seen) {
        unsigned long long cpu = obs_thread_cpu(t);
        t->code_from_ns = cpu > t->cpu_ns ? cpu : t->cpu_ns;
    }
    t->code_seen = true;
    return true;
}
