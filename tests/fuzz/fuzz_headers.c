/* fuzz_headers.c: the catalog's headers, C and Rust (harness/core/header.c,
 * case.c and param.c for a case's `racelab-case` header, harness/tools/
 * rust_twin.c for a twin's `racelab-rust`): every input is read as each,
 * for each variant, since the two variants require different keys. */
#include "case.h"
#include "fuzz.h"

typedef int parse_fn(const char *path, const char *text, enum variant variant, struct program *out,
                     char **err);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        const char *path;
        parse_fn *parse;
    } formats[] = {{"cases/threads/fuzz.c", program_parse},
                   {"rust/cases/threads/fuzz.rs", rust_twin_parse}};
    char *text = xstrndup((const char *)data, size);
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
        for (int v = 0; v < VARIANT__COUNT; v++) {
            struct program p;
            char *err = NULL;
            memset(&p, 0, sizeof p);
            formats[f].parse(formats[f].path, text, (enum variant)v, &p, &err);
            free(err);
            program_free(&p);
        }
    free(text);
    return 0;
}
