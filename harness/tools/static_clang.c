/* static_clang.c: the static tools of Clang, tsa (clang -Wthread-safety),
 * analyzer (clang --analyze) and tidy (clang-tidy): their command lines,
 * read by one parser (clang_diag.c). tool_static.c runs them. */
#define _GNU_SOURCE
#include <stddef.h>

#include "build.h"
#include "clang_diag.h"
#include "tool_module.h"
#include "toolchain.h"

/* clang-tidy's checks: every concurrency check, the signal and wake-up
 * checks, and CERT's CON and POS rules (most are aliases of the above). A
 * config on the command line keeps a .clang-tidy file in a parent directory
 * from changing the verdict. */
#define TIDY_CONFIG                                                                                \
    "--config={Checks: '-*,concurrency-*,bugprone-signal-handler,"                                 \
    "bugprone-bad-signal-to-kill-thread,bugprone-spuriously-wake-up-functions,cert-con*,"          \
    "cert-pos*', CheckOptions: []}"

/* The tool's command line for `source`, NULL-terminated, in argv (strings
 * owned by `keep`, freed by the caller). */
static size_t clang_command(enum tool_id tool, const struct build_env *env,
                            const struct program *prog, const char *source, const char **argv,
                            char **keep)
{
    size_t n = 0;
    switch (tool) {
    case TOOL_TSA:
        argv[n++] = toolchain_program("clang");
        argv[n++] = "-fsyntax-only";
        break;
    case TOOL_ANALYZER:
        argv[n++] = toolchain_program("clang");
        argv[n++] = "--analyze";
        argv[n++] = "-Xanalyzer";
        argv[n++] = "-analyzer-checker";
        argv[n++] = "-Xanalyzer";
        argv[n++] = toolchain_current()->analyzer_checkers;
        argv[n++] = "-Xanalyzer";
        argv[n++] = "-analyzer-output=text";
        argv[n++] = "-o";
        argv[n++] = "/dev/null";
        break;
    default: /* TOOL_TIDY */
        argv[n++] = toolchain_program("clang-tidy");
        argv[n++] = "--quiet";
        argv[n++] = "--header-filter=.*"; /* racelab's own headers are judged too */
        argv[n++] = TIDY_CONFIG;
        argv[n++] = source;
        argv[n++] = "--";
        break;
    }
    argv[n++] = "-fno-caret-diagnostics";
    argv[n++] = "-fno-color-diagnostics";
    /* The language the builds use; no -O or -g: they change no diagnostic. */
    n = build_language_argv(env->root, prog, argv, n, keep);
    if (tool == TOOL_TSA) {
        argv[n++] = "-Wthread-safety";
        argv[n++] = "-Wthread-safety-beta";
    }
    if (tool != TOOL_TIDY)
        argv[n++] = source;
    argv[n] = NULL;
    return n;
}

const struct static_ops tsa_static_ops = {
    .program = "clang",
    .command = clang_command,
    .parse = clang_diag_parse,
};

const struct static_ops analyzer_static_ops = {
    .program = "clang",
    .command = clang_command,
    .parse = clang_diag_parse,
};

/* clang-tidy exits 0 with warnings, and 1 now and then with nothing but
 * warnings: its failures are judged by its error lines alone. */
const struct static_ops tidy_static_ops = {
    .program = "clang-tidy",
    .command = clang_command,
    .parse = clang_diag_parse,
    .warns_with_status = true,
};
