/* test_fingerprint.c: a finding's fingerprint survives what does not change
 * the bug (access order, thread numbers, lines shifted by an edit elsewhere)
 * and changes with what does (the racing line's text, the kind, the tool). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fingerprint.h"
#include "test.h"
#include "util.h"

static const char program[] = "static long counter;\n"
                              "static void *worker(void *arg)\n"
                              "{\n"
                              "    counter++;   /* the race */\n"
                              "    return arg;\n"
                              "}\n"
                              "int main(void) { return (int)counter; }\n";

/* A race between `counter++` in worker and main's read. */
static void make_race(struct finding *f, const char *file, int worker_line, int main_line,
                      bool worker_first, int first_thread)
{
    memset(f, 0, sizeof *f);
    f->kind = FK_DATA_RACE;
    for (int i = 0; i < 2; i++) {
        bool worker = (i == 0) == worker_first;
        struct access *a = finding_add_access(f);
        a->thread = first_thread + i;
        access_add_frame(a, worker ? "worker" : "main", file, NULL,
                         worker ? worker_line : main_line, 5);
    }
}

static void clear(struct finding *f)
{
    for (size_t i = 0; i < f->naccesses; i++)
        access_clear(&f->accesses[i]);
    free(f->accesses);
    f->accesses = NULL;
    f->naccesses = 0;
}

static void test_fingerprints(void)
{
    char root[] = "/tmp/racelab-fp-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
    char *file = xasprintf("%s/prog.c", root);
    CU_ASSERT_EQUAL_FATAL(write_file(file, program, strlen(program)), 0);

    struct finding a, b;
    struct fingerprint fa, fb;
    make_race(&a, file, 4, 7, true, 1);
    make_race(&b, file, 4, 7, false, 5); /* the other order, other threads */
    finding_fingerprint(&a, TOOL_TSAN, root, &fa);
    finding_fingerprint(&b, TOOL_TSAN, root, &fb);
    CU_ASSERT_EQUAL(strlen(fa.hex), 16);
    CU_ASSERT_STRING_EQUAL(fa.hex, fb.hex);
    char *text = finding_fingerprint_text(&a, TOOL_TSAN, root);
    CU_ASSERT_STRING_EQUAL(text,
                           "tsan data-race prog.c:main:`int main(void) { return (int)counter; "
                           "}` | prog.c:worker:`counter++; /* the race */`");
    free(text);

    /* An edit above shifts both lines: same fingerprint. */
    char *shifted = xasprintf("#include <stdio.h>\n\n%s", program);
    CU_ASSERT_EQUAL_FATAL(write_file(file, shifted, strlen(shifted)), 0);
    clear(&b);
    make_race(&b, file, 6, 9, true, 1);
    finding_fingerprint(&b, TOOL_TSAN, root, &fb);
    CU_ASSERT_STRING_EQUAL(fa.hex, fb.hex);

    /* Another tool, another kind, another racing line: another fingerprint. */
    finding_fingerprint(&b, TOOL_HELGRIND, root, &fb);
    CU_ASSERT_STRING_NOT_EQUAL(fa.hex, fb.hex);
    b.kind = FK_USE_AFTER_FREE;
    finding_fingerprint(&b, TOOL_TSAN, root, &fb);
    CU_ASSERT_STRING_NOT_EQUAL(fa.hex, fb.hex);
    b.kind = FK_DATA_RACE;
    char *edited = xasprintf("#include <stdio.h>\n\n%s", program);
    char *at = strstr(edited, "counter++;");
    memcpy(at, "counter--;", 10);
    CU_ASSERT_EQUAL_FATAL(write_file(file, edited, strlen(edited)), 0);
    finding_fingerprint(&b, TOOL_TSAN, root, &fb);
    CU_ASSERT_STRING_NOT_EQUAL(fa.hex, fb.hex);

    clear(&a);
    clear(&b);
    free(edited);
    free(shifted);
    unlink(file);
    rmdir(root);
    free(file);
}

int register_fingerprint_tests(void)
{
    CU_pSuite s = CU_add_suite("fingerprints", NULL, NULL);
    if (!s || !CU_add_test(s, "stable over runs and edits elsewhere", test_fingerprints))
        return -1;
    return 0;
}
