/* fuzz_suppressions.c: racelab's suppressions file (harness/core/
 * suppress.c), then each tool's own suppression text made from what parsed
 * (harness/tools/suppress_tools.c), since a parsed entry's strings end up
 * in files TSan and Valgrind read. */
#include "fuzz.h"
#include "suppress.h"
#include "tool_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    struct suppressions s;
    char *err = NULL;
    if (suppressions_parse(text, "fuzz.supp", &s, &err) == 0) {
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct tool_ops *ops = tool_ops((enum tool_id)t);
            if (ops->suppressions)
                free(ops->suppressions(&s, (enum tool_id)t, "/catalog"));
        }
    }
    free(err);
    suppressions_free(&s);
    free(text);
    return 0;
}
