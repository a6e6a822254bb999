/* fuzz.h: what every libFuzzer target here shares (tests/fuzz/README.md).
 *
 * Each fuzz_NAME.c is one parser's target: LLVMFuzzerTestOneInput hands it
 * the input as bytes; the parsers that read a C string get a NUL-terminated
 * copy (the files they come from are checked for NUL bytes before parsing,
 * and those checks have targets of their own where they exist). A target
 * frees all it parsed, so that LeakSanitizer's report is about the parser. */
#ifndef RACELAB_FUZZ_H
#define RACELAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string (malloc'd): the bytes up to the first NUL. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
