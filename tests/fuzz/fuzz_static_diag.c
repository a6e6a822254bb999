/* fuzz_static_diag.c: the static tools' output (harness/tools/clang_diag.c
 * for -Wthread-safety, the analyzer and clang-tidy; static_cppcheck.c for
 * cppcheck's template): every tool row with an analysis parses the same
 * text, so one input exercises the shared parser and each tool's map. */
#include "fuzz.h"
#include "finding.h"
#include "tool_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    for (int t = 0; t < TOOL__COUNT; t++) {
        const struct tool_ops *ops = tool_ops((enum tool_id)t);
        if (!ops->analysis)
            continue;
        struct finding_list out = {0};
        char *first_error = NULL;
        ops->analysis->parse((enum tool_id)t, text, &out, &first_error);
        free(first_error);
        finding_list_free(&out);
    }
    free(text);
    return 0;
}
