/* binary_info.c: see binary_info.h. */
#define _GNU_SOURCE
#include "binary_info.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool binary_mentions(const char *path, const char *symbol)
{
    const char *const one[] = {symbol, NULL};
    return binary_mentions_any(path, one);
}

bool binary_mentions_any(const char *path, const char *const *symbols)
{
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, &data, &len) < 0)
        return false;
    bool found = false;
    for (size_t i = 0; symbols[i] && !found; i++)
        found = memmem(data, len, symbols[i], strlen(symbols[i])) != NULL;
    free(data);
    return found;
}

bool binary_has_tsan(const char *path)
{
    return binary_mentions(path, "__tsan_init");
}

bool binary_uses_openmp(const char *path)
{
    const char *const runtimes[] = {"libomp.so", "libgomp.so", NULL};
    return binary_mentions_any(path, runtimes);
}

bool binary_uses_omp_tasks(const char *path)
{
    const char *const tasks[] = {"__kmpc_omp_task_alloc", "GOMP_task", NULL};
    return binary_mentions_any(path, tasks);
}

/* [off, off + len) lies inside a file of `size` bytes. */
static bool inside(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static int by_address(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Call visit for every named symbol of the file's symbol tables (.symtab). */
typedef void (*symbol_visit_fn)(void *ctx, const Elf64_Sym *sym, const char *name);
static void each_symbol(const char *data, size_t size, const Elf64_Shdr *sh, int shnum,
                        symbol_visit_fn visit, void *ctx)
{
    for (int i = 0; i < shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_entsize != sizeof(Elf64_Sym) ||
            sh[i].sh_link >= (unsigned)shnum || !inside(sh[i].sh_offset, sh[i].sh_size, size))
            continue;
        const Elf64_Shdr *strs = &sh[sh[i].sh_link];
        if (!inside(strs->sh_offset, strs->sh_size, size))
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(data + sh[i].sh_offset);
        size_t count = sh[i].sh_size / sizeof *sym;
        for (size_t k = 0; k < count; k++) {
            if (sym[k].st_name >= strs->sh_size)
                continue;
            const char *name = data + strs->sh_offset + sym[k].st_name;
            size_t room = strs->sh_size - sym[k].st_name;
            if (*name && strnlen(name, room) < room)
                visit(ctx, &sym[k], name);
        }
    }
}

struct address_list {
    const char *prefix;
    uint64_t *addrs;
    size_t n, cap;
};

static void add_named_entry(void *ctx, const Elf64_Sym *sym, const char *name)
{
    struct address_list *l = ctx;
    if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_value ||
        !str_starts_with(name, l->prefix))
        return;
    l->addrs = grow_array(l->addrs, &l->cap, l->n + 1, sizeof *l->addrs);
    l->addrs[l->n++] = sym->st_value;
}

/* The addresses of the functions whose names start with `prefix` in the
 * symbol table, sorted; NULL when there are none. */
static uint64_t *entries_named(const char *data, size_t size, const Elf64_Shdr *sh, int shnum,
                               const char *prefix, size_t *n)
{
    struct address_list l = {.prefix = prefix};
    each_symbol(data, size, sh, shnum, add_named_entry, &l);
    if (l.n)
        qsort(l.addrs, l.n, sizeof *l.addrs, by_address);
    *n = l.n;
    return l.addrs;
}

/* The section headers of a well-formed 64-bit ELF file, or NULL. */
static const Elf64_Shdr *section_headers(const char *data, size_t size, int *shnum)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
    if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !inside(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
        return NULL;
    *shnum = eh->e_shnum;
    return (const Elf64_Shdr *)(data + eh->e_shoff);
}

static bool code_section(const Elf64_Shdr *sh, size_t size)
{
    return sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR) &&
           inside(sh->sh_offset, sh->sh_size, size);
}

/* Is there a direct call (0xE8 rel32) to one of `entries` (sorted) in the
 * code of section `sec` between the addresses from and to? */
