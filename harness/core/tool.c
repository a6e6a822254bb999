/* tool.c: the tool table (a row per tool, see tool_module.h) and the
 * dispatch to each tool's hooks. Running a program under a tool is
 * tool_exec.c's. */
#define _GNU_SOURCE
#include "tool_module.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suppress.h"
#include "toolchain.h"
#include "util.h"

static const char *const tool_names[] = {
#define TOOL_NAME(id, name) #name,
    RACELAB_TOOLS(TOOL_NAME)
#undef TOOL_NAME
};
_Static_assert(sizeof tool_names / sizeof tool_names[0] == TOOL__COUNT, "a name per tool");

static char *tsan_suppressions(const struct suppressions *s, enum tool_id tool, const char *root);
static char *valgrind_suppressions(const struct suppressions *s, enum tool_id tool,
                                   const char *root);

#define INSTALL "run 'sudo scripts/install-deps' "
#define VALGRIND_GAPS                                                                              \
    "Helgrind and DRD do not model pthread_once, and one access is inside its routine, whose "     \
    "writes happen before every pthread_once call returns (TSan judges it)"

/* Every tool, a row each. */
static const struct tool_ops tools[] = {
    [TOOL_TSAN] = {.title = "TSan",
                   .long_title = "TSan (Clang ThreadSanitizer)",
                   .profile = PROFILE_TSAN,
                   .caps = TOOL_CAP_DETECTOR | TOOL_CAP_RUNS | TOOL_CAP_C | TOOL_CAP_EXERCISE |
                           TOOL_CAP_TEACHES,
                   .header = HEADER_BOTH,
                   .speed = 1,
                   .program = "clang",
                   .install = INSTALL "(Debian packages clang and libclang-rt-14-dev)",
                   .run = tsan_tool_run,
                   .unmodelled = tsan_unmodelled,
                   .model_gaps = "TSan does not model this synchronisation: an acquiring fence "
                                 "before this access that pairs with a releasing atomic "
                                 "operation after the other one, or the OpenMP runtime handing "
                                 "its own task storage from one task to the next",
                   .suppressions = tsan_suppressions},
    [TOOL_HELGRIND] = {.title = "Helgrind",
                       .long_title = "Helgrind (Valgrind)",
                       .profile = PROFILE_VALGRIND,
                       .caps = TOOL_CAP_DETECTOR | TOOL_CAP_VALGRIND | TOOL_CAP_RUNS | TOOL_CAP_C |
                               TOOL_CAP_EXERCISE,
                       .header = HEADER_BOTH,
                       .speed = 3,
                       .program = "valgrind",
                       .install = INSTALL "(Debian package valgrind)",
                       .run = valgrind_tool_run,
                       .unmodelled = valgrind_unmodelled,
                       .model_gaps = VALGRIND_GAPS,
                       .suppressions = valgrind_suppressions},
    [TOOL_DRD] = {.title = "DRD",
                  .long_title = "DRD (Valgrind)",
                  .profile = PROFILE_VALGRIND,
                  .caps = TOOL_CAP_DETECTOR | TOOL_CAP_VALGRIND | TOOL_CAP_RUNS | TOOL_CAP_C |
                          TOOL_CAP_EXERCISE,
                  .header = HEADER_BOTH,
                  .speed = 4,
                  .program = "valgrind",
                  .install = INSTALL "(Debian package valgrind)",
                  .run = valgrind_tool_run,
                  .unmodelled = valgrind_unmodelled,
                  .model_gaps = VALGRIND_GAPS,
                  .suppressions = valgrind_suppressions},
    [TOOL_NATIVE] = {.title = "native",
                     .long_title = "native run",
                     .profile = PROFILE_NATIVE,
                     .caps = TOOL_CAP_RUNS | TOOL_CAP_C | TOOL_CAP_EXERCISE,
                     .header = HEADER_OPTIONAL,
                     .speed = 0,
                     .program = "clang",
                     .install = INSTALL "(Debian packages clang and libclang-rt-14-dev)",
                     .run = native_tool_run},
    [TOOL_TSA] = {.title = "tsa",
                  .long_title = "tsa (Clang `-Wthread-safety`, with `include/racelab/guarded.h`)",
                  .profile = PROFILE_TSA,
                  .caps = TOOL_CAP_STATIC | TOOL_CAP_C | TOOL_CAP_EXERCISE,
                  .header = HEADER_CASES,
                  .speed = 2,
                  .program = "clang",
                  .install = INSTALL "(Debian package clang)",
                  .analysis = &tsa_static_ops},
    [TOOL_ANALYZER] = {.title = "analyzer",
                       .long_title =
                           "analyzer (Clang static analyzer, `alpha.unix.PthreadLock` ...)",
                       .profile = PROFILE_ANALYZER,
                       .caps = TOOL_CAP_STATIC | TOOL_CAP_C | TOOL_CAP_EXERCISE,
                       .header = HEADER_CASES,
                       .speed = 2,
                       .program = "clang",
                       .install = INSTALL "(Debian package clang)",
                       .analysis = &analyzer_static_ops},
    [TOOL_TIDY] = {.title = "tidy",
                   .long_title = "tidy (clang-tidy `concurrency-*`, `cert-con*`, `cert-pos*` ...)",
                   .profile = PROFILE_TIDY,
                   .caps = TOOL_CAP_STATIC | TOOL_CAP_C | TOOL_CAP_EXERCISE,
                   .header = HEADER_CASES,
                   .speed = 2,
                   .program = "clang-tidy",
                   .install = INSTALL "(Debian package clang-tidy)",
                   .analysis = &tidy_static_ops},
    /* Not in exercise checks: its threadsafety addon warns about every
     * function-local static, and a `static pthread_mutex_t` inside the
     * function it guards is a correct fix's idiom. */
    [TOOL_CPPCHECK] = {.title = "cppcheck",
                       .long_title = "cppcheck (`--library=posix`, the `threadsafety` addon)",
                       .profile = PROFILE_CPPCHECK,
                       .caps = TOOL_CAP_STATIC | TOOL_CAP_C,
                       .header = HEADER_CASES,
                       .speed = 2,
                       .program = "cppcheck",
                       .install = INSTALL "(Debian packages cppcheck and python3)",
                       .analysis = &cppcheck_static_ops},
    [TOOL_RUSTC] = {.title = "rustc",
                    .long_title = "rustc (the Rust twin)",
                    .profile = PROFILE_RUST,
                    .caps = 0,
                    .header = HEADER_NONE,
                    .speed = 5,
                    .available = rust_toolchain_available,
                    .install = "rustc not installed",
                    .run = native_tool_run},
};
_Static_assert(sizeof tools / sizeof tools[0] == TOOL__COUNT, "a row per tool");

