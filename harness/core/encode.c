/* encode.c: see encode.h. */
#include "encode.h"

#include <stdint.h>
#include <string.h>

size_t utf8_char(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        len = 2;
        *cp = p[0] & 0x1Fu;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        len = 3;
        *cp = p[0] & 0x0Fu;
        if (p[0] == 0xE0)
            lo = 0xA0; /* overlong */
        else if (p[0] == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        len = 4;
        *cp = p[0] & 0x07u;
        if (p[0] == 0xF0)
            lo = 0x90; /* overlong */
        else if (p[0] == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    /* A NUL ends the string: it fails the range test before anything past it is read. */
    for (size_t i = 1; i < len; i++) {
        unsigned lower = i == 1 ? lo : 0x80, upper = i == 1 ? hi : 0xBF;
        if (p[i] < lower || p[i] > upper)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3Fu);
    }
    return len;
}

size_t text_char(const char *s, unsigned *cp)
{
    size_t n = utf8_char(s, SIZE_MAX, cp);
    if (n == 0 || *cp == 0xFFFE || *cp == 0xFFFF)
        return 0;
    if (*cp < 0x20 && *cp != '\t' && *cp != '\n' && *cp != '\r')
        return 0;
    return n;
}

void text_add_clean(struct strbuf *sb, const char *s)
{
    while (*s) {
        unsigned cp;
        size_t n = text_char(s, &cp);
        if (n)
            strbuf_add(sb, s, n);
        s += n ? n : 1;
    }
}

const char *markup_entity(unsigned cp)
{
    switch (cp) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    default:
        return NULL;
    }
}

void xml_escape(FILE *out, const char *s, bool attribute)
{
    while (s && *s) {
        unsigned cp;
        size_t n = text_char(s, &cp);
        if (!n) {
            s++;
            continue;
        }
        const char *entity = markup_entity(cp);
        if (entity && (cp != '"' || attribute))
            fputs(entity, out);
        else if (attribute && (cp == '\n' || cp == '\r' || cp == '\t'))
            fprintf(out, "&#%u;", cp);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
}

void json_escape(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    while (*s) {
        unsigned cp;
        size_t n = text_char(s, &cp);
        if (!n) {
            s++; /* not text: dropped, as the XML writer does */
            continue;
        }
        if (cp == '"' || cp == '\\')
            fprintf(out, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
    fputc('"', out);
}