static bool calls_any(const char *data, const Elf64_Shdr *sec, uint64_t from, uint64_t to,
                      const uint64_t *entries, size_t nentries)
{
    if (from < sec->sh_addr || to > sec->sh_addr + sec->sh_size || to < from + 5)
        return false;
    const unsigned char *code = (const unsigned char *)data + sec->sh_offset;
    for (uint64_t at = from - sec->sh_addr; at + 5 <= to - sec->sh_addr; at++) {
        if (code[at] != 0xE8)
            continue;
        int32_t rel;
        memcpy(&rel, code + at + 1, sizeof rel);
        uint64_t target = sec->sh_addr + at + 5 + (uint64_t)(int64_t)rel;
        if (bsearch(&target, entries, nentries, sizeof *entries, by_address))
            return true;
    }
    return false;
}

bool binary_calls_tsan_atomics(const char *path)
{
    char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size) < 0)
        return false;
    bool found = false;
    int shnum = 0;
    const Elf64_Shdr *sh = section_headers(data, size, &shnum);
    if (!sh) {
        free(data);
        return false;
    }
    size_t nentries = 0;
    uint64_t *entries = entries_named(data, size, sh, shnum, "__tsan_atomic", &nentries);
    for (int i = 0; nentries && !found && i < shnum; i++)
        if (code_section(&sh[i], size))
            found = calls_any(data, &sh[i], sh[i].sh_addr, sh[i].sh_addr + sh[i].sh_size, entries,
                              nentries);
    free(entries);
    free(data);
    return found;
}

/* valgrind.h's request preamble on amd64: rolq $3, $13, $61, $51 of %rdi. */
static const unsigned char preamble[] = {0x48, 0xc1, 0xc7, 0x03, 0x48, 0xc1, 0xc7, 0x0d,
                                         0x48, 0xc1, 0xc7, 0x3d, 0x48, 0xc1, 0xc7, 0x33};
/* How far before the preamble the request's code is looked for: the
 * argument block is filled just before it (six 8-byte stores). */
#define REQUEST_REACH 96

bool binary_requests_hg_clean_memory(const char *path)
{
    char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size) < 0)
        return false;
    /* 0x48470000, little-endian: VG_USERREQ__HG_CLEAN_MEMORY. */
    static const unsigned char code[] = {0x00, 0x00, 0x47, 0x48};
    bool found = false;
    int shnum = 0;
    const Elf64_Shdr *sh = section_headers(data, size, &shnum);
    for (int i = 0; sh && !found && i < shnum; i++) {
        if (!code_section(&sh[i], size))
            continue;
        const char *text = data + sh[i].sh_offset, *end = text + sh[i].sh_size;
        for (const char *p = text;
             !found && (p = memmem(p, (size_t)(end - p), preamble, sizeof preamble));
             p += sizeof preamble) {
            const char *from = p - text > REQUEST_REACH ? p - REQUEST_REACH : text;
            found = memmem(from, (size_t)(p - from), code, sizeof code) != NULL;
        }
    }
    free(data);
    return found;
}

struct data_lookup {
    uint64_t addr; /* the address as the file's symbols count it */
    char *name;
    uint64_t offset;
};

static void find_object(void *ctx, const Elf64_Sym *sym, const char *name)
{
    struct data_lookup *d = ctx;
    if (d->name || ELF64_ST_TYPE(sym->st_info) != STT_OBJECT || sym->st_size == 0 ||
        d->addr < sym->st_value || d->addr - sym->st_value >= sym->st_size)
        return;
    d->name = xstrdup(name);
    d->offset = d->addr - sym->st_value;
}

char *binary_data_symbol(const char *path, uint64_t addr, uint64_t pie_base, uint64_t *offset)
{
    char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size) < 0)
        return NULL;
    int shnum = 0;
    const Elf64_Shdr *sh = section_headers(data, size, &shnum);
    struct data_lookup d = {0};
    if (sh) {
        /* A fixed executable's symbols are its addresses; a PIE's are offsets. */
        uint64_t base = ((const Elf64_Ehdr *)data)->e_type == ET_DYN ? pie_base : 0;
        d.addr = addr - base;
        if (addr >= base)
            each_symbol(data, size, sh, shnum, find_object, &d);
    }
    free(data);
    if (d.name && offset)
        *offset = d.offset;
    return d.name;
}

struct function_lookup {
    uint64_t addr;
    uint64_t start, end; /* start 0: not found */
};

