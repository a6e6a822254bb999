/* optout_elf.c: the symbols and early sections of an ELF64 object (see
 * optout.h, struct optout_object).
 *
 * The object is compiled from an untrusted source, so the file is read as
 * hostile: every offset and size is checked against the file's size before
 * it is used (with overflow in mind), strings must end inside their table,
 * and each table read is capped. Only what is needed is read (pread): the
 * header, the section headers, the section-name table, each symbol table
 * and its string table; a large .data section costs nothing. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "optout.h"
#include "util.h"

#define TABLE_CAP (64u << 20) /* bytes of one table read */

struct elf {
    int fd;
    uint64_t size;
    const char *path;
    char **err;
};

static int fail(const struct elf *e, const char *what)
{
    if (!*e->err)
        *e->err = xasprintf("%s: %s", e->path, what);
    return -1;
}

/* Read [off, off + len) into a new buffer (one NUL byte past it), checked
 * against the file's size and the cap. */
static int read_at(const struct elf *e, uint64_t off, uint64_t len, char **out, const char *what)
{
    *out = NULL;
    if (off > e->size || len > e->size - off)
        return fail(e, what);
    if (len > TABLE_CAP)
        return fail(e, "a table is larger than 64 MB");
    char *buf = xmalloc((size_t)len + 1);
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(e->fd, buf + done, (size_t)len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            free(buf);
            return fail(e, n < 0 ? strerror(errno) : "the file is shorter than it says");
        }
        done += (size_t)n;
    }
    buf[len] = '\0';
    *out = buf;
    return 0;
}

/* A NUL-terminated string at off in a table of size bytes, or NULL. */
static const char *str_at(const char *table, uint64_t size, uint64_t off)
{
    if (!table || off >= size || !memchr(table + off, '\0', (size_t)(size - off)))
        return NULL;
    return table + off;
}

static void add(char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

static bool early_section(const Elf64_Shdr *sh, const char *name)
{
    static const char *const names[] = {".init_array", ".fini_array", ".preinit_array", ".ctors",
                                        ".dtors",      ".init",       ".fini"};
    if (sh->sh_type == SHT_INIT_ARRAY || sh->sh_type == SHT_FINI_ARRAY ||
        sh->sh_type == SHT_PREINIT_ARRAY)
        return true;
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++) {
        size_t n = strlen(names[i]);
        /* .init_array.101 (a priority) counts; .initfoo does not */
        if (strncmp(name, names[i], n) == 0 && (name[n] == '\0' || name[n] == '.'))
            return true;
    }
    return false;
}

static int read_symbols(const struct elf *e, const Elf64_Shdr *sh, const Elf64_Shdr *shdrs,
                        uint64_t shnum, struct optout_object *obj)
{
    if (sh->sh_entsize != 0 && sh->sh_entsize != sizeof(Elf64_Sym))
        return fail(e, "a symbol table has entries of an unknown size");
    if (sh->sh_link == 0 || sh->sh_link >= shnum || shdrs[sh->sh_link].sh_type != SHT_STRTAB)
        return fail(e, "a symbol table has no string table");
    char *syms, *strs;
    const Elf64_Shdr *st = &shdrs[sh->sh_link];
    if (read_at(e, sh->sh_offset, sh->sh_size, &syms, "a symbol table lies outside the file") < 0)
        return -1;
    if (read_at(e, st->sh_offset, st->sh_size, &strs, "a string table lies outside the file") < 0) {
        free(syms);
        return -1;
    }
    uint64_t count = sh->sh_size / sizeof(Elf64_Sym);
    for (uint64_t i = 1; i < count; i++) { /* entry 0 is the null symbol */
        Elf64_Sym sym;
        memcpy(&sym, syms + i * sizeof sym, sizeof sym);
        unsigned bind = ELF64_ST_BIND(sym.st_info);
        if (bind != STB_GLOBAL && bind != STB_WEAK)
            continue;
        const char *name = str_at(strs, st->sh_size, sym.st_name);
        if (!name) {
            free(syms);
            free(strs);
            return fail(e, "a symbol's name lies outside its string table");
        }
        if (!*name)
            continue;
        if (sym.st_shndx == SHN_UNDEF)
            add(&obj->imports, &obj->nimports, name);
        else
            add(&obj->exports, &obj->nexports, name);
    }
    free(syms);
    free(strs);
    return 0;
}

