/* util.h: allocation that cannot return NULL, a growable string, file slurping.
 *
 * The harness treats running out of memory as fatal (there is no sensible
 * verdict to give without memory), so every allocation goes through x*()
 * helpers that print and exit(2) instead of returning NULL. */
#ifndef RACELAB_UTIL_H
#define RACELAB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of `elem` bytes per item so that it holds at least `need` items. */
void *grow_array(void *items, size_t *cap, size_t need, size_t elem);

/* A NUL-terminated byte buffer that grows on demand. */
struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
};
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_addch(struct strbuf *sb, char c);
/* Returns the string (never NULL) and leaves sb empty; the caller frees it. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* Read a whole file. Returns 0 and sets *out (NUL-terminated) and *len, or -1
 * with errno set. */
int read_file(const char *path, char **out, size_t *len);
/* read_file() for a file an untrusted program could have replaced (a run's
 * scratch directory): a symbolic link, a FIFO or a device fails with ELOOP
 * or EINVAL instead of being followed or blocking the harness. */
int read_file_regular(const char *path, char **out, size_t *len);
/* Read a text file a person wrote (a case, a student's fix, a suppressions
 * file): symbolic links are followed, but only to a regular file (a FIFO or
 * a device is refused, never waited on), of at most `max` bytes, with no NUL
 * byte. Returns 0 with *out, or -1 with *why (malloc'd): "cannot read: ...",
 * "not a regular file (a directory)", "too large: ...", "not a text file:
 * line N holds a NUL byte"; errno is ENOENT when the file does not exist. */
int read_text_file(const char *path, size_t max, char **out, char **why);
/* Write a whole file (created 0644, truncated). Returns 0 or -1 with errno. */
int write_file(const char *path, const void *data, size_t len);
/* The same, seen whole or not at all by a reader in another process: written
 * beside path, then renamed over it. */
int write_file_atomic(const char *path, const void *data, size_t len);
/* mkdir -p. Returns 0 or -1 with errno. */
int mkdir_p(const char *path);
/* rm -rf of a scratch directory. Returns 0 or -1. */
int remove_tree(const char *path);

/* FNV-1a: a fast, stable hash for cache keys (which only need to change when
 * their inputs do). Start from HASH_INIT and chain calls. */
#define HASH_INIT 14695981039346656037ull
unsigned long long hash_bytes(unsigned long long h, const void *data, size_t len);
/* The file's path and content into the hash ("missing" when it cannot be read). */
unsigned long long hash_file(unsigned long long h, const char *path);

/* qsort comparator for an array of strings. */
int str_compare_ptrs(const void *a, const void *b);
/* Sort items (in place) and join the distinct ones with `sep`: malloc'd. */
char *str_join_sorted_unique(const char **items, size_t n, const char *sep);

/* The absolute path of the executable `prog` (a name looked up on $PATH, or a
 * path used as is), or NULL when there is none. */
char *path_lookup(const char *prog);

/* Free a NULL-terminated array of malloc'd strings and the array (NULL: nothing). */
void str_array_free(char **items);

bool str_starts_with(const char *s, const char *prefix);
/* The last component of a path ("a/b.c" -> "b.c"); "" for NULL. */
const char *path_base(const char *path);
bool str_ends_with(const char *s, const char *suffix);
/* Trim ASCII whitespace at both ends, in place; returns s. */
char *str_trim(char *s);

/* The candidate nearest to word (at most a third of its letters apart,
 * counting a swap of two neighbours as one, or word a prefix of it), or
 * NULL: for "did you mean". */
const char *str_suggest(const char *word, const char *const *candidates, size_t n);

/* The display columns of s's first n bytes (or up to its NUL): its UTF-8
 * code points. */
size_t str_columns(const char *s, size_t n);
/* text wrapped at width columns (0: never), then a newline: the first line
 * after `indent` spaces, the others after `cont`; a newline in text ends a
 * line; a word wider than a line stays whole. */
void fput_wrapped(FILE *out, const char *text, int indent, int cont, int width);
/* The width text for out should fit: COLUMNS when set, else the terminal's,
 * else 100 (a pipe or a file). */
int output_width(FILE *out);
/* Print the `len` bytes of one line and a newline, cut to `width` columns
 * with "…" at the end when it is wider (width <= 0: whole). For code, which
 * wrapping would garble. */
void fput_clipped(FILE *out, const char *line, size_t len, int width);

#endif