static void find_function(void *ctx, const Elf64_Sym *sym, const char *name)
{
    (void)name;
    struct function_lookup *f = ctx;
    if (!f->start && ELF64_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_value &&
        f->addr >= sym->st_value && f->addr - sym->st_value < sym->st_size) {
        f->start = sym->st_value;
        f->end = sym->st_value + sym->st_size;
    }
}

/* A TSan atomic entry point, and the register its memory order is passed in:
 * 'D' %edi (the fences), 'd' %edx (stores, exchanges, read-modify-writes:
 * (address, value, order)), 'S' %esi (loads: (address, order)), '?' another
 * (compare-exchange: not read). Every one but the fences takes the atomic's
 * address in %rdi. */
struct atomic_entry {
    uint64_t addr;
    char reg;
};

struct atomic_entries {
    bool fences_only;
    bool loads; /* also the loads (which scan_calls never counts) */
    struct atomic_entry *v;
    size_t n, cap;
};

static void add_atomic_entry(void *ctx, const Elf64_Sym *sym, const char *name)
{
    struct atomic_entries *l = ctx;
    if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_value ||
        !str_starts_with(name, "__tsan_atomic") || (strstr(name, "_load") && !l->loads))
        return;
    char reg = str_starts_with(name, "__tsan_atomic_thread_fence")   ? 'D'
               : strstr(name, "_load")                               ? 'S'
               : strstr(name, "compare_exchange")                    ? '?'
               : str_starts_with(name, "__tsan_atomic_signal_fence") ? 0
                                                                     : 'd';
    if (!reg || (l->fences_only && reg != 'D'))
        return;
    l->v = grow_array(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = (struct atomic_entry){sym->st_value, reg};
}

/* The memory order (0 relaxed ... 5 seq_cst) a call at code[at] passes in
 * `reg`, read from the closest instruction before it in [lo, at) that sets
 * it: mov $imm32 (BF/BA imm32) or xor of the register with itself (31 FF /
 * 31 D2); -1 when none is seen. */
static int call_order(const unsigned char *code, uint64_t lo, uint64_t at, char reg)
{
    unsigned char mov = reg == 'D' ? 0xBF : 0xBA, xor_modrm = reg == 'D' ? 0xFF : 0xD2;
    for (uint64_t p = at; p-- > lo && at - p <= 32;) {
        if (code[p] == 0x31 && p + 2 <= at && code[p + 1] == xor_modrm)
            return 0;
        if (code[p] == mov && p + 5 <= at) {
            uint32_t imm;
            memcpy(&imm, code + p + 1, sizeof imm);
            return imm <= 5 ? (int)imm : -1;
        }
    }
    return -1;
}

static int by_entry(const void *a, const void *b)
{
    return by_address(&((const struct atomic_entry *)a)->addr,
                      &((const struct atomic_entry *)b)->addr);
}

/* A loaded TSan build and its atomic entry points, for scan_calls. */
struct atomic_scan {
    const char *data;
    size_t size;
    const Elf64_Shdr *sh;
    int shnum;
    struct atomic_entries entries;
    unsigned orders; /* the memory orders looked for (bit per order) */
};

/* A direct call (0xE8 rel32) in a function's code: code[at], in a section
 * whose code[0] is at address `base`; `lo` is the function's start in code's
 * terms; `target` the callee's address, `entry` the atomic entry point it is
 * (NULL: another function). */
struct call_site {
    const unsigned char *code;
    uint64_t base, lo, at, target;
    const struct atomic_entry *entry;
};

/* visit each direct call in [from, to) of the function starting at `start`,
 * in order, until it returns true; whether one did. */