static int read_object(struct elf *e, struct optout_object *obj)
{
    Elf64_Ehdr eh;
    char *buf;
    if (read_at(e, 0, sizeof eh, &buf, "not an ELF64 object (too short)") < 0)
        return -1;
    memcpy(&eh, buf, sizeof eh);
    free(buf);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
        return fail(e, "not an ELF object");
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(e, "not a little-endian ELF64 object");
    if (eh.e_shoff == 0)
        return fail(e, "no section headers");
    if (eh.e_shentsize != sizeof(Elf64_Shdr))
        return fail(e, "section headers of an unknown size");
    /* More than 0xff00 sections: the count and the name table's index are in section 0. */
    Elf64_Shdr first;
    if (read_at(e, eh.e_shoff, sizeof first, &buf, "the section headers lie outside the file") < 0)
        return -1;
    memcpy(&first, buf, sizeof first);
    free(buf);
    uint64_t shnum = eh.e_shnum ? eh.e_shnum : first.sh_size;
    uint64_t shstrndx = eh.e_shstrndx == SHN_XINDEX ? first.sh_link : eh.e_shstrndx;
    if (shnum == 0 || shnum > e->size / sizeof(Elf64_Shdr))
        return fail(e, "an impossible number of sections");
    if (read_at(e, eh.e_shoff, shnum * sizeof(Elf64_Shdr), &buf,
                "the section headers lie outside the file") < 0)
        return -1;
    Elf64_Shdr *shdrs = xmalloc(shnum * sizeof *shdrs);
    memcpy(shdrs, buf, shnum * sizeof *shdrs);
    free(buf);
    char *names = NULL;
    uint64_t names_size = 0;
    int rc = 0;
    if (shstrndx != SHN_UNDEF && shstrndx < shnum && shdrs[shstrndx].sh_type == SHT_STRTAB) {
        names_size = shdrs[shstrndx].sh_size;
        rc = read_at(e, shdrs[shstrndx].sh_offset, names_size, &names,
                     "the section names lie outside the file");
    }
    bool symtab = false;
    for (uint64_t i = 0; rc == 0 && i < shnum; i++)
        symtab |= shdrs[i].sh_type == SHT_SYMTAB;
    for (uint64_t i = 1; rc == 0 && i < shnum; i++) {
        const char *name = str_at(names, names_size, shdrs[i].sh_name);
        if (early_section(&shdrs[i], name))
            add(&obj->early, &obj->nearly,
                name && *name                        ? name
                : shdrs[i].sh_type == SHT_FINI_ARRAY ? ".fini_array"
                                                     : ".init_array");
        /* A relocatable object has .symtab; a shared object may have only .dynsym. */
        if (shdrs[i].sh_type == (symtab ? SHT_SYMTAB : SHT_DYNSYM))
            rc = read_symbols(e, &shdrs[i], shdrs, shnum, obj);
    }
    free(names);
    free(shdrs);
    return rc;
}

int optout_object_read(const char *path, struct optout_object *obj, char **err)
{
    memset(obj, 0, sizeof *obj);
    *err = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        *err = xasprintf("%s: %s", path, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct elf e = {.fd = fd, .size = (uint64_t)st.st_size, .path = path, .err = err};
    int rc = read_object(&e, obj);
    close(fd);
    if (rc < 0)
        optout_object_free(obj);
    return rc;
}

void optout_object_free(struct optout_object *obj)
{
    for (size_t i = 0; i < obj->nimports; i++)
        free(obj->imports[i]);
    for (size_t i = 0; i < obj->nexports; i++)
        free(obj->exports[i]);
    for (size_t i = 0; i < obj->nearly; i++)
        free(obj->early[i]);
    free(obj->imports);
    free(obj->exports);
    free(obj->early);
    memset(obj, 0, sizeof *obj);
}
