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

bool binary_calls_tsan_atomics(const char *path)
{
    char *data = NULL;
    size_t size = 0;
    if (read_file(path, &data, &size) < 0)
        return false;
    bool found = false;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
    if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !inside(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size)) {
        free(data);
        return false;
    }
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(data + eh->e_shoff);
    size_t nentries = 0;
    uint64_t *entries = atomic_entries(data, size, sh, eh->e_shnum, &nentries);
    for (int i = 0; nentries && !found && i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_PROGBITS || !(sh[i].sh_flags & SHF_EXECINSTR) ||
            !inside(sh[i].sh_offset, sh[i].sh_size, size) || sh[i].sh_size < 5)
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