static bool each_call(const struct atomic_scan *s, uint64_t start, uint64_t from, uint64_t to,
                      bool (*visit)(void *ctx, const struct call_site *c), void *ctx)
{
    for (int i = 0; i < s->shnum; i++) {
        const Elf64_Shdr *sec = &s->sh[i];
        if (!code_section(sec, s->size) || from < sec->sh_addr || to > sec->sh_addr + sec->sh_size)
            continue;
        struct call_site c = {.code = (const unsigned char *)s->data + sec->sh_offset,
                              .base = sec->sh_addr,
                              .lo = start - sec->sh_addr};
        for (c.at = from - sec->sh_addr; c.at + 5 <= to - sec->sh_addr; c.at++) {
            if (c.code[c.at] != 0xE8)
                continue;
            int32_t rel;
            memcpy(&rel, c.code + c.at + 1, sizeof rel);
            struct atomic_entry key = {c.base + c.at + 5 + (uint64_t)(int64_t)rel, 0};
            c.target = key.addr;
            c.entry = bsearch(&key, s->entries.v, s->entries.n, sizeof key, by_entry);
            if (visit(ctx, &c))
                return true;
        }
    }
    return false;
}

/* The function that starts at `addr` (callee.start 0: none). */
static struct function_lookup callee_at(const struct atomic_scan *s, uint64_t addr)
{
    struct function_lookup callee = {.addr = addr};
    each_symbol(s->data, s->size, s->sh, s->shnum, find_function, &callee);
    if (callee.start != addr)
        callee.start = 0;
    return callee;
}

struct order_scan {
    const struct atomic_scan *s;
    int depth;
};

static bool scan_calls(const struct atomic_scan *s, uint64_t start, uint64_t from, uint64_t to,
                       int depth);

static bool call_with_order(void *ctx, const struct call_site *c)
{
    const struct order_scan *o = ctx;
    const struct atomic_entry *e = c->entry;
    if (e && e->reg == 'S')
        return false; /* a load releases nothing */
    if (e) {
        int order = e->reg == '?' ? -1 : call_order(c->code, c->lo, c->at, e->reg);
        return order < 0 || ((o->s->orders >> order) & 1u);
    }
    struct function_lookup callee =
        o->depth > 0 ? callee_at(o->s, c->target) : (struct function_lookup){0};
    return callee.start && scan_calls(o->s, callee.start, callee.start, callee.end, o->depth - 1);
}

/* A call in [from, to) of the code of the function starting at `start` to an
 * atomic entry point with one of s->orders (an order not read counts as any);
 * with depth > 0, also a call to a function that makes one anywhere. */
static bool scan_calls(const struct atomic_scan *s, uint64_t start, uint64_t from, uint64_t to,
                       int depth)
{
    struct order_scan o = {s, depth};
    return each_call(s, start, from, to, call_with_order, &o);
}

/* In a TSan build: a call, in the function whose code holds addr, before
 * addr (before) or from the call holding it on, to one of TSan's atomic entry
 * points (fences_only: the thread fence) with a memory order in `orders`, or
 * (after addr) to a function that makes one. */
/* Read the TSan build at path into *s with its atomic entry points (sorted),
 * and find the function whose code holds addr (f->start 0: none). The
 * caller frees s->entries.v and s->data. */
static int atomic_scan_load(const char *path, struct atomic_scan *s, uint64_t addr,
                            struct function_lookup *f)
{
    char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size) < 0)
        return -1;
    s->data = data;
    s->size = size;
    s->sh = section_headers(data, size, &s->shnum);
    *f = (struct function_lookup){.addr = addr};
    if (s->sh)
        each_symbol(data, size, s->sh, s->shnum, add_atomic_entry, &s->entries);
    if (s->entries.n) {
        qsort(s->entries.v, s->entries.n, sizeof *s->entries.v, by_entry);
        each_symbol(data, size, s->sh, s->shnum, find_function, f);
    }
    return 0;
}

static bool atomic_call_in(const char *path, uint64_t addr, bool fences_only, bool before,
                           unsigned orders)
{
    struct atomic_scan s = {.orders = orders, .entries.fences_only = fences_only};
    struct function_lookup f;
    if (atomic_scan_load(path, &s, addr, &f) < 0)
        return false;
    bool found = false;
    if (f.start && before)
        found = scan_calls(&s, f.start, f.start, addr, 0);
    else if (f.start) /* an atomic access's own pc is inside its call */
        found = scan_calls(&s, f.start, addr >= f.start + 5 ? addr - 5 : f.start, f.end, 1);
    free(s.entries.v);
    free((char *)s.data);
    return found;
}

