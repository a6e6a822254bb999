/* tsan_symbolize.c: see tsan_symbolize.h.
 *
 * One llvm-symbolizer run per module named in the report, every address on
 * its command line ("0xOFF" for code, "DATA 0xOFF" for a global), its
 * answers read back in order: for code, pairs of lines "function" and
 * "file:line:column" (several pairs when frames were inlined), then a blank
 * line; for data, "name" and "start size", then a blank line. */
#define _GNU_SOURCE
#include "tsan_symbolize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "toolchain.h"
#include "util.h"

#define MAX_ADDRESSES 4096 /* per report: far more than any real one */

struct request {
    char *module;
    char *offset; /* "0x1234" */
    bool data;
    char *answer; /* the symbolizer's block for it, lines without the blank */
};

struct requests {
    struct request *items;
    size_t len, cap;
};

const char *tsan_symbolizer_path(void)
{
    /* The chosen toolchain's, else any: each reads any release's DWARF. */
    const char *names[] = {toolchain_program("llvm-symbolizer"), "/usr/bin/llvm-symbolizer", NULL};
    for (int i = 0; names[i]; i++)
        if (access(names[i], X_OK) == 0)
            return names[i];
    return NULL;
}

static struct request *add_request(struct requests *rs, const char *module, size_t mlen,
                                   const char *offset, size_t olen, bool data)
{
    for (size_t i = 0; i < rs->len; i++)
        if (rs->items[i].data == data && strlen(rs->items[i].module) == mlen &&
            strncmp(rs->items[i].module, module, mlen) == 0 &&
            strlen(rs->items[i].offset) == olen && strncmp(rs->items[i].offset, offset, olen) == 0)
            return &rs->items[i];
    if (rs->len == MAX_ADDRESSES)
        return NULL;
    rs->items = grow_array(rs->items, &rs->cap, rs->len + 1, sizeof *rs->items);
    struct request *r = &rs->items[rs->len++];
    *r = (struct request){xstrndup(module, mlen), xstrndup(offset, olen), data, NULL};
    return r;
}

/* "#N|<null>|<null>|0|0|MODULE|0xOFF": the module and offset, or false. */
static bool unnamed_frame(const char *line, const char **module, size_t *mlen, const char **offset,
                          size_t *olen)
{
    const char *p = line;
    while (*p == ' ')
        p++;
    if (*p != '#')
        return false;
    p = strchr(p, '|');
    if (!p || !str_starts_with(p, "|<null>|<null>|0|0|"))
        return false;
    *module = p + strlen("|<null>|<null>|0|0|");
    const char *bar = strrchr(*module, '|');
    if (!bar || !str_starts_with(bar + 1, "0x"))
        return false;
    *mlen = (size_t)(bar - *module);
    *offset = bar + 1;
    *olen = strcspn(*offset, "\n");
    return *mlen > 0;
}

/* "  Location is global '<null>' at 0x0 (MODULE+0xOFF)". */
static bool unnamed_global(const char *line, const char **module, size_t *mlen, const char **offset,
                           size_t *olen)
{
    if (!strstr(line, "Location is global '<null>'"))
        return false;
    const char *open = strrchr(line, '('), *plus = open ? strrchr(open, '+') : NULL;
    if (!plus || !str_starts_with(plus + 1, "0x"))
        return false;
    *module = open + 1;
    *mlen = (size_t)(plus - *module);
    *offset = plus + 1;
    *olen = strcspn(*offset, ")\n");
    return *mlen > 0;
}

/* Run the symbolizer on one module's requests; fill their answers. */
static int symbolize_module(struct requests *rs, const char *module, const char *tool,
                            const struct proc_limits *limits, char **err)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->len; i++)
        n += strcmp(rs->items[i].module, module) == 0;
    const char **argv = xcalloc(n + 6, sizeof *argv);
    char **owned = xcalloc(n + 1, sizeof *owned);
    char *obj = xasprintf("--obj=%s", module);
    size_t a = 0, k = 0;
    argv[a++] = tool;
    argv[a++] = "--inlines";
    argv[a++] = "--demangle";
    argv[a++] = obj;
    for (size_t i = 0; i < rs->len; i++)
        if (strcmp(rs->items[i].module, module) == 0)
            argv[a++] = owned[k++] = rs->items[i].data ? xasprintf("DATA %s", rs->items[i].offset)
                                                       : xstrdup(rs->items[i].offset);
    const char *env[] = {"PATH=/usr/bin:/bin", "LANG=C", NULL};
    struct proc_spec spec = {
        .argv = argv, .envp = env, .timeout_s = 60, .output_cap = 16u << 20, .limits = limits};
    struct proc_result pr;
    int rc = proc_run(&spec, &pr);
    char desc[256];
    if (rc < 0 || pr.spawn_failed || pr.timed_out || pr.term_signal || pr.exit_code != 0) {
        *err = xasprintf("llvm-symbolizer on %s: %s", module,
                         rc < 0 ? strerror(errno) : proc_describe(&pr, desc, sizeof desc));
        rc = -1;
    } else {
        /* Blocks separated by blank lines, in the order asked. */
        const char *p = pr.out;
        for (size_t i = 0; i < rs->len && *p; i++) {
            if (strcmp(rs->items[i].module, module) != 0)
                continue;
            const char *end = strstr(p, "\n\n");
            size_t len = end ? (size_t)(end - p) : strlen(p);
            rs->items[i].answer = xstrndup(p, len);
            p = end ? end + 2 : p + len;
        }
    }
    proc_result_free(&pr);
    for (size_t i = 0; i < k; i++)
        free(owned[i]);
    free(owned);
    free(obj);
    free(argv);
    return rc;
}

