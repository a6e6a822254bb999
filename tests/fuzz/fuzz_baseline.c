/* fuzz_baseline.c: a baseline file (harness/engine/baseline.c), then the
 * text it would be written back as, which must parse again to the same
 * entries: a file racelab wrote is one it can read. The text part of a line
 * is for people, written with its control characters as '?'. */
#include "baseline.h"
#include "fuzz.h"

static int same_text(const char *read, const char *written)
{
    for (; *read && *written; read++, written++)
        if (*read != *written && !((unsigned char)*read < 0x20 || *read == 0x7f))
            return 0;
    return *read == *written;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct baseline b, again;
    char *err = NULL;
    if (baseline_parse((const char *)data, size, "fuzz.baseline", &b, &err) == 0) {
        char *text = baseline_text(&b);
        if (baseline_parse(text, strlen(text), "again.baseline", &again, &err) < 0 ||
            again.len != b.len)
            abort();
        for (size_t i = 0; i < b.len; i++)
            if (strcmp(b.entries[i].fp.hex, again.entries[i].fp.hex) != 0 ||
                !same_text(b.entries[i].text, again.entries[i].text))
                abort();
        baseline_free(&again);
        free(text);
    }
    free(err);
    baseline_free(&b);
    return 0;
}
