/* fuzz_valgrind_xml.c: Helgrind's and DRD's XML (harness/tools/valgrind.c,
 * with expat), and the search of Valgrind's stderr for its own failure,
 * which runs on the same bytes when the XML is broken. */
#include "fuzz.h"
#include "valgrind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct valgrind_result r;
    char *err = NULL;
    valgrind_xml_parse((const char *)data, size, "fuzz.xml", &r, &err);
    free(err);
    valgrind_result_free(&r);
    char *text = xstrndup((const char *)data, size);
    free(valgrind_failure_in(text));
    free(text);
    return 0;
}
