/* binary_kind.c: is a user's file a program the tools can run
 * (binary_info.h, binary_not_runnable)?
 *
 * racelab run hands the file to TSan's loader or to Valgrind. A text file
 * with the execute bit fails there with exit status 127, which would be
 * judged as the program's wrong result; a script runs, but every tool then
 * judges the shell; an object file or a library cannot start at all. Each
 * is told here, from the file's first bytes and, for ELF, its headers. */
#define _GNU_SOURCE
#include "binary_info.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#define HOST_NAME    "x86-64"
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#define HOST_NAME    "AArch64"
#else
#error "binary_kind.c: name this machine's ELF e_machine"
#endif

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
    return pread(fd, buf, len, (off_t)off) == (ssize_t)len;
}

/* An ELF64 file of this machine: ET_EXEC, or ET_DYN with an interpreter
 * (a PIE) or DF_1_PIE (a static PIE); NULL when it is one. */
static char *elf_not_runnable(int fd, const Elf64_Ehdr *eh)
{
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return xasprintf("a 32-bit ELF program; racelab's tools here judge 64-bit %s programs",
                         HOST_NAME);
    if (eh->e_machine != HOST_MACHINE)
        return xasprintf("an ELF file for another machine (e_machine %u); this one is %s",
                         eh->e_machine, HOST_NAME);
    switch (eh->e_type) {
    case ET_EXEC:
        return NULL;
    case ET_REL:
        return xstrdup("an object file (.o), not a program: link it into one first (racelab cc "
                       "does)");
    case ET_CORE:
        return xstrdup("a core dump, not a program");
    case ET_DYN:
        break;
    default:
        return xasprintf("an ELF file of unknown type %u, not a program", eh->e_type);
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 512)
        return xstrdup("an ELF file without program headers, not a program");
    Elf64_Phdr dynamic = {0};
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        if (!read_at(fd, &ph, sizeof ph, eh->e_phoff + (uint64_t)i * sizeof ph))
            return xstrdup("an ELF file cut short in its program headers");
        if (ph.p_type == PT_INTERP)
            return NULL; /* a position-independent executable */
        if (ph.p_type == PT_DYNAMIC)
            dynamic = ph;
    }
    for (uint64_t off = 0; off + sizeof(Elf64_Dyn) <= dynamic.p_filesz && off < 65536;
         off += sizeof(Elf64_Dyn)) {
        Elf64_Dyn d;
        if (!read_at(fd, &d, sizeof d, dynamic.p_offset + off) || d.d_tag == DT_NULL)
            break;
        if (d.d_tag == DT_FLAGS_1 && (d.d_un.d_val & DF_1_PIE))
            return NULL; /* a static PIE */
    }
    return xstrdup("a shared library, not a program: give the program that loads it");
}

/* The first bytes, for people: printable ASCII as is, the rest as \xNN. */
static char *first_bytes(const unsigned char *b, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n && i < 16; i++)
        if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\')
            strbuf_addch(&sb, (char)b[i]);
        else
            strbuf_addf(&sb, "\\x%02x", b[i]);
    return strbuf_detach(&sb);
}

char *binary_not_runnable(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not hang us */
    if (fd < 0)
        return xasprintf("cannot be read: %s", strerror(errno));
    struct stat st;
    char *why = NULL;
    unsigned char head[256];
    ssize_t n = 0;
    if (fstat(fd, &st) < 0)
        why = xasprintf("cannot be read: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        why = xstrdup("a directory, not a program");
    else if (!S_ISREG(st.st_mode))
        why = xstrdup("not a regular file (a device, a FIFO or a socket), not a program");
    else if ((n = pread(fd, head, sizeof head, 0)) < 0)
        why = xasprintf("cannot be read: %s", strerror(errno));
    else if (n == 0)
        why = xstrdup("an empty file, not a program");
    else if (n >= 2 && head[0] == '#' && head[1] == '!') {
        size_t len = 2;
        while (len < (size_t)n && head[len] != '\n' && len < 80)
            len++;
        char *line = first_bytes(head + 2, len - 2 > 16 ? 16 : len - 2);
        why = xasprintf("a script (#!%s), not a compiled program: every tool would judge its "
                        "interpreter; give racelab run the program the script starts",
                        str_trim(line));
        free(line);
    } else if ((size_t)n >= sizeof(Elf64_Ehdr) && memcmp(head, ELFMAG, SELFMAG) == 0) {
        Elf64_Ehdr eh;
        memcpy(&eh, head, sizeof eh);
        why = elf_not_runnable(fd, &eh);
    } else if ((size_t)n >= SELFMAG && memcmp(head, ELFMAG, SELFMAG) == 0) {
        why = xstrdup("an ELF file cut short in its header, not a program");
    } else {
        char *start = first_bytes(head, (size_t)n);
        why = xasprintf("not a program: neither an ELF executable nor a script (it starts with "
                        "\"%s\")",
                        start);
        free(start);
    }
    close(fd);
    return why;
}
