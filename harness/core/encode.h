/* encode.h: the one UTF-8 walker every writer uses, and the escapers built
 * on it: XML (text and attributes), JSON strings, and clean text for the line
 * formats (GitHub commands, diagnostics, CSV). HTML's escaper (html.c) walks
 * with it too.
 *
 * Text that reaches a report may come from a program under test (its
 * output, its file names): invalid UTF-8 and the control characters XML 1.0
 * cannot carry are dropped everywhere, never passed through. */
#ifndef RACELAB_ENCODE_H
#define RACELAB_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* The length of the valid UTF-8 sequence at s (at most n bytes; a NUL
 * string may pass SIZE_MAX), or 0: overlong forms, surrogates, code points
 * above U+10FFFF and truncated sequences are invalid. *cp is the code point. */
size_t utf8_char(const char *s, size_t n, unsigned *cp);
/* The length of the character at NUL-terminated s when it is one that text
 * carries (valid UTF-8; no control character but tab, LF and CR; not U+FFFE
 * or U+FFFF, which XML forbids), else 0: skip one byte. */
size_t text_char(const char *s, unsigned *cp);
/* s with every character text_char refuses left out. */
void text_add_clean(struct strbuf *sb, const char *s);
/* "&amp;", "&lt;", "&gt;", "&quot;" for the four characters markup must
 * escape (XML and HTML), NULL for any other. */
const char *markup_entity(unsigned cp);
/* XML text, or an attribute value (line breaks and tabs as references, or a
 * parser would turn them into spaces), escaped and clean. */
void xml_escape(FILE *out, const char *s, bool attribute);
/* A JSON string, quoted and escaped and clean; null for NULL. */
void json_escape(FILE *out, const char *s);

#endif
