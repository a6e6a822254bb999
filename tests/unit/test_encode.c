/* test_encode.c: the one UTF-8 walker and the escapers on it (encode.c):
 * what a program under test prints can reach every report, so invalid
 * UTF-8 and controls never pass through any of them. */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "test.h"

static void test_utf8_char(void)
{
    unsigned cp;
    CU_ASSERT_EQUAL(utf8_char("a", 1, &cp), 1);
    CU_ASSERT_EQUAL(cp, 'a');
    CU_ASSERT_EQUAL(utf8_char("\xC3\xA9", 2, &cp), 2); /* é */
    CU_ASSERT_EQUAL(cp, 0xE9);
    CU_ASSERT_EQUAL(utf8_char("\xE2\x94\x80", SIZE_MAX, &cp), 3); /* ─ */
    CU_ASSERT_EQUAL(cp, 0x2500);
    CU_ASSERT_EQUAL(utf8_char("\xF0\x9F\x98\x80", 4, &cp), 4);
    CU_ASSERT_EQUAL(cp, 0x1F600);
    CU_ASSERT_EQUAL(utf8_char("\xC0\x80", 2, &cp), 0);         /* overlong NUL */
    CU_ASSERT_EQUAL(utf8_char("\xE0\x80\x80", 3, &cp), 0);     /* overlong */
    CU_ASSERT_EQUAL(utf8_char("\xED\xA0\x80", 3, &cp), 0);     /* a surrogate */
    CU_ASSERT_EQUAL(utf8_char("\xF4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
    CU_ASSERT_EQUAL(utf8_char("\xC3\xA9", 1, &cp), 0);         /* cut by the length */
    CU_ASSERT_EQUAL(utf8_char("\xE2\x94", SIZE_MAX, &cp), 0);  /* cut by the NUL */
    CU_ASSERT_EQUAL(utf8_char("\x80", 1, &cp), 0);             /* a lone continuation */
    CU_ASSERT_EQUAL(text_char("\x01", &cp), 0);                /* a control */
    CU_ASSERT_EQUAL(text_char("\t", &cp), 1);
    CU_ASSERT_EQUAL(text_char("\xEF\xBF\xBF", &cp), 0); /* U+FFFF, which XML forbids */
}

static char *escaped(void (*escape)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    escape(f, s);
    fclose(f);
    return buf;
}

static void xml_text(FILE *f, const char *s)
{
    xml_escape(f, s, false);
}
static void xml_attr(FILE *f, const char *s)
{
    xml_escape(f, s, true);
}

static void test_escapers(void)
{
    const char *hostile = "a\"<b>&\\\n\t\x01\xFF\xC3\xA9z";
    char *s = escaped(json_escape, hostile);
    CU_ASSERT_STRING_EQUAL(s, "\"a\\\"<b>&\\\\\\n\\t\xC3\xA9z\"");
    /* json-c reads it back as the clean text. */
    struct json_object *o = json_tokener_parse(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(json_object_get_string(o), "a\"<b>&\\\n\t\xC3\xA9z");
    json_object_put(o);
    free(s);
    s = escaped(json_escape, NULL);
    CU_ASSERT_STRING_EQUAL(s, "null");
    free(s);
    s = escaped(xml_text, hostile);
    CU_ASSERT_STRING_EQUAL(s, "a\"&lt;b&gt;&amp;\\\n\t\xC3\xA9z");
    free(s);
    s = escaped(xml_attr, hostile);
    CU_ASSERT_STRING_EQUAL(s, "a&quot;&lt;b&gt;&amp;\\&#10;&#9;\xC3\xA9z");
    free(s);
    struct strbuf sb = STRBUF_INIT;
    text_add_clean(&sb, hostile);
    CU_ASSERT_STRING_EQUAL(sb.buf, "a\"<b>&\\\n\t\xC3\xA9z");
    strbuf_release(&sb);
}

static char *wrapped(const char *text, int indent, int cont, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fput_wrapped(f, text, indent, cont, width);
    fclose(f);
    return buf;
}

/* fput_wrapped: words kept whole, the continuation indent, a text's own line
 * breaks and leading spaces kept, UTF-8 counted by columns, not bytes. */
static void test_wrapping(void)
{
    char *s = wrapped("one two three four", 2, 4, 12);
    CU_ASSERT_STRING_EQUAL(s, "  one two\n    three\n    four\n");
    free(s);
    s = wrapped("one two three four", 0, 0, 0); /* 0: never */
    CU_ASSERT_STRING_EQUAL(s, "one two three four\n");
    free(s);
    s = wrapped("head\n  sub line here", 2, 4, 14);
    CU_ASSERT_STRING_EQUAL(s, "  head\n      sub line\n      here\n");
    free(s);
    s = wrapped("\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9", 0, 0, 6); /* 3 + 1 + 2 columns */
    CU_ASSERT_STRING_EQUAL(s, "\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9\n");
    free(s);
    s = wrapped("averyveryverylongword x", 0, 2, 8); /* too long: whole, on its own line */
    CU_ASSERT_STRING_EQUAL(s, "averyveryverylongword\n  x\n");
    free(s);
    CU_ASSERT_EQUAL(str_columns("\xE2\x94\x80"
                                "ab",
                                SIZE_MAX),
                    3);
}

static char *clipped(const char *line, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fput_clipped(f, line, strlen(line), width);
    fclose(f);
    return buf;
}

/* fput_clipped: code cut to the width with "…" (one column), by columns,
 * never inside a UTF-8 character; whole when it fits or width <= 0. */
static void test_clipping(void)
{
    char *s = clipped("counter++; /* BUG */", 10);
    CU_ASSERT_STRING_EQUAL(s, "counter++\xE2\x80\xA6\n");
    CU_ASSERT_EQUAL(str_columns(s, strlen(s) - 1), 10);
    free(s);
    s = clipped("fits", 4);
    CU_ASSERT_STRING_EQUAL(s, "fits\n");
    free(s);
    s = clipped("a long line", 0);
    CU_ASSERT_STRING_EQUAL(s, "a long line\n");
    free(s);
    s = clipped("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3); /* four columns into three */
    CU_ASSERT_STRING_EQUAL(s, "\xC3\xA9\xC3\xA9\xE2\x80\xA6\n");
    free(s);
}

int register_encode_tests(void)
{
    CU_pSuite s = CU_add_suite("encoders", NULL, NULL);
    if (!s || !CU_add_test(s, "the UTF-8 walker", test_utf8_char) ||
        !CU_add_test(s, "JSON, XML and clean text from hostile bytes", test_escapers) ||
        !CU_add_test(s, "text wrapped to a width", test_wrapping) ||
        !CU_add_test(s, "code cut to a width", test_clipping))
        return -1;
    return 0;
}
