/* html.c: see html.h. */
#include "html.h"

#include <stdbool.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Length of the valid UTF-8 sequence at p (at most n bytes available), or 0;
 * *cp is its code point. Overlong forms and surrogates are invalid. */
static size_t utf8_sequence(const unsigned char *p, size_t n, unsigned *cp)
{
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
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
    for (size_t i = 1; i < len; i++) {
        unsigned lower = i == 1 ? lo : 0x80, upper = i == 1 ? hi : 0xBF;
        if (p[i] < lower || p[i] > upper)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3Fu);
    }
    return len;
}

void html_textn(FILE *out, const char *s, size_t n)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x80) {
            unsigned cp = 0;
            size_t len = utf8_sequence(p, (size_t)(end - p), &cp);
            /* C1 controls and the two non-characters XML forbids. */
            bool bad = len == 0 || cp < 0xA0 || cp == 0xFFFE || cp == 0xFFFF;
            if (bad)
                fputs(REPLACEMENT, out);
            else
                fwrite(p, 1, len, out);
            p += len ? len : 1;
            continue;
        }
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        case '\r':
            break; /* CRLF sources: the LF ends the line */
        case '\t':
        case '\n':
            fputc((int)c, out);
            break;
        default:
            if (c < 0x20 || c == 0x7F) /* U+2400 + c; DEL is U+2421 */
                fprintf(out, "\xE2\x90%c", (char)(c == 0x7F ? 0xA1 : 0x80 + c));
            else
                fputc((int)c, out);
        }
        p++;
    }
}

void html_text(FILE *out, const char *s)
{
    if (s)
        html_textn(out, s, strlen(s));
}

void html_id(FILE *out, const char *prefix, const char *s)
{
    fputs(prefix, out);
    for (const char *p = s; p && *p; p++) {
        char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
        fputc(keep ? c : '_', out);
    }
}

void html_prose(FILE *out, const char *s)
{
    if (!s)
        return;
    const char *p = s;
    for (;;) {
        const char *open = strchr(p, '`');
        const char *close = open ? strchr(open + 1, '`') : NULL;
        if (!close) {
            html_text(out, p);
            return;
        }
        html_textn(out, p, (size_t)(open - p));
        fputs("<code>", out);
        html_textn(out, open + 1, (size_t)(close - open - 1));
        fputs("</code>", out);
        p = close + 1;
    }
}