/* __tsan_memory_order: relaxed 0, consume 1, acquire 2, release 3, acq_rel 4, seq_cst 5. */
#define ACQUIRING (1u << 2 | 1u << 4 | 1u << 5)
#define RELEASING (1u << 3 | 1u << 4 | 1u << 5)

bool binary_acquire_fence_before(const char *path, uint64_t addr)
{
    return atomic_call_in(path, addr, true, true, ACQUIRING);
}

bool binary_release_after(const char *path, uint64_t addr)
{
    return atomic_call_in(path, addr, false, false, RELEASING);
}

/* The atomic objects a fence pair goes through, by address; `unknown` when
 * one of them could not be read from the code. */
#define MAX_OBJECTS 32
struct atomic_objects {
    uint64_t v[MAX_OBJECTS];
    size_t n;
    bool unknown;
};

static void add_object(struct atomic_objects *o, uint64_t addr)
{
    if (!addr || o->n == MAX_OBJECTS)
        o->unknown = true;
    else
        o->v[o->n++] = addr;
}

/* The address a call at code[at] passes in %rdi, when the code sets it from
 * a rip-relative lea (48 8D /r, mod 00, r/m 101), directly or through 64-bit
 * register moves (48 89, 48 8B with mod 11) or a lea of an offset from a
 * register (48 8D with mod 01 or 10), in the 64 bytes before the call, as
 * clang emits for a global atomic or a member of one (an `add $0x40,%rdi`
 * after the lea stays inside the global, which is what is compared). 0 when
 * not seen, and when something else may have set the register first: a
 * load into it (48 8B from memory), or a call (an E8 byte) on the way back,
 * which clobbers %rdi. `base` is code[0]'s address. */
static uint64_t call_object(const unsigned char *code, uint64_t base, uint64_t lo, uint64_t at)
{
    int reg = 7; /* %rdi */
    for (uint64_t p = at; p-- > lo && at - p <= 64;) {
        if (code[p] == 0xE8)
            return 0;
        if (code[p] != 0x48 || p + 3 > at)
            continue;
        int modrm = code[p + 2], mod = modrm >> 6, field = (modrm >> 3) & 7, rm = modrm & 7;
        if (code[p + 1] == 0x8D && field == reg) {
            if (mod == 0 && rm == 5 && p + 7 <= at) {
                int32_t disp;
                memcpy(&disp, code + p + 3, sizeof disp);
                return base + p + 7 + (uint64_t)(int64_t)disp;
            }
            if ((mod == 1 || mod == 2) && rm != 4)
                reg = rm; /* lea off(%rm), %reg */
            else
                return 0;
        } else if (code[p + 1] == 0x89 && mod == 3 && rm == reg) {
            reg = field; /* mov %field, %reg */
        } else if (code[p + 1] == 0x8B && field == reg) {
            if (mod != 3)
                return 0; /* loaded from memory: a pointer */
            reg = rm;     /* mov %rm, %reg */
        }
    }
    return 0;
}

struct object_scan {
    const struct atomic_scan *s;
    bool writer, fenced;
    struct atomic_objects *o;
};

static bool call_object_of(void *ctx, const struct call_site *c)
{
    struct object_scan *w = ctx;
    const struct atomic_entry *e = c->entry;
    if (!e) {
        struct function_lookup callee =
            w->writer ? callee_at(w->s, c->target) : (struct function_lookup){0};
        if (callee.start && scan_calls(w->s, callee.start, callee.start, callee.end, 0))
            w->o->unknown = true;
        return false;
    }
    if (!w->writer) {
        if (e->reg != 'D')
            add_object(w->o, call_object(c->code, c->base, c->lo, c->at));
        return false;
    }
    int order = e->reg == '?' ? -1 : e->reg == 'S' ? 0 : call_order(c->code, c->lo, c->at, e->reg);
    bool releasing = order < 0 || ((RELEASING >> order) & 1u);
    if (e->reg == 'D')
        w->fenced |= releasing;
    else if (e->reg != 'S' && (releasing || w->fenced))
        add_object(w->o, call_object(c->code, c->base, c->lo, c->at));
    return false;
}

/* The objects of the atomic calls in [from, to) of the function at start.
 * Reader side: what it loads or updates (any order). Writer side: what it
 * releases: a releasing store or read-modify-write's object, and after a
 * releasing fence every atomic store's or update's; a callee that releases
 * anything is an unknown object. */
