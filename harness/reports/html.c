/* html.c: see html.h. */
#include "html.h"

#include <stdbool.h>
#include <string.h>

#include "encode.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void html_textn(FILE *out, const char *s, size_t n)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x80) {
            unsigned cp = 0;
            size_t len = utf8_char((const char *)p, (size_t)(end - p), &cp);
            /* C1 controls and the two non-characters XML forbids. */
            bool bad = len == 0 || cp < 0xA0 || cp == 0xFFFE || cp == 0xFFFF;
            if (bad)
                fputs(REPLACEMENT, out);
            else
                fwrite(p, 1, len, out);
            p += len ? len : 1;
            continue;
        }
        const char *entity = markup_entity(c);
        if (entity) {
            fputs(entity, out);
            p++;
            continue;
        }
        switch (c) {
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
