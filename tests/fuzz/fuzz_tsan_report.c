/* fuzz_tsan_report.c: ThreadSanitizer's report text (harness/tools/tsan.c),
 * as read from the log files or an observed run's report channel: bytes of
 * any length, NULs included. */
#include "fuzz.h"
#include "tsan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tsan_result r;
    char *err = NULL;
    tsan_report_parse((const char *)data, size, &r, &err);
    free(err);
    tsan_result_free(&r);
    return 0;
}
