/* test_starting_copy.c: the copy of each exercise a student starts from
 * (workspace_starting_copy): the title, the task and the code, and none of
 * the answers (the fix, the hints, the tools' expectations, the Rust
 * analogue), for every exercise of the real catalog. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "exercise.h"
#include "test.h"
#include "util.h"

/* A few words of text, long enough to be telling, or NULL. */
static char *telling_words(const char *text)
{
    size_t n = strlen(text);
    if (n < 24)
        return NULL;
    return xstrndup(text + n / 3, 20);
}

static void test_no_answers_in_any_exercise(void)
{
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(catalog_load(".", &cat, &err), 0);
    for (size_t i = 0; i < cat.len; i++) {
        const struct rl_case *c = &cat.cases[i];
        const struct program *p = &c->variants[VARIANT_UNSAFE];
        char *path = xasprintf("%s/%s", cat.root, p->path), *text = NULL;
        CU_ASSERT_EQUAL_FATAL(read_file(path, &text, NULL), 0);
        char *copy = workspace_starting_copy(c, text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
        /* What it must keep: the title, the task's words, the commands, the code. */
        CU_ASSERT_PTR_NOT_NULL(strstr(copy, p->title));
        CU_ASSERT_PTR_NOT_NULL(strstr(copy, "racelab exercise check"));
        CU_ASSERT_PTR_NOT_NULL(strstr(copy, strstr(text, "*/") + 2));
        /* What it must not: the header, the fix, any hint, the tools' verdicts. */
        CU_ASSERT_PTR_NULL(strstr(copy, "racelab-case"));
        CU_ASSERT_PTR_NULL(strstr(copy, " * fix:"));
        CU_ASSERT_PTR_NULL(strstr(copy, " * hint:"));
        CU_ASSERT_PTR_NULL(strstr(copy, " * tsan:"));
        CU_ASSERT_PTR_NULL(strstr(copy, " * rust:"));
        /* The code is the code (hints quote it): the answers must not be in
         * the comment the copy puts above it. */
        const char *after_title = strchr(copy, '\n'); /* the title is the case's name */
        char *comment = xstrndup(after_title, (size_t)(strstr(copy, "*/") - after_title));
        const char *answers[16] = {p->fix, p->rust};
        size_t n = 2;
        for (size_t h = 0; h < p->exercise.nhints && n < 16; h++)
            answers[n++] = p->exercise.hints[h];
        for (size_t a = 0; a < n; a++) {
            char *words = answers[a] ? telling_words(answers[a]) : NULL;
            /* The header wraps its lines: compare the words with single spaces. */
            if (words && strstr(comment, words))
                fprintf(stderr, "\n%s: its copy gives away \"%s\"\n", c->id, words);
            CU_ASSERT_PTR_NULL(words ? strstr(comment, words) : NULL);
            free(words);
        }
        free(comment);
        free(copy);
        free(text);
        free(path);
    }
    catalog_free(&cat);
}

static void test_original_either_way(void)
{
    struct catalog cat;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(catalog_load(".", &cat, &err), 0);
    struct workspace ws = {.cat = &cat};
    const struct rl_case *c = catalog_find(&cat, "threads/shared-counter");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    char *path = xasprintf("%s/%s", cat.root, c->variants[VARIANT_UNSAFE].path), *text = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(read_file(path, &text, &len), 0);
    char *copy = workspace_starting_copy(c, text);
    /* The starting copy, and the program in cases/ itself, are both "not
     * attempted"; a one-character change is an attempt. */
    CU_ASSERT_TRUE(workspace_is_original(&ws, c, copy, strlen(copy)));
    CU_ASSERT_TRUE(workspace_is_original(&ws, c, text, len));
    copy[strlen(copy) - 2] ^= 1;
    CU_ASSERT_FALSE(workspace_is_original(&ws, c, copy, strlen(copy)));
    /* Without a header there is nothing to make a copy from. */
    CU_ASSERT_PTR_NULL(workspace_starting_copy(c, "int main(void) { return 0; }\n"));
    free(copy);
    free(text);
    free(path);
    catalog_free(&cat);
}

int register_starting_copy_tests(void)
{
    CU_pSuite s = CU_add_suite("exercise: starting copies", NULL, NULL);
    if (!s ||
        !CU_add_test(s, "no answer in any exercise's copy", test_no_answers_in_any_exercise) ||
        !CU_add_test(s, "the copy and the case both count as not attempted",
                     test_original_either_way))
        return -1;
    return 0;
}