const struct tool_ops *tool_ops(enum tool_id tool)
{
    return (unsigned)tool < TOOL__COUNT ? &tools[tool] : NULL;
}

const char *tool_name(enum tool_id tool)
{
    return (unsigned)tool < TOOL__COUNT ? tool_names[tool] : "?";
}

int tool_from_name(const char *name)
{
    for (int t = 0; t < TOOL__COUNT; t++)
        if (strcmp(tool_names[t], name) == 0)
            return t;
    return -1;
}

const char *tool_title(enum tool_id tool)
{
    return (unsigned)tool < TOOL__COUNT ? tools[tool].title : "?";
}

const char *tool_long_title(enum tool_id tool)
{
    return (unsigned)tool < TOOL__COUNT ? tools[tool].long_title : "?";
}

enum build_profile tool_profile(enum tool_id tool)
{
    return tools[tool].profile;
}

enum tool_header tool_header_rule(enum tool_id tool)
{
    return tools[tool].header;
}

int tool_speed(enum tool_id tool)
{
    return tools[tool].speed;
}

bool tool_has(enum tool_id tool, unsigned caps)
{
    return (unsigned)tool < TOOL__COUNT && (tools[tool].caps & caps) == caps;
}

unsigned tools_with(unsigned caps)
{
    unsigned bits = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        if (tool_has((enum tool_id)t, caps))
            bits |= 1u << t;
    return bits;
}

