/* fuzz_exercise_progress.c: a workspace's progress.txt (harness/classroom/
 * workspace.c), read against a small catalog of three exercises; a hint
 * count never goes past the exercise's hints. */
#include "exercise.h"
#include "fuzz.h"

static struct rl_case cases[] = {
    {.id = "threads/shared-counter"},
    {.id = "locking/lost-wakeup"},
    {.id = "parallel/missing-reduction"},
};
static const struct catalog cat = {.root = "/catalog", .cases = cases, .len = 3};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < cat.len; i++)
        cases[i].variants[VARIANT_UNSAFE].exercise.nhints = i + 1;
    struct exercise_state state[3];
    memset(state, 0, sizeof state);
    struct workspace ws = {.dir = "/work", .cat = &cat, .state = state};
    char *err = NULL, *warnings = NULL;
    workspace_progress_parse(&ws, "progress.txt", (const char *)data, size, &warnings, &err);
    for (size_t i = 0; i < cat.len; i++)
        if (state[i].hints_seen < 0 || (size_t)state[i].hints_seen > i + 1)
            abort();
    free(warnings);
    free(err);
    return 0;
}
