/* fingerprint.c: see fingerprint.h. */
#define _GNU_SOURCE
#include "fingerprint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Line `line` of `path`, spaces squeezed and trimmed; NULL when unreadable. */
static char *source_line(const char *path, int line)
{
    char *text = NULL;
    if (line <= 0 || read_file(path, &text, NULL) < 0)
        return NULL;
    const char *p = text;
    for (int n = 1; n < line && p; n++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    char *out = NULL;
    if (p && *p) {
        struct strbuf sb = STRBUF_INIT;
        bool space = false;
        for (; *p && *p != '\n'; p++) {
            if (isspace((unsigned char)*p)) {
                space = sb.len > 0;
                continue;
            }
            if (space)
                strbuf_addch(&sb, ' ');
            space = false;
            strbuf_addch(&sb, *p);
        }
        out = sb.len ? strbuf_detach(&sb) : xstrdup("");
        strbuf_release(&sb);
    }
    free(text);
    return out;
}

/* "file:function:`line text`" for one frame. */
static char *frame_part(const struct frame *fr, const char *root)
{
    size_t n = root ? strlen(root) : 0;
    const char *rel = fr->file;
    if (n && strncmp(rel, root, n) == 0 && rel[n] == '/')
        rel += n + 1;
    char *abs =
        fr->file[0] == '/' || !root ? xstrdup(fr->file) : xasprintf("%s/%s", root, fr->file);
    char *text = source_line(abs, fr->line);
    char *part = text ? xasprintf("%s:%s:`%s`", rel, fr->function ? fr->function : "?", text)
                      : xasprintf("%s:%s:%d", rel, fr->function ? fr->function : "?", fr->line);
    free(text);
    free(abs);
    return part;
}

bool finding_access_is_context(const struct access *a)
{
    static const char *const prefixes[] = {"Thread ", "Location is", "Other segment",
                                           "Allocation context"};
    const char *what = a->what ? a->what : "";
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (str_starts_with(what, prefixes[i]))
            return true;
    return strstr(what, " created at") || strstr(what, " allocated by");
}

char *finding_fingerprint_text(const struct finding *f, enum tool_id tool, const char *root)
{
    size_t naccesses = tool_is_static(tool) && f->naccesses > 1 ? 1 : f->naccesses;
    bool skip_context = false;
    for (size_t i = 0; i < naccesses; i++)
        skip_context |= !finding_access_is_context(&f->accesses[i]);
    const char **parts = xcalloc(naccesses + 1, sizeof *parts);
    size_t n = 0;
    for (size_t i = 0; i < naccesses; i++) {
        if (skip_context && finding_access_is_context(&f->accesses[i]))
            continue;
        int k = access_user_frame(&f->accesses[i], root);
        if (k < 0)
            k = access_user_frame(&f->accesses[i], NULL);
        if (k >= 0)
            parts[n++] = frame_part(&f->accesses[i].frames[k], root);
    }
    char *joined = str_join_sorted_unique(parts, n, " | ");
    char *text = xasprintf("%s %s %s", tool_name(tool), finding_kind_name(f->kind),
                           n ? joined : (f->message ? f->message : "?"));
    for (size_t i = 0; i < n; i++)
        free((char *)parts[i]);
    free(parts);
    free(joined);
    return text;
}

void finding_fingerprint(const struct finding *f, enum tool_id tool, const char *root,
                         struct fingerprint *out)
{
    char *text = finding_fingerprint_text(f, tool, root);
    unsigned long long h = hash_bytes(HASH_INIT, text, strlen(text));
    snprintf(out->hex, sizeof out->hex, "%016llx", h);
    free(text);
}
