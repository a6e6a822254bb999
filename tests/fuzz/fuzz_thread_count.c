/* fuzz_thread_count.c: the thread-count record the shim writes into a run's
 * scratch directory (harness/shim/thread_count.c, read by harness/tools/
 * tool_exec.c): the program under test can write that file, so it is
 * hostile input. A count is never negative. */
#include <stdbool.h>

#include "fuzz.h"
#include "tool_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    bool exited = true;
    long n = thread_count_parse(text, &exited);
    if (n < -1 || (n < 0 && exited))
        abort();
    free(text);
    return 0;
}
