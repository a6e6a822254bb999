/* fuzz.h: what every libFuzzer target here shares (tests/fuzz/README.md).
 *
 * Each fuzz_NAME.c is one parser's target: LLVMFuzzerTestOneInput hands it
 * the input as bytes; the parsers that read a C string get a NUL-terminated
 * copy, util.h's xstrndup (the files they come from are checked for NUL
 * bytes before parsing, and those checks are fuzzed where the parser makes
 * them). A target
 * frees all it parsed, so that LeakSanitizer's report is about the parser. */
#ifndef RACELAB_FUZZ_H
#define RACELAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