/* "FILE:LINE:COL" into its parts ("??:0:0" is unknown). */
static void split_location(const char *loc, size_t len, struct strbuf *file, int *line, int *col)
{
    char *text = xstrndup(loc, len), *c2 = strrchr(text, ':');
    *line = *col = 0;
    if (c2) {
        *col = atoi(c2 + 1);
        *c2 = '\0';
        char *c1 = strrchr(text, ':');
        if (c1) {
            *line = atoi(c1 + 1);
            *c1 = '\0';
        }
    }
    strbuf_adds(file, strcmp(text, "??") == 0 || !*text ? "<null>" : text);
    free(text);
}

/* The frame line rewritten from its answer: one line per (inlined) frame. */
static void write_frame(struct strbuf *out, const char *line, const struct request *r)
{
    const char *hash = strchr(line, '#'), *bar = strchr(hash, '|');
    const char *p = r->answer;
    bool any = false;
    while (p && *p) {
        size_t flen = strcspn(p, "\n");
        const char *loc = p[flen] ? p + flen + 1 : p + flen;
        size_t llen = strcspn(loc, "\n");
        struct strbuf file = STRBUF_INIT;
        int ln, col;
        split_location(loc, llen, &file, &ln, &col);
        bool unknown_fn = flen == 2 && strncmp(p, "??", 2) == 0;
        strbuf_addf(out, "%.*s|%.*s|%s|%d|%d|%s|%s\n", (int)(bar - line), line,
                    unknown_fn ? 6 : (int)flen, unknown_fn ? "<null>" : p, file.buf, ln, col,
                    r->module, r->offset);
        strbuf_release(&file);
        any = true;
        p = loc[llen] ? loc + llen + 1 : loc + llen;
    }
    if (!any)
        strbuf_addf(out, "%s\n", line);
}

char *tsan_symbolize(const char *report, const struct proc_limits *limits, char **err)
{
    struct requests rs = {0};
    const char *module, *offset;
    size_t mlen, olen;
    for (const char *l = report; *l;) {
        size_t len = strcspn(l, "\n");
        char *line = xstrndup(l, len);
        if (unnamed_frame(line, &module, &mlen, &offset, &olen))
            add_request(&rs, module, mlen, offset, olen, false);
        else if (unnamed_global(line, &module, &mlen, &offset, &olen))
            add_request(&rs, module, mlen, offset, olen, true);
        free(line);
        l += len + (l[len] == '\n');
    }
    const char *tool = tsan_symbolizer_path();
    int rc = 0;
    if (rs.len && !tool) {
        *err = xasprintf("llvm-symbolizer is not installed (Debian package llvm-%d)",
                         toolchain_current()->version);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < rs.len; i++) {
        bool first = true;
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(rs.items[k].module, rs.items[i].module) != 0;
        if (first)
            rc = symbolize_module(&rs, rs.items[i].module, tool, limits, err);
    }
    struct strbuf out = STRBUF_INIT;
    for (const char *l = report; rc == 0 && *l;) {
        size_t len = strcspn(l, "\n");
        char *line = xstrndup(l, len);
        struct request *r = NULL;
        if (unnamed_frame(line, &module, &mlen, &offset, &olen))
            r = add_request(&rs, module, mlen, offset, olen, false);
        if (r && r->answer) {
            write_frame(&out, line, r);
        } else if (unnamed_global(line, &module, &mlen, &offset, &olen) &&
                   (r = add_request(&rs, module, mlen, offset, olen, true)) && r->answer &&
                   strcspn(r->answer, "\n") > 0) {
            const char *at = strstr(line, "'<null>'");
            strbuf_addf(&out, "%.*s'%.*s'%s\n", (int)(at - line), line,
                        (int)strcspn(r->answer, "\n"), r->answer, at + strlen("'<null>'"));
        } else {
            strbuf_addf(&out, "%s%s", line, l[len] == '\n' ? "\n" : "");
        }
        free(line);
        l += len + (l[len] == '\n');
    }
    for (size_t i = 0; i < rs.len; i++) {
        free(rs.items[i].module);
        free(rs.items[i].offset);
        free(rs.items[i].answer);
    }
    free(rs.items);
    if (rc < 0) {
        strbuf_release(&out);
        return NULL;
    }
    return strbuf_detach(&out);
}