bool tool_is_static(enum tool_id tool)
{
    return tool_has(tool, TOOL_CAP_STATIC);
}

unsigned tool_group(const char *name)
{
    if (strcmp(name, "static") == 0)
        return tools_with(TOOL_CAP_STATIC);
    if (strcmp(name, "dynamic") == 0)
        return tools_with(TOOL_CAP_RUNS);
    return 0;
}

const char *profile_name(enum build_profile profile)
{
    static const char *const names[] = {"tsan", "valgrind", "native", "rust",
                                        "tsa",  "analyzer", "tidy",   "cppcheck"};
    _Static_assert(sizeof names / sizeof names[0] == PROFILE__COUNT, "a name per profile");
    return names[profile];
}

static bool on_path(const char *prog)
{
    char *full = path_lookup(prog);
    free(full);
    return full != NULL;
}

bool tool_available(enum tool_id tool, const char **why)
{
    if ((unsigned)tool >= TOOL__COUNT) {
        *why = "unknown tool";
        return false;
    }
    const struct tool_ops *ops = &tools[tool];
    *why = ops->install;
    return ops->available ? ops->available() : on_path(toolchain_program(ops->program));
}

bool tool_unmodelled(enum tool_id tool, const struct finding *f, const char *binary)
{
    return tool_has_model_gaps(tool) && tools[tool].unmodelled(f, binary);
}

bool tool_has_model_gaps(enum tool_id tool)
{
    return (unsigned)tool < TOOL__COUNT && tools[tool].unmodelled;
}

const char *tool_model_gaps(enum tool_id tool)
{
    return tool_has_model_gaps(tool) ? tools[tool].model_gaps : "";
}

static char *tsan_suppressions(const struct suppressions *s, enum tool_id tool, const char *root)
{
    (void)tool;
    return suppressions_to_tsan(s, root);
}

static char *valgrind_suppressions(const struct suppressions *s, enum tool_id tool,
                                   const char *root)
{
    (void)root;
    return suppressions_to_valgrind(s, tool);
}

char *tool_suppressions(enum tool_id tool, const struct suppressions *s, const char *root)
{
    return tools[tool].suppressions ? tools[tool].suppressions(s, tool, root) : NULL;
}

int tool_run(const struct run_request *req, struct run_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->threads_started = -1;
    const struct tool_ops *ops = tool_ops(req->tool);
    if (ops && ops->run)
        return ops->run(req, out);
    /* static tools run nothing: see static_analyze() */
    run_outcome_tool_error(out, "%s does not run programs", tool_name(req->tool));
    return -1;
}

void run_outcome_unreadable(struct run_outcome *out, const struct run_request *req,
                            const char *name, const char *text, size_t len, const char *why)
{
    char *path = xasprintf("%s/%s", req->scratch_dir, name);
    size_t plen = strlen(path);
    /* "PATH:LINE: what": the path is said once, at the end. */
    char *said = !strncmp(why, path, plen) && why[plen] == ':'
                     ? xasprintf("line %s", why + plen + 1)
                     : xstrdup(why);
    why = said;
    if (!text || write_file(path, text, len) == 0) {
        run_outcome_tool_error(out, "%s's output could not be read: %s (kept in %s)",
                               tool_title(req->tool), why, path);
        out->kept_output = true;
    } else {
        run_outcome_tool_error(out, "%s's output could not be read: %s (not kept: %s: %s)",
                               tool_title(req->tool), why, path, strerror(errno));
    }
    free(said);
    free(path);
}

void run_outcome_tool_error(struct run_outcome *out, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(out->detail);
    out->detail = strbuf_detach(&sb);
    out->status = RUN_TOOL_ERROR;
}
