/* fuzz_cargo_json.c: cargo's --message-format=json lines (harness/tools/
 * cargo_json.c, with json-c), for the target names of the recorded
 * fixtures (tests/fixtures/cargo/) so that their errors are taken. */
#include "finding.h"
#include "fuzz.h"
#include "rust_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const bins[] = {"cases-threads-shared-counter", "two_codes", "uncoded"};
    char *text = xstrndup((const char *)data, size);
    for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++) {
        struct finding_list errors = {0};
        cargo_messages_parse(text, bins[i], &errors);
        finding_list_free(&errors);
    }
    free(text);
    return 0;
}