static void call_objects(const struct atomic_scan *s, uint64_t start, uint64_t from, uint64_t to,
                         bool writer, struct atomic_objects *o)
{
    struct object_scan w = {s, writer, false, o};
    each_call(s, start, from, to, call_object_of, &w);
}

bool binary_fence_objects_meet(const char *path, uint64_t reader_pc, uint64_t writer_pc)
{
    struct atomic_scan s = {.orders = RELEASING, .entries.loads = true};
    struct function_lookup r, w;
    if (atomic_scan_load(path, &s, reader_pc, &r) < 0)
        return true;
    w = (struct function_lookup){.addr = writer_pc};
    if (s.entries.n)
        each_symbol(s.data, s.size, s.sh, s.shnum, find_function, &w);
    struct atomic_objects acquired = {0}, released = {0};
    if (r.start && w.start) {
        call_objects(&s, r.start, r.start, reader_pc, false, &acquired);
        call_objects(&s, w.start, writer_pc >= w.start + 5 ? writer_pc - 5 : w.start, w.end, true,
                     &released);
    }
    /* Compared as the global holding each address: a member's address is
     * not always read whole (an offset added after the lea). */
    struct atomic_objects *sets[] = {&acquired, &released};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sets[k]->n; i++) {
            struct data_lookup d = {.addr = sets[k]->v[i]};
            each_symbol(s.data, s.size, s.sh, s.shnum, find_object, &d);
            if (d.name)
                sets[k]->v[i] -= d.offset;
            free(d.name);
        }
    bool meet = !r.start || !w.start || acquired.unknown || released.unknown;
    for (size_t i = 0; i < acquired.n && !meet; i++)
        for (size_t k = 0; k < released.n && !meet; k++)
            meet = acquired.v[i] == released.v[k];
    free(s.entries.v);
    free((char *)s.data);
    return meet;
}

/* The dynamic section's entries of one tag, each its string from the
 * section's string table, in order; fn is called for each. */
static void each_dynamic_string(const char *data, size_t size, Elf64_Sxword tag,
                                void (*fn)(void *ctx, const char *s), void *ctx)
{
    int shnum = 0;
    const Elf64_Shdr *sh = section_headers(data, size, &shnum);
    for (int i = 0; sh && i < shnum; i++) {
        if (sh[i].sh_type != SHT_DYNAMIC || sh[i].sh_link >= (unsigned)shnum ||
            !inside(sh[i].sh_offset, sh[i].sh_size, size))
            continue;
        const Elf64_Shdr *strs = &sh[sh[i].sh_link];
        if (!inside(strs->sh_offset, strs->sh_size, size))
            continue;
        const Elf64_Dyn *dyn = (const Elf64_Dyn *)(data + sh[i].sh_offset);
        for (size_t k = 0; k < sh[i].sh_size / sizeof *dyn && dyn[k].d_tag != DT_NULL; k++) {
            if (dyn[k].d_tag != tag || dyn[k].d_un.d_val >= strs->sh_size)
                continue;
            const char *name = data + strs->sh_offset + dyn[k].d_un.d_val;
            size_t room = strs->sh_size - dyn[k].d_un.d_val;
            if (*name && strnlen(name, room) < room)
                fn(ctx, name);
        }
    }
}

struct string_list {
    char **items;
    size_t n, cap;
};

static void add_string(void *ctx, const char *s)
{
    struct string_list *l = ctx;
    l->items = grow_array(l->items, &l->cap, l->n + 2, sizeof *l->items);
    l->items[l->n++] = xstrdup(s);
    l->items[l->n] = NULL;
}

char **binary_dynamic_strings(const char *path, bool needed)
{
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, &data, &len) < 0)
        return NULL;
    struct string_list l = {0};
    if (needed) {
        each_dynamic_string(data, len, DT_NEEDED, add_string, &l);
    } else {
        each_dynamic_string(data, len, DT_RUNPATH, add_string, &l);
        each_dynamic_string(data, len, DT_RPATH, add_string, &l);
    }
    free(data);
    return l.items;
}
