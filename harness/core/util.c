/* util.c: see util.h. */
#define _GNU_SOURCE
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static void die_oom(void)
{
    fputs("racelab: out of memory\n", stderr);
    exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom();
    return p;
}

void *xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        die_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die_oom();
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    return strbuf_detach(&sb);
}

void *grow_array(void *items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    items = xrealloc(items, n * elem);
    memset((char *)items + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
    return items;
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
    sb->buf = grow_array(sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_reserve(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    strbuf_reserve(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
    char *s = sb->buf ? sb->buf : xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

static int read_fd(int fd, char **out, size_t *len);

int read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    return read_fd(fd, out, len);
}

int read_file_regular(const char *path, char **out, size_t *len)
{
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return read_fd(fd, out, len);
}

int read_text_file(const char *path, size_t max, char **out, char **why)
{
    *out = *why = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int saved = errno;
        *why = xasprintf("cannot read: %s", strerror(saved));
        if (fd >= 0)
            close(fd);
        errno = saved;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = xasprintf("not a regular file (%s)", S_ISDIR(st.st_mode)    ? "a directory"
                                                    : S_ISFIFO(st.st_mode) ? "a FIFO"
                                                    : S_ISSOCK(st.st_mode) ? "a socket"
                                                                           : "a device");
        close(fd);
        errno = EINVAL;
        return -1;
    }
    if ((unsigned long long)st.st_size > max) {
        *why = xasprintf("too large: %.1f MB (a file of this kind is at most %.1f MB)",
                         st.st_size / 1048576.0, max / 1048576.0);
        close(fd);
        errno = EFBIG;
        return -1;
    }
    size_t len = 0;
    if (read_fd(fd, out, &len) < 0) {
        int saved = errno;
        *why = xasprintf("cannot read: %s", strerror(saved));
        errno = saved;
        return -1;
    }
    const char *nul = memchr(*out, '\0', len);
    if (!nul && len > max) /* it grew since fstat */
        *why = xasprintf("too large: over %.1f MB", max / 1048576.0);
    if (nul) {
        int line = 1;
        for (const char *c = *out; c < nul; c++)
            line += *c == '\n';
        *why = xasprintf("not a text file: line %d holds a NUL byte", line);
    }
    if (*why) {
        free(*out);
        *out = NULL;
        errno = EINVAL;
        return -1;
    }
    return 0;
}

/* Read fd to its end and close it. */
static int read_fd(int fd, char **out, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            strbuf_release(&sb);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        strbuf_add(&sb, chunk, (size_t)n);
    }
    close(fd);
    if (len)
        *len = sb.len;
    *out = strbuf_detach(&sb);
    return 0;
}

int write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return close(fd);
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
    static atomic_uint serial;
    char *tmp = xasprintf("%s.tmp%d.%u", path, (int)getpid(), atomic_fetch_add(&serial, 1));
    int rc = write_file(tmp, data, len) == 0 && rename(tmp, path) == 0 ? 0 : -1;
    int saved = errno;
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return rc;
}

int mkdir_p(const char *path)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    int rc = mkdir(copy, 0755);
    free(copy);
    return rc < 0 && errno != EEXIST ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int remove_tree(const char *path)
{
    /* FTW_DEPTH: children before their directory; FTW_PHYS: never follow links. */
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *str_trim(char *s)
{
    char *start = s;
    while (*start && isspace((unsigned char)*start))
        start++;
    size_t n = strlen(start);
    while (n > 0 && isspace((unsigned char)start[n - 1]))
        n--;
    memmove(s, start, n);
    s[n] = '\0';
    return s;
}

char *path_lookup(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0 ? realpath(prog, NULL) : NULL;
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char *copy = xstrdup(path), *save = NULL, *found = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *full = xasprintf("%s/%s", dir, prog);
        if (dir[0] == '/' && access(full, X_OK) == 0)
            found = full;
        else
            free(full);
    }
    free(copy);
    return found;
}

void str_array_free(char **items)
{
    for (size_t i = 0; items && items[i]; i++)
        free(items[i]);
    free(items);
}

unsigned long long hash_bytes(unsigned long long h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

unsigned long long hash_file(unsigned long long h, const char *path)
{
    char *text;
    size_t len;
    if (read_file(path, &text, &len) < 0)
        return hash_bytes(h, "missing", 7);
    h = hash_bytes(h, path, strlen(path));
    h = hash_bytes(h, text, len);
    free(text);
    return h;
}

int str_compare_ptrs(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *str_join_sorted_unique(const char **items, size_t n, const char *sep)
{
    if (n)
        qsort(items, n, sizeof *items, str_compare_ptrs);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(items[i], items[i - 1]) != 0)
            strbuf_addf(&sb, "%s%s", sb.len ? sep : "", items[i]);
    return strbuf_detach(&sb);
}

const char *path_base(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

/* Edit distance with adjacent transpositions (optimal string alignment):
 * "lsit" is one step from "list". The words are short. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), w = lb + 1;
    size_t *d = xcalloc((la + 1) * w, sizeof *d);
    for (size_t i = 0; i <= la; i++)
        d[i * w] = i;
    for (size_t j = 0; j <= lb; j++)
        d[j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]);
            if (d[(i - 1) * w + j] + 1 < best)
                best = d[(i - 1) * w + j] + 1;
            if (d[i * w + j - 1] + 1 < best)
                best = d[i * w + j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[(i - 2) * w + j - 2] + 1 < best)
                best = d[(i - 2) * w + j - 2] + 1;
            d[i * w + j] = best;
        }
    size_t dist = d[la * w + lb];
    free(d);
    return dist;
}

const char *str_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = strlen(word) / 3 + 1, wlen = strlen(word);
    for (size_t i = 0; i < n; i++) {
        if (wlen >= 2 && strncmp(candidates[i], word, wlen) == 0)
            return candidates[i];
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

size_t str_columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        cols += ((unsigned char)s[i] & 0xC0) != 0x80; /* continuation bytes take no column */
    return cols;
}

void fput_wrapped(FILE *out, const char *text, int indent, int cont, int width)
{
    int col = 0, lead = 0; /* lead: the spaces a line of text starts with, kept */
    bool line_start = true;
    const char *p = text;
    while (*p) {
        if (*p == '\n') { /* the text's own line break */
            fputc('\n', out);
            col = 0;
            indent = cont;
            line_start = true;
            p++;
            continue;
        }
        size_t spaces = strspn(p, " ");
        p += spaces;
        if (line_start) {
            lead = (int)spaces;
            line_start = false;
        }
        size_t w = strcspn(p, " \n");
        if (!w)
            continue;
        int cols = (int)str_columns(p, w);
        if (col > 0 && width > 0 && col + 1 + cols > width) {
            fputc('\n', out);
            col = 0;
            indent = cont;
        }
        if (col == 0)
            col = fprintf(out, "%*s", indent + lead, "") + cols;
        else
            col += fprintf(out, " ") + cols;
        fwrite(p, 1, w, out);
        p += w;
    }
    fputc('\n', out);
}

void fput_clipped(FILE *out, const char *line, size_t len, int width)
{
    size_t keep = len;
    bool cut = width > 0 && str_columns(line, len) > (size_t)width;
    if (cut) {
        keep = 0;
        for (int cols = 0; keep < len && cols < width - 1; cols++) {
            keep++;
            while (keep < len && ((unsigned char)line[keep] & 0xC0) == 0x80)
                keep++;
        }
    }
    fwrite(line, 1, keep, out);
    fputs(cut ? "…\n" : "\n", out);
}

int output_width(FILE *out)
{
    const char *env = getenv("COLUMNS");
    char *end;
    long cols = env && *env ? strtol(env, &end, 10) : 0;
    if (env && *env && !*end && cols >= 20 && cols <= 1000)
        return (int)cols;
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 100;
}
