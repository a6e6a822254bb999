/* binary_info.c: see binary_info.h. */
#define _GNU_SOURCE
#include "binary_info.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool file_contains(const char *path, const char *needle)
{
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, &data, &len) < 0)
        return false;
    bool found = memmem(data, len, needle, strlen(needle)) != NULL;
    free(data);
    return found;
}

bool binary_mentions(const char *path, const char *symbol)
{
    return file_contains(path, symbol);
}

bool binary_has_tsan(const char *path)
{
    return file_contains(path, "__tsan_init");
}

bool binary_uses_openmp(const char *path)
{
    return file_contains(path, "libomp.so") || file_contains(path, "libgomp.so");
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

/* The addresses of the __tsan_atomic* functions in the symbol table, sorted;
 * NULL when there are none. */
static uint64_t *atomic_entries(const char *data, size_t size, const Elf64_Shdr *sh, int shnum,
                                size_t *n)
{
    uint64_t *addrs = NULL;
    size_t cap = 0;
    *n = 0;
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
            if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || !sym[k].st_value ||
                sym[k].st_name >= strs->sh_size)
                continue;
            const char *name = data + strs->sh_offset + sym[k].st_name;
            size_t room = strs->sh_size - sym[k].st_name;
            if (strnlen(name, room) < room && str_starts_with(name, "__tsan_atomic")) {
                addrs = grow_array(addrs, &cap, *n + 1, sizeof *addrs);
                addrs[(*n)++] = sym[k].st_value;
            }
        }
    }
    if (*n)
        qsort(addrs, *n, sizeof *addrs, by_address);
    return addrs;
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
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
    size_t nentries = 0;
    uint64_t *entries = atomic_entries(data, size, sh, shnum, &nentries);
    (void)eh;
    for (int i = 0; nentries && !found && i < shnum; i++) {
        if (!code_section(&sh[i], size) || sh[i].sh_size < 5)
            continue;
        const unsigned char *code = (const unsigned char *)data + sh[i].sh_offset;
        for (uint64_t off = 0; !found && off + 5 <= sh[i].sh_size; off++) {
            if (code[off] != 0xE8)
                continue;
            int32_t rel;
            memcpy(&rel, code + off + 1, sizeof rel);
            uint64_t target = sh[i].sh_addr + off + 5 + (uint64_t)(int64_t)rel;
            found = bsearch(&target, entries, nentries, sizeof *entries, by_address) != NULL;
        }
    }
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
